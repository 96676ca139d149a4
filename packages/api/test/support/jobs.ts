import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { Database, Kysely } from '@mp/db'
import { jobHandlers } from '../../src/jobs/handlers.js'
import { startJobQueue, type JobQueue } from '../../src/jobs/queue.js'
import type { DocumentStorage } from '../../src/storage/types.js'
import { tempStorage } from '../document-fixtures.js'

/**
 * A real job queue (pg-boss) on a test database, with this app's workers and a temporary local storage:
 * exports in tests go through the same queue, worker and storage as on a server.
 */
export async function startTestJobs(t: { db: Kysely<Database>; url: string }) {
  const files = await tempStorage()
  const errors: unknown[] = []
  const logger = {
    info: () => undefined,
    warn: () => undefined,
    error: (object: Record<string, unknown>) => {
      errors.push(object.err)
    },
  }
  const jobs: JobQueue = await startJobQueue({
    url: t.url,
    logger,
    handlers: jobHandlers({ db: t.db, storage: files.storage, logger }),
    pollingIntervalSeconds: 0.5,
    poolSize: 2,
  })
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
