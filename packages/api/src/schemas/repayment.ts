import { z } from 'zod'
import { zOptionalText, zSearch } from './fields.js'
import { DAY_RANGE_ORDER_ERROR, ZCursor, ZPageSize, isDayRangeOrdered, zDay } from './list.js'
import { ZLoanId, zKoboAmount } from './loan.js'
import { ZDirection } from './union.js'

export const ZRepaymentMethod = z.enum(['CASH', 'TRANSFER', 'POS', 'MOBILE', 'USSD', 'OTHER'], {
  error: 'Method must be CASH, TRANSFER, POS, MOBILE, USSD or OTHER',
})

/** A client-made key per submission (docs/product.md §5): a retried submission with it never posts twice. */
export const ZIdempotencyKey = z
  .string({ error: 'Idempotency key is required' })
  .trim()
  .min(8, { error: 'Idempotency key must be 8 to 100 characters' })
  .max(100, { error: 'Idempotency key must be 8 to 100 characters' })
  .regex(/^[A-Za-z0-9:_-]+$/, { error: 'Idempotency key may hold only letters, digits, ":", "_" and "-"' })

export const ZRepaymentInput = z
  .object({
    loanId: ZLoanId,
    mode: z.enum(['AMOUNT', 'DUE_NOW'], { error: 'Mode must be AMOUNT or DUE_NOW' }).default('AMOUNT'),
    amount: zKoboAmount('Amount').optional(),
    paidOn: zDay('Date paid'),
    method: ZRepaymentMethod,
    reference: zOptionalText('Reference', 100).nullable().optional(),
    notes: zOptionalText('Notes', 500, { multiline: true }).nullable().optional(),
    idempotencyKey: ZIdempotencyKey,
  })
  .refine((v) => v.mode === 'DUE_NOW' || v.amount !== undefined, {
    error: 'Amount is required (or pay what is due now)',
    path: ['amount'],
  })

const repaymentFilters = {
  search: zSearch(),
  loanId: ZLoanId.optional(),
  unionId: z.uuid({ error: 'Union id must be a valid id' }).optional(),
  officerId: z.uuid({ error: 'Officer id must be a valid id' }).optional(),
  method: ZRepaymentMethod.optional(),
  from: zDay('From date').optional(),
  to: zDay('To date').optional(),
  includeReversed: z.boolean().default(true),
}

/** The filters alone (what the count and money total take). */
export const ZRepaymentFilters = z.object(repaymentFilters).refine(isDayRangeOrdered, DAY_RANGE_ORDER_ERROR)
export type TRepaymentFilters = z.infer<typeof ZRepaymentFilters>

export const ZRepaymentListInput = z
  .object({
    ...repaymentFilters,
    /** Where the page starts (the previous page's `nextCursor`); absent for the first page. */
    cursor: ZCursor,
    pageSize: ZPageSize,
    sort: z.enum(['paidOn', 'amount'], { error: 'Sort must be paidOn or amount' }).default('paidOn'),
    direction: ZDirection.default('desc'),
  })
  .refine(isDayRangeOrdered, DAY_RANGE_ORDER_ERROR)
export type TRepaymentListInput = z.infer<typeof ZRepaymentListInput>

export const ZRepaymentId = z.uuid({ error: 'Repayment id must be a valid id' })
