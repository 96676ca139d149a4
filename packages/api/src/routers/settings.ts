import { getPublicSettings } from '../services/settings.js'
import { publicProcedure, router } from '../trpc.js'

export const settingsRouter = router({
  public: publicProcedure.query(({ ctx }) => getPublicSettings(ctx)),
})
