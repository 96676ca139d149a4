import type { StaffScope } from '../scope.js'
import {
  summarySumSelect,
  toSummary,
  type Db,
  type PortfolioFilters,
  type PortfolioSummary,
} from './portfolio.js'

/**
 * Reading the close's snapshots (docs/reports.md). A snapshot row is one union on one day; a viewer sees
 * the unions whose officer is in their scope *now* (a loan belongs to its union's officer now, in past
 * reports too). A day counts as closed when its `close_run` is done — a closed day with no rows simply
 * had no loans.
 */

/** Which of these days the close has finished. */
async function closedDays(db: Db, days: readonly string[]): Promise<Set<string>> {
  if (days.length === 0) return new Set()
  const rows = await db
    .selectFrom('close_run')
    .select('run_date')
    .where('run_date', 'in', [...days])
    .where('state', '=', 'DONE')
    .execute()
  return new Set(rows.map((row) => row.run_date))
}

function scopedSnapshots(db: Db, scope: StaffScope, filters: PortfolioFilters) {
  let query = db.selectFrom('portfolio_snapshot as s').innerJoin('union as u', 'u.id', 's.union_id')
  if (!scope.isAll) query = query.where('u.credit_officer_id', 'in', scope.staffIds)
  if (filters.unionId) query = query.where('s.union_id', '=', filters.unionId)
  if (filters.officerId) query = query.where('u.credit_officer_id', '=', filters.officerId)
  return query
}

/** The portfolio summary of each closed day asked for, over the viewer's scope. */
export async function snapshotSummaries(
  db: Db,
  scope: StaffScope,
  filters: PortfolioFilters,
  days: readonly string[],
): Promise<Map<string, PortfolioSummary>> {
  const closed = await closedDays(db, days)
  const summaries = new Map<string, PortfolioSummary>()
  if (closed.size === 0) return summaries
  const rows = await scopedSnapshots(db, scope, filters)
    .select(['s.snapshot_date', ...summarySumSelect('s')])
    .where('s.snapshot_date', 'in', [...closed])
    .groupBy('s.snapshot_date')
    .execute()
  for (const day of closed) summaries.set(day, toSummary(rows.find((row) => row.snapshot_date === day)))
  return summaries
}

/** One closed day's summary, or null when the close has not covered that day. */
export async function snapshotSummary(
  db: Db,
  scope: StaffScope,
  filters: PortfolioFilters,
  day: string,
): Promise<PortfolioSummary | null> {
  return (await snapshotSummaries(db, scope, filters, [day])).get(day) ?? null
}

/** A closed day's summary per officer (of the union now), or null when the day is not closed. */
export async function snapshotByOfficer(
  db: Db,
  scope: StaffScope,
  day: string,
): Promise<Map<string, PortfolioSummary> | null> {
  if (!(await closedDays(db, [day])).has(day)) return null
  const rows = await scopedSnapshots(db, scope, {})
    .select(['u.credit_officer_id', ...summarySumSelect('s')])
    .where('s.snapshot_date', '=', day)
    .groupBy('u.credit_officer_id')
    .execute()
  return new Map(rows.map((row) => [row.credit_officer_id, toSummary(row)]))
}
