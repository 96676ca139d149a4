import { sql, type RepaymentMethod } from '@mp/db'
import {
  AGING_BUCKETS,
  addDays,
  addMonths,
  agingBuckets,
  arrearsRate,
  collectionEfficiency,
  installmentDues,
  onTimeRate,
  portfolioAtRisk,
  provisioning,
  ratioString,
  type InstallmentDue,
  type Period,
} from '@mp/domain'
import type { AuthedContext } from '../context.js'
import { AppError } from '../errors.js'
import { staffScope, type StaffScope } from '../scope.js'
import { companyFacts, daysPastDueSql, type CompanyFacts } from './loan-core.js'
import {
  isInPortfolio,
  loadPortfolio,
  portfolioAsOf,
  portfolioAt,
  type LoadedPortfolio,
  type PortfolioEntry,
  type PortfolioFilters,
  type PortfolioRow,
} from './portfolio.js'

/**
 * Reports and dashboards (SPEC §7). Every figure is computed on the server over all the data in the
 * viewer's scope: sums in SQL, loan-level figures by replaying each loan with @mp/domain, and the KPIs by
 * the domain's own definitions (portfolioAtRisk, agingBuckets, arrearsRate, collectionEfficiency,
 * onTimeRate, provisioning). Each KPI carries its definition and the figures behind it ("explain this
 * number").
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

const DEFINITIONS = {
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

function moneyKpi(
  key: string,
  label: string,
  value: number,
  definition: string,
  inputs: Kpi['inputs'] = [],
): Kpi {
  return { key, label, ratio: null, value, unit: 'KOBO', definition, inputs }
}

function countKpi(key: string, label: string, value: number, definition: string): Kpi {
  return { key, label, ratio: null, value, unit: 'COUNT', definition, inputs: [] }
}

function ratioKpi(
  key: string,
  label: string,
  ratio: { numerator: number; denominator: number; ratio: string },
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

export function parKpi(rows: readonly PortfolioRow[], days: number, includeRestructured = false): Kpi {
  const running = rows.filter(isInPortfolio)
  const par = portfolioAtRisk(running, days, { includeRestructured })
  return ratioKpi(
    `par${String(days)}${includeRestructured ? 'WithRestructured' : ''}`,
    `PAR${String(days)}${includeRestructured ? ' (restructured at risk)' : ''}`,
    { numerator: par.atRisk, denominator: par.portfolio, ratio: par.ratio },
    DEFINITIONS.par(days),
    [
      days <= 1
        ? 'Outstanding principal 1+ days late'
        : `Outstanding principal more than ${String(days)} days late`,
      'Portfolio outstanding',
    ],
  )
}

function dues(entries: readonly PortfolioEntry[]): InstallmentDue[] {
  return entries.flatMap((entry) => installmentDues(entry.position))
}

export function periodKpis(entries: readonly PortfolioEntry[], period: Period): [Kpi, Kpi] {
  const all = dues(entries)
  return [
    ratioKpi(
      'collectionEfficiency',
      'Collection efficiency',
      collectionEfficiency(all, period),
      DEFINITIONS.collectionEfficiency,
      ['Collected against dues of the period', 'Due in the period'],
    ),
    ratioKpi('onTimeRate', 'On-time rate', onTimeRate(all, period), DEFINITIONS.onTime, [
      'Paid on or before the due date',
      'Due in the period',
    ]),
  ]
}

type Filters = PortfolioFilters & { from: string; to: string }

/** Loans with their member's union, limited to the viewer's scope and the union/officer filters. */
function scopedLoans(ctx: AuthedContext, scope: StaffScope, filters: PortfolioFilters = {}) {
  let query = ctx.db
    .selectFrom('loan')
    .innerJoin('member as m', 'm.id', 'loan.member_id')
    .innerJoin('union as u', 'u.id', 'm.union_id')
  if (!scope.isAll) query = query.where('u.credit_officer_id', 'in', scope.staffIds)
  if (filters.unionId) query = query.where('u.id', '=', filters.unionId)
  if (filters.officerId) query = query.where('u.credit_officer_id', '=', filters.officerId)
  return query
}

/** Repayments of those loans. */
function scopedRepayments(ctx: AuthedContext, scope: StaffScope, filters: PortfolioFilters = {}) {
  let query = ctx.db
    .selectFrom('repayment as r')
    .innerJoin('loan', 'loan.id', 'r.loan_id')
    .innerJoin('member as m', 'm.id', 'loan.member_id')
    .innerJoin('union as u', 'u.id', 'm.union_id')
  if (!scope.isAll) query = query.where('u.credit_officer_id', 'in', scope.staffIds)
  if (filters.unionId) query = query.where('u.id', '=', filters.unionId)
  if (filters.officerId) query = query.where('u.credit_officer_id', '=', filters.officerId)
  return query
}

/** Σ principal disbursed and Σ repayments received in a period, in SQL, scoped. */
async function flows(ctx: AuthedContext, scope: StaffScope, filters: Filters) {
  const disbursed = scopedLoans(ctx, scope, filters)
    .select((eb) => [
      eb.fn.coalesce(eb.fn.sum<string>('loan.principal'), sql<string>`0`).as('principal'),
      eb.fn.coalesce(eb.fn.sum<string>('loan.processing_fee'), sql<string>`0`).as('fees'),
      eb.fn.countAll<number>().as('count'),
    ])
    .where('loan.disbursed_on', '>=', filters.from)
    .where('loan.disbursed_on', '<=', filters.to)
  const collected = scopedRepayments(ctx, scope, filters)
    .select((eb) => [
      eb.fn.coalesce(eb.fn.sum<string>('r.amount'), sql<string>`0`).as('amount'),
      eb.fn.countAll<number>().as('count'),
    ])
    .where('r.paid_on', '>=', filters.from)
    .where('r.paid_on', '<=', filters.to)
    .where('r.reversed_at', 'is', null)
  const [d, c] = await Promise.all([disbursed.executeTakeFirstOrThrow(), collected.executeTakeFirstOrThrow()])
  return {
    disbursed: Number(d.principal),
    disbursedCount: d.count,
    fees: Number(d.fees),
    collected: Number(c.amount),
    collectedCount: c.count,
  }
}

export function defaultPeriod(facts: CompanyFacts): Period {
  return { from: `${facts.today.slice(0, 7)}-01`, to: facts.today }
}

function checkPeriod(period: Period): void {
  if (period.to < period.from)
    throw new AppError('BAD_REQUEST', 'To date must be on or after the from date', 'PERIOD_ORDER')
}

// ---- dashboard ----------------------------------------------------------------------------------------

export async function dashboard(
  ctx: AuthedContext,
  input: { from?: string | undefined; to?: string | undefined },
) {
  const scope = await staffScope(ctx.db, ctx.user)
  const facts = await companyFacts(ctx.db, ctx)
  const period = { from: input.from ?? defaultPeriod(facts).from, to: input.to ?? facts.today }
  checkPeriod(period)
  // Loaded once; today's figures and every point of the PAR trend are replays of the same data.
  const data = await loadPortfolio(ctx.db, scope, { upTo: facts.today, timeZone: facts.timeZone })
  const entries = portfolioAt(data, facts.today, facts.defaultAfterDays)
  const rows = entries.map((e) => e.row)
  const running = rows.filter(isInPortfolio)
  const money = await flows(ctx, scope, { ...period })
  const dueToday = entries
    .filter((e) => isInPortfolio(e.row))
    .flatMap((e) => e.position.installments.filter((i) => i.dueDate === facts.today))
    .reduce((sum, i) => sum + i.outstanding.total, 0)
  let approvals = ctx.db
    .selectFrom('loan')
    .innerJoin('member as m', 'm.id', 'loan.member_id')
    .innerJoin('union as u', 'u.id', 'm.union_id')
    .innerJoin('staff_user as o', 'o.id', 'u.credit_officer_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('loan.status', '=', 'PENDING_APPROVAL')
    .where((eb) => eb.or([eb('loan.submitted_by', 'is', null), eb('loan.submitted_by', '<>', ctx.user.id)]))
  if (ctx.user.role === 'SUPERVISOR') approvals = approvals.where('o.supervisor_id', '=', ctx.user.id)
  else if (!scope.isAll) approvals = approvals.where('u.credit_officer_id', 'in', scope.staffIds)
  const waiting = (await approvals.executeTakeFirstOrThrow()).n
  const portfolio = running.reduce((sum, r) => sum + r.outstandingPrincipal, 0)
  const kpis: Kpi[] = [
    moneyKpi('portfolio', 'Portfolio outstanding', portfolio, DEFINITIONS.portfolio, [
      { label: 'Running loans', value: running.length, unit: 'COUNT' },
    ]),
    countKpi('activeLoans', 'Active loans', running.length, DEFINITIONS.activeLoans),
    moneyKpi('disbursed', 'Disbursed in the period', money.disbursed, DEFINITIONS.disbursed, [
      { label: 'Loans disbursed', value: money.disbursedCount, unit: 'COUNT' },
      { label: 'Processing fees recorded', value: money.fees, unit: 'KOBO' },
    ]),
    moneyKpi('collected', 'Collected in the period', money.collected, DEFINITIONS.collected, [
      { label: 'Repayments', value: money.collectedCount, unit: 'COUNT' },
    ]),
    parKpi(rows, 30),
    ...periodKpis(entries, period),
    moneyKpi('dueToday', 'Due today', dueToday, DEFINITIONS.dueToday),
    countKpi('approvalsWaiting', 'Approvals waiting', waiting, DEFINITIONS.approvals),
  ]
  const statusMix = await statusCounts(ctx, scope, facts)
  return {
    period,
    today: facts.today,
    kpis,
    charts: {
      monthly: await monthlyFlows(ctx, scope, facts.today, 12),
      parTrend: parTrend(data, facts, 6),
      statusMix,
    },
  }
}

async function statusCounts(ctx: AuthedContext, scope: StaffScope, facts: CompanyFacts) {
  const rows = await scopedLoans(ctx, scope)
    .select((eb) => [
      sql<string>`case when loan.status = 'ACTIVE' and ${daysPastDueSql(facts.today)} > ${facts.defaultAfterDays} then 'DEFAULTED' else loan.status end`.as(
        'status',
      ),
      eb.fn.countAll<number>().as('count'),
    ])
    .groupBy(sql`1`)
    .execute()
  return rows
    .map((r) => ({ status: r.status, count: r.count }))
    .sort((a, b) => a.status.localeCompare(b.status))
}

/** Disbursed and collected per calendar month, the last `months` months up to today, in SQL. */
async function monthlyFlows(ctx: AuthedContext, scope: StaffScope, today: string, months: number) {
  const first = addMonths(`${today.slice(0, 7)}-01`, -(months - 1))
  const filters: Filters = { from: first, to: today }
  const byMonth = new Map<string, { month: string; disbursed: number; collected: number }>()
  for (let i = 0; i < months; i++) {
    const month = addMonths(first, i).slice(0, 7)
    byMonth.set(month, { month, disbursed: 0, collected: 0 })
  }
  const disbursed = scopedLoans(ctx, scope)
    .select((eb) => [
      sql<string>`to_char(loan.disbursed_on, 'YYYY-MM')`.as('month'),
      eb.fn.sum<string>('loan.principal').as('sum'),
    ])
    .where('loan.disbursed_on', '>=', filters.from)
    .where('loan.disbursed_on', '<=', filters.to)
    .groupBy(sql`1`)
  const collected = scopedRepayments(ctx, scope)
    .select((eb) => [
      sql<string>`to_char(r.paid_on, 'YYYY-MM')`.as('month'),
      eb.fn.sum<string>('r.amount').as('sum'),
    ])
    .where('r.paid_on', '>=', filters.from)
    .where('r.paid_on', '<=', filters.to)
    .where('r.reversed_at', 'is', null)
    .groupBy(sql`1`)
  for (const row of await disbursed.execute()) {
    const entry = byMonth.get(row.month)
    if (entry) entry.disbursed = Number(row.sum)
  }
  for (const row of await collected.execute()) {
    const entry = byMonth.get(row.month)
    if (entry) entry.collected = Number(row.sum)
  }
  return [...byMonth.values()]
}

/** PAR30 at each of the last `months` month-ends and today, each replayed as of its date. */
function parTrend(data: LoadedPortfolio, facts: CompanyFacts, months: number) {
  const dates: string[] = []
  const monthStart = `${facts.today.slice(0, 7)}-01`
  for (let i = months; i >= 1; i--) dates.push(addDays(addMonths(monthStart, -i + 1), -1))
  dates.push(facts.today)
  return dates.map((date) => {
    const par = portfolioAtRisk(
      portfolioAt(data, date, facts.defaultAfterDays)
        .map((e) => e.row)
        .filter(isInPortfolio),
      30,
    )
    return { date, ratio: par.ratio, atRisk: par.atRisk, portfolio: par.portfolio }
  })
}

// ---- portfolio, aging, PAR ----------------------------------------------------------------------------

export async function portfolioReport(
  ctx: AuthedContext,
  input: PortfolioFilters & { asOf?: string | undefined },
) {
  const scope = await staffScope(ctx.db, ctx.user)
  const facts = await companyFacts(ctx.db, ctx)
  const asOf = input.asOf ?? facts.today
  if (asOf > facts.today)
    throw new AppError(
      'BAD_REQUEST',
      `As-of date cannot be in the future (today is ${facts.today})`,
      'DATE_IN_FUTURE',
    )
  const entries = await portfolioAsOf(ctx.db, scope, {
    asOf,
    timeZone: facts.timeZone,
    defaultAfterDays: facts.defaultAfterDays,
    unionId: input.unionId,
    officerId: input.officerId,
  })
  const rows = entries.map((e) => e.row)
  const running = rows.filter(isInPortfolio)
  const aging = agingBuckets(running)
  const arrears = arrearsRate(running)
  const provision = provisioning(running)
  return {
    asOf,
    rows,
    totals: {
      loans: running.length,
      outstandingPrincipal: running.reduce((s, r) => s + r.outstandingPrincipal, 0),
      outstanding: running.reduce((s, r) => s + r.outstanding, 0),
      overdue: running.reduce((s, r) => s + r.overdue, 0),
      overduePrincipal: arrears.overdue,
      penaltiesAccrued: running.reduce((s, r) => s + r.penaltiesAccrued, 0),
    },
    par: [1, 30, 60, 90].map((days) => ({
      days,
      without: parKpi(rows, days, false),
      with: parKpi(rows, days, true),
    })),
    arrears: ratioKpi(
      'arrearsRate',
      'Arrears rate',
      { numerator: arrears.overdue, denominator: arrears.portfolio, ratio: arrears.ratio },
      DEFINITIONS.arrears,
      ['Overdue principal', 'Portfolio outstanding'],
    ),
    aging: AGING_BUCKETS.map((bucket) => ({
      bucket,
      amount: aging.amounts[bucket],
      count: aging.counts[bucket],
    })),
    provisioning: provision,
  }
}

// ---- officer performance ------------------------------------------------------------------------------

export async function officerPerformance(
  ctx: AuthedContext,
  input: { from?: string | undefined; to?: string | undefined; officerIds?: string[] | undefined },
) {
  const scope = await staffScope(ctx.db, ctx.user)
  const facts = await companyFacts(ctx.db, ctx)
  const period = { from: input.from ?? defaultPeriod(facts).from, to: input.to ?? facts.today }
  checkPeriod(period)
  let officersQuery = ctx.db
    .selectFrom('staff_user')
    .select(['id', 'first_name', 'last_name', 'is_active'])
    .where('role', '=', 'CREDIT_OFFICER')
    .orderBy('last_name')
    .orderBy('first_name')
  if (!scope.isAll) officersQuery = officersQuery.where('id', 'in', scope.staffIds)
  if (input.officerIds && input.officerIds.length > 0)
    officersQuery = officersQuery.where('id', 'in', input.officerIds)
  const officers = await officersQuery.execute()
  const asOf = period.to
  const entries = await portfolioAsOf(ctx.db, scope, {
    asOf,
    timeZone: facts.timeZone,
    defaultAfterDays: facts.defaultAfterDays,
  })
  const members = await ctx.db
    .selectFrom('member as m')
    .innerJoin('union as u', 'u.id', 'm.union_id')
    .select(['u.credit_officer_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('m.deleted_at', 'is', null)
    .where('u.deleted_at', 'is', null)
    .groupBy('u.credit_officer_id')
    .execute()
  const memberCount = new Map(members.map((m) => [m.credit_officer_id, m.n]))
  const rows = []
  for (const officer of officers) {
    const mine = entries.filter((e) => e.row.officerId === officer.id)
    const money = await flows(ctx, scope, { ...period, officerId: officer.id })
    const running = mine.map((e) => e.row).filter(isInPortfolio)
    const [efficiency, onTime] = periodKpis(mine, period)
    const par30 = parKpi(
      mine.map((e) => e.row),
      30,
    )
    rows.push({
      officerId: officer.id,
      officerName: `${officer.first_name} ${officer.last_name}`,
      isActive: officer.is_active,
      members: memberCount.get(officer.id) ?? 0,
      activeLoans: running.length,
      outstandingPrincipal: running.reduce((s, r) => s + r.outstandingPrincipal, 0),
      disbursed: money.disbursed,
      disbursedCount: money.disbursedCount,
      collected: money.collected,
      par30,
      collectionEfficiency: efficiency,
      onTimeRate: onTime,
    })
  }
  // Team totals computed over the team's loans (not an average of the officers' ratios).
  const teamEntries = entries.filter((e) => officers.some((o) => o.id === e.row.officerId))
  const teamRows = teamEntries.map((e) => e.row)
  return {
    period,
    rows,
    team: {
      members: rows.reduce((s, r) => s + r.members, 0),
      activeLoans: rows.reduce((s, r) => s + r.activeLoans, 0),
      outstandingPrincipal: rows.reduce((s, r) => s + r.outstandingPrincipal, 0),
      disbursed: rows.reduce((s, r) => s + r.disbursed, 0),
      collected: rows.reduce((s, r) => s + r.collected, 0),
      par30: parKpi(teamRows, 30),
      kpis: periodKpis(teamEntries, period),
    },
  }
}

// ---- disbursements and repayments by method -----------------------------------------------------------

export async function disbursementReport(ctx: AuthedContext, input: Filters) {
  checkPeriod(input)
  const scope = await staffScope(ctx.db, ctx.user)
  const query = scopedLoans(ctx, scope, input)
    .innerJoin('staff_user as o', 'o.id', 'u.credit_officer_id')
    .leftJoin('staff_user as d', 'd.id', 'loan.disbursed_by')
    .select([
      'loan.id',
      'loan.loan_number',
      'loan.disbursed_on',
      'loan.principal',
      'loan.processing_fee',
      'loan.term_count',
      'loan.term_unit',
      'loan.loan_type_name',
      'm.code as member_code',
      sql<string>`m.first_name || ' ' || m.last_name`.as('member_name'),
      'u.name as union_name',
      sql<string>`o.first_name || ' ' || o.last_name`.as('officer_name'),
      sql<string | null>`d.first_name || ' ' || d.last_name`.as('disbursed_by'),
    ])
    .where('loan.disbursed_on', '>=', input.from)
    .where('loan.disbursed_on', '<=', input.to)
  const rows = await query.orderBy('loan.disbursed_on').orderBy('loan.loan_number').execute()
  return {
    from: input.from,
    to: input.to,
    rows: rows.map((r) => ({
      loanId: r.id,
      loanNumber: r.loan_number,
      disbursedOn: r.disbursed_on ?? '',
      memberCode: r.member_code,
      memberName: r.member_name,
      unionName: r.union_name,
      officerName: r.officer_name,
      loanTypeName: r.loan_type_name,
      principal: r.principal,
      processingFee: r.processing_fee,
      termCount: r.term_count,
      termUnit: r.term_unit,
      disbursedBy: r.disbursed_by,
    })),
    totals: {
      count: rows.length,
      principal: rows.reduce((s, r) => s + r.principal, 0),
      processingFees: rows.reduce((s, r) => s + r.processing_fee, 0),
      netDisbursed: rows.reduce((s, r) => s + r.principal - r.processing_fee, 0),
    },
  }
}

export async function repaymentsByMethod(ctx: AuthedContext, input: Filters) {
  checkPeriod(input)
  const scope = await staffScope(ctx.db, ctx.user)
  const grouped = await scopedRepayments(ctx, scope, input)
    .select((eb) => [
      'r.method',
      sql<boolean>`r.reversed_at is not null`.as('is_reversed'),
      eb.fn.countAll<number>().as('count'),
      eb.fn.sum<string>('r.amount').as('amount'),
    ])
    .where('r.paid_on', '>=', input.from)
    .where('r.paid_on', '<=', input.to)
    .groupBy(['r.method', sql`2`])
    .execute()
  const methods: RepaymentMethod[] = ['CASH', 'TRANSFER', 'POS', 'MOBILE', 'USSD', 'OTHER']
  const rows = methods.map((method) => {
    const standing = grouped.find((g) => g.method === method && !g.is_reversed)
    const reversed = grouped.find((g) => g.method === method && g.is_reversed)
    return {
      method,
      count: standing?.count ?? 0,
      amount: Number(standing?.amount ?? 0),
      reversedCount: reversed?.count ?? 0,
      reversedAmount: Number(reversed?.amount ?? 0),
    }
  })
  const total = rows.reduce((s, r) => s + r.amount, 0)
  return {
    from: input.from,
    to: input.to,
    rows: rows.map((r) => ({ ...r, share: ratioString(r.amount, total) })),
    totals: {
      count: rows.reduce((s, r) => s + r.count, 0),
      amount: total,
      reversedCount: rows.reduce((s, r) => s + r.reversedCount, 0),
      reversedAmount: rows.reduce((s, r) => s + r.reversedAmount, 0),
    },
  }
}
