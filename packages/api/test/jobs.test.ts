import { invalidateSession } from '@mp/auth'
import { sql } from '@mp/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sweepExports, waitForExport } from '../src/exports/jobs.js'
import type { JobQueue } from '../src/jobs/queue.js'
import type { DocumentStorage } from '../src/storage/types.js'
import { tempStorage } from './document-fixtures.js'
import { activeLoan, addLoanWorld, type LoanWorld } from './loan-fixtures.js'
import { silentLogger, startTestQueue } from './support/jobs.js'
import { expectTRPCError, openTestDatabase, signInAs } from './staff-fixtures.js'

/**
 * The job queue as the server runs it (docs/reliability.md "Two instances"): real pg-boss on the test
 * database, this app's handlers, local storage. "Instances" here are separate queues on one database,
 * one of which may only send (a web-only instance, or every instance while its workers are down).
 */
let t: Awaited<ReturnType<typeof openTestDatabase>>
let w: LoanWorld
let files: Awaited<ReturnType<typeof tempStorage>>
const queues: JobQueue[] = []

async function queue(options: { storage?: DocumentStorage; workers: boolean }): Promise<JobQueue> {
  const started = await startTestQueue(
    t.url,
    options.workers
      ? { db: t.db, storage: options.storage ?? files.storage, logger: silentLogger }
      : undefined,
  )
  queues.push(started)
  return started
}

async function callerWith(jobs: JobQueue, userId: string) {
  return signInAs(t.db, { id: userId }, { now: w.clock.now, jobs })
}

beforeAll(async () => {
  t = await openTestDatabase({ poolSize: 8 })
  files = await tempStorage()
  w = await addLoanWorld(t.db, '2025-03-03')
  await activeLoan(w, { startDate: '2025-01-06' })
}, 120_000)

afterAll(async () => {
  for (const started of queues) await started.stop()
  await files.remove()
  await t.close()
})

describe('exports on the job queue', () => {
  it('a job queued while no worker runs waits, survives the sender stopping, and is done by a worker started later', async () => {
    const sender = await queue({ workers: false })
    const { caller } = await callerWith(sender, w.admin.id)
    const started = await caller.export.start({ name: 'loans', format: 'csv', input: {} })
    expect(started.state).toBe('QUEUED')
    await sender.stop()
    expect((await caller.export.status({ id: started.id })).state).toBe('QUEUED')

    await queue({ workers: true })
    const job = await waitForExport(t.db, w.admin.id, started.id)
    expect(job.state, job.error ?? '').toBe('DONE')
    expect(job.rowsDone).toBe(1)
    expect(job.storageKey).toBe(`exports/${started.id}`)
    const stored = await files.storage.openRead(job.storageKey ?? '')
    expect(stored.size).toBe(job.size)
    stored.stream.destroy()
  }, 120_000)

  it('at most two exports per user queued or running, counted in the database across instances', async () => {
    const one = await queue({ workers: false })
    const two = await queue({ workers: false })
    const { caller: viaOne } = await callerWith(one, w.coA1.id)
    const { caller: viaTwo } = await callerWith(two, w.coA1.id)
    const first = await viaOne.export.start({ name: 'loans', format: 'csv', input: {} })
    const second = await viaTwo.export.start({ name: 'loans', format: 'xlsx', input: {} })
    // The same file asked again while it is being written (a double click, a second tab, another
    // instance) is the same job, and takes no slot of its own.
    const again = await viaTwo.export.start({ name: 'loans', format: 'csv', input: {} })
    expect(again.id).toBe(first.id)
    await expectTRPCError(
      viaOne.export.start({ name: 'loans', format: 'pdf', input: {} }),
      'TOO_MANY_REQUESTS',
      /^You already have 2 exports running; wait for them to finish$/,
    )
    // Another user is not held up by them.
    const { caller: other } = await callerWith(two, w.coA2.id)
    await expect(other.export.start({ name: 'loans', format: 'csv', input: {} })).resolves.toMatchObject({
      state: 'QUEUED',
    })
    // Once a worker finishes them, the user may export again.
    await queue({ workers: true })
    for (const id of [first.id, second.id])
      expect((await waitForExport(t.db, w.coA1.id, id)).state).toBe('DONE')
    await expect(viaOne.export.start({ name: 'loans', format: 'csv', input: {} })).resolves.toBeDefined()
  }, 120_000)

  it('signing out before the job runs fails it with a plain message instead of exporting', async () => {
    const sender = await queue({ workers: false })
    const { caller, ctx } = await callerWith(sender, w.supA.id)
    const started = await caller.export.start({ name: 'loans', format: 'csv', input: {} })
    await invalidateSession(t.db, ctx.session?.id ?? '')
    const job = await waitForExport(t.db, w.supA.id, started.id)
    expect(job).toMatchObject({
      state: 'FAILED',
      error: 'You signed out before the export ran; sign in and export again',
    })
    expect(job.storageKey).toBeNull()
  }, 120_000)

  it('a failure is retried by the queue and the retry finishes the file', async () => {
    // Storage that refuses the first upload, as a storage outage would.
    let refusals = 0
    const flaky: DocumentStorage = {
      ...files.storage,
      putFile: async (input) => {
        refusals += 1
        if (refusals === 1) throw new Error('storage unavailable')
        return files.storage.putFile(input)
      },
    }
    // Only this queue works (the others are stopped), so the retry comes from it too.
    for (const started of queues.splice(0)) await started.stop()
    const worker = await queue({ workers: true, storage: flaky })
    const { caller } = await callerWith(worker, w.supB.id)
    const started = await caller.export.start({ name: 'loans', format: 'csv', input: {} })
    const job = await waitForExport(t.db, w.supB.id, started.id)
    expect(job.state, job.error ?? '').toBe('DONE')
    expect(refusals).toBe(2)
    const row = await t.db
      .selectFrom('export_job')
      .select('attempts')
      .where('id', '=', started.id)
      .executeTakeFirstOrThrow()
    expect(row.attempts).toBe(2)
  }, 120_000)

  it('files are swept an hour after they finish, rows and stored bytes both', async () => {
    const finished = await t.db
      .selectFrom('export_job')
      .select(['id', 'storage_key'])
      .where('state', '=', 'DONE')
      .execute()
    expect(finished.length).toBeGreaterThan(0)
    expect(await sweepExports({ db: t.db, storage: files.storage, logger: silentLogger })).toEqual({
      lost: 0,
      deleted: 0,
    })
    const { n: finishedCount } = await t.db
      .selectFrom('export_job')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('finished_at', 'is not', null)
      .executeTakeFirstOrThrow()
    const later = new Date(Date.now() + 61 * 60 * 1000)
    expect(await sweepExports({ db: t.db, storage: files.storage, logger: silentLogger }, later)).toEqual({
      lost: 0,
      deleted: finishedCount,
    })
    for (const row of finished) {
      await expect(files.storage.openRead(row.storage_key ?? '')).rejects.toThrow(/No stored file/)
    }
  })
  it('the sweep job fails an export queued or running for over three hours, and leaves a slower one alone', async () => {
    for (const started of queues.splice(0)) await started.stop()
    const { caller, ctx } = await callerWith(await queue({ workers: false }), w.coB1.id)
    const hoursAgo = (hours: number) => new Date(Date.now() - hours * 60 * 60 * 1000)
    // Rows as a lost job leaves them: the worker died with it and its retries are used up.
    const lostRows = await t.db
      .insertInto('export_job')
      .values(
        (['QUEUED', 'RUNNING'] as const).map((state) => ({
          user_id: w.coB1.id,
          session_id: ctx.session?.id ?? '',
          name: 'loans',
          format: 'csv' as const,
          input: '{}',
          as_of: hoursAgo(4),
          file_name: 'loans.csv',
          state,
          created_at: hoursAgo(4),
        })),
      )
      .returning('id')
      .execute()
    // Two hours is slow, not lost: it stays as it is.
    const slow = await t.db
      .insertInto('export_job')
      .values({
        user_id: w.supB.id,
        session_id: ctx.session?.id ?? '',
        name: 'loans',
        format: 'csv',
        input: '{}',
        as_of: hoursAgo(2),
        file_name: 'loans.csv',
        state: 'RUNNING',
        created_at: hoursAgo(2),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    // Until the sweep runs, the row says what it holds.
    const before = await caller.export.status({ id: lostRows[0]?.id ?? '' })
    expect(before.state).toBe('QUEUED')

    const worker = await queue({ workers: true })
    await worker.send('export-sweep', { reason: 'schedule' })
    let states: string[] = []
    for (let attempt = 0; attempt < 1200; attempt++) {
      const rows = await t.db
        .selectFrom('export_job')
        .select('state')
        .where(
          'id',
          'in',
          lostRows.map((row) => row.id),
        )
        .execute()
      states = rows.map((row) => row.state)
      if (states.every((state) => state === 'FAILED')) break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(states).toEqual(['FAILED', 'FAILED'])
    for (const row of lostRows) {
      expect(await caller.export.status({ id: row.id })).toMatchObject({
        state: 'FAILED',
        error: 'The export did not finish; export again',
      })
    }
    const kept = await t.db
      .selectFrom('export_job')
      .select(['state', 'error', 'finished_at'])
      .where('id', '=', slow.id)
      .executeTakeFirstOrThrow()
    expect(kept).toEqual({ state: 'RUNNING', error: null, finished_at: null })
    // The failed rows are finished now, swept with the others an hour later.
    const failed = await t.db
      .selectFrom('export_job')
      .select('finished_at')
      .where('id', '=', lostRows[0]?.id ?? '')
      .executeTakeFirstOrThrow()
    expect(failed.finished_at).toBeInstanceOf(Date)
  }, 120_000)
})

describe('the daily close on the queue', () => {
  it('asked for by two instances at once, it is queued at most once more than it runs, and every owed day closes', async () => {
    const one = await queue({ workers: true })
    const two = await queue({ workers: true })
    const sent = await Promise.all([
      one.send('daily-close', { reason: 'start-up' }),
      two.send('daily-close', { reason: 'start-up' }),
      one.send('daily-close', { reason: 'start-up' }),
      two.send('daily-close', { reason: 'start-up' }),
    ])
    // 'stately': one close waiting and one running at most, so four asks make at most two jobs.
    const accepted = sent.filter((id) => id !== null)
    expect(accepted.length).toBeGreaterThanOrEqual(1)
    expect(accepted.length).toBeLessThanOrEqual(2)
    // Done when no close is queued or running and yesterday is closed (generous wait, no timing claim).
    for (let attempt = 0; attempt < 1200; attempt++) {
      const pending = await sql<{ n: number }>`
        select count(*)::int as n from pgboss.job
        where name = 'daily-close' and state in ('created', 'retry', 'active')`.execute(t.db)
      const closed = await sql<{ n: number }>`
        select count(*)::int as n from close_run where state = 'DONE'`.execute(t.db)
      if (pending.rows[0]?.n === 0 && (closed.rows[0]?.n ?? 0) > 0) break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    // The first close: the last six month-ends and yesterday, all done.
    const runs = await sql<{ state: string }>`select state from close_run`.execute(t.db)
    expect(runs.rows.length).toBeGreaterThanOrEqual(7)
    expect(runs.rows.every((row) => row.state === 'DONE')).toBe(true)
    const completed = await sql<{ n: number }>`
      select count(*)::int as n from pgboss.job where name = 'daily-close' and state = 'completed'`.execute(
      t.db,
    )
    expect(completed.rows[0]?.n).toBeGreaterThanOrEqual(1)
    const failed = await sql<{ n: number }>`
      select count(*)::int as n from pgboss.job where name = 'daily-close' and state = 'failed'`.execute(t.db)
    expect(failed.rows[0]?.n).toBe(0)
  }, 180_000)
})
