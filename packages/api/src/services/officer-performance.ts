import { sql } from '@mp/db'
import type { AuthedContext } from '../context.js'
import { AppError } from '../errors.js'
import { isPastDueMoreThanSql } from '../ledger/sql.js'
import { staffScope, type StaffScope } from '../scope.js'
import { companyFacts, type CompanyFacts } from './loan-core.js'
import { scopedLoanIds, summarySelect, toSummary, type Db } from './portfolio.js'
import { doneRunOf } from './portfolio-run.js'
import { parKpiOf } from './report-kpi.js'
import {
  NOT_WRITTEN_OFF,
  checkPeriod,
  defaultPeriod,
  periodKpiFigures,
  periodKpis,
  scopedLoans,
  scopedRepayments,
} from './report-queries.js'
import { snapshotByOfficer } from './snapshot.js'

/**
 * Officer performance (docs/product.md §7): per credit officer in the viewer's scope, members, running loans and
 * outstanding principal and PAR30 on the period's last day, disbursed and collected in the period,
 * collection efficiency and on-time rate — each a SQL GROUP BY officer (of the union now), never a replay.
 * Team totals add the officers' numerators and denominators (never an average of ratios).
 */
type Position = { loans: number; portfolio: number; par30: number }

/** Running loans, outstanding principal and PAR30 principal per officer on `asOf`. */
async function positionsByOfficer(
  db: Db,
  scope: StaffScope,
  facts: CompanyFacts,
  asOf: string,
): Promise<Map<string, Position>> {
  // On or after today the ledger answers for every loan (no event is dated after today).
  if (asOf >= facts.today) {
    const loanIds = scopedLoanIds(db, scope)
    const { rows } = await sql<{ officer_id: string } & Position>`
      select u.credit_officer_id as officer_id, count(*)::int as loans,
        coalesce(sum(ls.principal_outstanding), 0)::bigint as portfolio,
        coalesce(sum(ls.principal_outstanding) filter (where ${isPastDueMoreThanSql(asOf, 30)}), 0)::bigint as par30
      from loan_state ls join loan l on l.id = ls.loan_id join member m on m.id = l.member_id
        join "union" u on u.id = m.union_id
      where ls.paid_off_on is null and ${NOT_WRITTEN_OFF} ${loanIds ? sql`and ls.loan_id in (${loanIds})` : sql``}
      group by 1`.execute(db)
    return new Map(
      rows.map((r) => [r.officer_id, { loans: r.loans, portfolio: r.portfolio, par30: r.par30 }]),
    )
  }
  const runId = await doneRunOf(db, asOf)
  if (runId !== null) {
    const loanIds = scopedLoanIds(db, scope)
    let query = db
      .selectFrom('portfolio_run_loan as f')
      .innerJoin('loan', 'loan.id', 'f.loan_id')
      .innerJoin('member as m', 'm.id', 'loan.member_id')
      .innerJoin('union as u', 'u.id', 'm.union_id')
      .select(['u.credit_officer_id', ...summarySelect()])
      .where('f.run_id', '=', runId)
      .groupBy('u.credit_officer_id')
    if (loanIds) query = query.where('f.loan_id', 'in', loanIds)
    const rows = await query.execute()
    return new Map(rows.map((r) => [r.credit_officer_id, positionOf(toSummary(r))]))
  }
  const snapshot = await snapshotByOfficer(db, scope, asOf)
  if (snapshot === null)
    throw new AppError(
      'PRECONDITION_FAILED',
      `The portfolio as of ${asOf} has not been computed yet: open Reports → Portfolio as of that date first`,
      'AS_OF_NOT_READY',
      { asOf },
    )
  return new Map([...snapshot].map(([officer, summary]) => [officer, positionOf(summary)]))
}

function positionOf(summary: ReturnType<typeof toSummary>): Position {
  return {
    loans: summary.loans_active + summary.loans_defaulted,
    portfolio: summary.outstanding_principal,
    par30: summary.par30_principal,
  }
}

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
  const loanIds = scopedLoanIds(ctx.db, scope)
  const [officers, members, positions, disbursed, collected, periodFigures] = await Promise.all([
    officersQuery.execute(),
    ctx.db
      .selectFrom('member as m')
      .innerJoin('union as u', 'u.id', 'm.union_id')
      .select(['u.credit_officer_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('m.deleted_at', 'is', null)
      .where('u.deleted_at', 'is', null)
      .groupBy('u.credit_officer_id')
      .execute(),
    positionsByOfficer(ctx.db, scope, facts, period.to),
    scopedLoans(ctx, scope)
      .select([
        'u.credit_officer_id',
        sql<number>`coalesce(sum(loan.principal), 0)::bigint`.as('principal'),
        (eb) => eb.fn.countAll<number>().as('count'),
      ])
      .where('loan.disbursed_on', '>=', period.from)
      .where('loan.disbursed_on', '<=', period.to)
      .groupBy('u.credit_officer_id')
      .execute(),
    scopedRepayments(ctx, scope)
      .innerJoin('loan', 'loan.id', 'r.loan_id')
      .innerJoin('member as m', 'm.id', 'loan.member_id')
      .innerJoin('union as u', 'u.id', 'm.union_id')
      .select(['u.credit_officer_id', sql<number>`coalesce(sum(r.amount), 0)::bigint`.as('amount')])
      .where('r.paid_on', '>=', period.from)
      .where('r.paid_on', '<=', period.to)
      .where('r.reversed_at', 'is', null)
      .groupBy('u.credit_officer_id')
      .execute(),
    periodKpiFigures(ctx.db, loanIds, period, { byOfficer: true }),
  ])
  const memberCount = new Map(members.map((m) => [m.credit_officer_id, m.n]))
  const noPeriod = { due: 0, onTime: 0, collected: 0 }
  const noPosition: Position = { loans: 0, portfolio: 0, par30: 0 }
  const rows = officers.map((officer) => {
    const position = positions.get(officer.id) ?? noPosition
    const money = disbursed.find((d) => d.credit_officer_id === officer.id)
    const [efficiency, onTime] = periodKpis(periodFigures.get(officer.id) ?? noPeriod)
    return {
      officerId: officer.id,
      officerName: `${officer.first_name} ${officer.last_name}`,
      isActive: officer.is_active,
      members: memberCount.get(officer.id) ?? 0,
      activeLoans: position.loans,
      outstandingPrincipal: position.portfolio,
      disbursed: money?.principal ?? 0,
      disbursedCount: money?.count ?? 0,
      collected: collected.find((c) => c.credit_officer_id === officer.id)?.amount ?? 0,
      par30: parKpiOf({ atRisk: position.par30, portfolio: position.portfolio }, 30),
      collectionEfficiency: efficiency,
      onTimeRate: onTime,
    }
  })
  // Team totals over the team's loans: the officers' numerators and denominators added up.
  const team = officers.reduce(
    (sum, officer) => {
      const position = positions.get(officer.id) ?? noPosition
      const figures = periodFigures.get(officer.id) ?? noPeriod
      return {
        portfolio: sum.portfolio + position.portfolio,
        par30: sum.par30 + position.par30,
        due: sum.due + figures.due,
        onTime: sum.onTime + figures.onTime,
        collected: sum.collected + figures.collected,
      }
    },
    { portfolio: 0, par30: 0, due: 0, onTime: 0, collected: 0 },
  )
  return {
    period,
    rows,
    team: {
      members: rows.reduce((s, r) => s + r.members, 0),
      activeLoans: rows.reduce((s, r) => s + r.activeLoans, 0),
      outstandingPrincipal: rows.reduce((s, r) => s + r.outstandingPrincipal, 0),
      disbursed: rows.reduce((s, r) => s + r.disbursed, 0),
      collected: rows.reduce((s, r) => s + r.collected, 0),
      par30: parKpiOf({ atRisk: team.par30, portfolio: team.portfolio }, 30),
      kpis: periodKpis(team),
    },
  }
}
