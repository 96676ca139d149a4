import { MAX_TERM_COUNT } from '@mp/domain'
import { z } from 'zod'
import {
  createLoanType,
  getLoanType,
  listLoanTypes,
  previewLoanTypeSchedule,
  setLoanTypeActive,
  updateLoanType,
} from '../services/loan-type.js'
import { adminProcedure, protectedProcedure, router } from '../trpc.js'

/** Money in integer kobo (SPEC §2): no fractions, no negatives, within JavaScript's exact range. */
const zKobo = (label: string) =>
  z
    .number({ error: `${label} must be an amount in kobo` })
    .int({ error: `${label} must be a whole number of kobo` })
    .min(1, { error: `${label} must be at least 1 kobo` })
    .max(Number.MAX_SAFE_INTEGER, { error: `${label} is too large` })

// Rates are exact decimal strings (never floats), e.g. '0.10' for 10 %.
const zRate = (label: string) =>
  z.string({ error: `${label} must be a decimal like 0.10` }).regex(/^(0|[1-9]\d*)(\.\d{1,8})?$/, {
    error: `${label} must be a decimal like 0.10 (up to 8 decimal places)`,
  })

const ZInterest = z.discriminatedUnion(
  'method',
  [
    z.object({ method: z.literal('NONE') }),
    z.object({
      method: z.literal('FLAT'),
      rate: zRate('Flat rate'),
      basis: z.enum(['PER_TERM', 'PER_PERIOD']),
    }),
    z.object({ method: z.literal('DECLINING_ANNUITY'), ratePerPeriod: zRate('Rate per period') }),
    z.object({ method: z.literal('DECLINING_EQUAL_PRINCIPAL'), ratePerPeriod: zRate('Rate per period') }),
  ],
  { error: 'Interest method must be NONE, FLAT, DECLINING_ANNUITY or DECLINING_EQUAL_PRINCIPAL' },
)

const ZProcessingFee = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('FLAT'), amount: zKobo('Processing fee') }),
    z.object({
      kind: z.literal('PERCENT_OF_PRINCIPAL'),
      rate: zRate('Processing fee rate'),
      min: zKobo('Minimum processing fee').optional(),
      max: zKobo('Maximum processing fee').optional(),
    }),
  ],
  { error: 'Processing fee must be FLAT or PERCENT_OF_PRINCIPAL' },
)

const penaltyCommon = {
  graceDays: z
    .number({ error: 'Grace days must be a number' })
    .int({ error: 'Grace days must be a whole number' })
    .min(0, { error: 'Grace days must be between 0 and 365' })
    .max(365, { error: 'Grace days must be between 0 and 365' }),
  mode: z.enum(['FORGIVE', 'BACKDATE'], { error: 'Penalty mode must be FORGIVE or BACKDATE' }),
  cap: zKobo('Penalty cap').optional(),
  base: z.enum(['PRINCIPAL', 'PRINCIPAL_AND_INTEREST', 'PRINCIPAL_INTEREST_AND_FEE']).optional(),
}

const ZPenalty = z.discriminatedUnion(
  'kind',
  [
    z.object({
      kind: z.literal('PERCENT_PER_DAY'),
      ratePerDay: zRate('Penalty rate per day'),
      ...penaltyCommon,
    }),
    z.object({ kind: z.literal('FIXED_PER_DAY'), amountPerDay: zKobo('Penalty per day'), ...penaltyCommon }),
  ],
  { error: 'Penalty must be PERCENT_PER_DAY or FIXED_PER_DAY' },
)

const zTerm = (label: string) =>
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
    .max(120, { error: 'Name must be at most 120 characters' }),
  description: z
    .string()
    .trim()
    .max(2000, { error: 'Description must be at most 2000 characters' })
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

export const ZLoanTypeInput = withOrderedRanges(z.object(loanTypeFields))
// Flat, like create, so a form shows the server's field errors under the same fields when editing.
export const ZLoanTypeUpdateInput = withOrderedRanges(
  z.object({ id: z.uuid({ error: 'Loan type id must be a UUID' }), ...loanTypeFields }),
)
export type TLoanTypeInput = z.infer<typeof ZLoanTypeInput>

const ZId = z.object({ id: z.uuid({ error: 'Loan type id must be a UUID' }) })

export const loanTypeRouter = router({
  list: protectedProcedure
    .input(z.object({ includeInactive: z.boolean().default(false) }).default({ includeInactive: false }))
    .query(({ ctx, input }) => listLoanTypes(ctx, input)),
  get: protectedProcedure.input(ZId).query(({ ctx, input }) => getLoanType(ctx, input.id)),
  create: adminProcedure.input(ZLoanTypeInput).mutation(({ ctx, input }) => createLoanType(ctx, input)),
  update: adminProcedure.input(ZLoanTypeUpdateInput).mutation(({ ctx, input }) => {
    const { id, ...values } = input
    return updateLoanType(ctx, id, values)
  }),
  setActive: adminProcedure
    .input(z.object({ id: z.uuid({ error: 'Loan type id must be a UUID' }), isActive: z.boolean() }))
    .mutation(({ ctx, input }) => setLoanTypeActive(ctx, input.id, input.isActive)),
  /** The schedule a loan of this type would get (the web app computes the same in the browser). */
  previewSchedule: protectedProcedure
    .input(
      z.object({
        id: z.uuid({ error: 'Loan type id must be a UUID' }),
        principal: zKobo('Principal'),
        termCount: zTerm('Term'),
        startDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Start date must look like 2025-01-31' }),
      }),
    )
    .query(({ ctx, input }) => previewLoanTypeSchedule(ctx, input)),
})
