import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { Database, Kysely } from '@mp/db'
import type { ContextLogger } from '../../src/context.js'
import { jobHandlers, type WorkerDeps } from '../../src/jobs/handlers.js'
import { startJobQueue, type JobQueue } from '../../src/jobs/queue.js'
import type { DocumentStorage } from '../../src/storage/types.js'
import { tempStorage } from '../document-fixtures.js'

/** A logger that drops everything (the tests look at rows, not logs). */
export const silentLogger: ContextLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
}

/**
 * A queue on the test database as a server starts one, polling fast: with this app's workers built from
 * `workers`, or send-only without them (a web-only instance, or one whose workers are down).
 */
export function startTestQueue(
  url: string,
  workers: WorkerDeps | undefined,
  options: { logger?: ContextLogger; cronMonitorIntervalSeconds?: number } = {},
): Promise<JobQueue> {
  return startJobQueue({
    url,
    logger: options.logger ?? workers?.logger ?? silentLogger,
    handlers: workers ? jobHandlers(workers) : undefined,
    pollingIntervalSeconds: 0.5,
    ...(options.cronMonitorIntervalSeconds === undefined
      ? {}
      : { cronMonitorIntervalSeconds: options.cronMonitorIntervalSeconds }),
    poolSize: 2,
  })
}

/**
 * A real job queue (pg-boss) on a test database, with this app's workers and a temporary local storage:
 * exports in tests go through the same queue, worker and storage as on a server.
 */
export async function startTestJobs(t: { db: Kysely<Database>; url: string }) {
  const files = await tempStorage()
  const errors: unknown[] = []
  const logger: ContextLogger = {
    info: () => undefined,
    warn: () => undefined,
    error: (object) => {
      errors.push(object.err)
    },
  }
  const jobs = await startTestQueue(t.url, { db: t.db, storage: files.storage, logger })
  const storage: DocumentStorage = files.storage
  return {
    jobs,
    storage,
    /** Errors the queue and its workers logged (a test may expect none). */
    errors,
    /** The bytes of a finished export, as stored. */
    read: (storageKey: string) => readFile(path.join(files.root, ...storageKey.split('/'))),
    stop: async () => {
      await jobs.stop()
      await files.remove()
    },
  }
}
