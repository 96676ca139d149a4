import { createGuarantor, deleteGuarantor, listGuarantors, updateGuarantor } from '../services/guarantor.js'
import { protectedProcedure, router } from '../trpc.js'
import {
  ZGuarantorListInput,
  ZGuarantorCreateInput,
  ZGuarantorUpdateInput,
  ZGuarantorIdInput,
} from '../schemas/guarantor.js'

/**
 * Guarantors of a member (docs/product.md §2; the old system lost their names). Scoped through the member:
 * whoever may see the member manages their guarantors.
 */
export const guarantorRouter = router({
  list: protectedProcedure
    .input(ZGuarantorListInput)
    .query(({ ctx, input }) => listGuarantors(ctx, input.memberId)),
  create: protectedProcedure
    .input(ZGuarantorCreateInput)
    .mutation(({ ctx, input }) => createGuarantor(ctx, input)),
  update: protectedProcedure
    .input(ZGuarantorUpdateInput)
    .mutation(({ ctx, input }) => updateGuarantor(ctx, input)),
  delete: protectedProcedure
    .input(ZGuarantorIdInput)
    .mutation(({ ctx, input }) => deleteGuarantor(ctx, input.id)),
})
