import { z } from 'zod'
import {
  DAY_RANGE_ORDER_ERROR,
  PERIOD_LIMIT_ERROR,
  ZPage,
  ZPageSize,
  isDayRangeOrdered,
  isPeriodWithinLimit,
  zBoundedDay,
} from './list.js'

/** Orders a page can be sorted by on the server (each a column of the loan or of `loan_state`). */
export const PORTFOLIO_SORTS = [
  'loanNumber',
  'memberName',
  'disbursedOn',
  'daysPastDue',
  'outstandingPrincipal',
] as const
export type PortfolioSort = (typeof PORTFOLIO_SORTS)[number]
export const PORTFOLIO_STATUS_FILTERS = [
  'RUNNING',
  'ACTIVE',
  'DEFAULTED',
  'COMPLETED',
  'WRITTEN_OFF',
] as const
export type PortfolioStatusFilter = (typeof PORTFOLIO_STATUS_FILTERS)[number]

const ZUnion = z.uuid({ error: 'Union id must be a valid id' }).optional()
const ZOfficer = z.uuid({ error: 'Officer id must be a valid id' }).optional()

/** A period of at most five years (1,827 days), ordered, between 2000-01-01 and a year from today. */
export const ZPeriod = z
  .object({ from: zBoundedDay('From date').optional(), to: zBoundedDay('To date').optional() })
  .refine(isDayRangeOrdered, DAY_RANGE_ORDER_ERROR)
  .refine(isPeriodWithinLimit, PERIOD_LIMIT_ERROR)

export const ZRequiredPeriod = z
  .object({
    from: zBoundedDay('From date'),
    to: zBoundedDay('To date'),
    unionId: ZUnion,
    officerId: ZOfficer,
  })
  .refine(isDayRangeOrdered, DAY_RANGE_ORDER_ERROR)
  .refine(isPeriodWithinLimit, PERIOD_LIMIT_ERROR)

export const ZPortfolioInput = z.object({
  asOf: zBoundedDay('As-of date').optional(),
  unionId: ZUnion,
  officerId: ZOfficer,
  status: z
    .enum(PORTFOLIO_STATUS_FILTERS, {
      error: 'Status must be RUNNING, ACTIVE, DEFAULTED, COMPLETED or WRITTEN_OFF',
    })
    .optional(),
  bucket: z
    .enum(['current', '1-30', '31-60', '61-90', '90+'], {
      error: 'Aging bucket must be current, 1-30, 31-60, 61-90 or 90+',
    })
    .optional(),
  sort: z.enum(PORTFOLIO_SORTS, { error: `Sort must be one of ${PORTFOLIO_SORTS.join(', ')}` }).optional(),
  direction: z.enum(['asc', 'desc'], { error: 'Direction must be asc or desc' }).optional(),
  page: ZPage,
  pageSize: ZPageSize,
})
export const ZOfficerPerformanceInput = z
  .object({
    from: zBoundedDay('From date').optional(),
    to: zBoundedDay('To date').optional(),
    officerIds: z
      .array(z.uuid({ error: 'Officer id must be a valid id' }))
      .max(200)
      .optional(),
  })
  .refine(isDayRangeOrdered, DAY_RANGE_ORDER_ERROR)
  .refine(isPeriodWithinLimit, PERIOD_LIMIT_ERROR)
export const ZDisbursementInput = z
  .object({
    from: zBoundedDay('From date'),
    to: zBoundedDay('To date'),
    unionId: ZUnion,
    officerId: ZOfficer,
    page: ZPage,
    pageSize: ZPageSize,
  })
  .refine(isDayRangeOrdered, DAY_RANGE_ORDER_ERROR)
  .refine(isPeriodWithinLimit, PERIOD_LIMIT_ERROR)
