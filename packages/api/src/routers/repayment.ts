import { z } from 'zod'
import { listRepayments, repaymentTotals } from '../services/repayment-list.js'
import { getRepayment, recordRepayment, reverseRepayment } from '../services/repayment.js'
import { adminProcedure, protectedProcedure, router } from '../trpc.js'
import { zReason } from '../schemas/fields.js'
import {
  ZRepaymentInput,
  ZRepaymentFilters,
  ZRepaymentListInput,
  ZRepaymentId,
} from '../schemas/repayment.js'

export const repaymentRouter = router({
  record: protectedProcedure.input(ZRepaymentInput).mutation(({ ctx, input }) => recordRepayment(ctx, input)),
  reverse: adminProcedure
    .input(z.object({ id: ZRepaymentId, reason: zReason() }))
    .mutation(({ ctx, input }) => reverseRepayment(ctx, input)),
  list: protectedProcedure.input(ZRepaymentListInput).query(({ ctx, input }) => listRepayments(ctx, input)),
  /** How many payments match the filters and the money they brought in (asked once, not per page). */
  totals: protectedProcedure.input(ZRepaymentFilters).query(({ ctx, input }) => repaymentTotals(ctx, input)),
  get: protectedProcedure
    .input(z.object({ id: ZRepaymentId }))
    .query(({ ctx, input }) => getRepayment(ctx, input.id)),
})
