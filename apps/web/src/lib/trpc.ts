import { isNonJsonSerializable } from '@trpc/client'
import { createTRPCReact, httpBatchLink, httpLink, splitLink, TRPCClientError } from '@trpc/react-query'
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

// Same origin in dev (Vite proxy) and production (Fastify serves the SPA), so the HttpOnly session
// cookie rides along without any token handling here.
const TRPC_URL = '/trpc'
const sameOriginFetch: typeof fetch = (input, init) => fetch(input, { ...init, credentials: 'same-origin' })

export type TrpcClient = ReturnType<typeof createTrpcClient>

export function createTrpcClient() {
  return trpc.createClient({
    links: [
      splitLink({
        // Uploads (FormData) cannot be batched or JSON-encoded: they go alone, as multipart.
        condition: (op) => isNonJsonSerializable(op.input),
        true: httpLink({ url: TRPC_URL, transformer: superjson, fetch: sameOriginFetch }),
        // The server refuses batches of more than 10 calls (docs/reliability.md "Backpressure").
        false: httpBatchLink({ url: TRPC_URL, transformer: superjson, fetch: sameOriginFetch, maxItems: 10 }),
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

// Unions, members, guarantors and documents (issue 5).
type UnionListInput = NonNullable<Exclude<RouterInputs['union']['list'], void>>
export type UnionSort = NonNullable<UnionListInput['sort']>
export type UnionRow = RouterOutputs['union']['list']['items'][number]
export type UnionDetail = RouterOutputs['union']['get']
export type MeetingDay = NonNullable<UnionRow['meetingDay']>
type MemberListInput = NonNullable<Exclude<RouterInputs['member']['list'], void>>
export type MemberSort = NonNullable<MemberListInput['sort']>
export type MemberRow = RouterOutputs['member']['list']['items'][number]
export type MemberProfile = RouterOutputs['member']['get']
export type MemberMove = MemberProfile['moves'][number]
export type Gender = NonNullable<MemberProfile['gender']>
export type MaritalStatus = NonNullable<MemberProfile['maritalStatus']>
export type DuplicateMatch = RouterOutputs['member']['checkDuplicates']['duplicates'][number]
export type UnionAssignment = RouterOutputs['assignment']['unionHistory']['items'][number]
export type Guarantor = RouterOutputs['guarantor']['list'][number]
export type DocumentType = RouterOutputs['documentType']['list'][number]
export type DocumentAppliesTo = DocumentType['appliesTo'][number]
export type StoredDocument = RouterOutputs['document']['list'][number]
export type DocumentOwnerType = RouterInputs['document']['list']['ownerType']
