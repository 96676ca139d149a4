import { ZGlobalSearchInput } from '../schemas/search.js'
import { globalSearch } from '../services/search.js'
import { protectedProcedure, router } from '../trpc.js'

/**
 * Search from anywhere: the command palette's members, loans, unions and (admins) staff, each kind a few
 * rows, all in the caller's scope (docs/web-app.md).
 */
export const searchRouter = router({
  global: protectedProcedure.input(ZGlobalSearchInput).query(({ ctx, input }) => globalSearch(ctx, input)),
})
