import { listLoginHistory } from '../services/login-history.js'
import { protectedProcedure, router } from '../trpc.js'
import { ZLoginHistoryListInput } from '../schemas/login-history.js'

/** Sign-in attempts, scoped like everything else (docs/product.md §1). Dates are days in the company timezone. */
export const loginHistoryRouter = router({
  list: protectedProcedure
    .input(ZLoginHistoryListInput)
    .query(({ ctx, input }) => listLoginHistory(ctx, input)),
})
