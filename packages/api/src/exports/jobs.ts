import { randomUUID } from 'node:crypto'
import { mkdir, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { heavyWork, tooMuchHeavyWork } from '../backpressure.js'
import type { AuthedContext } from '../context.js'
import { AppError } from '../errors.js'
import { EXPORTS, type ExportName } from './registry.js'
import type { ExportFormat } from './writers.js'

/**
 * Export jobs (issue 7): a file is written in the background, streamed row by row to a temporary file, while
 * the browser polls for progress; then it is downloaded from `GET /exports/:id/file` by the same user.
 * Jobs live in this process's memory (a restart forgets them; the user just exports again) and their
 * files are deleted an hour after they finish.
 */
export type ExportJobState = 'RUNNING' | 'DONE' | 'FAILED'

export type ExportJob = {
  id: string
  userId: string
  name: ExportName
  format: ExportFormat
  state: ExportJobState
  rowsDone: number
  /** Rows expected, once known (lists know after their first page). */
  rowsTotal: number | null
  error: string | null
  fileName: string
  path: string
  createdAt: Date
  finishedAt: Date | null
}

const jobs = new Map<string, ExportJob>()
const KEEP_MS = 60 * 60 * 1000

export const EXPORT_MIME: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
}

function exportDir(): string {
  return path.join(os.tmpdir(), 'mp-exports')
}

function forget(job: ExportJob): void {
  jobs.delete(job.id)
  void rm(job.path, { force: true })
}

function sweep(now: number): void {
  for (const job of jobs.values()) {
    if (job.finishedAt !== null && now - job.finishedAt.getTime() > KEEP_MS) forget(job)
  }
}

export type ExportJobView = Omit<ExportJob, 'path' | 'userId'>

function view(job: ExportJob): ExportJobView {
  const { path: _path, userId: _userId, ...rest } = job
  return rest
}

/** Starts an export of the named list or report with the screen's own input; answers at once. */
export async function startExport(
  ctx: AuthedContext,
  input: { name: ExportName; format: ExportFormat; input?: unknown },
): Promise<ExportJobView> {
  sweep(Date.now())
  const entry = EXPORTS[input.name]
  if (entry.roles && !entry.roles.includes(ctx.user.role)) {
    throw new AppError(
      'FORBIDDEN',
      `Your role may not export ${entry.title.toLowerCase()}`,
      'EXPORT_NOT_ALLOWED',
    )
  }
  // A running export holds one of the user's heavy-work slots, shared with the big reports.
  if (!heavyWork.tryAcquire(ctx.user.id)) throw tooMuchHeavyWork()
  let prepared: ReturnType<typeof entry.prepare>
  try {
    // Parsing the filters here answers a bad input with a 400 now, not a failed job later.
    prepared = entry.prepare(ctx, input.input)
    await mkdir(exportDir(), { recursive: true, mode: 0o700 })
  } catch (error) {
    heavyWork.release(ctx.user.id)
    throw error
  }
  const id = randomUUID()
  const stamp = new Date().toISOString().slice(0, 10)
  const job: ExportJob = {
    id,
    userId: ctx.user.id,
    name: input.name,
    format: input.format,
    state: 'RUNNING',
    rowsDone: 0,
    rowsTotal: null,
    error: null,
    fileName: `${prepared.title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${stamp}.${input.format}`,
    path: path.join(exportDir(), `${id}.${input.format}`),
    createdAt: new Date(),
    finishedAt: null,
  }
  jobs.set(id, job)
  const write = prepared.write({
    format: input.format,
    path: job.path,
    printedAt: `${new Date().toISOString().replace('T', ' ').slice(0, 16)} UTC`,
    onTotal: (total) => {
      job.rowsTotal = total
    },
    onRow: () => {
      job.rowsDone += 1
    },
  })
  write.then(
    (count) => {
      heavyWork.release(ctx.user.id)
      job.rowsDone = count
      job.rowsTotal = count
      job.state = 'DONE'
      job.finishedAt = new Date()
    },
    (error: unknown) => {
      heavyWork.release(ctx.user.id)
      job.state = 'FAILED'
      job.error = error instanceof AppError ? error.message : 'The export failed; try again'
      job.finishedAt = new Date()
      if (!(error instanceof AppError)) ctx.logger.error({ err: error, export: input.name }, 'export failed')
      void rm(job.path, { force: true })
    },
  )
  return view(job)
}

/** A job of this user (others' jobs answer NOT_FOUND). */
export function findExport(userId: string, id: string): ExportJob | undefined {
  const job = jobs.get(id)
  return job && job.userId === userId ? job : undefined
}

export function exportStatus(ctx: AuthedContext, id: string): ExportJobView {
  const job = findExport(ctx.user.id, id)
  if (!job) throw new AppError('NOT_FOUND', 'Export not found', 'NOT_FOUND')
  return view(job)
}

/** Waits for a job to finish (tests and scripts; the web app polls `export.status`). */
export async function waitForExport(userId: string, id: string, timeoutMs = 120_000): Promise<ExportJob> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const job = findExport(userId, id)
    if (!job) throw new Error('export not found')
    if (job.state !== 'RUNNING') return job
    if (Date.now() > deadline) throw new Error('export did not finish in time')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
