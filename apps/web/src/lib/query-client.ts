import { notifications } from '@mantine/notifications'
import { matchQuery, MutationCache, QueryCache, QueryClient } from '@tanstack/react-query'
import { getQueryKey } from '@trpc/react-query'
import { isMaintenanceError, isPasswordChangeRequired, messageOf } from './errors'
import { httpStatusOf, trpc } from './trpc'

const MAX_QUERY_RETRIES = 2
const MAINTENANCE_TOAST_ID = 'maintenance-mode'

export function createQueryClient() {
  const meFilter = { queryKey: getQueryKey(trpc.auth.me) }
  const publicSettingsFilter = { queryKey: getQueryKey(trpc.settings.public) }

  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        // A protected call answered 401: the session expired or was revoked elsewhere; or 403
        // PASSWORD_CHANGE_REQUIRED: an admin reset this user's password. Re-asking auth.me lets the
        // route guard show sign-in or the "Set your password" page instead of a broken page.
        const mustRecheckMe = httpStatusOf(error) === 401 || isPasswordChangeRequired(error)
        if (mustRecheckMe && !matchQuery(meFilter, query)) void queryClient.invalidateQueries(meFilter)
      },
    }),
    mutationCache: new MutationCache({
      onError: (error) => {
        if (isMaintenanceError(error)) {
          // Maintenance was switched on while this page was open (docs/product.md §8). Say so once, then re-read
          // the public settings so the shell swaps in the "Under maintenance" page.
          notifications.show({
            id: MAINTENANCE_TOAST_ID,
            color: 'yellow',
            title: 'Under maintenance',
            message: `${messageOf(error)} Your change was not saved.`,
          })
          void queryClient.invalidateQueries(publicSettingsFilter)
        } else if (httpStatusOf(error) === 401 || isPasswordChangeRequired(error)) {
          void queryClient.invalidateQueries(meFilter)
        }
      },
    }),
    defaultOptions: {
      queries: {
        // A 4xx answer will not change by asking again; network blips and 5xx may.
        retry: (failureCount, error) => {
          const status = httpStatusOf(error)
          if (status !== undefined && status >= 400 && status < 500) return false
          return failureCount < MAX_QUERY_RETRIES
        },
        staleTime: 30_000,
      },
      // Never retry a write on its own: a repeated POST could do the work twice (old-system.md §5.3).
      mutations: { retry: false },
    },
  })
  return queryClient
}
