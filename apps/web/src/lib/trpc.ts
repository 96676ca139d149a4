import { matchQuery, QueryCache, QueryClient } from '@tanstack/react-query'
import { createTRPCReact, getQueryKey, httpBatchLink, TRPCClientError } from '@trpc/react-query'
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server'
// Types only: @mp/api is server code and must never end up in the browser bundle.
import type { AppRouter } from '@mp/api'
import superjson from 'superjson'

export const trpc = createTRPCReact<AppRouter>()

export type RouterInputs = inferRouterInputs<AppRouter>
export type RouterOutputs = inferRouterOutputs<AppRouter>
export type CurrentUser = NonNullable<RouterOutputs['auth']['me']>
export type StaffRole = CurrentUser['role']
export type PublicSettings = RouterOutputs['settings']['public']

export function createTrpcClient() {
  return trpc.createClient({
    links: [
      httpBatchLink({
        // Same origin in dev (Vite proxy) and production (Fastify serves the SPA), so the HttpOnly
        // session cookie rides along without any token handling here.
        url: '/trpc',
        transformer: superjson,
        fetch: (input, init) => fetch(input, { ...init, credentials: 'same-origin' }),
      }),
    ],
  })
}

/** HTTP status of a tRPC failure, or undefined for network errors and non-tRPC throws. */
export function httpStatusOf(error: unknown): number | undefined {
  if (!(error instanceof TRPCClientError)) return undefined
  const data: unknown = error.data
  if (typeof data !== 'object' || data === null || !('httpStatus' in data)) return undefined
  return typeof data.httpStatus === 'number' ? data.httpStatus : undefined
}

const MAX_QUERY_RETRIES = 2

export function createQueryClient() {
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        // A protected call answered 401: the session expired or was revoked elsewhere. Re-asking
        // auth.me lets the route guard send the user to sign-in instead of showing a broken page.
        const meFilter = { queryKey: getQueryKey(trpc.auth.me) }
        if (httpStatusOf(error) === 401 && !matchQuery(meFilter, query)) {
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
      mutations: { retry: false },
    },
  })
  return queryClient
}
