import { MAX_TERM_COUNT } from '@mp/domain'
import { z } from 'zod'
import { cleanText } from './fields.js'
import { ZInterest, ZPenalty, ZProcessingFee, zKobo } from './loan-rules.js'

export const zTerm = (label: string) =>
  z
    .number({ error: `${label} must be a number` })
    .int({ error: `${label} must be a whole number` })
    .min(1, { error: `${label} must be at least 1` })
    .max(MAX_TERM_COUNT, { error: `${label} must be at most ${MAX_TERM_COUNT}` })

const loanTypeFields = {
  name: z
    .string()
    .trim()
    .min(1, { error: 'Name is required' })
    .max(120, { error: 'Name must be at most 120 characters' })
    .refine(...cleanText('Name')),
  description: z
    .string()
    .trim()
    .max(2000, { error: 'Description must be at most 2000 characters' })
    .refine(...cleanText('Description', { multiline: true }))
    .nullable()
    .optional(),
  minPrincipal: zKobo('Minimum principal'),
  maxPrincipal: zKobo('Maximum principal'),
  termUnit: z.enum(['DAY', 'WEEK', 'MONTH'], { error: 'Term unit must be DAY, WEEK or MONTH' }),
  minTerm: zTerm('Minimum term'),
  maxTerm: zTerm('Maximum term'),
  interest: ZInterest,
  processingFee: ZProcessingFee.nullable(),
  penalty: ZPenalty.nullable(),
  allocationOrder: z.enum(['VERTICAL', 'HORIZONTAL', 'PRINCIPAL_FIRST'], {
    error: 'Allocation order must be VERTICAL, HORIZONTAL or PRINCIPAL_FIRST',
  }),
  rounding: z.enum(['HALF_EVEN', 'HALF_UP'], { error: 'Rounding must be HALF_EVEN or HALF_UP' }),
  installmentMultiple: zKobo('Installment multiple').nullable(),
  // Meetings and the calendar (docs/lending.md "Working days and holidays", "Union meetings"). Optional:
  // left out on create they take the database defaults, on update they keep what the product has.
  followsMeetings: z.boolean({ error: 'Follows meetings must be true or false' }).optional(),
  meetingMinGapDays: z
    .number({ error: 'Minimum days before the first meeting must be a number' })
    .int({ error: 'Minimum days before the first meeting must be a whole number' })
    .min(0, { error: 'Minimum days before the first meeting must be at least 0' })
    .max(365, { error: 'Minimum days before the first meeting must be at most 365' })
    .optional(),
  nonWorkingDayRule: z
    .enum(['next', 'previous'], { error: 'Non-working day rule must be next or previous' })
    .optional(),
  // A loan of this product may pay off the member's running loan (docs/lending.md "Top-ups"). Left out:
  // false on create, unchanged on update.
  allowsTopUp: z.boolean({ error: 'Allows top-up must be true or false' }).optional(),
}

/** min ≤ max for principal and term, reported on the max field so forms show it there. */
function withOrderedRanges<
  T extends z.ZodType<{ minPrincipal: number; maxPrincipal: number; minTerm: number; maxTerm: number }>,
>(schema: T) {
  return schema
    .refine((value) => value.maxPrincipal >= value.minPrincipal, {
      path: ['maxPrincipal'],
      error: 'Maximum principal must be at least the minimum principal',
    })
    .refine((value) => value.maxTerm >= value.minTerm, {
      path: ['maxTerm'],
      error: 'Maximum term must be at least the minimum term',
    })
}

/** A daily loan would fall due between meetings whatever the union's rule (@mp/domain meetingDueDates). */
function withMeetingsRule<T extends z.ZodType<{ termUnit: string; followsMeetings?: boolean | undefined }>>(
  schema: T,
) {
  return schema.refine((value) => !(value.followsMeetings === true && value.termUnit === 'DAY'), {
    path: ['followsMeetings'],
    error: 'A daily product (term unit DAY) cannot follow union meetings: choose WEEK or MONTH',
  })
}

export const ZLoanTypeInput = withMeetingsRule(withOrderedRanges(z.object(loanTypeFields)))
// Flat, like create, so a form shows the server's field errors under the same fields when editing.
export const ZLoanTypeUpdateInput = withMeetingsRule(
  withOrderedRanges(z.object({ id: z.uuid({ error: 'Loan type id must be a UUID' }), ...loanTypeFields })),
)
export type TLoanTypeInput = z.infer<typeof ZLoanTypeInput>

export const ZLoanTypeIdInput = z.object({ id: z.uuid({ error: 'Loan type id must be a UUID' }) })
