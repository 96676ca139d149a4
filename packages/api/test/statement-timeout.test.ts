import { createKysely, createPool, sql } from '@mp/db'
import { holdInTransaction } from '@mp/db/testing'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { BUSY_MESSAGE } from '../src/backpressure.js'
import { addLoanWorld, type LoanWorld } from './loan-fixtures.js'
import { expectTRPCError, openTestDatabase, signInAs } from './staff-fixtures.js'

/**
 * A request that waits longer than the statement timeout behind a lock (a restore replacing every table
 * holds them all until it commits: docs/backups.md) is "busy, retry" — 503 with Retry-After — not a 500.
 */
let t: Awaited<ReturnType<typeof openTestDatabase>>
let w: LoanWorld

beforeAll(async () => {
  t = await openTestDatabase()
  w = await addLoanWorld(t.db)
}, 60_000)
afterAll(async () => {
  await t.close()
})

describe('a query out of time (docs/reliability.md "Backpressure")', () => {
  it('answers SERVICE_UNAVAILABLE with the busy message while a table is locked past the timeout', async () => {
    // The app's pool with a short statement timeout, so the test does not wait 30 s.
    const pool = createPool(t.url, { max: 2 })
    pool.on('connect', (client) => {
      void client.query('set statement_timeout = 300')
    })
    const shortDb = createKysely(pool)
    const release = await holdInTransaction(t.db, (trx) =>
      sql`lock table member in access exclusive mode`.execute(trx),
    )
    try {
      const { caller } = await signInAs(shortDb, w.admin)
      await expectTRPCError(caller.member.list({}), 'SERVICE_UNAVAILABLE', new RegExp(`^${BUSY_MESSAGE}$`))
    } finally {
      await release()
      await shortDb.destroy()
    }
  }, 60_000)
})
