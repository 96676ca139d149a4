import { randomUUID } from 'node:crypto'
import os from 'node:os'
import { sql, type Database, type Kysely } from '@mp/db'
import type { AuthedContext } from '../context.js'
import { AppError } from '../errors.js'
import { companyFacts } from './loan-core.js'
import {
  loansChangedAfter,
  replayFigures,
  stateFiguresQuery,
  type FiguresOptions,
  type LoanFigures,
} from './portfolio.js'

/**
 * Portfolio runs: every disbursed loan's figures as of one date, written to `portfolio_run_loan` in the
 * background (docs/reports.md "As of a past date"). Loans with no event after the date are computed by
 * SQL from the ledger, inside the database, in chunks; the few changed since are replayed with @mp/domain
 * in slices that yield to the event loop. A run serves the loan rows of a past date to every viewer
 * (scope is applied when reading), and the close aggregates its snapshot from one.
 *
 * Runs live in the database, so any server instance can answer a poll; the instance computing a run
 * beats its heartbeat, and a run whose heartbeat stops (the process died) counts as failed.
 */
export type RunPurpose = 'AS_OF' | 'CLOSE'

/** This process, as written in `claimed_by`. */
export const INSTANCE_ID = `${os.hostname()}:${String(process.pid)}:${randomUUID().slice(0, 8)}`

/** Finished runs are kept this long, then their rows are deleted. */
const KEEP_MS = 60 * 60 * 1000
/** A running run whose heartbeat is older than this has lost its process. */
export const STALE_MS = 2 * 60 * 1000
/** As-of runs computing at once (each a full pass over the portfolio). */
const MAX_RUNNING = 2
/** Loans per chunk: one INSERT … SELECT each, then the chunk's changed loans replayed. */
const CHUNK = 20_000
const REPLAY_BATCH = 200

type Db = Kysely<Database>

export type RunView = {
  id: string
  asOf: string
  state: 'RUNNING' | 'DONE' | 'FAILED'
  loansDone: number
  loansTotal: number | null
  error: string | null
  createdAt: Date
  finishedAt: Date | null
}

const RUN_COLUMNS = [
  'id',
  'as_of',
  'state',
  'loans_done',
  'loans_total',
  'error',
  'created_at',
  'finished_at',
  'heartbeat_at',
] as const

type RunRow = {
  id: string
  as_of: string
  state: 'RUNNING' | 'DONE' | 'FAILED'
  loans_done: number
  loans_total: number | null
  error: string | null
  created_at: Date
  finished_at: Date | null
  heartbeat_at: Date
}

function isStale(row: RunRow, now: number): boolean {
  return row.state === 'RUNNING' && now - row.heartbeat_at.getTime() > STALE_MS
}

function viewOf(row: RunRow, now = Date.now()): RunView {
  const stale = isStale(row, now)
  return {
    id: row.id,
    asOf: row.as_of,
    state: stale ? 'FAILED' : row.state,
    loansDone: row.loans_done,
    loansTotal: row.loans_total,
    error: stale ? 'The computation stopped (the server restarted); start it again' : row.error,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  }
}

export async function createRun(
  db: Db,
  input: { asOf: string; purpose: RunPurpose; requestedBy: string | null },
): Promise<string> {
  const row = await db
    .insertInto('portfolio_run')
    .values({
      as_of: input.asOf,
      purpose: input.purpose,
      state: 'RUNNING',
      requested_by: input.requestedBy,
      claimed_by: INSTANCE_ID,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

const FIGURE_COLUMNS = [
  'loan_id',
  'status',
  'days_past_due',
  'outstanding_principal',
  'overdue_principal',
  'outstanding',
  'overdue',
  'due_now',
  'penalties_accrued',
  'paid',
] as const

async function insertReplayed(db: Db, runId: string, figures: readonly LoanFigures[]): Promise<void> {
  if (figures.length === 0) return
  await db
    .insertInto('portfolio_run_loan')
    .values(figures.map((f) => ({ ...f, run_id: runId, is_replayed: true })))
    .execute()
}

/** The last loan id of the chunk starting after `after`, or null when fewer than CHUNK remain. */
async function chunkEnd(db: Db, after: string | null): Promise<string | null> {
  let query = db
    .selectFrom('loan_state')
    .select('loan_id')
    .orderBy('loan_id')
    .offset(CHUNK - 1)
    .limit(1)
  if (after !== null) query = query.where('loan_id', '>', after)
  return (await query.executeTakeFirst())?.loan_id ?? null
}

export type RunOptions = {
  asOf: string
  defaultAfterDays: number
  timeZone: string
  /** Called after each chunk (heartbeats of the caller's own claim). */
  onProgress?: (counts: { done: number; replayed: number }) => Promise<void>
}

/**
 * Computes a run: every loan disbursed by the date, chunk by chunk in loan-id order. Throws on failure
 * (the caller marks the run failed).
 */
export async function computeRun(
  db: Db,
  runId: string,
  options: RunOptions,
): Promise<{ done: number; replayed: number }> {
  const total = await db
    .selectFrom('loan_state as ls')
    .innerJoin('loan', 'loan.id', 'ls.loan_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('loan.disbursed_on', '<=', sql<string>`cast(${options.asOf} as date)`)
    .executeTakeFirstOrThrow()
  await db.updateTable('portfolio_run').set({ loans_total: total.n }).where('id', '=', runId).execute()
  let after: string | null = null
  let done = 0
  let replayed = 0
  for (;;) {
    const end = await chunkEnd(db, after)
    const upTo = end ?? 'ffffffff-ffff-ffff-ffff-ffffffffffff'
    const figures: FiguresOptions = {
      asOf: options.asOf,
      defaultAfterDays: options.defaultAfterDays,
      timeZone: options.timeZone,
      isStateOnly: true,
      idRange: { after, upTo },
    }
    // Inside the database: the loans the ledger answers for on the date.
    const fromState = await db
      .insertInto('portfolio_run_loan')
      .columns([...FIGURE_COLUMNS, 'run_id'])
      .expression(
        db
          .selectFrom(stateFiguresQuery(db, figures).as('f'))
          .select([
            ...FIGURE_COLUMNS.map((c) => `f.${c}` as const),
            sql<string>`${runId}::uuid`.as('run_id'),
          ]),
      )
      .executeTakeFirst()
    // In this process: the loans changed after the date, replayed with what was known then.
    const changed = await loansChangedAfter(db, options.asOf, { after, upTo })
    for (let start = 0; start < changed.length; start += REPLAY_BATCH) {
      const batch = changed.slice(start, start + REPLAY_BATCH)
      const rows = await replayFigures(db, batch, options)
      await insertReplayed(db, runId, rows)
      replayed += rows.length
    }
    done += Number(fromState.numInsertedOrUpdatedRows ?? 0) + changed.length
    await db
      .updateTable('portfolio_run')
      .set({ loans_done: done, loans_replayed: replayed, heartbeat_at: sql`now()` })
      .where('id', '=', runId)
      .execute()
    await options.onProgress?.({ done, replayed })
    if (end === null) break
    after = end
  }
  await db
    .updateTable('portfolio_run')
    .set({ state: 'DONE', loans_done: done, finished_at: sql`now()` })
    .where('id', '=', runId)
    .execute()
  return { done, replayed }
}

export async function failRun(db: Db, runId: string, error: string): Promise<void> {
  await db
    .updateTable('portfolio_run')
    .set({ state: 'FAILED', error, finished_at: sql`now()` })
    .where('id', '=', runId)
    .execute()
}

/** Deletes finished runs older than an hour (their rows go with them). */
export async function sweepRuns(db: Db): Promise<void> {
  const before = new Date(Date.now() - KEEP_MS)
  await db
    .deleteFrom('portfolio_run')
    .where((eb) =>
      eb.or([
        eb.and([eb('state', '<>', 'RUNNING'), eb('finished_at', '<', before)]),
        eb.and([eb('state', '=', 'RUNNING'), eb('heartbeat_at', '<', before)]),
      ]),
    )
    .execute()
}

/** The newest usable as-of run of a date (finished within the hour, or still running). */
async function latestRun(db: Db, asOf: string): Promise<RunRow | undefined> {
  return db
    .selectFrom('portfolio_run')
    .select(RUN_COLUMNS)
    .where('as_of', '=', asOf)
    .where('purpose', '=', 'AS_OF')
    .where('created_at', '>', new Date(Date.now() - KEEP_MS))
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst()
}

/** The finished run of a date whose rows a report can read, if any. */
export async function doneRunOf(db: Db, asOf: string): Promise<string | null> {
  const row = await latestRun(db, asOf)
  return row?.state === 'DONE' ? row.id : null
}

/**
 * Starts computing the portfolio as of a past date in the background (or answers the run already
 * computing or computed within the hour). Poll `asOfStatus`; then `report.portfolio` reads its rows.
 */
export async function startAsOfRun(ctx: AuthedContext, input: { asOf: string }): Promise<RunView> {
  const facts = await companyFacts(ctx.db, ctx)
  if (input.asOf >= facts.today)
    throw new AppError(
      'BAD_REQUEST',
      `Only a past date needs computing (today is ${facts.today}; its portfolio is always up to date)`,
      'AS_OF_NOT_PAST',
    )
  await sweepRuns(ctx.db)
  const existing = await latestRun(ctx.db, input.asOf)
  if (
    existing &&
    (existing.state === 'DONE' || (existing.state === 'RUNNING' && !isStale(existing, Date.now())))
  )
    return viewOf(existing)
  const running = await ctx.db
    .selectFrom('portfolio_run')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('state', '=', 'RUNNING')
    .where('purpose', '=', 'AS_OF')
    .where('heartbeat_at', '>', new Date(Date.now() - STALE_MS))
    .executeTakeFirstOrThrow()
  if (running.n >= MAX_RUNNING)
    throw new AppError(
      'TOO_MANY_REQUESTS',
      'Other past dates are being computed; try again in a minute',
      'TOO_MANY_AS_OF_RUNS',
    )
  const id = await createRun(ctx.db, { asOf: input.asOf, purpose: 'AS_OF', requestedBy: ctx.user.id })
  const db = ctx.db
  void computeRun(db, id, {
    asOf: input.asOf,
    defaultAfterDays: facts.defaultAfterDays,
    timeZone: facts.timeZone,
  }).catch(async (error: unknown) => {
    ctx.logger.error({ err: error, run: id }, 'portfolio as-of run failed')
    await failRun(db, id, 'The computation failed; try again').catch(() => undefined)
  })
  return asOfRunStatus(ctx, { id })
}

export async function asOfRunStatus(ctx: AuthedContext, input: { id: string }): Promise<RunView> {
  const row = await ctx.db
    .selectFrom('portfolio_run')
    .select(RUN_COLUMNS)
    .where('id', '=', input.id)
    .where('purpose', '=', 'AS_OF')
    .executeTakeFirst()
  if (!row) throw new AppError('NOT_FOUND', 'Computation not found', 'NOT_FOUND')
  return viewOf(row)
}

/** Waits for a run to finish (tests and scripts; the web app polls `report.asOfStatus`). */
export async function waitForRun(db: Db, id: string, timeoutMs = 120_000): Promise<RunView> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const row = await db
      .selectFrom('portfolio_run')
      .select(RUN_COLUMNS)
      .where('id', '=', id)
      .executeTakeFirst()
    if (!row) throw new Error('run not found')
    const view = viewOf(row)
    if (view.state !== 'RUNNING') return view
    if (Date.now() > deadline) throw new Error('run did not finish in time')
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}
