import { sql } from '@mp/db'
import type { Period } from '@mp/domain'
import type { AuthedContext } from '../context.js'
import { AppError } from '../errors.js'
import type { StaffScope } from '../scope.js'
import type { CompanyFacts } from './loan-core.js'
import { scopedLoanIds, type LoanIdFilter, type PortfolioFilters } from './portfolio.js'
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

export { periodKpiFigures } from './collection-facts.js'

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

/**
 * Disbursed loans in scope, by their member (so a sum over a period reads `loan_disbursed_on_idx`
 * alone); for an unfiltered admin, no join at all.
 */
export function scopedDisbursed(ctx: AuthedContext, scope: StaffScope, filters: PortfolioFilters = {}) {
  const query = ctx.db.selectFrom('loan')
  if (scope.isAll && !filters.unionId && !filters.officerId) return query
  let members = ctx.db
    .selectFrom('member as sm')
    .innerJoin('union as su', 'su.id', 'sm.union_id')
    .select('sm.id')
  if (!scope.isAll) members = members.where('su.credit_officer_id', 'in', scope.staffIds)
  if (filters.unionId) members = members.where('su.id', '=', filters.unionId)
  if (filters.officerId) members = members.where('su.credit_officer_id', '=', filters.officerId)
  return query.where('loan.member_id', 'in', members)
}

/** Repayments of loans in scope (for an unfiltered admin, no join at all). */
export function scopedRepayments(ctx: AuthedContext, scope: StaffScope, filters: PortfolioFilters = {}) {
  const loanIds = scopedLoanIds(ctx.db, scope, filters)
  const query = ctx.db.selectFrom('repayment as r')
  return loanIds ? query.where('r.loan_id', 'in', loanIds) : query
}

/** Σ principal disbursed and Σ repayments received in a period, in SQL, scoped. */
export async function flows(ctx: AuthedContext, scope: StaffScope, filters: Filters) {
  const disbursed = scopedDisbursed(ctx, scope, filters)
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
