import { MAX_TERM_COUNT, type LoanStatus } from '@mp/domain'
import { z } from 'zod'
import { zOptionalText, zReason, zSearch } from './fields.js'
import { DAY_RANGE_ORDER_ERROR, MAX_PAGE_SIZE, ZCursor, ZPageSize, isDayRangeOrdered, zDay } from './list.js'
import { zKobo } from './loan-rules.js'
import { ZDirection } from './union.js'

/**
 * Lower-cased: PostgreSQL reads 'ABC…' and 'abc…' as one loan, so everything keyed on the id as text (a
 * sheet's duplicate-row check and lock order, row idempotency keys, request hashes) must see one spelling.
 */
export const ZLoanId = z.uuid({ error: 'Loan id must be a valid id' }).toLowerCase()

/** Money in integer kobo (docs/product.md §2): the same rule as the product forms. */
export const zKoboAmount = zKobo

const loanFields = {
  memberId: z.uuid({ error: 'Member is required' }),
  loanTypeId: z.uuid({ error: 'Loan type is required' }),
  principal: zKoboAmount('Principal'),
  termCount: z
    .number({ error: 'Term must be a number' })
    .int({ error: 'Term must be a whole number' })
    .min(1, { error: 'Term must be at least 1' })
    .max(MAX_TERM_COUNT, { error: `Term must be at most ${MAX_TERM_COUNT}` }),
  startDate: zDay('Start date'),
  purpose: zOptionalText('Purpose', 500, { multiline: true }).nullable().optional(),
  guarantorIds: z
    .array(z.uuid({ error: 'Guarantor id must be a valid id' }))
    .max(10, { error: 'At most 10 guarantors' })
    .default([]),
  /** Admin only: book although the member already has a live loan (docs/product.md §4), with the reason. */
  overrideReason: zOptionalText('Override reason', 500, { multiline: true }).nullable().optional(),
  /**
   * A top-up (docs/lending.md "Top-ups"): the member's active loan this one pays off at disbursement, when the
   * product allows top-ups. Left out or null: an ordinary loan.
   */
  topUpOfLoanId: z.uuid({ error: 'Loan to pay off must be a valid id' }).toLowerCase().nullable().optional(),
}

export const ZLoanCreateInput = z.object(loanFields)
export type TLoanCreateInput = z.infer<typeof ZLoanCreateInput>
export const ZLoanUpdateInput = z.object({ id: ZLoanId, ...loanFields })
export type TLoanUpdateInput = z.infer<typeof ZLoanUpdateInput>

export const ZLoanSort = z
  .enum(['createdAt', 'loanNumber', 'principal', 'startDate', 'memberName', 'status'], {
    error: 'Sort must be createdAt, loanNumber, principal, startDate, memberName or status',
  })
  .default('createdAt')

/** Statuses to filter by: the stored workflow ones, plus OVERDUE (days past due > 0) computed today. */
const STATUS_FILTERS = [
  'DRAFT',
  'PENDING_APPROVAL',
  'APPROVED',
  'ACTIVE',
  'COMPLETED',
  'CANCELED',
  'DEFAULTED',
  'WRITTEN_OFF',
  'OVERDUE',
] as const satisfies readonly (LoanStatus | 'OVERDUE')[]
export const ZLoanStatusFilter = z.enum(STATUS_FILTERS, {
  error: `Status must be one of ${STATUS_FILTERS.join(', ')}`,
})

/** A principal filter bound in kobo (0 allowed: "from nothing"). */
const zPrincipalBound = (label: string) =>
  z
    .number({ error: `${label} must be an amount in kobo` })
    .int({ error: `${label} must be a whole number of kobo` })
    .min(0, { error: `${label} cannot be negative` })
    .max(Number.MAX_SAFE_INTEGER, { error: `${label} is too large` })

export const ZLoanListInput = z
  .object({
    /** Where the page starts (the previous page's `nextCursor`); absent for the first page. */
    cursor: ZCursor,
    pageSize: ZPageSize,
    search: zSearch(),
    status: ZLoanStatusFilter.optional(),
    unionId: z.uuid({ error: 'Union id must be a valid id' }).optional(),
    officerId: z.uuid({ error: 'Officer id must be a valid id' }).optional(),
    memberId: z.uuid({ error: 'Member id must be a valid id' }).optional(),
    loanTypeId: z.uuid({ error: 'Loan type id must be a valid id' }).optional(),
    minPrincipal: zPrincipalBound('Minimum amount').optional(),
    maxPrincipal: zPrincipalBound('Maximum amount').optional(),
    from: zDay('From date').optional(),
    to: zDay('To date').optional(),
    sort: ZLoanSort,
    direction: ZDirection.default('desc'),
  })
  .refine(isDayRangeOrdered, DAY_RANGE_ORDER_ERROR)
  .refine(
    (v) => v.minPrincipal === undefined || v.maxPrincipal === undefined || v.minPrincipal <= v.maxPrincipal,
    {
      error: 'Maximum amount must be at least the minimum amount',
      path: ['maxPrincipal'],
    },
  )
export type TLoanListInput = z.infer<typeof ZLoanListInput>

const dueListFilters = {
  from: zDay('From date').optional(),
  to: zDay('To date').optional(),
  unionId: z.uuid({ error: 'Union id must be a valid id' }).optional(),
  officerId: z.uuid({ error: 'Officer id must be a valid id' }).optional(),
  includeOverdue: z.boolean().default(true),
}

const DUE_RANGE_ERROR = { error: 'A due list covers at most 366 days', path: ['to'] }
const isDueRangeShort = (v: { from?: string | undefined; to?: string | undefined }) =>
  v.from === undefined || v.to === undefined || daysApart(v.from, v.to) <= 366

/** The due list's filters (its totals take just these). */
export const ZDueListFilters = z
  .object(dueListFilters)
  .refine(isDayRangeOrdered, DAY_RANGE_ORDER_ERROR)
  .refine(isDueRangeShort, DUE_RANGE_ERROR)

/** A page of the due list: the filters, where the page starts and how long it is. */
export const ZDueListInput = z
  .object({
    ...dueListFilters,
    cursor: ZCursor,
    pageSize: z
      .number({ error: 'Page size must be a number' })
      .int({ error: 'Page size must be a whole number' })
      .min(1, { error: 'Page size must be at least 1' })
      .max(MAX_PAGE_SIZE, { error: `Page size must be at most ${MAX_PAGE_SIZE}` })
      .default(50),
  })
  .refine(isDayRangeOrdered, DAY_RANGE_ORDER_ERROR)
  .refine(isDueRangeShort, DUE_RANGE_ERROR)
export type TDueListInput = z.infer<typeof ZDueListInput>

function daysApart(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

export const ZLoanReasonInput = z.object({ id: ZLoanId, reason: zReason() })
