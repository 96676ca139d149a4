import { PASSWORD_MAX_LENGTH } from '@mp/auth'
import { z } from 'zod'
import {
  changePassword,
  listOwnSessions,
  revokeOtherSessions,
  revokeOwnSession,
  signIn,
  signOut,
  updateProfile,
} from '../services/auth.js'
import { protectedProcedure, publicProcedure, router } from '../trpc.js'
import { ZEmail, ZPersonName, ZPhone } from '../schemas/fields.js'

export const ZSignInInput = z.object({
  email: ZEmail,
  password: z
    .string({ error: 'Enter your password' })
    .min(1, { error: 'Enter your password' })
    .max(PASSWORD_MAX_LENGTH, { error: `Password must be at most ${PASSWORD_MAX_LENGTH} characters` }),
  rememberMe: z.boolean().default(false),
})
export type TSignInInput = z.infer<typeof ZSignInInput>

export const ZChangePasswordInput = z.object({
  currentPassword: z
    .string({ error: 'Enter your current password' })
    .min(1, { error: 'Enter your current password' })
    .max(PASSWORD_MAX_LENGTH),
  // Length and commonness are checked by the policy in the service, with its own messages.
  newPassword: z
    .string({ error: 'Enter a new password' })
    .min(1, { error: 'Enter a new password' })
    .max(PASSWORD_MAX_LENGTH, { error: `Password must be at most ${PASSWORD_MAX_LENGTH} characters` }),
})

export const ZUpdateProfileInput = z.object({
  firstName: ZPersonName('First name'),
  lastName: ZPersonName('Last name'),
  phone: ZPhone.nullable(),
})

const passwordChangeAllowed = { isAllowedBeforePasswordChange: true } as const

export const authRouter = router({
  signIn: publicProcedure.input(ZSignInInput).mutation(({ ctx, input }) => signIn(ctx, input)),
  signOut: publicProcedure.mutation(async ({ ctx }) => {
    await signOut(ctx)
    return { isSignedOut: true }
  }),
  /** The signed-in user, or null. Public so the web app can decide between sign-in and the shell. */
  me: publicProcedure.query(({ ctx }) => {
    if (!ctx.user) return null
    return {
      id: ctx.user.id,
      email: ctx.user.email,
      firstName: ctx.user.first_name,
      lastName: ctx.user.last_name,
      phone: ctx.user.phone,
      role: ctx.user.role,
      mustChangePassword: ctx.user.must_change_password,
    }
  }),
  changePassword: protectedProcedure
    .meta(passwordChangeAllowed)
    .input(ZChangePasswordInput)
    .mutation(({ ctx, input }) => changePassword(ctx, input)),
  updateProfile: protectedProcedure
    .input(ZUpdateProfileInput)
    .mutation(({ ctx, input }) => updateProfile(ctx, input)),
  sessions: protectedProcedure.meta(passwordChangeAllowed).query(({ ctx }) => listOwnSessions(ctx)),
  revokeSession: protectedProcedure
    .meta(passwordChangeAllowed)
    .input(z.object({ sessionId: z.string().regex(/^[0-9a-f]{64}$/, { error: 'Unknown session' }) }))
    .mutation(({ ctx, input }) => revokeOwnSession(ctx, input.sessionId)),
  revokeOtherSessions: protectedProcedure
    .meta(passwordChangeAllowed)
    .mutation(({ ctx }) => revokeOtherSessions(ctx)),
})
