import { sql, type RepaymentMethod } from '@mp/db'
import { addMonths, ratioString } from '@mp/domain'
import type { AuthedContext } from '../context.js'
import { lastClosedDay, previousMonthEnds } from '../ledger/close.js'
import { installmentOutstandingSql, isPastDueMoreThanSql } from '../ledger/sql.js'
import { staffScope, type StaffScope } from '../scope.js'
import { offsetOf, type Page } from './list-query.js'
import { companyFacts, type CompanyFacts } from './loan-core.js'
import { scopedLoanIds, type Db, type LoanIdFilter } from './portfolio.js'
import { DEFINITIONS, countKpi, moneyKpi, parKpiOf, type Kpi } from './report-kpi.js'
import {
  NOT_WRITTEN_OFF,
  checkPeriod,
  day,
  defaultPeriod,
  flows,
  inScope,
  periodKpiFigures,
  periodKpis,
  scopedDisbursed,
  scopedLoans,
  scopedRepayments,
  type Filters,
} from './report-queries.js'
import { snapshotSummaries } from './snapshot.js'

export { parKpi } from './report-kpi.js'
export { portfolioReport } from './portfolio-report.js'
export { officerPerformance } from './officer-performance.js'

/**
 * Reports and dashboards (docs/product.md §7). Every figure is computed on the server over all the data in the
 * viewer's scope, in SQL over the stored ledger (ADR 0004) and the close's snapshots — never by replaying
 * the portfolio (docs/reports.md). KPIs follow the domain's definitions (kpi.ts) and carry their inputs.
 */

/**
 * Running loans today (active or defaulted): their count, outstanding principal, PAR30 principal, and the
 * principal of restructured loans not more than 30 days late (PAR30 with restructured loans adds it).
 */
async function runningToday(db: Db, loanIds: LoanIdFilter, today: string) {
  const { rows } = await sql<{ loans: number; portfolio: number; par30: number; restructured30: number }>`
    select count(*)::int as loans,
      coalesce(sum(ls.principal_outstanding), 0)::bigint as portfolio,
      coalesce(sum(ls.principal_outstanding) filter (where ${isPastDueMoreThanSql(today, 30)}), 0)::bigint as par30,
      coalesce(sum(ls.principal_outstanding) filter (where not coalesce(${isPastDueMoreThanSql(today, 30)}, false)
        and exists (select 1 from loan r where r.id = ls.loan_id and r.restructured_at <= ${day(today)})), 0)::bigint
        as restructured30
    from loan_state ls
    where ls.paid_off_on is null and ${NOT_WRITTEN_OFF} ${inScope('ls.loan_id', loanIds)}`.execute(db)
  return rows[0] ?? { loans: 0, portfolio: 0, par30: 0, restructured30: 0 }
}

/** Still owed on installments due today of running loans, penalties included. */
async function dueToday(db: Db, loanIds: LoanIdFilter, today: string): Promise<number> {
  const { rows } = await sql<{ owed: number }>`
    select coalesce(sum(${installmentOutstandingSql(today)}), 0)::bigint as owed
    from loan_installment i join loan_state ls on ls.loan_id = i.loan_id
    where i.due_date = ${day(today)} and i.paid_off_on is null and ls.paid_off_on is null and ${NOT_WRITTEN_OFF}
      ${inScope('i.loan_id', loanIds)}`.execute(db)
  return rows[0]?.owed ?? 0
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
  const loanIds = scopedLoanIds(ctx.db, scope)
  const [running, owedToday, money, period_, waiting, statusMix, monthly, trend, lastClosed] =
    await Promise.all([
      runningToday(ctx.db, loanIds, facts.today),
      dueToday(ctx.db, loanIds, facts.today),
      flows(ctx, scope, period),
      periodKpiFigures(ctx.db, loanIds, period, { byOfficer: false }),
      approvalsWaiting(ctx, scope),
      statusCounts(ctx, scope, facts),
      monthlyFlows(ctx, scope, facts.today, 12),
      parTrend(ctx, scope, facts, 6),
      lastClosedDay(ctx.db),
    ])
  const kpis: Kpi[] = [
    moneyKpi('portfolio', 'Portfolio outstanding', running.portfolio, DEFINITIONS.portfolio, [
      { label: 'Running loans', value: running.loans, unit: 'COUNT' },
    ]),
    countKpi('activeLoans', 'Active loans', running.loans, DEFINITIONS.activeLoans),
    moneyKpi('disbursed', 'Disbursed in the period', money.disbursed, DEFINITIONS.disbursed, [
      { label: 'Loans disbursed', value: money.disbursedCount, unit: 'COUNT' },
      { label: 'Processing fees recorded', value: money.fees, unit: 'KOBO' },
    ]),
    moneyKpi('collected', 'Collected in the period', money.collected, DEFINITIONS.collected, [
      { label: 'Repayments', value: money.collectedCount, unit: 'COUNT' },
    ]),
    parKpiOf({ atRisk: running.par30, portfolio: running.portfolio }, 30),
    parKpiOf({ atRisk: running.par30 + running.restructured30, portfolio: running.portfolio }, 30, true),
    ...periodKpis(period_.get('') ?? { due: 0, onTime: 0, collected: 0 }),
    moneyKpi('dueToday', 'Due today', owedToday, DEFINITIONS.dueToday),
    countKpi('approvalsWaiting', 'Approvals waiting', waiting, DEFINITIONS.approvals),
  ]
  return {
    period,
    today: facts.today,
    kpis,
    /** The latest day the close has snapshotted (the PAR trend's month-ends come from snapshots). */
    lastClosedOn: lastClosed,
    charts: {
      monthly,
      parTrend: [
        ...trend,
        {
          date: facts.today,
          ratio: ratioString(running.par30, running.portfolio),
          atRisk: running.par30,
          portfolio: running.portfolio,
        },
      ],
      statusMix,
    },
  }
}

async function approvalsWaiting(ctx: AuthedContext, scope: StaffScope): Promise<number> {
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
  return (await approvals.executeTakeFirstOrThrow()).n
}

/**
 * Loans by the status shown today: the workflow statuses as stored, and for disbursed loans the ledger's
 * effective status (`statusSql`), counted from `loan_state` with the few written-off loans looked up.
 */
async function statusCounts(ctx: AuthedContext, scope: StaffScope, facts: CompanyFacts) {
  const loanIds = scopedLoanIds(ctx.db, scope)
  const n = sql.lit(Math.trunc(facts.defaultAfterDays))
  const [workflow, disbursed] = await Promise.all([
    sql<{ status: string; count: number }>`
      select loan.status, count(*)::int as count from loan
      where loan.status in ('DRAFT','PENDING_APPROVAL','APPROVED','CANCELED') ${inScope('loan.id', loanIds)}
      group by 1`.execute(ctx.db),
    sql<{ status: string; count: number }>`
      select case when w.id is not null then 'WRITTEN_OFF'
          when ls.paid_off_on is not null then 'COMPLETED'
          when ls.episode_peak_dpd > ${n} or ${isPastDueMoreThanSql(facts.today, facts.defaultAfterDays)} then 'DEFAULTED'
          else 'ACTIVE' end as status,
        count(*)::int as count
      from loan_state ls left join loan w on w.id = ls.loan_id and w.status = 'WRITTEN_OFF'
      where true ${inScope('ls.loan_id', loanIds)}
      group by 1`.execute(ctx.db),
  ])
  return [...workflow.rows, ...disbursed.rows]
    .map((r) => ({ status: r.status, count: r.count }))
    .sort((a, b) => a.status.localeCompare(b.status))
}

/** Disbursed and collected per calendar month, the last `months` months up to today, in SQL. */
async function monthlyFlows(ctx: AuthedContext, scope: StaffScope, today: string, months: number) {
  const first = addMonths(`${today.slice(0, 7)}-01`, -(months - 1))
  const byMonth = new Map<string, { month: string; disbursed: number; collected: number }>()
  for (let i = 0; i < months; i++) {
    const month = addMonths(first, i).slice(0, 7)
    byMonth.set(month, { month, disbursed: 0, collected: 0 })
  }
  // Grouped by day (cheap) and added up per month here; formatting every row's date costs more.
  const disbursed = scopedDisbursed(ctx, scope)
    .select((eb) => [
      sql<string>`loan.disbursed_on::text`.as('day'),
      eb.fn.sum<string>('loan.principal').as('sum'),
    ])
    .where('loan.disbursed_on', '>=', first)
    .where('loan.disbursed_on', '<=', today)
    .groupBy(sql`1`)
  const collected = scopedRepayments(ctx, scope)
    .select((eb) => [sql<string>`r.paid_on::text`.as('day'), eb.fn.sum<string>('r.amount').as('sum')])
    .where('r.paid_on', '>=', first)
    .where('r.paid_on', '<=', today)
    .where('r.reversed_at', 'is', null)
    .groupBy(sql`1`)
  const [disbursedRows, collectedRows] = await Promise.all([disbursed.execute(), collected.execute()])
  for (const row of disbursedRows) {
    const entry = byMonth.get(row.day.slice(0, 7))
    if (entry) entry.disbursed += Number(row.sum)
  }
  for (const row of collectedRows) {
    const entry = byMonth.get(row.day.slice(0, 7))
    if (entry) entry.collected += Number(row.sum)
  }
  return [...byMonth.values()]
}

/**
 * PAR30 at each of the last `months` month-ends, from the close's snapshots (a month-end not closed yet —
 * before the first close — is left out of the chart); today's point is added from the ledger.
 */
async function parTrend(ctx: AuthedContext, scope: StaffScope, facts: CompanyFacts, months: number) {
  const dates = previousMonthEnds(facts.today, months)
  const summaries = await snapshotSummaries(ctx.db, scope, {}, dates)
  return dates.flatMap((date) => {
    const summary = summaries.get(date)
    if (!summary) return []
    return [
      {
        date,
        ratio: ratioString(summary.par30_principal, summary.outstanding_principal),
        atRisk: summary.par30_principal,
        portfolio: summary.outstanding_principal,
      },
    ]
  })
}

// ---- disbursements and repayments by method -----------------------------------------------------------

function disbursementsQuery(ctx: AuthedContext, scope: StaffScope, input: Filters) {
  return scopedLoans(ctx, scope, input)
    .where('loan.disbursed_on', '>=', input.from)
    .where('loan.disbursed_on', '<=', input.to)
}

function disbursementRows(ctx: AuthedContext, scope: StaffScope, input: Filters) {
  return disbursementsQuery(ctx, scope, input)
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
    .orderBy('loan.disbursed_on')
    .orderBy('loan.loan_number')
}

type DisbursementRecord = Awaited<ReturnType<ReturnType<typeof disbursementRows>['execute']>>[number]

function toDisbursementRow(r: DisbursementRecord) {
  return {
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
  }
}

type DisbursementRow = ReturnType<typeof toDisbursementRow>

/** Loans disbursed in a period: one page of rows, totals over all of them in SQL. */
export async function disbursementReport(
  ctx: AuthedContext,
  input: Filters & { page: number; pageSize: number },
) {
  checkPeriod(input)
  const scope = await staffScope(ctx.db, ctx.user)
  const [rows, totals] = await Promise.all([
    disbursementRows(ctx, scope, input).limit(input.pageSize).offset(offsetOf(input)).execute(),
    disbursementsQuery(ctx, scope, input)
      .select((eb) => [
        eb.fn.countAll<number>().as('count'),
        sql<number>`coalesce(sum(loan.principal), 0)::bigint`.as('principal'),
        sql<number>`coalesce(sum(loan.processing_fee), 0)::bigint`.as('fees'),
      ])
      .executeTakeFirstOrThrow(),
  ])
  const page: Page<DisbursementRow> = {
    items: rows.map(toDisbursementRow),
    total: totals.count,
    page: input.page,
    pageSize: input.pageSize,
  }
  return {
    from: input.from,
    to: input.to,
    rows: page,
    totals: {
      count: totals.count,
      principal: totals.principal,
      processingFees: totals.fees,
      netDisbursed: totals.principal - totals.fees,
    },
  }
}

/** Every disbursement row of the report, in its order, as one query for a streaming cursor (exports). */
export async function disbursementRowSource(ctx: AuthedContext, input: Filters) {
  checkPeriod(input)
  const scope = await staffScope(ctx.db, ctx.user)
  return {
    query: disbursementRows(ctx, scope, input),
    count: async () =>
      (
        await disbursementsQuery(ctx, scope, input)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    toItem: toDisbursementRow,
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
