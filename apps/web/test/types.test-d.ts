// Compile-time proof that the web app sees the API's real types. If `AppRouter` ever degraded to
// `any` (a broken type-only import, a missing build), every `@ts-expect-error` below would become
// unused and `tsc --noEmit` (pnpm typecheck / build) and vitest's typecheck would fail.
import { expectTypeOf, test } from 'vitest'
import { trpc, type CurrentUser, type PublicSettings, type RouterInputs } from '../src/lib/trpc'

type SignInInput = RouterInputs['auth']['signIn']

test('auth.signIn input is the server schema', () => {
  expectTypeOf<SignInInput>().toEqualTypeOf<{
    email: string
    password: string
    rememberMe?: boolean | undefined
  }>()

  // @ts-expect-error email must be a string
  const wrongType: SignInInput = { email: 123, password: 'secret-password' }
  // @ts-expect-error password is required
  const missingField: SignInInput = { email: 'ada@example.com' }
  // @ts-expect-error unknown keys are rejected
  const extraField: SignInInput = { email: 'ada@example.com', password: 'x', role: 'ADMIN' }
  expectTypeOf([wrongType, missingField, extraField]).toBeArray()
})

test('outputs carry the fields the shell relies on', () => {
  expectTypeOf<CurrentUser['role']>().toEqualTypeOf<'ADMIN' | 'SUPERVISOR' | 'CREDIT_OFFICER'>()
  expectTypeOf<PublicSettings['isMaintenanceMode']>().toEqualTypeOf<boolean>()
  expectTypeOf<PublicSettings['dateFormat']>().toEqualTypeOf<string>()
})

// A hook, never called: it only has to type-check. It proves the React hooks carry the same types.
export function useTypeChecks() {
  const signIn = trpc.auth.signIn.useMutation()
  // @ts-expect-error a number is not an email address
  signIn.mutate({ email: 123, password: 'secret-password' })
  signIn.mutate({ email: 'ada@example.com', password: 'secret-password', rememberMe: true })

  // The unresolvable type is the point here, so the unsafe-any lint rules do not apply.
  // @ts-expect-error procedures that do not exist cannot be called
  // eslint-disable-next-line @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access
  trpc.auth.deleteEverything.useMutation()

  const me = trpc.auth.me.useQuery()
  // @ts-expect-error auth.me is undefined while loading and null when signed out: check before use
  expectTypeOf(me.data.email).toBeString()
}

test('uploads take FormData and member.create needs a union and names', () => {
  expectTypeOf<RouterInputs['document']['upload']>().toEqualTypeOf<FormData>()
  type MemberCreate = RouterInputs['member']['create']
  // @ts-expect-error a member belongs to a union
  const withoutUnion: MemberCreate = { firstName: 'Ada', lastName: 'Obi' }
  // @ts-expect-error gender is MALE or FEMALE
  const wrongGender: MemberCreate = { unionId: 'u', firstName: 'Ada', lastName: 'Obi', gender: 'OTHER' }
  expectTypeOf([withoutUnion, wrongGender]).toBeArray()
})
