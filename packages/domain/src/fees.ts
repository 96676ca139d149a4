import { DomainError, describeValue } from './errors.js'
import type { Kobo } from './money.js'
import { applyRate, assertKobo, formatNaira } from './money.js'
import type { RoundingMode } from './rational.js'
import { ONE, parseDecimal, toDecimalString } from './rational.js'

/**
 * Processing fee of a loan product (docs/product.md §3): a flat amount or a percentage of the principal, optionally
 * bounded. It is collected at disbursement, so it is not part of any installment; the schedule reports it
 * separately so receipts and reports show it and it is never silently lost (old system: fee stored, never
 * counted anywhere).
 */
export type ProcessingFeeRule =
  { kind: 'FLAT'; amount: Kobo } | { kind: 'PERCENT_OF_PRINCIPAL'; rate: string; min?: Kobo; max?: Kobo }

export type ProcessingFeeInput = {
  principal: Kobo
  rule: ProcessingFeeRule | undefined
  rounding?: RoundingMode
}

/** The fee in kobo (0 without a rule). */
export function processingFee({ principal, rule, rounding = 'HALF_EVEN' }: ProcessingFeeInput): Kobo {
  return processingFeeWithReason({ principal, rule, rounding }).amount
}

/** The fee and the line of arithmetic behind it (for explanations and receipts). */
export function processingFeeWithReason({ principal, rule, rounding = 'HALF_EVEN' }: ProcessingFeeInput): {
  amount: Kobo
  reason: string
} {
  assertKobo(principal, { field: 'principal' })
  if (rule === undefined) return { amount: 0, reason: 'No processing fee.' }
  const kind: unknown = rule.kind
  switch (rule.kind) {
    case 'FLAT':
      assertKobo(rule.amount, { field: 'processingFee.amount' })
      return { amount: rule.amount, reason: `Flat processing fee ${formatNaira(rule.amount)}.` }
    case 'PERCENT_OF_PRINCIPAL': {
      const rate = parseDecimal(rule.rate, { field: 'processingFee.rate', max: ONE })
      const raw = applyRate(principal, rate, rounding, 'processingFee')
      if (rule.min !== undefined) assertKobo(rule.min, { field: 'processingFee.min' })
      if (rule.max !== undefined) assertKobo(rule.max, { field: 'processingFee.max', min: rule.min ?? 0 })
      let amount = raw
      let bound = ''
      if (rule.min !== undefined && amount < rule.min) {
        amount = rule.min
        bound = `, raised to the minimum ${formatNaira(rule.min)}`
      }
      if (rule.max !== undefined && amount > rule.max) {
        amount = rule.max
        bound = `, limited to the maximum ${formatNaira(rule.max)}`
      }
      return {
        amount,
        reason: `${formatNaira(principal)} × ${toDecimalString(rate)} = ${formatNaira(raw)} (${rounding})${bound}.`,
      }
    }
    default:
      throw new DomainError({
        code: 'INVALID_OPTION',
        message: `Processing fee kind must be FLAT or PERCENT_OF_PRINCIPAL (got ${describeValue(kind)}).`,
        details: { field: 'processingFee.kind' },
      })
  }
}
