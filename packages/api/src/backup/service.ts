import { randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { Backup, BackupTrigger, Database, Kysely } from '@mp/db'
import type pg from 'pg'
import { recordAudit } from '../audit.js'
import type { Context } from '../context.js'
import { AppError } from '../errors.js'
import type { DocumentStorage } from '../storage/types.js'
import { StoredFileMissingError } from '../storage/types.js'
import { fileChecksum, writeArchive, type ArchiveProgress } from './archive.js'
import { FORMAT_VERSION } from './format.js'
import { openCopyClient, schemaVersion } from './catalog.js'

/**
 * What backups need from the server: the Kysely handle for their own rows, the pg pool for COPY (one
 * connection per run), the storage the archives go to, and a folder for the archive while it is written.
 */
export type BackupDeps = {
  db: Kysely<Database>
  pool: pg.Pool
  storage: DocumentStorage
  /** Folder for temporary archive files. Default: the OS temporary folder. */
  workDir?: string | undefined
  now?: (() => Date) | undefined
}

/** Who started a run (null: the command line or the scheduler). */
export type BackupActor = { id: string; email: string } | null

/** A run that has not written progress for this long is treated as interrupted (its server went away). */
const STALE_AFTER_MS = 10 * 60_000
const MIME = 'application/gzip'

export type BackupView = ReturnType<typeof toView>

function toView(row: Backup) {
  return {
    id: row.id,
    trigger: row.trigger,
    state: row.state,
    error: row.error,
    fileName: row.file_name,
    size: row.size,
    checksum: row.checksum,
    schemaVersion: row.schema_version,
    tableCounts: (row.table_counts ?? null) as Record<string, number> | null,
    tablesTotal: row.tables_total,
    tablesDone: row.tables_done,
    rowsDone: row.rows_done,
    createdBy: row.created_by_email,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  }
}

function backupFileName(at: Date): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')
    .replace('T', '-')
  return `millennium-backup-${stamp}.mpbackup.gz`
}

/** Runs whose server died mid-way are marked FAILED, so they neither block the next run nor show as running. */
async function failInterruptedRuns(db: Kysely<Database>, now: Date): Promise<void> {
  await db
    .updateTable('backup')
    .set({
      state: 'FAILED',
      error: 'Interrupted: the server stopped while the backup was running',
      finished_at: now,
    })
    .where('state', '=', 'RUNNING')
    .where('heartbeat_at', '<', new Date(now.getTime() - STALE_AFTER_MS))
    .execute()
}

function isOneRunningViolation(error: unknown): boolean {
  const shaped = error as { code?: unknown; constraint?: unknown }
  return shaped.code === '23505' && shaped.constraint === 'backup_one_running_idx'
}

export type StartedBackup = {
  backup: BackupView
  /** Settles when the run ends, with its final row (state DONE or FAILED); never rejects. */
  done: Promise<BackupView>
}

/**
 * Starts a backup run and returns at once with its RUNNING row (the web page polls it for progress);
 * `done` settles when the archive is stored. One run at a time across every instance (a unique index):
 * a second start answers 409 BACKUP_RUNNING. Scheduled runs (issue 13 item 3) call this with
 * trigger 'SCHEDULED' and byUser null.
 */
export async function startBackup(
  deps: BackupDeps,
  options: {
    trigger: BackupTrigger
    byUser: BackupActor
    request?: Context['request'] | undefined
    onProgress?: ((progress: ArchiveProgress) => void) | undefined
  },
): Promise<StartedBackup> {
  const now = deps.now?.() ?? new Date()
  await failInterruptedRuns(deps.db, now)
  const id = randomUUID()
  const client = await openCopyClient(deps.pool)
  let row: Backup
  try {
    row = await deps.db
      .insertInto('backup')
      .values({
        id,
        trigger: options.trigger,
        storage: deps.storage.kind,
        storage_key: `backups/${id}`,
        file_name: backupFileName(now),
        format_version: FORMAT_VERSION,
        schema_version: await schemaVersion(client),
        created_by: options.byUser?.id ?? null,
        created_by_email: options.byUser?.email ?? null,
        created_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
  } catch (error) {
    await client.end().catch(() => undefined)
    if (isOneRunningViolation(error))
      throw new AppError('CONFLICT', 'A backup is already running; wait for it to finish', 'BACKUP_RUNNING')
    throw error
  }
  const done = runArchive(deps, client, row, options).finally(() => client.end().catch(() => undefined))
  return { backup: toView(row), done }
}

/** Runs a backup to the end: the command line, the scheduler and the pre-restore backup use this. */
export async function runBackup(
  deps: BackupDeps,
  options: Parameters<typeof startBackup>[1],
): Promise<BackupView> {
  const started = await startBackup(deps, options)
  return started.done
}

async function runArchive(
  deps: BackupDeps,
  client: pg.ClientBase,
  row: Backup,
  options: Parameters<typeof startBackup>[1],
): Promise<BackupView> {
  const filePath = path.join(deps.workDir ?? os.tmpdir(), `mp-backup-${row.id}.tmp`)
  let isStored = false
  let lastWrite = 0
  try {
    await mkdir(path.dirname(filePath), { recursive: true, mode: 0o700 })
    const written = await writeArchive(client, filePath, {
      onProgress: async (progress) => {
        options.onProgress?.(progress)
        // Progress for the page, at most once a second (and at every table's end), from another connection.
        const at = Date.now()
        if (at - lastWrite < 1000 && progress.table !== null) return
        lastWrite = at
        await deps.db
          .updateTable('backup')
          .set({
            tables_total: progress.tablesTotal,
            tables_done: progress.tablesDone,
            rows_done: progress.rowsDone,
            heartbeat_at: new Date(),
          })
          .where('id', '=', row.id)
          .execute()
      },
    })
    await deps.storage.putFile({ key: row.storage_key, filePath, mimeType: MIME })
    isStored = true
    const counts = Object.fromEntries(
      Object.entries(written.manifest.tables).map(([name, table]) => [name, table.rows]),
    )
    const finished = await deps.db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('backup')
        .set({
          state: 'DONE',
          size: written.size,
          checksum: written.sha256,
          table_counts: JSON.stringify(counts),
          finished_at: deps.now?.() ?? new Date(),
          heartbeat_at: new Date(),
        })
        .where('id', '=', row.id)
        .returningAll()
        .executeTakeFirstOrThrow()
      await recordAudit(
        trx,
        { user: undefined, request: options.request ?? { ip: null, userAgent: null, requestId: null } },
        {
          action: 'BACKUP_CREATE',
          entityType: 'backup',
          entityId: row.id,
          after: {
            trigger: row.trigger,
            size: written.size,
            checksum: written.sha256,
            fileName: row.file_name,
          },
          actor: { id: row.created_by, email: row.created_by_email },
        },
      )
      return updated
    })
    return toView(finished)
  } catch (error) {
    if (isStored) await deps.storage.delete(row.storage_key).catch(() => undefined)
    const message = error instanceof Error ? error.message : String(error)
    const failed = await deps.db
      .updateTable('backup')
      .set({ state: 'FAILED', error: message.slice(0, 2000), finished_at: new Date() })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirst()
      .catch(() => undefined)
    return failed ? toView(failed) : { ...toView(row), state: 'FAILED' as const, error: message }
  } finally {
    await rm(filePath, { force: true })
  }
}

export async function listBackups(db: Kysely<Database>, now: Date): Promise<BackupView[]> {
  await failInterruptedRuns(db, now)
  const rows = await db.selectFrom('backup').selectAll().orderBy('created_at', 'desc').limit(500).execute()
  return rows.map(toView)
}

export async function getBackup(db: Kysely<Database>, id: string): Promise<BackupView> {
  const row = await db.selectFrom('backup').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw new AppError('NOT_FOUND', 'Backup not found')
  return toView(row)
}

type AuditCtx = Pick<Context, 'user' | 'request'>

/** Removes a finished backup: its stored archive, then its row; audited. A running one cannot be deleted. */
export async function deleteBackup(deps: Pick<BackupDeps, 'db' | 'storage'>, ctx: AuditCtx, id: string) {
  const row = await deps.db.selectFrom('backup').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw new AppError('NOT_FOUND', 'Backup not found')
  if (row.state === 'RUNNING')
    throw new AppError('CONFLICT', 'This backup is still running; wait for it to finish', 'BACKUP_RUNNING')
  if (row.storage !== deps.storage.kind)
    throw new AppError(
      'PRECONDITION_FAILED',
      `This backup is kept in ${row.storage === 'CLOUDINARY' ? 'Cloudinary' : 'local storage'}, which this server is not configured for`,
      'WRONG_STORAGE',
    )
  await deps.storage.delete(row.storage_key)
  await deps.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('backup').where('id', '=', id).execute()
    await recordAudit(trx, ctx, {
      action: 'BACKUP_DELETE',
      entityType: 'backup',
      entityId: id,
      before: { fileName: row.file_name, trigger: row.trigger, size: row.size, createdAt: row.created_at },
    })
  })
}

/**
 * Retention (issue 13 item 3): deletes the automatic backups (scheduled and pre-restore) finished more
 * than `days` days ago, stored archive first. Manual backups stay until an admin deletes them.
 */
export async function applyRetention(
  deps: Pick<BackupDeps, 'db' | 'storage'>,
  days: number,
  now: Date = new Date(),
): Promise<string[]> {
  const cutoff = new Date(now.getTime() - days * 86_400_000)
  const old = await deps.db
    .selectFrom('backup')
    .selectAll()
    .where('trigger', 'in', ['SCHEDULED', 'PRE_RESTORE'])
    .where('state', '!=', 'RUNNING')
    .where('created_at', '<', cutoff)
    .where('storage', '=', deps.storage.kind)
    .execute()
  for (const row of old) {
    await deps.storage.delete(row.storage_key)
    await deps.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('backup').where('id', '=', row.id).execute()
      await trx
        .insertInto('audit_log')
        .values({
          action: 'BACKUP_RETENTION_DELETE',
          entity_type: 'backup',
          entity_id: row.id,
          before: JSON.stringify({ fileName: row.file_name, createdAt: row.created_at.toISOString(), days }),
        })
        .execute()
    })
  }
  return old.map((row) => row.id)
}

/** A finished backup's archive as a stream, for the download route; audited. */
export async function openBackupDownload(
  deps: Pick<BackupDeps, 'db' | 'storage'>,
  ctx: AuditCtx,
  id: string,
): Promise<{ stream: NodeJS.ReadableStream; size: number | null; fileName: string }> {
  const row = await deps.db.selectFrom('backup').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row || row.state !== 'DONE' || row.storage !== deps.storage.kind)
    throw new AppError('NOT_FOUND', 'Backup not found')
  let opened: Awaited<ReturnType<DocumentStorage['openRead']>>
  try {
    opened = await deps.storage.openRead(row.storage_key)
  } catch (error) {
    if (error instanceof StoredFileMissingError)
      throw new AppError('NOT_FOUND', 'The archive of this backup is missing from storage')
    throw error
  }
  await recordAudit(deps.db, ctx, {
    action: 'BACKUP_DOWNLOAD',
    entityType: 'backup',
    entityId: id,
    after: { fileName: row.file_name },
  })
  return { stream: opened.stream, size: opened.size ?? row.size, fileName: row.file_name }
}

/** Copies a stored backup to a local file and checks it against the checksum taken when it was made. */
export async function fetchStoredBackup(
  deps: Pick<BackupDeps, 'db' | 'storage' | 'workDir'>,
  id: string,
): Promise<{ filePath: string; row: Backup }> {
  const row = await deps.db.selectFrom('backup').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row || row.state !== 'DONE') throw new AppError('NOT_FOUND', 'Backup not found')
  if (row.storage !== deps.storage.kind) throw new AppError('NOT_FOUND', 'Backup not found')
  const filePath = path.join(deps.workDir ?? os.tmpdir(), `mp-restore-${randomUUID()}.tmp`)
  await mkdir(path.dirname(filePath), { recursive: true, mode: 0o700 })
  try {
    const { stream } = await deps.storage.openRead(row.storage_key)
    await pipeline(stream, createWriteStream(filePath, { flags: 'wx', mode: 0o600 }))
    const { sha256 } = await fileChecksum(filePath)
    if (sha256 !== row.checksum)
      throw new AppError(
        'UNPROCESSABLE_CONTENT',
        'The stored archive of this backup is damaged (its checksum does not match); nothing was changed',
        'BACKUP_DAMAGED',
      )
    return { filePath, row }
  } catch (error) {
    await rm(filePath, { force: true })
    if (error instanceof StoredFileMissingError)
      throw new AppError('NOT_FOUND', 'The archive of this backup is missing from storage')
    throw error
  }
}
