import { createKysely, createPool, type Database, type Kysely } from '@mp/db'
import { createTestDatabase, type TestDatabase } from '@mp/db/testing'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { activeLoan, addLoanWorld, newKey, reconciliation, type LoanWorld } from './loan-fixtures.js'
import { expectTRPCError, signInAs } from './staff-fixtures.js'
import { auditRows } from './union-fixtures.js'

/**
 * Money paths retry a transaction that hit a serialization failure (SQLSTATE 40001), as CockroachDB needs
 * (docs/scale-out.md). A second pool on the same database runs, just before the chosen statement of the
 * first attempts, a statement that makes PostgreSQL itself raise 40001 on that connection inside the open
 * transaction — the real error, through the real driver, aborting everything the attempt had done. The
 * packages/db test forces the same SQLSTATE with real read/write skew between SERIALIZABLE transactions.
 */
type Fault = { prefix: string; times: number; injected: number }

const RAISE_40001 = `do $$ begin raise exception 'could not serialize access (injected by the test)'
  using errcode = 'serialization_failure'; end $$`

const fault: Fault = { prefix: '', times: 0, injected: 0 }

function injectFaults(pool: ReturnType<typeof createPool>) {
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (text: unknown, values?: unknown) => Promise<unknown>
    const patched = (text: unknown, values?: unknown) => {
      if (typeof text === 'string' && text.startsWith(fault.prefix) && fault.injected < fault.times) {
        fault.injected += 1
        return query(RAISE_40001).then(() => query(text, values))
      }
      return query(text, values)
    }
    ;(client as unknown as { query: typeof patched }).query = patched
  })
}

function armFault(prefix: string, times: number) {
  fault.prefix = prefix
  fault.times = times
  fault.injected = 0
}

let database: TestDatabase
let t: { db: Kysely<Database> }
let faulty: Kysely<Database>
let w: LoanWorld

async function callerWith(user: { id: string }) {
  return (await signInAs(faulty, user, { now: w.clock.now })).caller
}

async function loanFor(name: string) {
  const member = await t.db
    .insertInto('member')
    .values({ union_id: w.unionA.id, first_name: name, last_name: 'Retry' })
    .returning('id')
    .executeTakeFirstOrThrow()
  w.clock.today = '2025-01-06'
  const loan = await activeLoan(w, { memberId: member.id })
  w.clock.today = '2025-01-20'
  return loan
}

async function repaymentsOf(loanId: string) {
  return t.db.selectFrom('repayment').selectAll().where('loan_id', '=', loanId).execute()
}

beforeAll(async () => {
  database = await createTestDatabase(inject('mpTestDb'))
  t = { db: createKysely(createPool(database.url, { max: 4 })) }
  await t.db.insertInto('company_settings').values({ name: 'Millennium Potters' }).execute()
  const pool = createPool(database.url, { max: 4 })
  injectFaults(pool)
  faulty = createKysely(pool)
  w = await addLoanWorld(t.db, '2025-01-06')
})
afterAll(async () => {
  await faulty.destroy()
  await t.db.destroy()
  await database.drop()
})

describe('money paths retry serialization failures', () => {
  it('a posting whose first attempt hits 40001 is retried transparently and lands once', async () => {
    const loan = await loanFor('Posting')
    armFault('insert into "repayment"', 1)
    const officer = await callerWith(w.coA1)
    const paid = await officer.repayment.record({
      loanId: loan.id,
      mode: 'AMOUNT',
      amount: 500_000,
      paidOn: '2025-01-20',
      method: 'CASH',
      reference: null,
      idempotencyKey: newKey(),
    })
    expect(fault.injected).toBe(1)
    expect(paid.amount).toBe(500_000)
    expect(await repaymentsOf(loan.id)).toHaveLength(1)
    expect(await auditRows(t.db, 'REPAYMENT_CREATE', paid.id)).toHaveLength(1)
    const check = await reconciliation(t.db, loan.id)
    expect(check.allocated).toBe(500_000)
    expect(check.paid).toBe(500_000)
  })

  it('gives up after 5 attempts with 409 TRANSACTION_CONFLICT, nothing written; the same key then posts', async () => {
    const loan = await loanFor('Hammered')
    const key = newKey()
    const input = {
      loanId: loan.id,
      mode: 'AMOUNT' as const,
      amount: 300_000,
      paidOn: '2025-01-20',
      method: 'CASH' as const,
      reference: null,
      idempotencyKey: key,
    }
    armFault('insert into "repayment"', 1000)
    const officer = await callerWith(w.coA1)
    const error = await expectTRPCError(
      officer.repayment.record(input),
      'CONFLICT',
      /got in first; try again/,
    )
    expect((error.cause as { reason?: string } | undefined)?.reason).toBe('TRANSACTION_CONFLICT')
    expect(fault.injected).toBe(5)
    expect(await repaymentsOf(loan.id)).toEqual([])
    const paid = await w.asCoA1.repayment.record(input)
    expect(paid.amount).toBe(300_000)
    expect(await repaymentsOf(loan.id)).toHaveLength(1)
  })

  it('a reversal whose first attempt hits 40001 is retried and reverses once', async () => {
    const loan = await loanFor('Reversal')
    const paid = await w.asCoA1.repayment.record({
      loanId: loan.id,
      mode: 'AMOUNT',
      amount: 200_000,
      paidOn: '2025-01-20',
      method: 'CASH',
      reference: null,
      idempotencyKey: newKey(),
    })
    armFault('update "repayment"', 1)
    const admin = await callerWith(w.admin)
    const reversed = await admin.repayment.reverse({ id: paid.id, reason: 'Wrong loan' })
    expect(fault.injected).toBe(1)
    expect(reversed.id).toBe(paid.id)
    expect(await auditRows(t.db, 'REPAYMENT_REVERSE', paid.id)).toHaveLength(1)
    const check = await reconciliation(t.db, loan.id)
    expect(check.allocated).toBe(0)
    expect(check.paid).toBe(0)
  })

  it('a collection sheet whose first attempt hits 40001 is retried and posts every row once', async () => {
    const first = await loanFor('SheetOne')
    const second = await loanFor('SheetTwo')
    armFault('insert into "collection_sheet"', 1)
    const officer = await callerWith(w.coA1)
    await officer.collectionSheet.post({
      unionId: w.unionA.id,
      date: '2025-01-20',
      idempotencyKey: newKey('sheet'),
      rows: [
        { loanId: first.id, amount: 100_000 },
        { loanId: second.id, amount: 150_000 },
      ],
    })
    expect(fault.injected).toBe(1)
    expect((await repaymentsOf(first.id)).map((r) => r.amount)).toEqual([100_000])
    expect((await repaymentsOf(second.id)).map((r) => r.amount)).toEqual([150_000])
  })
})
