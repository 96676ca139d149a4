import type { Database, Kysely } from '@mp/db'
import { z } from 'zod'
import { recordAudit } from '../audit.js'
import { readBackupSchedule, syncBackupSchedule } from '../jobs/backup-jobs.js'
import { adminProcedure, router } from '../trpc.js'

const wholeNumber = (field: string, min: number, max: number) =>
  z
    .number({ error: `${field} must be a number` })
    .int({ error: `${field} must be a whole number` })
    .min(min, { error: `${field} must be from ${String(min)} to ${String(max)}` })
    .max(max, { error: `${field} must be from ${String(min)} to ${String(max)}` })

const ZBackupScheduleInput = z.object({
  frequency: z.enum(['OFF', 'DAILY', 'WEEKLY', 'MONTHLY'], {
    error: 'Frequency must be OFF, DAILY, WEEKLY or MONTHLY',
  }),
  hour: wholeNumber('Hour', 0, 23),
  weekday: wholeNumber('Weekday (0 = Sunday)', 0, 6),
  monthDay: wholeNumber('Day of the month', 1, 28),
  retentionDays: wholeNumber('Retention in days', 1, 3650),
})

/** The schedule with what admins need to trust it: the last scheduled run and the last drill. */
async function scheduleView(db: Kysely<Database>) {
  const schedule = await readBackupSchedule(db)
  const lastScheduled = await db
    .selectFrom('backup')
    .select(['id', 'state', 'error', 'file_name', 'created_at', 'finished_at'])
    .where('trigger', '=', 'SCHEDULED')
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst()
  const lastDrill = await db
    .selectFrom('backup_drill')
    .select(['id', 'state', 'error', 'backup_file_name', 'tables', 'rows', 'started_at', 'finished_at'])
    .orderBy('started_at', 'desc')
    .limit(1)
    .executeTakeFirst()
  return {
    ...schedule,
    lastScheduled: lastScheduled
      ? {
          id: lastScheduled.id,
          state: lastScheduled.state,
          error: lastScheduled.error,
          fileName: lastScheduled.file_name,
          createdAt: lastScheduled.created_at,
          finishedAt: lastScheduled.finished_at,
        }
      : null,
    lastDrill: lastDrill
      ? {
          id: lastDrill.id,
          state: lastDrill.state,
          error: lastDrill.error,
          fileName: lastDrill.backup_file_name,
          tables: lastDrill.tables,
          rows: lastDrill.rows,
          startedAt: lastDrill.started_at,
          finishedAt: lastDrill.finished_at,
        }
      : null,
    /** Shown on the admins' dashboard: the last scheduled backup or the last drill failed. */
    needsAttention: lastScheduled?.state === 'FAILED' || lastDrill?.state === 'FAILED',
  }
}

// Settings → Backups, the schedule (docs/backups.md "Schedule"): admins only, changes audited.
export const backupScheduleRouter = router({
  get: adminProcedure.query(({ ctx }) => scheduleView(ctx.db)),
  update: adminProcedure.input(ZBackupScheduleInput).mutation(async ({ ctx, input }) => {
    await ctx.db.transaction().execute(async (trx) => {
      const before = await readBackupSchedule(trx)
      await trx
        .updateTable('backup_schedule')
        .set({
          frequency: input.frequency,
          hour: input.hour,
          weekday: input.weekday,
          month_day: input.monthDay,
          retention_days: input.retentionDays,
          updated_by: ctx.user.id,
          updated_at: new Date(),
        })
        .where('id', '=', 1)
        .execute()
      await recordAudit(trx, ctx, {
        action: 'BACKUP_SCHEDULE_UPDATE',
        entityType: 'backup_schedule',
        entityId: null,
        before,
        after: input,
      })
    })
    // Every instance reads the same schedules from the queue; without a queue here the next start syncs.
    if (ctx.jobs) await syncBackupSchedule(ctx.db, ctx.jobs)
    return scheduleView(ctx.db)
  }),
})
