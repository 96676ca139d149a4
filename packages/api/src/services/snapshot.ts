import type { StaffScope } from '../scope.js'
import { sql } from '@mp/db'
import {
  RESTRUCTURED_SNAPSHOT_COLUMNS,
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

/**
 * What PAR "with restructured loans" adds on a closed day, per threshold (the close's restructured
 * columns, summed over the viewer's unions), or null when the day is not closed or was closed before
 * the close kept these figures (then PAR with restructured loans equals PAR without on that day).
 */
export async function snapshotRestructured(
  db: Db,
  scope: StaffScope,
  filters: PortfolioFilters,
  day: string,
): Promise<Record<1 | 30 | 60 | 90, number> | null> {
  if (!(await closedDays(db, [day])).has(day)) return null
  const sum = (column: string) => sql<number>`coalesce(sum(${sql.ref(`s.${column}`)}), 0)::bigint`
  const row = await scopedSnapshots(db, scope, filters)
    .select([
      sum(RESTRUCTURED_SNAPSHOT_COLUMNS[1]).as('par1'),
      sum(RESTRUCTURED_SNAPSHOT_COLUMNS[30]).as('par30'),
      sum(RESTRUCTURED_SNAPSHOT_COLUMNS[60]).as('par60'),
      sum(RESTRUCTURED_SNAPSHOT_COLUMNS[90]).as('par90'),
      sql<boolean>`coalesce(bool_or(s.restructured_par30_principal is null), false)`.as('unrecorded'),
    ])
    .where('s.snapshot_date', '=', day)
    .executeTakeFirst()
  if (row === undefined || row.unrecorded) return null
  return { 1: row.par1, 30: row.par30, 60: row.par60, 90: row.par90 }
}
