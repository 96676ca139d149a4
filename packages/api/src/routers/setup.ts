import { PASSWORD_MAX_LENGTH } from '@mp/auth'
import { z } from 'zod'
import { createFirstAdmin, isSetupRequired } from '../services/setup.js'
import { publicProcedure, router } from '../trpc.js'
import { ZEmail, ZPersonName } from '../schemas/fields.js'

export const ZFirstAdminInput = z.object({
  email: ZEmail,
  firstName: ZPersonName('First name'),
  lastName: ZPersonName('Last name'),
  password: z
    .string({ error: 'Choose a password' })
    .min(1, { error: 'Choose a password' })
    .max(PASSWORD_MAX_LENGTH, { error: `Password must be at most ${PASSWORD_MAX_LENGTH} characters` }),
})

export const setupRouter = router({
  status: publicProcedure.query(async ({ ctx }) => ({ isSetupRequired: await isSetupRequired(ctx) })),
  createFirstAdmin: publicProcedure
    .input(ZFirstAdminInput)
    .mutation(({ ctx, input }) => createFirstAdmin(ctx, input)),
})
