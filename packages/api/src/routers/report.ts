import { z } from 'zod'
import { cleanText } from '../schemas/fields.js'
import {
  DAY_RANGE_ORDER_ERROR,
  PERIOD_LIMIT_ERROR,
  isDayRangeOrdered,
  isPeriodWithinLimit,
  zBoundedDay,
} from '../schemas/list.js'
import { asOfRunStatus, startAsOfRun } from '../services/portfolio-run.js'
import {
  dashboard,
  disbursementReport,
  officerPerformance,
  portfolioReport,
  repaymentsByMethod,
} from '../services/report.js'
import {
  createSavedReport,
  deleteSavedReport,
  getSavedReport,
  listSavedReports,
} from '../services/saved-report.js'
import { heavyProcedure, protectedProcedure, router, supervisorProcedure, outputOf } from '../trpc.js'
import {
  ZDashboardOutput,
  ZDisbursementReportOutput,
  ZOfficerPerformanceOutput,
  ZPortfolioOutput,
  ZRepaymentsByMethodOutput,
  ZSavedReportOutput,
} from '../schemas/output.js'
import {
  ZPeriod,
  ZRequiredPeriod,
  ZPortfolioInput,
  ZOfficerPerformanceInput,
  ZDisbursementInput,
} from '../schemas/report.js'

export const reportRouter = router({
  /** The role's dashboard: KPIs (each with its definition and inputs) and the charts' data. */
  dashboard: heavyProcedure
    .input(ZPeriod.default({}))
    .output(outputOf(ZDashboardOutput, dashboard))
    .query(({ ctx, input }) => dashboard(ctx, input)),
  /**
   * Portfolio as of a date (default today): a page of loan rows, and PAR1/30/60/90, aging, arrears and
   * provisioning over every matching loan. A past date reads the close's snapshot (rows: null) or a
   * finished as-of run (rows too); with neither it answers PRECONDITION_FAILED / AS_OF_NOT_READY.
   */
  portfolio: heavyProcedure
    .input(ZPortfolioInput)
    .output(outputOf(ZPortfolioOutput, portfolioReport))
    .query(({ ctx, input }) => portfolioReport(ctx, input)),
  /** Starts computing the portfolio as of a past date in the background (poll asOfStatus). */
  asOfStart: protectedProcedure
    .input(z.object({ asOf: zBoundedDay('As-of date') }))
    .mutation(({ ctx, input }) => startAsOfRun(ctx, input)),
  asOfStatus: protectedProcedure
    .input(z.object({ id: z.uuid({ error: 'Computation id must be a valid id' }) }))
    .query(({ ctx, input }) => asOfRunStatus(ctx, input)),
  officerPerformance: heavyProcedure
    .input(ZOfficerPerformanceInput)
    .output(outputOf(ZOfficerPerformanceOutput, officerPerformance))
    .query(({ ctx, input }) => officerPerformance(ctx, input)),
  disbursements: protectedProcedure
    .input(ZDisbursementInput)
    .output(outputOf(ZDisbursementReportOutput, disbursementReport))
    .query(({ ctx, input }) => disbursementReport(ctx, input)),
  repaymentsByMethod: protectedProcedure
    .input(ZRequiredPeriod)
    .output(outputOf(ZRepaymentsByMethodOutput, repaymentsByMethod))
    .query(({ ctx, input }) => repaymentsByMethod(ctx, input)),
})

export const savedReportRouter = router({
  list: supervisorProcedure.query(({ ctx }) => listSavedReports(ctx)),
  get: supervisorProcedure
    .input(z.object({ id: z.uuid({ error: 'Report id must be a valid id' }) }))
    .output(outputOf(ZSavedReportOutput, getSavedReport))
    .query(({ ctx, input }) => getSavedReport(ctx, input.id)),
  create: supervisorProcedure
    .input(
      z
        .object({
          title: z
            .string()
            .trim()
            .min(1, { error: 'Title is required' })
            .max(200, { error: 'Title must be at most 200 characters' })
            .refine(...cleanText('Title')),
          type: z.enum(['DAILY', 'WEEKLY', 'MONTHLY', 'QUARTERLY', 'CUSTOM'], {
            error: 'Type must be DAILY, WEEKLY, MONTHLY, QUARTERLY or CUSTOM',
          }),
          from: zBoundedDay('From date'),
          to: zBoundedDay('To date'),
          officerIds: z
            .array(z.uuid({ error: 'Officer id must be a valid id' }))
            .max(200)
            .default([]),
        })
        .refine(isDayRangeOrdered, DAY_RANGE_ORDER_ERROR)
        .refine(isPeriodWithinLimit, PERIOD_LIMIT_ERROR),
    )
    .output(outputOf(ZSavedReportOutput, createSavedReport))
    .mutation(({ ctx, input }) => createSavedReport(ctx, input)),
  delete: supervisorProcedure
    .input(z.object({ id: z.uuid({ error: 'Report id must be a valid id' }) }))
    .mutation(({ ctx, input }) => deleteSavedReport(ctx, input.id)),
})
