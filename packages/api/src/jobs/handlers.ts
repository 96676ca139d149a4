import type { Database, Kysely } from '@mp/db'
import type { ContextLogger } from '../context.js'
import { runExportJob, sweepExports } from '../exports/jobs.js'
import { closeDue } from '../ledger/close.js'
import type { DocumentStorage } from '../storage/types.js'
import { runBackupDrill, runScheduledBackup, syncBackupSchedule, type BackupJobDeps } from './backup-jobs.js'
import type { JobHandlers, JobQueue } from './queue.js'

export type WorkerDeps = {
  db: Kysely<Database>
  storage: DocumentStorage
  logger: ContextLogger
  /** Scheduled backups and the drill; without them this instance takes no backup jobs. */
  backups?: Pick<BackupJobDeps, 'backups' | 'scratchServerUrl'> | undefined
}

/** What this app's workers do with each kind of job (docs/reliability.md "Two instances"). */
export function jobHandlers(deps: WorkerDeps): JobHandlers {
  const backups = deps.backups
  return {
    export: (data, job) => runExportJob(deps, data.exportId, job),
    'export-sweep': async () => {
      await sweepExports(deps)
    },
    // Days already closed are skipped inside (close_run claims each day once), so a repeat is harmless.
    'daily-close': async () => {
      await closeDue(deps.db, {
        log: (message) => {
          deps.logger.info({}, message)
        },
      })
    },
    ...(backups
      ? {
          backup: () => runScheduledBackup({ ...deps, ...backups }),
          'backup-drill': () => runBackupDrill({ ...deps, ...backups }),
        }
      : {}),
  }
}

/**
 * The daily close every ten minutes, which closes yesterday soon after midnight in the company's time
 * zone (a check that finds nothing owed is one small query), and once now, to catch up days missed
 * while no server ran. Every instance asks; the queue keeps one close queued and one running at most.
 */
export async function scheduleDailyClose(queue: JobQueue): Promise<void> {
  await queue.schedule('daily-close', '*/10 * * * *', { reason: 'schedule' }, 'UTC')
  await queue.send('daily-close', { reason: 'start-up' })
}

/** Every schedule of the app, as stored: the daily close, the exports' sweep and the backups (at each start). */
export async function scheduleJobs(db: Kysely<Database>, queue: JobQueue): Promise<void> {
  await scheduleDailyClose(queue)
  // Every ten minutes: a lost export reads as failed at most ten minutes after its three hours.
  await queue.schedule('export-sweep', '*/10 * * * *', { reason: 'schedule' }, 'UTC')
  await syncBackupSchedule(db, queue)
}
