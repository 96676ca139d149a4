import { sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { inject } from 'vitest'
import { createKysely, createPool } from '../src/connection.js'
import { createTestDatabase, type TestDatabase } from '../src/testing/index.js'
import { TransactionConflictError, backoffDelayMs, inTransaction } from '../src/transaction.js'

/**
 * Real serialization failures on PostgreSQL (no fakes): two SERIALIZABLE transactions each read both rows
 * of `skew` and then write a different one (write skew). PostgreSQL's SSI cannot order them, so whichever
 * writes after the other committed fails with SQLSTATE 40001 — what CockroachDB does to every conflicting
 * transaction.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test-only table outside the schema
type Db = Kysely<any>

let database: TestDatabase
let db: Db

beforeAll(async () => {
  database = await createTestDatabase(inject('mpTestDb'))
  db = createKysely(createPool(database.url, { max: 6 }))
  await sql`create table skew (id int primary key, n int not null)`.execute(db)
})
afterAll(async () => {
  await db.destroy()
  await database.drop()
})
beforeEach(async () => {
  await sql`delete from skew`.execute(db)
  await sql`insert into skew (id, n) values (1, 0), (2, 0)`.execute(db)
})

const noWait = () => Promise.resolve()

async function readBoth(trx: Db): Promise<number> {
  const { rows } = await sql<{ total: number }>`select sum(n)::int as total from skew`.execute(trx)
  return rows[0]?.total ?? 0
}

/** The other party: reads both rows, bumps row 1 and commits, SERIALIZABLE, on its own connection. */
async function interfere(): Promise<void> {
  await db
    .transaction()
    .setIsolationLevel('serializable')
    .execute(async (trx) => {
      await readBoth(trx)
      await sql`update skew set n = n + 1 where id = 1`.execute(trx)
    })
}

async function rows(): Promise<Record<number, number>> {
  const { rows: found } = await sql<{ id: number; n: number }>`select id, n from skew order by id`.execute(db)
  return Object.fromEntries(found.map((r) => [r.id, r.n]))
}

describe('inTransaction on real serialization failures', () => {
  it('without the helper the skewed transaction really fails with 40001', async () => {
    const attempt = db
      .transaction()
      .setIsolationLevel('serializable')
      .execute(async (trx) => {
        await readBoth(trx)
        await interfere()
        await sql`update skew set n = n + 1 where id = 2`.execute(trx)
      })
    await expect(attempt).rejects.toMatchObject({ code: '40001' })
    expect(await rows()).toEqual({ 1: 1, 2: 0 })
  })

  it('retries a transaction whose first attempt hits 40001 and succeeds, writing once', async () => {
    let attempts = 0
    const retries: string[] = []
    const seen = await inTransaction(
      db,
      async (trx) => {
        attempts += 1
        const total = await readBoth(trx)
        if (attempts === 1) await interfere()
        await sql`update skew set n = n + 1 where id = 2`.execute(trx)
        return total
      },
      { isolation: 'serializable', onRetry: (info) => retries.push(info.sqlState) },
    )
    expect(attempts).toBe(2)
    expect(retries).toEqual(['40001'])
    // The second attempt saw the other party's committed write, and this one's landed exactly once.
    expect(seen).toBe(1)
    expect(await rows()).toEqual({ 1: 1, 2: 1 })
  })

  it('two concurrent skewed transactions through the helper: one retries, both land, no lost update', async () => {
    let arrived = 0
    let release: () => void = () => undefined
    const bothRead = new Promise<void>((resolve) => (release = resolve))
    const attemptsOf = [0, 0]
    const run = (index: number, rowId: number) =>
      inTransaction(
        db,
        async (trx) => {
          attemptsOf[index] = (attemptsOf[index] ?? 0) + 1
          const total = await readBoth(trx)
          if (attemptsOf[index] === 1) {
            // First attempts only: both have read before either writes, so one of them must fail.
            arrived += 1
            if (arrived === 2) release()
            await bothRead
          }
          await sql`update skew set n = ${total} + 1 where id = ${rowId}`.execute(trx)
        },
        { isolation: 'serializable' },
      )
    await Promise.all([run(0, 1), run(1, 2)])
    // Exactly one retried; serially, the later one saw the earlier one's write (n = 0 + 1, then 1 + 1).
    expect(attemptsOf.slice().sort()).toEqual([1, 2])
    expect(Object.values(await rows()).sort()).toEqual([1, 2])
  })

  it('gives up after the bound with TransactionConflictError, nothing written', async () => {
    let attempts = 0
    const delays: number[] = []
    const attempt = inTransaction(
      db,
      async (trx) => {
        attempts += 1
        await readBoth(trx)
        await interfere()
        await sql`update skew set n = n + 1 where id = 2`.execute(trx)
      },
      {
        isolation: 'serializable',
        maxAttempts: 3,
        sleep: (ms) => {
          delays.push(ms)
          return Promise.resolve()
        },
      },
    )
    const error: unknown = await attempt.catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(TransactionConflictError)
    expect(error).toMatchObject({ code: 'TRANSACTION_CONFLICT', attempts: 3, sqlState: '40001' })
    expect((error as Error).cause).toMatchObject({ code: '40001' })
    expect(attempts).toBe(3)
    expect(delays).toHaveLength(2)
    // Row 2 never changed: every attempt rolled back. Row 1 has the three interfering commits.
    expect(await rows()).toEqual({ 1: 3, 2: 0 })
  })

  it('never retries other errors', async () => {
    let attempts = 0
    const unique = inTransaction(
      db,
      async (trx) => {
        attempts += 1
        await sql`insert into skew (id, n) values (1, 9)`.execute(trx)
      },
      { sleep: noWait },
    )
    await expect(unique).rejects.toMatchObject({ code: '23505' })
    expect(attempts).toBe(1)

    let plain = 0
    const failing = inTransaction(db, async (trx) => {
      plain += 1
      await sql`update skew set n = 5 where id = 1`.execute(trx)
      throw new Error('business rule')
    })
    await expect(failing).rejects.toThrow('business rule')
    expect(plain).toBe(1)
    expect(await rows()).toEqual({ 1: 0, 2: 0 })
  })

  it('inside an open transaction it runs the work once, in that transaction, leaving retries to the outer one', async () => {
    const outer = await inTransaction(db, async (trx) => {
      const inner = await inTransaction(trx, async (nested) => {
        expect(nested).toBe(trx)
        await sql`update skew set n = 7 where id = 1`.execute(nested)
        return 'inner'
      })
      return inner
    })
    expect(outer).toBe('inner')
    expect(await rows()).toEqual({ 1: 7, 2: 0 })
  })

  it('backs off with full jitter, doubling up to the cap', () => {
    for (let retry = 1; retry <= 10; retry += 1) {
      const delay = backoffDelayMs(retry, 10, 500)
      expect(delay).toBeGreaterThanOrEqual(0)
      expect(delay).toBeLessThan(Math.min(500, 10 * 2 ** (retry - 1)))
    }
  })
})
