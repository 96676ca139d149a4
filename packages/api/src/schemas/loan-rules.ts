import type { InterestTerms, PenaltyRule, ProcessingFeeRule } from '@mp/domain'
import { z } from 'zod'
import { parseStored, toStored } from './stored.js'

// The rule shapes of a loan product (docs/product.md §3), in @mp/domain's types: checked on the way in (product
// forms) and again when read back from the jsonb columns, so no stored rule reaches the engine unchecked.

/** Money in integer kobo (docs/product.md §2): no fractions, no negatives, within JavaScript's exact range. */
export const zKobo = (label: string) =>
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

export const ZInterest = z.discriminatedUnion(
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

export const ZProcessingFee = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('FLAT'), amount: zKobo('Processing fee') }),
    z
      .object({
        kind: z.literal('PERCENT_OF_PRINCIPAL'),
        rate: zRate('Processing fee rate'),
        min: zKobo('Minimum processing fee').optional(),
        max: zKobo('Maximum processing fee').optional(),
      })
      .refine((fee) => fee.min === undefined || fee.max === undefined || fee.max >= fee.min, {
        error: 'Maximum processing fee must be at least the minimum processing fee',
        path: ['max'],
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

export const ZPenalty = z.discriminatedUnion(
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

/** The format loan rules are stored in (loan_type and loan jsonb columns); see stored.ts. */
export const LOAN_RULES_VERSION = 1

/** A rule as written to its jsonb column: with its format's version. */
export function toStoredRule(rule: object): string {
  return toStored(LOAN_RULES_VERSION, rule)
}

/**
 * Rules read back from a jsonb column, checked against the schema of their stored version (version 1 is
 * the shape they are written with today; rows from before versions existed are version 1 too). An unknown
 * version is refused with a clear message (StoredFormatError); a row that does not match is corrupt data,
 * not user input: it fails loudly (500, logged) instead of reaching the lending engine.
 */
export function storedInterest(value: unknown): InterestTerms {
  return parseStored('interest rule', value, { 1: ZInterest })
}

export function storedProcessingFee(value: unknown): ProcessingFeeRule | null {
  return value === null ? null : parseStored('processing fee rule', value, { 1: ZProcessingFee })
}

export function storedPenalty(value: unknown): PenaltyRule | null {
  return value === null ? null : parseStored('penalty rule', value, { 1: ZPenalty })
}
