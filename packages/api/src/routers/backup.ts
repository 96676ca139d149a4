import { rm } from 'node:fs/promises'
import {
  deleteBackup,
  fetchStoredBackup,
  getBackup,
  listBackups,
  restoreFromFile,
  startBackup,
  type BackupDeps,
} from '../backup/index.js'
import type { Context } from '../context.js'
import { AppError } from '../errors.js'
import { ZBackupIdInput, ZBackupRestoreInput } from '../schemas/backup.js'
import { adminProcedure, router } from '../trpc.js'

function depsOf(ctx: Context): BackupDeps {
  if (!ctx.backups || !ctx.storage)
    throw new AppError('SERVICE_UNAVAILABLE', 'Backups are not set up on this server', 'BACKUPS_UNAVAILABLE')
  return {
    db: ctx.db,
    pool: ctx.backups.pool,
    storage: ctx.storage,
    workDir: ctx.backups.workDir,
    now: ctx.now,
  }
}

// Settings → Backups (docs/backups.md): admins only, every change audited.
export const backupRouter = router({
  list: adminProcedure.query(({ ctx }) => listBackups(ctx.db, ctx.now())),
  get: adminProcedure.input(ZBackupIdInput).query(({ ctx, input }) => getBackup(ctx.db, input.id)),
  /** Starts a backup and answers at once; the page polls `get` for its progress. */
  create: adminProcedure.mutation(async ({ ctx }) => {
    const started = await startBackup(depsOf(ctx), {
      trigger: 'MANUAL',
      byUser: { id: ctx.user.id, email: ctx.user.email },
      request: ctx.request,
    })
    void started.done.then((final) => {
      if (final.state === 'FAILED')
        ctx.logger.error({ backupId: final.id, error: final.error }, 'backup failed')
    })
    return started.backup
  }),
  delete: adminProcedure.input(ZBackupIdInput).mutation(async ({ ctx, input }) => {
    await getBackup(ctx.db, input.id)
    await deleteBackup(depsOf(ctx), ctx, input.id)
    return { id: input.id }
  }),
  /**
   * Restores a stored backup over the whole database (docs/backups.md "Restore"): checked first, a
   * pre-restore backup taken, one transaction. The admin's own session survives; everyone else signs in
   * again.
   */
  restore: adminProcedure.input(ZBackupRestoreInput).mutation(async ({ ctx, input }) => {
    await getBackup(ctx.db, input.id)
    const deps = depsOf(ctx)
    const { filePath, row } = await fetchStoredBackup(deps, input.id)
    try {
      return await restoreFromFile(deps, ctx, {
        filePath,
        restorer: { userId: ctx.user.id, email: ctx.user.email, sessionId: ctx.session.id },
        label: row.file_name,
        sourceBackupId: row.id,
      })
    } finally {
      await rm(filePath, { force: true })
    }
  }),
})
