import { sql } from '@mp/db'
import { holdInTransaction } from '@mp/db/testing'
import { TRPCError } from '@trpc/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppError } from '../src/errors.js'
import { addLoanWorld, type LoanWorld } from './loan-fixtures.js'
import { expectTRPCError, openTestDatabase } from './staff-fixtures.js'

let t: Awaited<ReturnType<typeof openTestDatabase>>
let w: LoanWorld

function reasonOf(error: unknown): string | undefined {
  return error instanceof TRPCError && error.cause instanceof AppError ? error.cause.reason : undefined
}

beforeAll(async () => {
  // Room for two reports' parallel queries, the lock holder and the probe: only the per-user limit
  // may refuse here, never the pool.
  t = await openTestDatabase({ poolSize: 20 })
  w = await addLoanWorld(t.db, '2025-01-06')
})
afterAll(async () => {
  await t.close()
})

describe('heavy reports per user (docs/reliability.md "Backpressure")', () => {
  it('a third concurrent heavy report of one user answers 429 TOO_MANY_REPORTS; slots free up when they finish', async () => {
    // Holding an exclusive lock on the loan table keeps two dashboards running (waiting on it).
    const release = await holdInTransaction(t.db, (trx) =>
      sql`lock table loan in access exclusive mode`.execute(trx),
    )
    const running = [w.asSupA.report.dashboard({}), w.asSupA.report.portfolio({})].map((call) =>
      call.then(
        () => 'ok' as const,
        (error: unknown) => error,
      ),
    )
    try {
      // Both are in the database, waiting for the table: their slots are taken (generous wait).
      let waiters = 0
      for (let attempt = 0; attempt < 600 && waiters < 2; attempt++) {
        const waiting = await sql<{ count: string }>`
          select count(*) as count from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock'`.execute(t.db)
        waiters = Number(waiting.rows[0]?.count)
        if (waiters < 2) await new Promise((resolve) => setTimeout(resolve, 50))
      }
      expect(waiters).toBeGreaterThanOrEqual(2)
      const error = await expectTRPCError(
        w.asSupA.report.officerPerformance({ from: '2025-01-01', to: '2025-01-31' }),
        'TOO_MANY_REQUESTS',
        /^You already have 2 reports running; wait for them to finish$/,
      )
      expect(reasonOf(error)).toBe('TOO_MANY_REPORTS')
    } finally {
      await release()
    }
    expect(await Promise.all(running)).toEqual(['ok', 'ok'])
    // Finished reports give their slots back.
    await expect(w.asSupA.report.dashboard({})).resolves.toBeDefined()
  }, 60_000)
})
