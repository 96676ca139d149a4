import { createTRPCReact, httpBatchLink, TRPCClientError } from '@trpc/react-query'
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

export type StaffMember = RouterOutputs['staff']['get']
export type StaffSort = NonNullable<Exclude<RouterInputs['staff']['list'], void>['sort']>
