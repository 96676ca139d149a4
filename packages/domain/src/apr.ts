import type { TermUnit } from './calendar.js'
import { DomainError } from './errors.js'
import type { Kobo } from './money.js'
import { assertKobo } from './money.js'
import { periodsPerYear } from './schedule.js'

/**
 * Internal rate of return per period of evenly spaced cash flows (flows[0] at time 0). A disclosure figure,
 * not money, so plain floating point is fine: it is solved to ~1e-12 and shown to 0.01 percentage point
 * (reference §2.8 tolerance). Newton's method with a bisection fallback on (−1, 100].
 */
export function internalRateOfReturn(flows: readonly number[]): number {
  const hasNegative = flows.some((f) => f < 0)
  const hasPositive = flows.some((f) => f > 0)
  if (!hasNegative || !hasPositive || flows.some((f) => !Number.isFinite(f))) {
    throw new DomainError({
      code: 'IRR_NOT_FOUND',
      message: 'A rate of return needs at least one payment out and one payment in.',
      details: { field: 'flows' },
    })
  }
  const npv = (rate: number): number => flows.reduce((sum, flow, t) => sum + flow / (1 + rate) ** t, 0)
  const derivative = (rate: number): number =>
    flows.reduce((sum, flow, t) => sum - (t * flow) / (1 + rate) ** (t + 1), 0)

  let rate = 0.01
  for (let i = 0; i < 50; i += 1) {
    const value = npv(rate)
    const slope = derivative(rate)
    if (slope === 0 || !Number.isFinite(slope)) break
    const next = rate - value / slope
    if (!Number.isFinite(next) || next <= -1) break
    if (Math.abs(next - rate) < 1e-14) return next
    rate = next
  }
  // Bisection: for a loan (one outflow, then inflows) NPV falls as the rate rises, so there is one root.
  let low = -0.999999
  let high = 100
  let npvLow = npv(low)
  if (npvLow * npv(high) > 0) {
    throw new DomainError({
      code: 'IRR_NOT_FOUND',
      message: 'These cash flows have no rate of return between −100 % and 10,000 % per period.',
      details: { field: 'flows' },
    })
  }
  for (let i = 0; i < 200; i += 1) {
    const mid = (low + high) / 2
    const value = npv(mid)
    if (value === 0 || high - low < 1e-15) return mid
    if (Math.sign(value) === Math.sign(npvLow)) {
      low = mid
      npvLow = value
    } else high = mid
  }
  return (low + high) / 2
}

export type CostOfCredit = {
  /** IRR per installment period, e.g. 0.0149767 for 1.49767 % a week. */
  periodicRate: number
  /** Nominal APR = periodic rate × periods per year. */
  apr: number
  /** Effective annual rate = (1 + periodic)^periods − 1. */
  effectiveAnnualRate: number
  periodsPerYear: number
}

/**
 * Cost of credit of a schedule (reference §2.8): IRR of the borrower's cash flows — the principal received
 * at disbursement less any processing fee collected then, and each installment — annualized. "10 % flat
 * for 12 weeks" comes out near 78 % APR, which is why a lender discloses it.
 */
export function costOfCredit(options: {
  principal: Kobo
  installments: readonly { total: Kobo }[]
  termUnit: TermUnit
  /** Fee collected at disbursement; it reduces what the borrower actually receives. */
  processingFee?: Kobo
}): CostOfCredit {
  assertKobo(options.principal, { field: 'principal', min: 1 })
  const fee = options.processingFee ?? 0
  assertKobo(fee, { field: 'processingFee', max: options.principal - 1 })
  const flows = [-(options.principal - fee), ...options.installments.map((i) => i.total)]
  const periodicRate = internalRateOfReturn(flows)
  const perYear = periodsPerYear(options.termUnit)
  return {
    periodicRate,
    apr: periodicRate * perYear,
    effectiveAnnualRate: (1 + periodicRate) ** perYear - 1,
    periodsPerYear: perYear,
  }
}

/** A fraction as a percentage with two decimals: 0.77876 → "77.88%". */
export function formatPercent(fraction: number, places = 2): string {
  return `${(fraction * 100).toFixed(places)}%`
}
