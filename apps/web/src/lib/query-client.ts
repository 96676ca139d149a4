import { notifications } from '@mantine/notifications'
import { matchQuery, MutationCache, QueryCache, QueryClient } from '@tanstack/react-query'
import { getQueryKey } from '@trpc/react-query'
import { isMaintenanceError, isPasswordChangeRequired, messageOf } from './errors'
import { httpStatusOf, trpc } from './trpc'

const MAX_QUERY_RETRIES = 2
const MAX_TRANSIENT_RETRIES = 4
const MAINTENANCE_TOAST_ID = 'maintenance-mode'
/** How often a query left on its error asks again while the server is away (it stops once answered). */
export const RECOVERY_POLL_MS = 15_000

/**
 * A failure that goes away on its own: no answer at all (network down, server restarting) or a
 * gateway/busy answer (502, 503 with Retry-After from a restore or a slow query, 504). 4xx never does.
 */
export function isTransientStatus(status: number | undefined): boolean {
  return status === undefined || status === 502 || status === 503 || status === 504
}

/** Whether a failed read is asked again: transient failures a few more times than other 5xx, 4xx never. */
export function shouldRetryQuery(failureCount: number, status: number | undefined): boolean {
  if (status !== undefined && status >= 400 && status < 500) return false
  return failureCount < (isTransientStatus(status) ? MAX_TRANSIENT_RETRIES : MAX_QUERY_RETRIES)
}

/** Exponential backoff with a cap: 1 s, 2 s, 4 s, 8 s … never more than 15 s between tries. */
export function queryRetryDelay(attempt: number): number {
  return Math.min(1000 * 2 ** attempt, RECOVERY_POLL_MS)
}

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
        retry: (failureCount, error) => shouldRetryQuery(failureCount, httpStatusOf(error)),
        retryDelay: queryRetryDelay,
        // Lists come back by themselves when the server does: a query left on a transient error asks
        // again every 15 s (and at once when the browser is back online or the tab regains focus), so
        // no one has to press "Try again" after an outage.
        refetchInterval: (query) =>
          query.state.status === 'error' && isTransientStatus(httpStatusOf(query.state.error))
            ? RECOVERY_POLL_MS
            : false,
        refetchOnReconnect: true,
        refetchOnWindowFocus: true,
        staleTime: 30_000,
      },
      // Never retry a write on its own: a repeated POST could do the work twice (old-system.md §5.3).
      mutations: { retry: false },
    },
  })
  return queryClient
}
