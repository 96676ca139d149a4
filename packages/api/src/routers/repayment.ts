import { z } from 'zod'
import { listRepayments, repaymentTotals } from '../services/repayment-list.js'
import { getRepayment, recordRepayment, reverseRepayment } from '../services/repayment.js'
import { adminProcedure, protectedProcedure, router, outputOf } from '../trpc.js'
import {
  ZRepaymentListOutput,
  ZRepaymentResultOutput,
  ZRepaymentReversalOutput,
  ZRepaymentTotalsOutput,
} from '../schemas/output.js'
import { zReason } from '../schemas/fields.js'
import {
  ZRepaymentInput,
  ZRepaymentFilters,
  ZRepaymentListInput,
  ZRepaymentId,
} from '../schemas/repayment.js'

export const repaymentRouter = router({
  record: protectedProcedure
    .input(ZRepaymentInput)
    .output(outputOf(ZRepaymentResultOutput, recordRepayment))
    .mutation(({ ctx, input }) => recordRepayment(ctx, input)),
  reverse: adminProcedure
    .input(z.object({ id: ZRepaymentId, reason: zReason() }))
    .output(outputOf(ZRepaymentReversalOutput, reverseRepayment))
    .mutation(({ ctx, input }) => reverseRepayment(ctx, input)),
  list: protectedProcedure
    .input(ZRepaymentListInput)
    .output(outputOf(ZRepaymentListOutput, listRepayments))
    .query(({ ctx, input }) => listRepayments(ctx, input)),
  /** How many payments match the filters and the money they brought in (asked once, not per page). */
  totals: protectedProcedure
    .input(ZRepaymentFilters)
    .output(outputOf(ZRepaymentTotalsOutput, repaymentTotals))
    .query(({ ctx, input }) => repaymentTotals(ctx, input)),
  get: protectedProcedure
    .input(z.object({ id: ZRepaymentId }))
    .output(outputOf(ZRepaymentResultOutput, getRepayment))
    .query(({ ctx, input }) => getRepayment(ctx, input.id)),
})
