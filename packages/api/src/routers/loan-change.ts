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
import {
  ZLoanChangeApproveOutput,
  ZLoanChangeHistoryOutput,
  ZLoanChangePendingOutput,
  ZLoanChangePlanOutput,
  ZLoanChangeRequestOutput,
  ZWaiverLimitsOutput,
  ZWaiverReportOutput,
} from '../schemas/output.js'
import { adminProcedure, outputOf, protectedProcedure, router, supervisorProcedure } from '../trpc.js'

/**
 * Reschedules, restructures and waivers (docs/lending.md): anyone who may see the loan previews and asks;
 * supervisors and admins approve or reject someone else's request, within their role's waiver limit.
 */
export const loanChangeRouter = router({
  preview: protectedProcedure
    .input(ZLoanChangePreviewInput)
    .output(outputOf(ZLoanChangePlanOutput, previewLoanChange))
    .query(({ ctx, input }) => previewLoanChange(ctx, input)),
  request: protectedProcedure
    .input(ZLoanChangeRequestInput)
    .output(outputOf(ZLoanChangeRequestOutput, requestLoanChange))
    .mutation(({ ctx, input }) => requestLoanChange(ctx, input)),
  approve: supervisorProcedure
    .input(ZLoanChangeDecideInput)
    .output(outputOf(ZLoanChangeApproveOutput, approveLoanChange))
    .mutation(({ ctx, input }) => approveLoanChange(ctx, input)),
  reject: supervisorProcedure
    .input(ZLoanChangeDecideInput)
    .mutation(({ ctx, input }) => rejectLoanChange(ctx, input)),
  history: protectedProcedure
    .input(ZLoanChangeHistoryInput)
    .output(outputOf(ZLoanChangeHistoryOutput, loanChangeHistory))
    .query(({ ctx, input }) => loanChangeHistory(ctx, input.loanId)),
  pending: supervisorProcedure
    .input(ZLoanChangePendingInput)
    .output(outputOf(ZLoanChangePendingOutput, pendingChanges))
    .query(({ ctx, input }) => pendingChanges(ctx, input)),
  waiverReport: protectedProcedure
    .input(ZDisbursementInput)
    .output(outputOf(ZWaiverReportOutput, waiverReport))
    .query(({ ctx, input }) => waiverReport(ctx, input)),
  waiverLimits: protectedProcedure
    .output(outputOf(ZWaiverLimitsOutput, waiverLimits))
    .query(({ ctx }) => waiverLimits(ctx.db)),
  setWaiverLimits: adminProcedure
    .input(ZWaiverLimitsInput)
    .output(outputOf(ZWaiverLimitsOutput, setWaiverLimits))
    .mutation(({ ctx, input }) => setWaiverLimits(ctx, input)),
})
