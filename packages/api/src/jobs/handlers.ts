import type { Database, Kysely } from '@mp/db'
import type { ContextLogger } from '../context.js'
import { runExportJob } from '../exports/jobs.js'
import { closeDue } from '../ledger/close.js'
import type { DocumentStorage } from '../storage/types.js'
import type { JobHandlers, JobQueue } from './queue.js'

export type WorkerDeps = {
  db: Kysely<Database>
  storage: DocumentStorage
  logger: ContextLogger
}

/** What this app's workers do with each kind of job (docs/reliability.md "Two instances"). */
export function jobHandlers(deps: WorkerDeps): JobHandlers {
  return {
    export: (data, job) => runExportJob(deps, data.exportId, job),
    // Days already closed are skipped inside (close_run claims each day once), so a repeat is harmless.
    'daily-close': async () => {
      await closeDue(deps.db, {
        log: (message) => {
          deps.logger.info({}, message)
        },
      })
    },
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
