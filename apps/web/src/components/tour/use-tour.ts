import { useCallback, useEffect, useRef } from 'react'
import { useLocation, useNavigate } from 'react-router'
import { trpc, type StaffRole } from '../../lib/trpc'

type UseTourOptions = {
  role: StaffRole
  /** False while the app is locked for maintenance: nothing to tour, and the tour could not be marked seen. */
  isEnabled: boolean
  isNavCollapsible: boolean
  setNavOpen: (isOpen: boolean) => void
}

/**
 * The tour's life in the shell: started by itself the first time a user reaches the dashboard (whether
 * they have seen it is kept on the server, per user, because office PCs are shared), and again whenever
 * they choose "Take the tour" in the help menu. Ending it, finished or closed, marks it seen.
 */
export function useTour({ role, isEnabled, isNavCollapsible, setNavOpen }: UseTourOptions): {
  start: () => void
} {
  const navigate = useNavigate()
  const { pathname } = useLocation()
  const utils = trpc.useUtils()
  const state = trpc.tour.state.useQuery(undefined, { staleTime: Infinity, retry: false, enabled: isEnabled })
  const done = trpc.tour.done.useMutation({
    onSuccess: (result) => {
      utils.tour.state.setData(undefined, result)
    },
  })
  const markDone = done.mutate
  const active = useRef<{ destroy: () => void } | null>(null)
  const hasAutoStarted = useRef(false)
  // The latest values for the tour's callbacks, which outlive a render.
  const latest = useRef({ isNavCollapsible, setNavOpen })
  useEffect(() => {
    latest.current = { isNavCollapsible, setNavOpen }
  })

  const start = useCallback(() => {
    if (active.current) return
    active.current = { destroy: () => undefined }
    // The tour begins with the dashboard's figures.
    void navigate('/')
    void import('./run-tour')
      .then(({ runTour }) => {
        active.current = runTour({
          role,
          isNavCollapsible: () => latest.current.isNavCollapsible,
          setNavOpen: (isOpen) => {
            latest.current.setNavOpen(isOpen)
          },
          onEnd: () => {
            active.current = null
            markDone()
          },
        })
      })
      .catch(() => {
        active.current = null
      })
  }, [navigate, role, markDone])

  const isFirstTime = isEnabled && state.data !== undefined && state.data.seenAt === null
  useEffect(() => {
    if (isFirstTime && pathname === '/' && !hasAutoStarted.current) {
      hasAutoStarted.current = true
      start()
    }
  }, [isFirstTime, pathname, start])

  // Leaving the shell (signing out) ends a running tour.
  useEffect(
    () => () => {
      active.current?.destroy()
    },
    [],
  )

  return { start }
}
