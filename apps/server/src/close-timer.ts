import { closeDue } from '@mp/api'
import type { Database, Kysely } from '@mp/db'
import type { Logger } from 'pino'

/**
 * Runs the daily close (docs/reports.md "The close") from the server process: shortly after start-up, to
 * catch up days missed while no server ran, and then every few minutes, which closes yesterday soon after
 * midnight in the company timezone (a check that finds nothing owed is one small query). Several instances
 * may run it: each day is claimed by one of them in the database. The heavy lifting is SQL; the few loans
 * replayed in JavaScript yield to the event loop between slices, so requests keep being served.
 */
const FIRST_RUN_MS = 5_000
const EVERY_MS = 10 * 60 * 1000

/** How long a shutdown waits for a close in progress before closing the database under it. */
const STOP_WAIT_MS = 5_000

export function startCloseTimer(options: { db: Kysely<Database>; logger: Logger }): {
  stop: () => Promise<void>
} {
  let timer: NodeJS.Timeout | undefined
  let isStopped = false
  let running: Promise<void> | undefined
  const run = async () => {
    try {
      await closeDue(options.db, {
        log: (message) => {
          options.logger.info(message)
        },
      })
    } catch (error) {
      // A failed day stays owed (close_run FAILED) and is tried again next time. A close cut short by
      // a shutdown is no failure: its claim goes stale and the next start takes the day over.
      if (isStopped) options.logger.info('daily close interrupted by shutdown; it resumes at the next start')
      else options.logger.error({ err: error }, 'daily close failed')
    }
    if (!isStopped) schedule(EVERY_MS)
  }
  const schedule = (ms: number) => {
    timer = setTimeout(() => {
      running = run().finally(() => {
        running = undefined
      })
    }, ms)
    timer.unref()
  }
  schedule(FIRST_RUN_MS)
  return {
    stop: async () => {
      isStopped = true
      clearTimeout(timer)
      if (running === undefined) return
      let wait: NodeJS.Timeout | undefined
      await Promise.race([
        running,
        new Promise<void>((resolve) => {
          wait = setTimeout(resolve, STOP_WAIT_MS)
        }),
      ])
      clearTimeout(wait)
    },
  }
}
