import { ZDisbursementInput } from '../schemas/report.js'
import {
  ZLoanChangeDecideInput,
  ZLoanChangeHistoryInput,
  ZLoanChangePendingInput,
  ZLoanChangePreviewInput,
  ZLoanChangeRequestInput,
  ZWaiverLimitsInput,
} from '../schemas/loan-change.js'
import { loanChangeHistory, pendingChanges } from '../services/loan-change-history.js'
import {
  approveLoanChange,
  previewLoanChange,
  rejectLoanChange,
  requestLoanChange,
  setWaiverLimits,
  waiverLimits,
} from '../services/loan-changes.js'
import { waiverReport } from '../services/waiver-report.js'
import { adminProcedure, protectedProcedure, router, supervisorProcedure } from '../trpc.js'

/**
 * Reschedules, restructures and waivers (docs/lending.md): anyone who may see the loan previews and asks;
 * supervisors and admins approve or reject someone else's request, within their role's waiver limit.
 */
export const loanChangeRouter = router({
  preview: protectedProcedure
    .input(ZLoanChangePreviewInput)
    .query(({ ctx, input }) => previewLoanChange(ctx, input)),
  request: protectedProcedure
    .input(ZLoanChangeRequestInput)
    .mutation(({ ctx, input }) => requestLoanChange(ctx, input)),
  approve: supervisorProcedure
    .input(ZLoanChangeDecideInput)
    .mutation(({ ctx, input }) => approveLoanChange(ctx, input)),
  reject: supervisorProcedure
    .input(ZLoanChangeDecideInput)
    .mutation(({ ctx, input }) => rejectLoanChange(ctx, input)),
  history: protectedProcedure
    .input(ZLoanChangeHistoryInput)
    .query(({ ctx, input }) => loanChangeHistory(ctx, input.loanId)),
  pending: supervisorProcedure
    .input(ZLoanChangePendingInput)
    .query(({ ctx, input }) => pendingChanges(ctx, input)),
  waiverReport: protectedProcedure
    .input(ZDisbursementInput)
    .query(({ ctx, input }) => waiverReport(ctx, input)),
  waiverLimits: protectedProcedure.query(({ ctx }) => waiverLimits(ctx.db)),
  setWaiverLimits: adminProcedure
    .input(ZWaiverLimitsInput)
    .mutation(({ ctx, input }) => setWaiverLimits(ctx, input)),
})
