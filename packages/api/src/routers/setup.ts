import { createFirstAdmin, isSetupRequired } from '../services/setup.js'
import { publicProcedure, router } from '../trpc.js'
import { ZFirstAdminInput } from '../schemas/auth.js'

export const setupRouter = router({
  status: publicProcedure.query(async ({ ctx }) => ({ isSetupRequired: await isSetupRequired(ctx) })),
  createFirstAdmin: publicProcedure
    .input(ZFirstAdminInput)
    .mutation(({ ctx, input }) => createFirstAdmin(ctx, input)),
})
