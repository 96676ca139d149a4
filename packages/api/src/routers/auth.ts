import { z } from 'zod'
import { signIn, signOut } from '../services/auth.js'
import { publicProcedure, router } from '../trpc.js'

export const ZSignInInput = z.object({
  email: z
    .string({ error: 'Enter your email address' })
    .trim()
    .toLowerCase()
    .pipe(
      z
        .email({ error: 'Enter a valid email address' })
        .max(254, { error: 'Email must be at most 254 characters' }),
    ),
  password: z
    .string()
    .min(1, { error: 'Enter your password' })
    .max(128, { error: 'Password must be at most 128 characters' }),
  rememberMe: z.boolean().default(false),
})
export type TSignInInput = z.infer<typeof ZSignInInput>

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
      role: ctx.user.role,
      mustChangePassword: ctx.user.must_change_password,
    }
  }),
})
