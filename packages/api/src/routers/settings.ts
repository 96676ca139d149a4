import { getPublicSettings, getSettings, updateSettings } from '../services/settings.js'
import { adminProcedure, protectedProcedure, publicProcedure, router } from '../trpc.js'
import { ZSettingsUpdateInput, ZMaintenanceInput } from '../schemas/settings.js'

export const settingsRouter = router({
  public: publicProcedure.query(({ ctx }) => getPublicSettings(ctx)),
  get: protectedProcedure.meta({ isAllowedBeforePasswordChange: true }).query(({ ctx }) => getSettings(ctx)),
  update: adminProcedure.input(ZSettingsUpdateInput).mutation(({ ctx, input }) => updateSettings(ctx, input)),
  setMaintenance: adminProcedure
    .input(ZMaintenanceInput)
    .mutation(({ ctx, input }) =>
      updateSettings(
        ctx,
        { isMaintenanceMode: input.isMaintenanceMode, maintenanceMessage: input.message },
        input.isMaintenanceMode ? 'MAINTENANCE_ON' : 'MAINTENANCE_OFF',
      ),
    ),
})
