import { inTransaction, sql, type Database, type Kysely } from '@mp/db'
import { addDays, addMonths } from '@mp/domain'
import { companyFacts } from '../services/loan-core.js'
import { refreshCollectionFacts } from '../services/collection-facts.js'
import {
  RESTRUCTURED_SNAPSHOT_COLUMNS,
  restructuredSnapshotSelect,
  SUMMARY_COLUMN_NAMES,
  summarySelect,
} from '../services/portfolio.js'
import {
  INSTANCE_ID,
  STALE_MS,
  computeRun,
  createRun,
  failRun,
  sweepRuns,
} from '../services/portfolio-run.js'

/**
 * The daily close (docs/reports.md "The close"): after midnight in the company timezone it writes the
 * portfolio snapshot of every day not yet closed, per union (`portfolio_snapshot`), and catches up every
 * day missed while no server ran. Each day is a portfolio run (SQL over the ledger for loans with no event
 * after the day, a replay of the few changed since) aggregated per union in SQL.
 *
 * Safe with several server instances: a day is claimed by inserting its `close_run` row (INSERT … ON
 * CONFLICT DO NOTHING — one winner), a crashed closer's claim is taken over only once its heartbeat is
 * stale (an UPDATE whose WHERE re-checks that), and the snapshot is written in one transaction that first
 * re-reads the claim under a row lock. Re-closing a day replaces its snapshot (idempotent).
 */
type Db = Kysely<Database>

export type CloseOptions = {
  /** Close again even if the day is closed (replaces its snapshot). */
  isForced?: boolean
  instanceId?: string
  log?: (message: string) => void
}

export type CloseResult = { day: string; state: 'CLOSED' | 'SKIPPED'; loans: number; replayed: number }

/** Claims a day for this instance; false when another closer holds or finished it. */
async function claim(db: Db, day: string, instanceId: string, isForced: boolean): Promise<boolean> {
  const inserted = await db
    .insertInto('close_run')
    .values({ run_date: day, state: 'RUNNING', claimed_by: instanceId })
    .onConflict((oc) => oc.column('run_date').doNothing())
    .returning('run_date')
    .executeTakeFirst()
  if (inserted) return true
  const stale = new Date(Date.now() - STALE_MS)
  const taken = await db
    .updateTable('close_run')
    .set({
      state: 'RUNNING',
      claimed_by: instanceId,
      heartbeat_at: sql`now()`,
      started_at: sql`now()`,
      finished_at: null,
      error: null,
    })
    .where('run_date', '=', day)
    .where((eb) =>
      eb.or([
        eb('state', '=', 'FAILED'),
        eb.and([eb('state', '=', 'RUNNING'), eb('heartbeat_at', '<', stale)]),
        ...(isForced ? [eb('state', '=', 'DONE')] : []),
      ]),
    )
    .returning('run_date')
    .executeTakeFirst()
  return taken !== undefined
}

async function heartbeat(db: Db, day: string, instanceId: string): Promise<void> {
  await db
    .updateTable('close_run')
    .set({ heartbeat_at: sql`now()` })
    .where('run_date', '=', day)
    .where('claimed_by', '=', instanceId)
    .execute()
}

/** Closes one day: computes its portfolio and replaces its snapshot. */
export async function closeDay(db: Db, day: string, options: CloseOptions = {}): Promise<CloseResult> {
  const instanceId = options.instanceId ?? INSTANCE_ID
  if (!(await claim(db, day, instanceId, options.isForced ?? false)))
    return { day, state: 'SKIPPED', loans: 0, replayed: 0 }
  const facts = await companyFacts(db, { now: () => new Date() })
  const runId = await createRun(db, { asOf: day, purpose: 'CLOSE', requestedBy: null })
  try {
    const counts = await computeRun(db, runId, {
      asOf: day,
      defaultAfterDays: facts.defaultAfterDays,
      timeZone: facts.timeZone,
      onProgress: () => heartbeat(db, day, instanceId),
    })
    const isWritten = await inTransaction(db, async (trx) => {
      // Still ours? (a closer presumed dead may have been replaced; then its work is dropped)
      const mine = await trx
        .selectFrom('close_run')
        .select('run_date')
        .where('run_date', '=', day)
        .where('claimed_by', '=', instanceId)
        .where('state', '=', 'RUNNING')
        .forUpdate()
        .executeTakeFirst()
      if (!mine) return false
      await trx.deleteFrom('portfolio_snapshot').where('snapshot_date', '=', day).execute()
      await trx
        .insertInto('portfolio_snapshot')
        .columns([
          'snapshot_date',
          'union_id',
          'officer_id',
          ...SUMMARY_COLUMN_NAMES,
          ...Object.values(RESTRUCTURED_SNAPSHOT_COLUMNS),
        ])
        .expression(
          trx
            .selectFrom('portfolio_run_loan as f')
            .innerJoin('loan', 'loan.id', 'f.loan_id')
            .innerJoin('member as m', 'm.id', 'loan.member_id')
            .innerJoin('union as u', 'u.id', 'm.union_id')
            .select([
              sql<string>`cast(${day} as date)`.as('snapshot_date'),
              'u.id as union_id',
              'u.credit_officer_id as officer_id',
              ...summarySelect(),
              ...restructuredSnapshotSelect(day),
            ])
            .where('f.run_id', '=', runId)
            .groupBy(['u.id', 'u.credit_officer_id']),
        )
        .execute()
      await trx
        .updateTable('close_run')
        .set({
          state: 'DONE',
          finished_at: sql`now()`,
          loans_from_state: counts.done - counts.replayed,
          loans_replayed: counts.replayed,
        })
        .where('run_date', '=', day)
        .execute()
      return true
    })
    await db.deleteFrom('portfolio_run').where('id', '=', runId).execute()
    return { day, state: isWritten ? 'CLOSED' : 'SKIPPED', loans: counts.done, replayed: counts.replayed }
  } catch (error) {
    await failRun(db, runId, error instanceof Error ? error.message : String(error)).catch(() => undefined)
    await db
      .updateTable('close_run')
      .set({ state: 'FAILED', error: error instanceof Error ? error.message : String(error) })
      .where('run_date', '=', day)
      .where('claimed_by', '=', instanceId)
      .execute()
      .catch(() => undefined)
    throw error
  }
}

/** The last day of each of the `months` months before `today`'s month. */
export function previousMonthEnds(today: string, months: number): string[] {
  const firstOfMonth = `${today.slice(0, 7)}-01`
  const ends: string[] = []
  for (let i = months; i >= 1; i--) ends.push(addDays(addMonths(firstOfMonth, -i + 1), -1))
  return ends
}

/** Days the close still owes, oldest first: every day after the last closed one up to yesterday. */
async function daysToClose(
  db: Db,
  today: string,
  options: { backfillMonths?: number; maxDays?: number } = {},
): Promise<string[]> {
  const yesterday = addDays(today, -1)
  const last = await db
    .selectFrom('close_run')
    .select((eb) => eb.fn.max('run_date').as('day'))
    .where('state', '=', 'DONE')
    .executeTakeFirst()
  const days = new Set<string>()
  if (last?.day == null) {
    // First close: the month-ends the dashboard's PAR trend shows, and yesterday.
    for (const end of previousMonthEnds(today, options.backfillMonths ?? 6)) days.add(end)
    days.add(yesterday)
  } else {
    for (let d = addDays(last.day, 1); d <= yesterday; d = addDays(d, 1)) days.add(d)
  }
  // Days a closer failed or abandoned.
  const unfinished = await db
    .selectFrom('close_run')
    .select('run_date')
    .where('state', '<>', 'DONE')
    .where('run_date', '<=', yesterday)
    .execute()
  for (const row of unfinished) days.add(row.run_date)
  return [...days].sort().slice(-(options.maxDays ?? 400))
}

/**
 * Closes every day owed (safe to call any time, from any instance: closed days are skipped). Answers what
 * it did, oldest day first.
 */
export async function closeDue(
  db: Db,
  options: CloseOptions & { now?: Date; backfillMonths?: number } = {},
): Promise<CloseResult[]> {
  const facts = await companyFacts(db, { now: () => options.now ?? new Date() })
  const results: CloseResult[] = []
  for (const day of await daysToClose(db, facts.today, options)) {
    const result = await closeDay(db, day, options)
    if (result.state === 'CLOSED')
      options.log?.(
        `closed ${day}: ${String(result.loans)} loans (${String(result.replayed)} replayed as of the day)`,
      )
    results.push(result)
  }
  // Fresh collection facts keep the loans a report computes live to the few changed since.
  const refreshed = await refreshCollectionFacts(db)
  if (refreshed.loans !== 0)
    options.log?.(
      refreshed.loans === null
        ? 'collection facts copied'
        : `collection facts: ${String(refreshed.loans)} loans changed`,
    )
  await sweepRuns(db)
  return results
}

/** The latest closed day, or null before the first close. */
export async function lastClosedDay(db: Db): Promise<string | null> {
  const row = await db
    .selectFrom('close_run')
    .select((eb) => eb.fn.max('run_date').as('day'))
    .where('state', '=', 'DONE')
    .executeTakeFirst()
  return row?.day ?? null
}
