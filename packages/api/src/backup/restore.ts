import type pg from 'pg'
import { recordAudit } from '../audit.js'
import type { Context } from '../context.js'
import { AppError } from '../errors.js'
import {
  assertSameSchema,
  loadArchive,
  setSequences,
  verifyArchive,
  type LoadHooks,
  type VerifiedArchive,
} from './archive.js'
import { openCopyClient, publicTables, sequenceValues, tablesClearedOnRestore } from './catalog.js'
import { BackupFileError } from './format.js'
import { runBackup, type BackupDeps, type BackupView } from './service.js'

/** A restore's refusals and failures as the 4xx the caller sees (never a 500 for a bad file). */
function backupFileAppError(error: BackupFileError): AppError {
  return new AppError(
    'UNPROCESSABLE_CONTENT',
    `${error.message}; nothing was changed`,
    `BACKUP_${error.problem}`,
  )
}

/** The admin restoring from the web, whose session survives the restore (docs/backups.md "Sessions"). */
export type Restorer = { userId: string; email: string; sessionId: string }

export type RestoreResult = {
  tables: number
  rows: number
  preRestoreBackup: BackupView
  schemaVersion: string
  createdAt: string
}

/**
 * Checks that the restorer is an active admin in the archive: otherwise the restore would sign them out
 * with no account to sign back in with. The command line (no restorer) is not limited.
 */
function assertRestorerInArchive(verified: VerifiedArchive, restorer: Restorer): void {
  const columns = verified.header.tables.find((table) => table.name === 'staff_user')?.columns ?? []
  const at = (name: string) => columns.indexOf(name)
  const isThere = (verified.rowsOf.get('staff_user') ?? []).some((line) => {
    const fields = line.split('\t')
    return (
      fields[at('id')] === restorer.userId &&
      fields[at('role')] === 'ADMIN' &&
      fields[at('is_active')] === 't'
    )
  })
  if (!isThere)
    throw new AppError(
      'PRECONDITION_FAILED',
      'You are not an active admin in this backup, so the restore would lock you out; restore it with "pnpm mp restore" instead. Nothing was changed',
      'RESTORER_NOT_IN_BACKUP',
    )
}

async function withClient<T>(pool: pg.Pool, run: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  try {
    return await run(client)
  } finally {
    client.release()
  }
}

async function setMaintenance(client: pg.ClientBase, isOn: boolean): Promise<void> {
  await client.query(`update company_settings set is_maintenance_mode = $1 where id = 'default'`, [isOn])
}

/**
 * The restore (docs/backups.md "Restore"), in this order:
 *  1. the file is read whole and every checksum, the format and the schema version checked — a damaged,
 *     truncated or foreign file is refused here, before anything changes;
 *  2. maintenance mode on (non-admins get 503 on every change), and a pre-restore backup taken;
 *  3. in ONE transaction: every backed-up table truncated and loaded with COPY, sessions cleared except
 *     the restoring admin's, sequences set, maintenance put back as it was, the restore audited;
 *  4. on any failure the transaction rolls back (and sequences are put back): the database is exactly
 *     as before, and maintenance mode returns to what it was.
 */
export async function restoreFromFile(
  deps: BackupDeps,
  ctx: Pick<Context, 'user' | 'request'>,
  options: {
    filePath: string
    restorer: Restorer | null
    /** What was restored, for the audit entry: a file name or "backup <id>". */
    label: string
    sourceBackupId?: string | undefined
    hooks?: LoadHooks | undefined
  },
): Promise<RestoreResult> {
  let verified: VerifiedArchive
  try {
    verified = await verifyArchive(options.filePath, { keepRowsOf: ['staff_user'] })
    await withClient(deps.pool, (client) => assertSameSchema(client, verified.header))
  } catch (error) {
    if (error instanceof BackupFileError) throw backupFileAppError(error)
    throw error
  }
  if (options.restorer) assertRestorerInArchive(verified, options.restorer)

  const wasMaintenance = await withClient(deps.pool, async (client) => {
    const { rows } = await client.query<{ is_maintenance_mode: boolean }>(
      `select is_maintenance_mode from company_settings where id = 'default'`,
    )
    await setMaintenance(client, true)
    return rows[0]?.is_maintenance_mode ?? false
  })
  try {
    const preRestore = await runBackup(deps, {
      trigger: 'PRE_RESTORE',
      byUser: options.restorer ? { id: options.restorer.userId, email: options.restorer.email } : null,
      request: ctx.request,
    })
    if (preRestore.state !== 'DONE')
      throw new AppError(
        'PRECONDITION_FAILED',
        `The pre-restore backup failed (${preRestore.error ?? 'unknown error'}); nothing was changed`,
        'PRE_RESTORE_BACKUP_FAILED',
      )
    const client = await openCopyClient(deps.pool)
    try {
      const sequencesBefore = await sequenceValues(client)
      await client.query('begin')
      try {
        const tables = await assertSameSchema(client, verified.header)
        // The restorer's session, kept aside exactly (a temporary table dropped at commit).
        await client.query(
          'create temporary table mp_kept_session on commit drop as select * from session where id = $1',
          [options.restorer?.sessionId ?? ''],
        )
        const manifest = await loadArchive(client, options.filePath, tables, {
          alsoClear: tablesClearedOnRestore(await publicTables(client)),
          hooks: options.hooks,
        })
        await client.query('insert into session select * from mp_kept_session')
        await setMaintenance(client, wasMaintenance)
        const rows = Object.values(manifest.tables).reduce((sum, table) => sum + table.rows, 0)
        await client.query(
          `insert into audit_log (actor_id, actor_email, action, entity_type, entity_id, after, ip, user_agent, request_id)
           values ($1, $2, 'BACKUP_RESTORE', 'backup', $3, $4, $5, $6, $7)`,
          [
            options.restorer?.userId ?? null,
            options.restorer?.email ?? null,
            options.sourceBackupId ?? null,
            JSON.stringify({
              source: options.label,
              backupCreatedAt: verified.header.createdAt,
              schemaVersion: verified.header.schemaVersion,
              tables: Object.keys(manifest.tables).length,
              rows,
              preRestoreBackupId: preRestore.id,
            }),
            ctx.request.ip,
            ctx.request.userAgent,
            ctx.request.requestId,
          ],
        )
        await client.query('commit')
        return {
          tables: Object.keys(manifest.tables).length,
          rows,
          preRestoreBackup: preRestore,
          schemaVersion: verified.header.schemaVersion,
          createdAt: verified.header.createdAt,
        }
      } catch (error) {
        await client.query('rollback').catch(() => undefined)
        // setval is outside transactions: put the numbers back where they were.
        await setSequences(client, sequencesBefore).catch(() => undefined)
        throw error
      }
    } finally {
      await client.end().catch(() => undefined)
    }
  } catch (error) {
    await withClient(deps.pool, (client) => setMaintenance(client, wasMaintenance)).catch(() => undefined)
    await recordAudit(deps.db, ctx, {
      action: 'BACKUP_RESTORE_FAILED',
      entityType: 'backup',
      after: { source: options.label, error: error instanceof Error ? error.message : String(error) },
    }).catch(() => undefined)
    if (error instanceof BackupFileError) throw backupFileAppError(error)
    if (error instanceof AppError) throw error
    throw new AppError(
      'UNPROCESSABLE_CONTENT',
      `The restore failed and was rolled back; nothing was changed (${error instanceof Error ? error.message : String(error)})`,
      'RESTORE_FAILED',
    )
  }
}
