import { lazy, Suspense } from 'react'
import { Navigate, Outlet, useLocation } from 'react-router'
import { ErrorState, LoadingState } from '../components/states'
import { trpc } from '../lib/trpc'
import { CurrentUserContext } from './current-user'
import { SIGN_IN_PATH } from './paths'

// Loaded only when a password must be changed: with it come the server's schemas (and zod), which the
// sign-in page must not carry (docs/benchmarks.md, the sign-in budget).
const SetPasswordPage = lazy(() =>
  import('../pages/set-password-page').then((module) => ({ default: module.SetPasswordPage })),
)

/** Where sign-in sends the user back to; set when the guard bounces them. */
type SignInLocationState = { from?: string }

/**
 * Renders its child routes only for a signed-in user; everyone else goes to sign-in. A user still on
 * a one-time password sees only "Set your password", whatever the address.
 */
export function RequireAuth() {
  const me = trpc.auth.me.useQuery()
  const location = useLocation()

  if (me.data === undefined) {
    if (me.error) {
      return (
        <ErrorState
          isFullPage
          title="Could not check your session"
          error={me.error}
          isRetrying={me.isFetching}
          onRetry={() => void me.refetch()}
        />
      )
    }
    return <LoadingState isFullPage label="Checking your session…" />
  }
  if (me.data === null) {
    const state: SignInLocationState = { from: `${location.pathname}${location.search}${location.hash}` }
    return <Navigate to={SIGN_IN_PATH} replace state={state} />
  }
  if (me.data.mustChangePassword)
    return (
      <Suspense fallback={<LoadingState />}>
        <SetPasswordPage user={me.data} />
      </Suspense>
    )
  return (
    <CurrentUserContext value={me.data}>
      <Outlet />
    </CurrentUserContext>
  )
}

/** The sign-in page is for signed-out visitors; a signed-in user goes where they were heading. */
export function RedirectIfSignedIn() {
  const me = trpc.auth.me.useQuery()
  const location = useLocation()
  if (me.data) return <Navigate to={returnPathFrom(location.state)} replace />
  // Wait for the first answer so a signed-in user never sees the form flash. If the check fails,
  // show the form anyway: signing in reports its own errors.
  if (me.isPending) return <LoadingState isFullPage label="Checking your session…" />
  return <Outlet />
}

/** Only paths inside this app; anything else (or nothing) falls back to the dashboard. */
export function returnPathFrom(state: unknown): string {
  if (typeof state !== 'object' || state === null || !('from' in state)) return '/'
  const from = state.from
  if (typeof from !== 'string' || !from.startsWith('/') || from.startsWith('//')) return '/'
  if (from === SIGN_IN_PATH || from.startsWith(`${SIGN_IN_PATH}?`)) return '/'
  return from
}
