import {
  createUnion,
  deleteUnion,
  getUnion,
  listAssignableOfficers,
  listUnions,
  updateUnion,
} from '../services/union.js'
import { adminProcedure, protectedProcedure, router, supervisorProcedure } from '../trpc.js'
import { ZUnionListInput, ZUnionIdInput, ZUnionCreateInput, ZUnionUpdateInput } from '../schemas/union.js'

/**
 * Unions, the borrower groups (docs/product.md §6). Everyone sees the unions in their scope (a union belongs to
 * its credit officer, and so to that officer's supervisor); admins and supervisors create and edit
 * them; only an admin deletes one, and only when it is empty. Reassignment lives in `assignment`.
 */
export const unionRouter = router({
  list: protectedProcedure.input(ZUnionListInput).query(({ ctx, input }) => listUnions(ctx, input)),
  get: protectedProcedure.input(ZUnionIdInput).query(({ ctx, input }) => getUnion(ctx, input.id)),
  create: supervisorProcedure.input(ZUnionCreateInput).mutation(({ ctx, input }) => createUnion(ctx, input)),
  update: supervisorProcedure.input(ZUnionUpdateInput).mutation(({ ctx, input }) => updateUnion(ctx, input)),
  delete: adminProcedure.input(ZUnionIdInput).mutation(({ ctx, input }) => deleteUnion(ctx, input.id)),
  officers: protectedProcedure.query(({ ctx }) => listAssignableOfficers(ctx)),
})
