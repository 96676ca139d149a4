import type { IsoDate } from './calendar.js'
import { assertIsoDate } from './calendar.js'
import { DomainError, describeValue } from './errors.js'
import type { Kobo } from './money.js'
import { assertKobo, koboFromBigInt, sumKobo } from './money.js'
import type { LoanPosition } from './position.js'
import type { RoundingMode } from './rational.js'
import { parseDecimal, rational, roundDiv, toDecimalString } from './rational.js'

/** A ratio with its parts: `ratio` is a decimal string, exact when it terminates ("0.3"), else 10 places. */
export type Ratio = { numerator: Kobo; denominator: Kobo; ratio: string }

/** Exact ratio string; an empty denominator gives "0" (no portfolio, nothing at risk). */
export function ratioString(numerator: Kobo | bigint, denominator: Kobo | bigint): string {
  const den = BigInt(denominator)
  if (den === 0n) return '0'
  return toDecimalString(rational(BigInt(numerator), den))
}

export type PortfolioLoan = {
  outstandingPrincipal: Kobo
  daysPastDue: number
  restructured?: boolean
}

export type ParResult = { atRisk: Kobo; portfolio: Kobo; ratio: string }

/**
 * a + b for kobo totals, refusing to leave the safe-integer range: past 2^53 a float sum silently rounds,
 * and a report would show a wrong portfolio and ratio instead of an error.
 */
const plus = (a: Kobo, b: Kobo, field: string): Kobo => sumKobo([a, b], field)

function checkLoans(loans: readonly PortfolioLoan[]): void {
  loans.forEach((loan, index) => {
    assertKobo(loan.outstandingPrincipal, { field: `loans[${index}].outstandingPrincipal` })
    if (!Number.isInteger(loan.daysPastDue) || loan.daysPastDue < 0) {
      throw new DomainError({
        code: 'INVALID_OPTION',
        message: `Days past due of loan ${index + 1} must be a whole number of days, 0 or more (got ${describeValue(loan.daysPastDue)}).`,
        details: { field: `loans[${index}].daysPastDue` },
      })
    }
  })
}

/**
 * PAR_x, balance-weighted, never a loan count (docs/product.md §7, reference §2.6): outstanding principal of loans
 * more than x days past due ÷ outstanding principal of all loans given. PAR1 means DPD ≥ 1. With
 * `includeRestructured`, restructured loans count as at risk whatever their DPD (CGAP/SEEP: leaving them
 * out hides risk).
 */
export function portfolioAtRisk(
  loans: readonly PortfolioLoan[],
  days: number,
  options: { includeRestructured?: boolean } = {},
): ParResult {
  if (!Number.isInteger(days) || days < 0) {
    throw new DomainError({
      code: 'INVALID_OPTION',
      message: `PAR days must be a whole number, 0 or more (got ${describeValue(days)}).`,
      details: { field: 'days' },
    })
  }
  checkLoans(loans)
  let atRisk = 0
  let portfolio = 0
  for (const loan of loans) {
    portfolio = plus(portfolio, loan.outstandingPrincipal, 'portfolio')
    const isLate = days <= 1 ? loan.daysPastDue >= 1 : loan.daysPastDue > days
    if (isLate || (options.includeRestructured === true && loan.restructured === true))
      atRisk += loan.outstandingPrincipal // ≤ portfolio, so already in range
  }
  return { atRisk, portfolio, ratio: ratioString(atRisk, portfolio) }
}

export type AgingBucket = 'current' | '1-30' | '31-60' | '61-90' | '90+'

export const AGING_BUCKETS: readonly AgingBucket[] = ['current', '1-30', '31-60', '61-90', '90+']

/** docs/product.md §7 aging buckets: current (0), 1–30, 31–60, 61–90, over 90 days past due. */
export function agingBucket(daysPastDue: number): AgingBucket {
  if (daysPastDue <= 0) return 'current'
  if (daysPastDue <= 30) return '1-30'
  if (daysPastDue <= 60) return '31-60'
  if (daysPastDue <= 90) return '61-90'
  return '90+'
}

/** Outstanding principal per aging bucket, with loan counts. */
export function agingBuckets(loans: readonly PortfolioLoan[]): {
  amounts: Record<AgingBucket, Kobo>
  counts: Record<AgingBucket, number>
} {
  checkLoans(loans)
  const amounts: Record<AgingBucket, Kobo> = { current: 0, '1-30': 0, '31-60': 0, '61-90': 0, '90+': 0 }
  const counts: Record<AgingBucket, number> = { current: 0, '1-30': 0, '31-60': 0, '61-90': 0, '90+': 0 }
  for (const loan of loans) {
    const bucket = agingBucket(loan.daysPastDue)
    amounts[bucket] = plus(amounts[bucket], loan.outstandingPrincipal, `agingBuckets.${bucket}`)
    counts[bucket] += 1
  }
  return { amounts, counts }
}

/**
 * Arrears rate = overdue principal ÷ portfolio (outstanding principal). A different, smaller figure than
 * PAR; never label it PAR (reference §2.6).
 */
export function arrearsRate(loans: readonly { outstandingPrincipal: Kobo; overduePrincipal: Kobo }[]): {
  overdue: Kobo
  portfolio: Kobo
  ratio: string
} {
  let overdue = 0
  let portfolio = 0
  loans.forEach((loan, index) => {
    assertKobo(loan.outstandingPrincipal, { field: `loans[${index}].outstandingPrincipal` })
    assertKobo(loan.overduePrincipal, {
      field: `loans[${index}].overduePrincipal`,
      max: loan.outstandingPrincipal,
    })
    portfolio = plus(portfolio, loan.outstandingPrincipal, 'portfolio')
    overdue += loan.overduePrincipal // each ≤ its outstanding principal, so ≤ portfolio
  })
  return { overdue, portfolio, ratio: ratioString(overdue, portfolio) }
}

/** An installment's scheduled amount (principal + interest + fee, penalties excluded) and what paid it. */
export type InstallmentDue = {
  dueDate: IsoDate
  amountDue: Kobo
  payments: readonly { date: IsoDate; amount: Kobo }[]
}

/** The dues of a loan position, for the period KPIs (penalty allocations are left out on purpose). */
export function installmentDues(position: Pick<LoanPosition, 'installments'>): InstallmentDue[] {
  return position.installments.map((inst) => ({
    dueDate: inst.dueDate,
    amountDue: inst.due.principal + inst.due.interest + inst.due.fee,
    payments: inst.allocations.map((a) => ({ date: a.date, amount: a.principal + a.interest + a.fee })),
  }))
}

export type Period = { from: IsoDate; to: IsoDate }

function checkPeriod(period: Period): void {
  assertIsoDate(period.from, 'from')
  assertIsoDate(period.to, 'to')
  if (period.to < period.from) {
    throw new DomainError({
      code: 'INVALID_DATE',
      message: `The period ends (${period.to}) before it starts (${period.from}).`,
      details: { field: 'to' },
    })
  }
}

function periodKpi(
  dues: readonly InstallmentDue[],
  period: Period,
  counts: (due: InstallmentDue, payment: { date: IsoDate; amount: Kobo }) => boolean,
): Ratio {
  checkPeriod(period)
  let numerator = 0
  let denominator = 0
  for (const due of dues) {
    if (due.dueDate < period.from || due.dueDate > period.to) continue
    denominator = plus(denominator, due.amountDue, 'amount due')
    const counted = due.payments.reduce(
      (sum, payment) => sum + (counts(due, payment) ? payment.amount : 0),
      0,
    )
    numerator += Math.min(counted, due.amountDue)
  }
  return { numerator, denominator, ratio: ratioString(numerator, denominator) }
}

/**
 * Collection efficiency (docs/product.md §7): collected during the period against installments due in the period,
 * prepayments (paid before the period) excluded, ÷ amount due in the period.
 */
export function collectionEfficiency(dues: readonly InstallmentDue[], period: Period): Ratio {
  return periodKpi(dues, period, (_due, payment) => payment.date >= period.from && payment.date <= period.to)
}

/**
 * On-time rate (docs/product.md §7): amount paid on or before the due date for installments due in the period
 * (capped at the amount due) ÷ amount due in the period.
 */
export function onTimeRate(dues: readonly InstallmentDue[], period: Period): Ratio {
  return periodKpi(dues, period, (due, payment) => payment.date <= due.dueDate)
}

export type ProvisionClass = 'PERFORMING' | 'PASS_AND_WATCH' | 'SUBSTANDARD' | 'DOUBTFUL' | 'LOST'

export type ProvisionTier = { class: ProvisionClass; minDays: number; maxDays: number | null; rate: string }

/**
 * CBN provisioning preset for Nigerian MFBs, as cited in reference §2.6 from the Revised Regulatory &
 * Supervisory Guidelines for MFBs (check against the current CBN circular before relying on it).
 */
export const CBN_MFB_PROVISIONING: readonly ProvisionTier[] = [
  { class: 'PERFORMING', minDays: 0, maxDays: 0, rate: '0.01' },
  { class: 'PASS_AND_WATCH', minDays: 1, maxDays: 30, rate: '0.05' },
  { class: 'SUBSTANDARD', minDays: 31, maxDays: 60, rate: '0.20' },
  { class: 'DOUBTFUL', minDays: 61, maxDays: 90, rate: '0.50' },
  { class: 'LOST', minDays: 91, maxDays: null, rate: '1' },
]

export type ProvisionResult = {
  total: Kobo
  byClass: { class: ProvisionClass; rate: string; balance: Kobo; provision: Kobo }[]
}

/**
 * Loan-loss provision by days-past-due class: Σ outstanding principal per class × class rate, rounded
 * once per class (so the classes add up to the total shown). Restructured loans are classed by DPD here;
 * a stricter policy can pass their DPD raised.
 */
export function provisioning(
  loans: readonly PortfolioLoan[],
  options: { tiers?: readonly ProvisionTier[]; rounding?: RoundingMode } = {},
): ProvisionResult {
  checkLoans(loans)
  const tiers = options.tiers ?? CBN_MFB_PROVISIONING
  const rounding = options.rounding ?? 'HALF_EVEN'
  const byClass = tiers.map((tier, index) => {
    const rate = parseDecimal(tier.rate, { field: `tiers[${index}].rate` })
    const balance = loans
      .filter(
        (loan) =>
          loan.daysPastDue >= tier.minDays && (tier.maxDays === null || loan.daysPastDue <= tier.maxDays),
      )
      .reduce((sum, loan) => plus(sum, loan.outstandingPrincipal, `${tier.class} balance`), 0)
    const provision = koboFromBigInt(roundDiv(BigInt(balance) * rate.num, rate.den, rounding), 'provision')
    return { class: tier.class, rate: tier.rate, balance, provision }
  })
  const provisions = byClass.map((c) => c.provision)
  return { total: sumKobo(provisions, 'provision'), byClass }
}
