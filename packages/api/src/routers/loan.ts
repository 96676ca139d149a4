import { z } from 'zod'
import { dueList, dueListSummary } from '../services/due-list.js'
import { zDay } from '../schemas/list.js'
import { listLoans } from '../services/loan-list.js'
import { createLoan, previewLoan, updateLoan } from '../services/loan-applications.js'
import { getLoan } from '../services/loan-detail.js'
import { loanTransition } from '../services/loan-workflow.js'
import { BULK_APPROVE_LIMIT, bulkApproveLoans } from '../services/loan-bulk.js'
import { adminProcedure, protectedProcedure, router, supervisorProcedure, outputOf } from '../trpc.js'
import {
  ZDueListOutput,
  ZDueListSummaryOutput,
  ZLoanDetailOutput,
  ZLoanListOutput,
  ZLoanPreviewOutput,
} from '../schemas/output.js'
import { zOptionalText } from '../schemas/fields.js'
import {
  ZLoanId,
  ZLoanCreateInput,
  ZLoanUpdateInput,
  ZLoanListInput,
  ZDueListFilters,
  ZDueListInput,
  ZLoanReasonInput,
} from '../schemas/loan.js'

export const loanRouter = router({
  list: protectedProcedure
    .input(ZLoanListInput)
    .output(outputOf(ZLoanListOutput, listLoans))
    .query(({ ctx, input }) => listLoans(ctx, input)),
  get: protectedProcedure
    .input(z.object({ id: ZLoanId }))
    .output(outputOf(ZLoanDetailOutput, getLoan))
    .query(({ ctx, input }) => getLoan(ctx, input.id)),
  /** The schedule, fee and APR an application would get, checked like create (no loan is written). */
  preview: protectedProcedure
    .input(
      ZLoanCreateInput.pick({ loanTypeId: true, principal: true, termCount: true, startDate: true }).extend({
        // With the member, the dates follow their union's meetings when the product does.
        memberId: ZLoanCreateInput.shape.memberId.optional(),
      }),
    )
    .output(outputOf(ZLoanPreviewOutput, previewLoan))
    .query(({ ctx, input }) => previewLoan(ctx, input)),
  create: protectedProcedure
    .input(ZLoanCreateInput)
    .output(outputOf(ZLoanDetailOutput, createLoan))
    .mutation(({ ctx, input }) => createLoan(ctx, input)),
  update: protectedProcedure
    .input(ZLoanUpdateInput)
    .output(outputOf(ZLoanDetailOutput, updateLoan))
    .mutation(({ ctx, input }) => updateLoan(ctx, input)),
  submit: protectedProcedure
    .input(z.object({ id: ZLoanId }))
    .output(outputOf(ZLoanDetailOutput, loanTransition))
    .mutation(({ ctx, input }) => loanTransition(ctx, input.id, 'SUBMIT', {})),
  approve: supervisorProcedure
    .input(z.object({ id: ZLoanId, note: zOptionalText('Note', 500).nullable().optional() }))
    .output(outputOf(ZLoanDetailOutput, loanTransition))
    .mutation(({ ctx, input }) => loanTransition(ctx, input.id, 'APPROVE', { reason: input.note ?? null })),
  /** Approve up to 50 pending loans, each exactly as `approve` would (its own transaction), with a per-id outcome. */
  bulkApprove: supervisorProcedure
    .input(
      z.object({
        ids: z
          .array(ZLoanId, { error: 'ids must be a list of loan ids' })
          .min(1, { error: 'Choose at least one loan to approve' })
          .max(BULK_APPROVE_LIMIT, {
            error: `At most ${String(BULK_APPROVE_LIMIT)} loans can be approved at once`,
          }),
        note: zOptionalText('Note', 500).nullable().optional(),
      }),
    )
    .mutation(({ ctx, input }) => bulkApproveLoans(ctx, input)),
  reject: supervisorProcedure
    .input(ZLoanReasonInput)
    .output(outputOf(ZLoanDetailOutput, loanTransition))
    .mutation(({ ctx, input }) => loanTransition(ctx, input.id, 'REJECT', { reason: input.reason })),
  withdraw: protectedProcedure
    .input(ZLoanReasonInput)
    .output(outputOf(ZLoanDetailOutput, loanTransition))
    .mutation(({ ctx, input }) => loanTransition(ctx, input.id, 'WITHDRAW', { reason: input.reason })),
  disburse: supervisorProcedure
    .input(
      z.object({
        id: ZLoanId,
        disbursedOn: zDay('Disbursement date'),
        /** Installment 1 falls one period after this; defaults to the application's start date. */
        startDate: zDay('Start date').optional(),
      }),
    )
    .output(outputOf(ZLoanDetailOutput, loanTransition))
    .mutation(({ ctx, input }) =>
      loanTransition(ctx, input.id, 'DISBURSE', {
        disbursedOn: input.disbursedOn,
        ...(input.startDate ? { startDate: input.startDate } : {}),
      }),
    ),
  writeOff: adminProcedure
    .input(ZLoanReasonInput)
    .output(outputOf(ZLoanDetailOutput, loanTransition))
    .mutation(({ ctx, input }) => loanTransition(ctx, input.id, 'WRITE_OFF', { reason: input.reason })),
  dueList: protectedProcedure
    .input(ZDueListInput)
    .output(outputOf(ZDueListOutput, dueList))
    .query(({ ctx, input }) => dueList(ctx, input)),
  /** How many loans are due and the totals over all of them (the page shows one page of rows). */
  dueListSummary: protectedProcedure
    .input(ZDueListFilters)
    .output(outputOf(ZDueListSummaryOutput, dueListSummary))
    .query(({ ctx, input }) => dueListSummary(ctx, input)),
})
