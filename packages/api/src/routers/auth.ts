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
import {
  ZChangePasswordInput,
  ZRevokeSessionInput,
  ZSignInInput,
  ZUpdateProfileInput,
} from '../schemas/auth.js'

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
    .input(ZRevokeSessionInput)
    .mutation(({ ctx, input }) => revokeOwnSession(ctx, input.sessionId)),
  revokeOtherSessions: protectedProcedure
    .meta(passwordChangeAllowed)
    .mutation(({ ctx }) => revokeOtherSessions(ctx)),
})
