import { rm } from 'node:fs/promises'
import type { BackupFrequency, Database, Kysely } from '@mp/db'
import type pg from 'pg'
import { applyRetention, fetchStoredBackup, runBackup } from '../backup/service.js'
import { drillBackup } from '../backup/drill.js'
import type { ContextLogger } from '../context.js'
import { AppError } from '../errors.js'
import type { DocumentStorage } from '../storage/types.js'
import type { JobQueue } from './queue.js'

/**
 * Scheduled backups and the weekly restore drill (issue 13 items 3 and 5; docs/backups.md "Schedule").
 * The schedule is one row, read in the company's time zone and turned into pg-boss cron schedules, which
 * fire once across every instance. A scheduled run is the same `runBackup` an admin starts, then the
 * retention of automatic backups; a failed run stays in the list with its error, and admins see it on
 * the dashboard. Once a week the newest backup is restored into a scratch database and compared table
 * by table with its manifest (the drill `pnpm mp verify-backup` runs by hand).
 */

export type BackupSchedule = {
  frequency: BackupFrequency
  hour: number
  weekday: number
  monthDay: number
  retentionDays: number
}

export type BackupJobDeps = {
  db: Kysely<Database>
  storage: DocumentStorage
  logger: ContextLogger
  /** The pool backups take their COPY connection from, and a folder for archives in progress. */
  backups: { pool: pg.Pool; workDir?: string | undefined }
  /** A server where the drill may create and drop a scratch database (the app's own, usually). */
  scratchServerUrl: string
}

/** The cron line (minute hour day-of-month month day-of-week) of a schedule, or null when off. */
export function backupCron(schedule: BackupSchedule): string | null {
  const hour = String(schedule.hour)
  switch (schedule.frequency) {
    case 'OFF':
      return null
    case 'DAILY':
      return `0 ${hour} * * *`
    case 'WEEKLY':
      return `0 ${hour} * * ${String(schedule.weekday)}`
    case 'MONTHLY':
      return `0 ${hour} ${String(schedule.monthDay)} * *`
  }
}

/** The drill: Sundays, three hours after the backup hour (after a daily or a Sunday backup has finished). */
export function drillCron(schedule: BackupSchedule): string | null {
  if (schedule.frequency === 'OFF') return null
  return `30 ${String((schedule.hour + 3) % 24)} * * 0`
}

export async function readBackupSchedule(
  db: Kysely<Database>,
): Promise<BackupSchedule & { timezone: string }> {
  const row = await db
    .selectFrom('backup_schedule')
    .select(['frequency', 'hour', 'weekday', 'month_day', 'retention_days'])
    .where('id', '=', 1)
    .executeTakeFirst()
  const settings = await db.selectFrom('company_settings').select('timezone').executeTakeFirst()
  return {
    frequency: row?.frequency ?? 'DAILY',
    hour: row?.hour ?? 2,
    weekday: row?.weekday ?? 0,
    monthDay: row?.month_day ?? 1,
    retentionDays: row?.retention_days ?? 30,
    timezone: settings?.timezone ?? 'Africa/Lagos',
  }
}

/**
 * Makes the queue's schedules match the stored one (at every start and after an admin changes it).
 * Replacing a schedule is idempotent, so several instances doing it at once agree.
 */
export async function syncBackupSchedule(db: Kysely<Database>, queue: JobQueue): Promise<void> {
  const schedule = await readBackupSchedule(db)
  const backup = backupCron(schedule)
  const drill = drillCron(schedule)
  if (backup === null) await queue.unschedule('backup')
  else await queue.schedule('backup', backup, { trigger: 'schedule' }, schedule.timezone)
  if (drill === null) await queue.unschedule('backup-drill')
  else await queue.schedule('backup-drill', drill, { trigger: 'schedule' }, schedule.timezone)
}

/** One scheduled backup, then the retention of automatic backups. */
export async function runScheduledBackup(deps: BackupJobDeps): Promise<void> {
  const schedule = await readBackupSchedule(deps.db)
  let view: Awaited<ReturnType<typeof runBackup>>
  try {
    view = await runBackup(
      { db: deps.db, storage: deps.storage, pool: deps.backups.pool, workDir: deps.backups.workDir },
      { trigger: 'SCHEDULED', byUser: null },
    )
  } catch (error) {
    // An admin's backup already running counts as this slot's backup: nothing to add.
    if (error instanceof AppError && error.reason === 'BACKUP_RUNNING') {
      deps.logger.info({}, 'scheduled backup skipped: another backup is running')
      return
    }
    throw error
  }
  if (view.state !== 'DONE') {
    // The failed run is already recorded with its error (listed, and on the admins' dashboard).
    deps.logger.error({ backup: view.id, error: view.error }, 'scheduled backup failed')
    return
  }
  const removed = await applyRetention(deps, schedule.retentionDays)
  deps.logger.info(
    { backup: view.id, removed: removed.length },
    `scheduled backup done; retention removed ${String(removed.length)}`,
  )
}

/** The weekly drill on the newest finished backup; its result is kept in `backup_drill`. */
export async function runBackupDrill(deps: BackupJobDeps): Promise<void> {
  const newest = await deps.db
    .selectFrom('backup')
    .select(['id', 'file_name'])
    .where('state', '=', 'DONE')
    .where('storage', '=', deps.storage.kind)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst()
  if (!newest) return
  const drill = await deps.db
    .insertInto('backup_drill')
    .values({ backup_id: newest.id, backup_file_name: newest.file_name })
    .returning('id')
    .executeTakeFirstOrThrow()
  let filePath: string | undefined
  try {
    const fetched = await fetchStoredBackup({ ...deps, workDir: deps.backups.workDir }, newest.id)
    filePath = fetched.filePath
    const result = await drillBackup({ adminUrl: deps.scratchServerUrl, filePath })
    await deps.db
      .updateTable('backup_drill')
      .set({
        state: result.differences.length === 0 ? 'PASSED' : 'FAILED',
        tables: result.tables,
        rows: result.rows,
        differences: JSON.stringify(result.differences),
        error:
          result.differences.length === 0
            ? null
            : `${String(result.differences.length)} table(s) differ from the manifest`,
        finished_at: new Date(),
      })
      .where('id', '=', drill.id)
      .execute()
  } catch (error) {
    deps.logger.error({ err: error, backup: newest.id }, 'restore drill failed')
    await deps.db
      .updateTable('backup_drill')
      .set({
        state: 'FAILED',
        error: error instanceof Error ? error.message.slice(0, 500) : 'The drill failed',
        finished_at: new Date(),
      })
      .where('id', '=', drill.id)
      .execute()
  } finally {
    if (filePath) await rm(filePath, { force: true })
  }
}
