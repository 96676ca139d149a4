import { randomUUID } from 'node:crypto'
import { mkdir, rm, stat } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { findLiveSession } from '@mp/auth'
import { formatDateTime } from '@mp/domain'
import type { Database, ExportJobState, Kysely } from '@mp/db'
import { sql } from 'kysely'
import { databaseBackpressure, unavailableError } from '../backpressure.js'
import { createInnerContext, type AuthedContext, type ContextLogger } from '../context.js'
import { AppError, refusalOf } from '../errors.js'
import type { JobContext } from '../jobs/queue.js'
import type { DocumentStorage } from '../storage/types.js'
import { EXPORTS, EXPORT_NAMES, type ExportName } from './registry.js'
import type { ExportFormat } from './writers.js'

/**
 * Export jobs (docs/product.md §7; docs/reliability.md "Two instances"). Starting one writes an `export_job`
 * row and queues a job; a worker on any instance writes the file (streamed row by row to a temporary
 * file), stores it in document storage (local disk or Cloudinary, private) and marks the row done,
 * reporting progress on the row as it goes. The browser polls `export.status` and downloads from
 * `GET /exports/:id/file`, which any instance serves, to the user who started it only. A restart loses
 * nothing: a queued job waits for a worker, a running one is retried by the queue. Files are deleted
 * an hour after they finish.
 */

/** Exports one user may have queued or running at once (each one is a full read of a list). */
export const MAX_EXPORTS_PER_USER = 2
/** How long a finished file stays downloadable. */
const KEEP_MS = 60 * 60 * 1000
/** A job queued or running longer than this has been lost (its retries used up): the sweep fails it. */
const LOST_AFTER_MS = 3 * 60 * 60 * 1000
/** Progress is written to the row at most this often (a write per row would double the work). */
const PROGRESS_EVERY_MS = 500

export const EXPORT_MIME: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
}

export type ExportJobView = {
  id: string
  name: ExportName
  format: ExportFormat
  state: ExportJobState
  rowsDone: number
  rowsTotal: number | null
  error: string | null
  fileName: string
  createdAt: Date
  finishedAt: Date | null
}

const LOST_MESSAGE = 'The export did not finish; export again'

function isExportName(name: string): name is ExportName {
  return (EXPORT_NAMES as readonly string[]).includes(name)
}

type ExportRow = Awaited<ReturnType<typeof selectJob>>

function selectJob(db: Kysely<Database>, id: string) {
  return db.selectFrom('export_job').selectAll().where('id', '=', id).executeTakeFirst()
}

function view(row: NonNullable<ExportRow>): ExportJobView {
  return {
    id: row.id,
    // Rows are only ever written with a registry name; an unknown one (a removed export) reads as loans.
    name: isExportName(row.name) ? row.name : 'loans',
    format: row.format,
    state: row.state,
    rowsDone: row.rows_done,
    rowsTotal: row.rows_total,
    error: row.error,
    fileName: row.file_name,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  }
}

function tooManyExports(): AppError {
  return new AppError(
    'TOO_MANY_REQUESTS',
    `You already have ${String(MAX_EXPORTS_PER_USER)} exports running; wait for them to finish`,
    'TOO_MANY_EXPORTS',
  )
}

/** "03/12/2026 09:15 (Africa/Lagos)": when a PDF was printed, in the company's date format and time zone. */
async function printedAtLine(db: Kysely<Database>, at: Date): Promise<string> {
  const company = await db
    .selectFrom('company_settings')
    .select(['date_format', 'timezone'])
    .executeTakeFirst()
  const timeZone = company?.timezone ?? 'Africa/Lagos'
  return `${formatDateTime(at, { dateFormat: company?.date_format ?? 'DD/MM/YYYY', timeZone })} (${timeZone})`
}

/** Starts an export of the named list or report with the screen's own input; answers at once. */
export async function startExport(
  ctx: AuthedContext,
  input: { name: ExportName; format: ExportFormat; input?: unknown },
): Promise<ExportJobView> {
  const entry = EXPORTS[input.name]
  if (entry.roles && !entry.roles.includes(ctx.user.role)) {
    throw new AppError(
      'FORBIDDEN',
      `Your role may not export ${entry.title.toLowerCase()}`,
      'EXPORT_NOT_ALLOWED',
    )
  }
  // Parsing the filters here answers a bad input with a 400 now, not a failed job later.
  const prepared = entry.prepare(ctx, input.input)
  const jobs = ctx.jobs
  if (!jobs) throw unavailableError()
  const now = ctx.now()
  const stamp = now.toISOString().slice(0, 10)
  const fileName = `${prepared.title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${stamp}.${input.format}`
  const row = await ctx.db.transaction().execute(async (trx) => {
    // The user's row lock makes the count and the insert one step, on every instance.
    await trx.selectFrom('staff_user').select('id').where('id', '=', ctx.user.id).forUpdate().execute()
    const { running } = await trx
      .selectFrom('export_job')
      .select((eb) => eb.fn.countAll<number>().as('running'))
      .where('user_id', '=', ctx.user.id)
      .where('state', 'in', ['QUEUED', 'RUNNING'])
      // Real time, not the context's clock (tests freeze that one): jobs are lost after hours of it.
      .where('created_at', '>', new Date(Date.now() - LOST_AFTER_MS))
      .executeTakeFirstOrThrow()
    // A double click (or a second tab) asking for the very same file while it is being written gets
    // that job back, not a second one holding another of the user's slots.
    const same = await trx
      .selectFrom('export_job')
      .selectAll()
      .where('user_id', '=', ctx.user.id)
      .where('state', 'in', ['QUEUED', 'RUNNING'])
      .where('created_at', '>', new Date(Date.now() - LOST_AFTER_MS))
      .where('name', '=', input.name)
      .where('format', '=', input.format)
      .where('input', '=', sql`${JSON.stringify(input.input ?? {})}::jsonb`)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst()
    if (same) return { ...same, reused: true as const }
    if (running >= MAX_EXPORTS_PER_USER) throw tooManyExports()
    return trx
      .insertInto('export_job')
      .values({
        user_id: ctx.user.id,
        session_id: ctx.session.id,
        name: input.name,
        format: input.format,
        input: JSON.stringify(input.input ?? {}),
        as_of: now,
        file_name: fileName,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
  })
  if ('reused' in row) return view(row)
  try {
    await jobs.send('export', { exportId: row.id })
  } catch (error) {
    // Not queued: the row must not hold one of the user's slots, and the answer is "try again later".
    await ctx.db
      .updateTable('export_job')
      .set({ state: 'FAILED', error: 'The export could not be started; try again', finished_at: new Date() })
      .where('id', '=', row.id)
      .execute()
    throw databaseBackpressure(error) ?? unavailableError(error)
  }
  return view(row)
}

/** A job of this user, or undefined (others' jobs are not found). */
export async function findExport(
  db: Kysely<Database>,
  userId: string,
  id: string,
): Promise<(ExportJobView & { storageKey: string | null; size: number | null }) | undefined> {
  const row = await selectJob(db, id)
  if (row?.user_id !== userId) return undefined
  return { ...view(row), storageKey: row.storage_key, size: row.size }
}

export async function exportStatus(ctx: AuthedContext, id: string): Promise<ExportJobView> {
  const job = await findExport(ctx.db, ctx.user.id, id)
  if (!job) throw new AppError('NOT_FOUND', 'Export not found', 'NOT_FOUND')
  const { storageKey: _storageKey, size: _size, ...shown } = job
  return shown
}

export type ExportWorkerDeps = {
  db: Kysely<Database>
  storage: DocumentStorage
  logger: ContextLogger
}

function exportDir(): string {
  return path.join(os.tmpdir(), 'mp-exports')
}

async function finish(
  db: Kysely<Database>,
  id: string,
  values: { state: 'DONE' | 'FAILED' | 'QUEUED'; error?: string | null },
) {
  await db
    .updateTable('export_job')
    .set({
      state: values.state,
      error: values.error ?? null,
      finished_at: values.state === 'QUEUED' ? null : new Date(),
    })
    .where('id', '=', id)
    .execute()
}

/**
 * The queue's handler: writes the file for one export row. Runs again safely (a retry after a crash
 * starts the file over; a finished row is left as it is). A user's mistake or an ended session fails the
 * row and completes the job; anything else is thrown to the queue for a retry, and on the last attempt
 * fails the row with a plain message.
 */
export async function runExportJob(deps: ExportWorkerDeps, exportId: string, job: JobContext): Promise<void> {
  const row = await selectJob(deps.db, exportId)
  if (!row || row.state === 'DONE' || row.state === 'FAILED') return
  const live = await findLiveSession(deps.db, row.session_id)
  if (live?.user.id !== row.user_id || !isExportName(row.name)) {
    await finish(deps.db, row.id, {
      state: 'FAILED',
      error: 'You signed out before the export ran; sign in and export again',
    })
    return
  }
  await deps.db
    .updateTable('export_job')
    .set({
      state: 'RUNNING',
      attempts: sql`attempts + 1`,
      rows_done: 0,
      rows_total: null,
      started_at: new Date(),
    })
    .where('id', '=', row.id)
    .execute()
  const ctx: AuthedContext = {
    ...createInnerContext({
      db: deps.db,
      session: live.session,
      user: live.user,
      logger: deps.logger,
      now: () => row.as_of,
    }),
    session: live.session,
    user: live.user,
  }
  await mkdir(exportDir(), { recursive: true, mode: 0o700 })
  const file = path.join(exportDir(), `${row.id}-${randomUUID()}.${row.format}`)
  let rowsDone = 0
  let rowsTotal: number | null = null
  let lastWrite = 0
  let writing: Promise<unknown> = Promise.resolve()
  const report = (force: boolean) => {
    const now = Date.now()
    if (!force && now - lastWrite < PROGRESS_EVERY_MS) return
    lastWrite = now
    // One progress write at a time, in order; a failed one is only a stale bar.
    writing = writing.then(() =>
      deps.db
        .updateTable('export_job')
        .set({ rows_done: rowsDone, rows_total: rowsTotal })
        .where('id', '=', row.id)
        .execute()
        .catch(() => undefined),
    )
  }
  try {
    const prepared = EXPORTS[row.name].prepare(ctx, row.input)
    const count = await prepared.write({
      format: row.format,
      path: file,
      printedAt: await printedAtLine(deps.db, new Date()),
      onTotal: (total) => {
        rowsTotal = total
        report(true)
      },
      onRow: () => {
        rowsDone += 1
        report(false)
      },
    })
    await writing
    const key = `exports/${row.id}`
    await deps.storage.putFile({ key, filePath: file, mimeType: EXPORT_MIME[row.format] })
    const { size } = await stat(file)
    await deps.db
      .updateTable('export_job')
      .set({
        state: 'DONE',
        rows_done: count,
        rows_total: count,
        storage_key: key,
        size,
        finished_at: new Date(),
      })
      .where('id', '=', row.id)
      .execute()
  } catch (error) {
    await writing
    // A refusal (a service's AppError or a lending-engine DomainError) will not change on a retry.
    const refusal = refusalOf(error)
    if (refusal) {
      await finish(deps.db, row.id, { state: 'FAILED', error: refusal.message })
      return
    }
    deps.logger.error({ err: error, export: row.name, retry: job.retryCount }, 'export failed')
    if (job.isLastAttempt) {
      await finish(deps.db, row.id, { state: 'FAILED', error: 'The export failed; try again' })
      return
    }
    // Back to the queue for a retry; the screen shows it waiting again.
    await finish(deps.db, row.id, { state: 'QUEUED' })
    throw error
  } finally {
    await rm(file, { force: true })
  }
  await sweepExports(deps)
}

/**
 * The exports' housekeeping, after each export and on its own schedule (the `export-sweep` job):
 * fails the rows queued or running for more than three hours (their job was lost, its retries used
 * up), so the screen says so and the user's slot is free; then deletes the files and rows of exports
 * finished over an hour ago, a few at a time. Answers how many rows it failed and deleted.
 */
export async function sweepExports(
  deps: ExportWorkerDeps,
  now = new Date(),
): Promise<{ lost: number; deleted: number }> {
  const lost = await deps.db
    .updateTable('export_job')
    .set({ state: 'FAILED', error: LOST_MESSAGE, finished_at: now })
    .where('state', 'in', ['QUEUED', 'RUNNING'])
    .where('created_at', '<', new Date(now.getTime() - LOST_AFTER_MS))
    .executeTakeFirst()
  const old = await deps.db
    .selectFrom('export_job')
    .select(['id', 'storage_key'])
    .where('finished_at', '<', new Date(now.getTime() - KEEP_MS))
    .orderBy('finished_at')
    .limit(50)
    .execute()
  for (const row of old) {
    if (row.storage_key !== null) await deps.storage.delete(row.storage_key)
    await deps.db.deleteFrom('export_job').where('id', '=', row.id).execute()
  }
  return { lost: Number(lost.numUpdatedRows), deleted: old.length }
}

/** Waits for a job to finish (tests and scripts; the web app polls `export.status`). */
export async function waitForExport(
  db: Kysely<Database>,
  userId: string,
  id: string,
  timeoutMs = 120_000,
): Promise<NonNullable<Awaited<ReturnType<typeof findExport>>>> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const job = await findExport(db, userId, id)
    if (!job) throw new Error('export not found')
    if (job.state === 'DONE' || job.state === 'FAILED') return job
    if (Date.now() > deadline) throw new Error('export did not finish in time')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
