// The dashboard's period choices, number wording and chart data (docs/product.md §7). Every figure comes from
// report.dashboard (computed on the server over the viewer's scope); this only chooses the period and
// says the numbers.
import { addDays, addMonths, formatNaira, LOAN_STATUSES, type LoanStatus } from '@mp/domain'
import type { Parsed } from './loan-type-form'
import { loanStatusBadge, statusWords } from './loan-status'
import type { RouterOutputs } from './trpc'

export type Dashboard = RouterOutputs['report']['dashboard']
export type Kpi = Dashboard['kpis'][number]
export type KpiInput = Kpi['inputs'][number]

export type PeriodChoice = 'thisMonth' | 'last7' | 'last30' | 'last90' | 'lastMonth' | 'custom'

export const PERIOD_CHOICES: readonly { value: PeriodChoice; label: string }[] = [
  { value: 'thisMonth', label: 'This month' },
  { value: 'last7', label: 'Last 7 days' },
  { value: 'last30', label: 'Last 30 days' },
  { value: 'last90', label: 'Last 90 days' },
  { value: 'lastMonth', label: 'Last month' },
  { value: 'custom', label: 'Custom range' },
]

export function isPeriodChoice(value: unknown): value is PeriodChoice {
  return PERIOD_CHOICES.some((choice) => choice.value === value)
}

/** What report.dashboard is asked for; `{}` lets the server use its own "this month to today". */
export type PeriodInput = { from?: string; to?: string }

/**
 * The period to ask for. "This month" is the server's default (so the office's calendar decides it, not
 * the browser's clock); the others count back from `today` (the company's today), today included.
 */
export function periodInput(
  choice: PeriodChoice,
  today: string,
  custom: readonly [string | null, string | null],
): Parsed<PeriodInput> {
  switch (choice) {
    case 'thisMonth':
      return { ok: true, value: {} }
    case 'last7':
      return { ok: true, value: { from: addDays(today, -6), to: today } }
    case 'last30':
      return { ok: true, value: { from: addDays(today, -29), to: today } }
    case 'last90':
      return { ok: true, value: { from: addDays(today, -89), to: today } }
    case 'lastMonth': {
      const firstOfThisMonth = `${today.slice(0, 7)}-01`
      return {
        ok: true,
        value: { from: addMonths(firstOfThisMonth, -1), to: addDays(firstOfThisMonth, -1) },
      }
    }
    case 'custom': {
      const [from, to] = custom
      if (from === null || to === null) return { ok: false, error: 'Choose the first and last day' }
      if (to < from) return { ok: false, error: 'The last day must be on or after the first day' }
      return { ok: true, value: { from, to } }
    }
  }
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/** `1234` → '1,234'. */
export function formatCount(count: number): string {
  const sign = count < 0 ? '-' : ''
  return `${sign}${groupThousands(String(Math.trunc(Math.abs(count))))}`
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/

/**
 * An exact decimal ratio ('0.123456…') as a percentage with two decimals, rounded half up on the exact
 * digits (no floating point): '0.123456' → '12.35%', '1' → '100.00%'. Anything else reads as '—'.
 */
export function formatRatio(ratio: string): string {
  const match = DECIMAL.exec(ratio.trim())
  if (!match) return '—'
  const whole = match[2] ?? '0'
  const fraction = match[3] ?? ''
  // Hundredths of a percent = ratio × 10 000: the whole part and four fraction digits, then round.
  let basisPoints = BigInt(whole + fraction.padEnd(4, '0').slice(0, 4))
  if (Number(fraction.charAt(4) || '0') >= 5) basisPoints += 1n
  const isNegative = match[1] === '-' && basisPoints !== 0n
  const percent = basisPoints / 100n
  const hundredths = (basisPoints % 100n).toString().padStart(2, '0')
  return `${isNegative ? '-' : ''}${groupThousands(percent.toString())}.${hundredths}%`
}

/** A KPI's figure in its unit: ₦ for kobo, a percentage for a ratio, a plain count. */
export function kpiValueText(kpi: Pick<Kpi, 'unit' | 'value' | 'ratio'>): string {
  switch (kpi.unit) {
    case 'KOBO':
      return formatNaira(kpi.value)
    case 'COUNT':
      return formatCount(kpi.value)
    case 'RATIO':
      return kpi.ratio === null ? `${(kpi.value * 100).toFixed(2)}%` : formatRatio(kpi.ratio)
  }
}

export function kpiInputText(input: Pick<KpiInput, 'unit' | 'value'>): string {
  switch (input.unit) {
    case 'KOBO':
      return formatNaira(input.value)
    case 'COUNT':
      return formatCount(input.value)
  }
}

/** The list behind each KPI card, where one exists. */
const KPI_LINKS: Partial<Record<string, { to: string; label: string }>> = {
  portfolio: { to: '/loans?status=ACTIVE', label: 'Active loans' },
  activeLoans: { to: '/loans?status=ACTIVE', label: 'Active loans' },
  par30: { to: '/loans?status=OVERDUE', label: 'Overdue loans' },
  disbursed: { to: '/reports?tab=disbursements', label: 'Disbursement report' },
  collected: { to: '/repayments', label: 'Repayments' },
  dueToday: { to: '/due-list', label: 'Due list' },
  approvalsWaiting: { to: '/loans?status=PENDING_APPROVAL', label: 'Loans pending approval' },
  collectionEfficiency: { to: '/reports?tab=performance', label: 'Officer performance' },
  onTimeRate: { to: '/reports?tab=performance', label: 'Officer performance' },
}

export function kpiLink(key: string): { to: string; label: string } | undefined {
  return KPI_LINKS[key]
}

const PERIOD_KPIS = new Set(['disbursed', 'collected', 'collectionEfficiency', 'onTimeRate'])

/** Flows are summed over the chosen period; balances (portfolio, PAR, due, waiting) are as of today. */
export function kpiTiming(key: string): 'In the period' | 'Today' {
  return PERIOD_KPIS.has(key) ? 'In the period' : 'Today'
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const

/** '2026-11' → 'Nov 2026'. */
export function monthLabel(month: string): string {
  const name = MONTHS[Number(month.slice(5, 7)) - 1]
  return name ? `${name} ${month.slice(0, 4)}` : month
}

/** Short ₦ for an axis: ₦0, ₦950, ₦12.5k, ₦1.2M, ₦3B. */
export function compactNaira(naira: number): string {
  const abs = Math.abs(naira)
  const sign = naira < 0 ? '-' : ''
  const steps: readonly [number, string][] = [
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'k'],
  ]
  for (const [size, suffix] of steps) {
    if (abs >= size) {
      const scaled = abs / size
      const text = scaled >= 100 ? scaled.toFixed(0) : String(Number(scaled.toFixed(1)))
      return `${sign}₦${text}${suffix}`
    }
  }
  return `${sign}₦${String(Math.round(abs))}`
}

/** Money stays in exact kobo: bar heights are drawn from it, titles and tables say it in ₦ to the kobo. */
export type MonthlyPoint = { month: string; disbursed: number; collected: number }

export function monthlyChartData(monthly: Dashboard['charts']['monthly']): MonthlyPoint[] {
  return monthly.map((row) => ({
    month: monthLabel(row.month),
    disbursed: row.disbursed,
    collected: row.collected,
  }))
}

/** `par30` places the point (a percentage); `text` is the exact ratio in words ('12.50%'). */
export type ParPoint = { date: string; par30: number; text: string }

/** PAR30 per date; `formatDate` is the company date format. */
export function parTrendData(
  points: Dashboard['charts']['parTrend'],
  formatDate: (day: string) => string,
): ParPoint[] {
  return points.map((point) => ({
    date: formatDate(point.date),
    par30: Number(point.ratio) * 100,
    text: formatRatio(point.ratio),
  }))
}

/**
 * Round steps for a chart's value axis from 0 to at least `max`: 1, 2, 2.5 or 5 times a power of ten,
 * about `count` of them. `axisTicks(83_000)` → [0, 25000, 50000, 75000, 100000]. An empty chart gets [0, 1].
 */
export function axisTicks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0, 1]
  const rough = max / count
  const power = 10 ** Math.floor(Math.log10(rough))
  const step = ([1, 2, 2.5, 5, 10].find((factor) => factor * power >= rough) ?? 10) * power
  const top = Math.ceil(max / step)
  return Array.from({ length: top + 1 }, (_, index) => Number((index * step).toPrecision(12)))
}

function isLoanStatus(status: string): status is LoanStatus {
  return (LOAN_STATUSES as readonly string[]).includes(status)
}

export type StatusCell = { name: string; value: number; color: string }

/** Loans per status, in the loan-status words and colours used on every other page. */
export function statusMixData(rows: Dashboard['charts']['statusMix']): StatusCell[] {
  return rows
    .filter((row) => row.count > 0)
    .map((row) => ({
      name: statusWords(row.status),
      value: row.count,
      color: isLoanStatus(row.status) ? loanStatusBadge(row.status, 0).color : 'gray',
    }))
}

/** A company (or a scope) with no loans at all yet: nothing to chart. */
export function hasNoLoans(dashboard: Pick<Dashboard, 'charts'>): boolean {
  return dashboard.charts.statusMix.every((row) => row.count === 0)
}
