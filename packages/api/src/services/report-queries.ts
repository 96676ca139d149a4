import { sql } from '@mp/db'
import type { Period } from '@mp/domain'
import type { AuthedContext } from '../context.js'
import { AppError } from '../errors.js'
import type { StaffScope } from '../scope.js'
import type { CompanyFacts } from './loan-core.js'
import { scopedLoanIds, type Db, type LoanIdFilter, type PortfolioFilters } from './portfolio.js'
import { DEFINITIONS, ratioKpi, ratioOf, type Kpi } from './report-kpi.js'

/**
 * SQL the reports share: scope, period checks, money flows and the period KPIs (docs/reports.md).
 */
export type Filters = PortfolioFilters & { from: string; to: string }

export function defaultPeriod(facts: CompanyFacts): Period {
  return { from: `${facts.today.slice(0, 7)}-01`, to: facts.today }
}

export function checkPeriod(period: Period): void {
  if (period.to < period.from)
    throw new AppError('BAD_REQUEST', 'To date must be on or after the from date', 'PERIOD_ORDER')
}

export const day = (value: string) => sql<string>`cast(${value} as date)`

/** `and <column> in (scope)`, or nothing for an unfiltered admin. */
export function inScope(column: string, loanIds: LoanIdFilter) {
  return loanIds ? sql`and ${sql.ref(column)} in (${loanIds})` : sql``
}

/** Not written off (by the stored status: a write-off is dated when it is made, so on or before today). */
export const NOT_WRITTEN_OFF = sql`not exists (select 1 from loan w where w.id = ls.loan_id and w.status = 'WRITTEN_OFF')`

/**
 * Collection efficiency and on-time rate over installments due in the period, for every disbursed loan
 * (written off included), exactly as @mp/domain `collectionEfficiency` / `onTimeRate` over
 * `installmentDues`: amount due = principal + interest + fee; counted = allocations (penalties left out)
 * of standing repayments dated in the period / on or before the due date, capped per installment at the
 * amount due. Per officer (of the union now) when `byOfficer`.
 */
export async function periodKpiFigures(
  db: Db,
  loanIds: LoanIdFilter,
  period: Period,
  options: { byOfficer: boolean },
): Promise<Map<string, { due: number; onTime: number; collected: number }>> {
  const officer = options.byOfficer
    ? {
        join: (column: string) =>
          sql`join loan l on l.id = ${sql.ref(column)} join member m on m.id = l.member_id join "union" u on u.id = m.union_id`,
        key: sql`u.credit_officer_id`,
      }
    : { join: () => sql``, key: sql`''` }
  const [dues, collected] = await Promise.all([
    sql<{ officer: string; due: number; on_time: number }>`
      select ${officer.key} as officer,
        coalesce(sum(i.principal + i.interest + i.fee), 0)::bigint as due,
        coalesce(sum(least(i.paid_on_time, i.principal + i.interest + i.fee)), 0)::bigint as on_time
      from loan_installment i ${officer.join('i.loan_id')}
      where i.due_date between ${day(period.from)} and ${day(period.to)} ${inScope('i.loan_id', loanIds)}
      group by 1`.execute(db),
    sql<{ officer: string; collected: number }>`
      select x.officer, coalesce(sum(least(x.counted, x.due)), 0)::bigint as collected
      from (
        select ${officer.key} as officer, sum(ra.principal + ra.interest + ra.fee) as counted,
          min(i.principal + i.interest + i.fee) as due
        from repayment r
        join repayment_allocation ra on ra.repayment_id = r.id
        join loan_installment i on i.loan_id = ra.loan_id and i.sequence = ra.sequence
        ${officer.join('r.loan_id')}
        where r.paid_on between ${day(period.from)} and ${day(period.to)} and r.reversed_at is null
          and i.due_date between ${day(period.from)} and ${day(period.to)} ${inScope('r.loan_id', loanIds)}
        group by 1, ra.loan_id, ra.sequence) x
      group by 1`.execute(db),
  ])
  const figures = new Map<string, { due: number; onTime: number; collected: number }>()
  for (const row of dues.rows) figures.set(row.officer, { due: row.due, onTime: row.on_time, collected: 0 })
  for (const row of collected.rows) {
    const entry = figures.get(row.officer) ?? { due: 0, onTime: 0, collected: 0 }
    entry.collected = row.collected
    figures.set(row.officer, entry)
  }
  return figures
}

export function periodKpis(figures: { due: number; onTime: number; collected: number }): [Kpi, Kpi] {
  return [
    ratioKpi(
      'collectionEfficiency',
      'Collection efficiency',
      ratioOf(figures.collected, figures.due),
      DEFINITIONS.collectionEfficiency,
      ['Collected against dues of the period', 'Due in the period'],
    ),
    ratioKpi('onTimeRate', 'On-time rate', ratioOf(figures.onTime, figures.due), DEFINITIONS.onTime, [
      'Paid on or before the due date',
      'Due in the period',
    ]),
  ]
}

/** Loans with their member's union, limited to the viewer's scope and the union/officer filters. */
export function scopedLoans(ctx: AuthedContext, scope: StaffScope, filters: PortfolioFilters = {}) {
  let query = ctx.db
    .selectFrom('loan')
    .innerJoin('member as m', 'm.id', 'loan.member_id')
    .innerJoin('union as u', 'u.id', 'm.union_id')
  if (!scope.isAll) query = query.where('u.credit_officer_id', 'in', scope.staffIds)
  if (filters.unionId) query = query.where('u.id', '=', filters.unionId)
  if (filters.officerId) query = query.where('u.credit_officer_id', '=', filters.officerId)
  return query
}

/** Repayments of loans in scope (for an unfiltered admin, no join at all). */
export function scopedRepayments(ctx: AuthedContext, scope: StaffScope, filters: PortfolioFilters = {}) {
  const loanIds = scopedLoanIds(ctx.db, scope, filters)
  const query = ctx.db.selectFrom('repayment as r')
  return loanIds ? query.where('r.loan_id', 'in', loanIds) : query
}

/** Σ principal disbursed and Σ repayments received in a period, in SQL, scoped. */
export async function flows(ctx: AuthedContext, scope: StaffScope, filters: Filters) {
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
