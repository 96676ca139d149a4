import {
  AGING_BUCKETS,
  CBN_MFB_PROVISIONING,
  portfolioAtRisk,
  provisioning,
  ratioString,
  type AgingBucket,
  type PortfolioLoan,
  type Ratio,
} from '@mp/domain'
import type { PortfolioSummary } from './portfolio.js'

/**
 * KPIs as the screens show them: each carries its definition and the figures behind it ("explain this
 * number"). The figures come from SQL aggregates over the ledger or from snapshots; the ratios and the
 * provisioning are the domain's own functions fed with those aggregates (docs/reports.md).
 */
export type Kpi = {
  key: string
  label: string
  /** A ratio as an exact decimal string ('0.1234…'), or null for money/count KPIs. */
  ratio: string | null
  /** Money in kobo, or a count. */
  value: number
  unit: 'KOBO' | 'COUNT' | 'RATIO'
  definition: string
  /** The figures it was computed from, in words and kobo. */
  inputs: { label: string; value: number; unit: 'KOBO' | 'COUNT' }[]
}

export const DEFINITIONS = {
  portfolio: 'Outstanding principal of every running (active or defaulted) loan on the date.',
  activeLoans: 'Running loans (active or defaulted) on the date.',
  disbursed: 'Principal of the loans disbursed in the period.',
  collected: 'Repayments received in the period (reversed payments excluded).',
  par: (days: number) =>
    days <= 1
      ? 'PAR1: outstanding principal of loans 1 or more days past due ÷ outstanding principal of all running loans (balance-weighted, never a loan count).'
      : `PAR${String(days)}: outstanding principal of loans more than ${String(days)} days past due ÷ outstanding principal of all running loans (balance-weighted, never a loan count).`,
  collectionEfficiency:
    'Collected during the period against installments due in the period (prepayments made before the period excluded) ÷ principal, interest and fees due in the period.',
  onTime:
    'Paid on or before the due date, for installments due in the period (capped at the amount due) ÷ amount due in the period.',
  dueToday: 'Still unpaid on installments due today (penalties included).',
  arrears:
    'Principal of installments past their due date still unpaid ÷ outstanding principal (arrears rate).',
  approvals: 'Applications waiting for approval that you may decide (never your own submissions).',
} as const

export function moneyKpi(
  key: string,
  label: string,
  value: number,
  definition: string,
  inputs: Kpi['inputs'] = [],
): Kpi {
  return { key, label, ratio: null, value, unit: 'KOBO', definition, inputs }
}

export function countKpi(key: string, label: string, value: number, definition: string): Kpi {
  return { key, label, ratio: null, value, unit: 'COUNT', definition, inputs: [] }
}

export function ratioKpi(
  key: string,
  label: string,
  ratio: Ratio,
  definition: string,
  names: [string, string],
): Kpi {
  return {
    key,
    label,
    ratio: ratio.ratio,
    value: ratio.denominator === 0 ? 0 : ratio.numerator / ratio.denominator,
    unit: 'RATIO',
    definition,
    inputs: [
      { label: names[0], value: ratio.numerator, unit: 'KOBO' },
      { label: names[1], value: ratio.denominator, unit: 'KOBO' },
    ],
  }
}

/** Parts of a ratio as a Ratio (the domain's exact decimal string). */
export function ratioOf(numerator: number, denominator: number): Ratio {
  return { numerator, denominator, ratio: ratioString(numerator, denominator) }
}

// "PAR with restructured loans" (CGAP/SEEP microfinance reporting practice): a restructured loan carries
// the risk it was restructured for, so it counts at risk whatever its arrears (docs/reports.md).
const RESTRUCTURED_AT_RISK =
  'Every running loan restructured on or before the day counts at risk here, whatever its arrears.'

/** PARx from its at-risk principal and the portfolio (both from SQL or snapshots). */
export function parKpiOf(
  figures: { atRisk: number; portfolio: number },
  days: number,
  includeRestructured = false,
): Kpi {
  return ratioKpi(
    `par${String(days)}${includeRestructured ? 'WithRestructured' : ''}`,
    `PAR${String(days)}${includeRestructured ? ' (restructured at risk)' : ''}`,
    ratioOf(figures.atRisk, figures.portfolio),
    includeRestructured ? `${DEFINITIONS.par(days)} ${RESTRUCTURED_AT_RISK}` : DEFINITIONS.par(days),
    [
      days <= 1
        ? 'Outstanding principal 1+ days late'
        : `Outstanding principal more than ${String(days)} days late`,
      'Portfolio outstanding',
    ],
  )
}

/** PARx of running loans given one by one (the golden vector; reports aggregate in SQL). */
export function parKpi(
  rows: readonly (PortfolioLoan & { status: string })[],
  days: number,
  includeRestructured = false,
): Kpi {
  const running = rows.filter((row) => row.status === 'ACTIVE' || row.status === 'DEFAULTED')
  const par = portfolioAtRisk(running, days, { includeRestructured })
  return parKpiOf({ atRisk: par.atRisk, portfolio: par.portfolio }, days, includeRestructured)
}

const PAR_DAYS = [1, 30, 60, 90] as const
type ParDays = (typeof PAR_DAYS)[number]

function atRiskOf(summary: PortfolioSummary, days: ParDays): number {
  switch (days) {
    case 1:
      return summary.par1_principal
    case 30:
      return summary.par30_principal
    case 60:
      return summary.par60_principal
    case 90:
      return summary.par90_principal
  }
}

function agingOf(summary: PortfolioSummary, bucket: AgingBucket): { amount: number; count: number } {
  switch (bucket) {
    case 'current':
      return { amount: summary.aging_current_amount, count: summary.aging_current_count }
    case '1-30':
      return { amount: summary.aging_1_30_amount, count: summary.aging_1_30_count }
    case '31-60':
      return { amount: summary.aging_31_60_amount, count: summary.aging_31_60_count }
    case '61-90':
      return { amount: summary.aging_61_90_amount, count: summary.aging_61_90_count }
    case '90+':
      return { amount: summary.aging_90_plus_amount, count: summary.aging_90_plus_count }
  }
}

/**
 * One stand-in loan per aging bucket carrying the bucket's whole balance: the CBN provisioning classes
 * are exactly the aging buckets (0, 1–30, 31–60, 61–90, 91+ days), so the domain's `provisioning` fed
 * these gives the same classes, balances and rounding (once per class) as feeding every loan.
 */
const BUCKET_DAYS: Record<AgingBucket, number> = {
  current: 0,
  '1-30': 1,
  '31-60': 31,
  '61-90': 61,
  '90+': 91,
}
// The stand-ins rely on the classes starting where the buckets start; refuse to run if either moves.
if (CBN_MFB_PROVISIONING.map((tier) => tier.minDays).join() !== Object.values(BUCKET_DAYS).join())
  throw new Error('CBN provisioning classes no longer match the aging buckets (report-kpi.ts)')

/**
 * Totals, PAR with and without restructured loans, arrears rate, aging and provisioning of a summary.
 * `restructuredNotLate` is, per threshold, the principal of restructured running loans not already at
 * risk (`restructuredNotLate` in portfolio.ts); a daily-close snapshot does not keep it, so a past date
 * read from snapshots alone (no as-of run) shows PAR with restructured loans as without them.
 */
export function portfolioFigures(
  summary: PortfolioSummary,
  restructuredNotLate: Readonly<Record<ParDays, number>> | null = null,
) {
  const portfolio = summary.outstanding_principal
  return {
    totals: {
      loans: summary.loans_active + summary.loans_defaulted,
      outstandingPrincipal: portfolio,
      outstanding: summary.outstanding,
      overdue: summary.overdue,
      overduePrincipal: summary.overdue_principal,
      penaltiesAccrued: summary.penalties_accrued,
    },
    par: PAR_DAYS.map((days) => ({
      days,
      without: parKpiOf({ atRisk: atRiskOf(summary, days), portfolio }, days, false),
      with: parKpiOf(
        { atRisk: atRiskOf(summary, days) + (restructuredNotLate?.[days] ?? 0), portfolio },
        days,
        true,
      ),
    })),
    arrears: ratioKpi(
      'arrearsRate',
      'Arrears rate',
      ratioOf(summary.overdue_principal, portfolio),
      DEFINITIONS.arrears,
      ['Overdue principal', 'Portfolio outstanding'],
    ),
    aging: AGING_BUCKETS.map((bucket) => ({ bucket, ...agingOf(summary, bucket) })),
    provisioning: provisioning(
      AGING_BUCKETS.map((bucket) => ({
        outstandingPrincipal: agingOf(summary, bucket).amount,
        daysPastDue: BUCKET_DAYS[bucket],
      })),
    ),
  }
}
