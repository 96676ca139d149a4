import { sql } from '@mp/db'
import { holdInTransaction } from '@mp/db/testing'
import { TRPCError } from '@trpc/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppError } from '../src/errors.js'
import { activeLoan, addLoanWorld, newKey, reconciliation, type LoanWorld } from './loan-fixtures.js'
import { expectTRPCError, openTestDatabase } from './staff-fixtures.js'

let t: Awaited<ReturnType<typeof openTestDatabase>>
let w: LoanWorld

async function freshMember(name: string) {
  return t.db
    .insertInto('member')
    .values({ union_id: w.unionA.id, first_name: name, last_name: 'Busy' })
    .returning('id')
    .executeTakeFirstOrThrow()
}

function reasonOf(error: unknown): string | undefined {
  return error instanceof TRPCError && error.cause instanceof AppError ? error.cause.reason : undefined
}

beforeAll(async () => {
  // A small pool, so postings waiting on the loan's row lock compete for connections (issue 12).
  t = await openTestDatabase({ poolSize: 4 })
  w = await addLoanWorld(t.db, '2025-01-06')
})
afterAll(async () => {
  await t.close()
})

describe('postings on a busy loan (docs/reliability.md "Backpressure")', () => {
  it('a posting that cannot get the loan in time answers 409 LOAN_BUSY, and its retry with the same key succeeds', async () => {
    const member = await freshMember('Held')
    const loan = await activeLoan(w, { memberId: member.id })
    const input = {
      loanId: loan.id,
      amount: 100_000,
      paidOn: '2025-01-06',
      method: 'CASH' as const,
      idempotencyKey: newKey('busy'),
    }
    // Another transaction holds the loan's row lock for longer than a posting may wait for it.
    const release = await holdInTransaction(t.db, (trx) =>
      sql`select id from loan where id = ${loan.id} for update`.execute(trx),
    )
    try {
      const error = await expectTRPCError(
        w.asCoA1.repayment.record(input),
        'CONFLICT',
        /^This loan is busy with another payment; try again$/,
      )
      expect(reasonOf(error)).toBe('LOAN_BUSY')
    } finally {
      await release()
    }
    const retried = await w.asCoA1.repayment.record(input)
    expect(retried).toMatchObject({ amount: 100_000, isReplay: false })
    expect(await reconciliation(t.db, loan.id)).toEqual({
      allocated: 100_000,
      paid: 100_000,
      reversedWithAllocations: 0,
    })
  }, 60_000)

  it('50 concurrent postings on one loan with a pool of 4: only successes and 4xx/503, nothing lost or doubled, every refused key succeeds or is an overpayment on retry', async () => {
    const member = await freshMember('Crowd')
    // Payoff ₦110,000.00 = 11,000,000 kobo; 50 × ₦3,000 = ₦150,000, so some must be refused as overpayments.
    const loan = await activeLoan(w, { memberId: member.id })
    const inputs = Array.from({ length: 50 }, (_, i) => ({
      loanId: loan.id,
      amount: 300_000,
      paidOn: '2025-01-06',
      method: 'CASH' as const,
      idempotencyKey: `crowd-${loan.id.slice(0, 8)}-${String(i)}`,
    }))
    const results = await Promise.allSettled(inputs.map((input) => w.asCoA1.repayment.record(input)))
    const accepted = new Set<string>()
    const refused: (typeof inputs)[number][] = []
    results.forEach((result, i) => {
      const input = inputs[i]
      if (!input) return
      if (result.status === 'fulfilled') {
        accepted.add(input.idempotencyKey)
        return
      }
      const error: unknown = result.reason
      expect(error).toBeInstanceOf(TRPCError)
      const code = (error as TRPCError).code
      // Busy (409 LOAN_BUSY, 503) or an overpayment (4xx), never INTERNAL_SERVER_ERROR.
      expect(['CONFLICT', 'BAD_REQUEST', 'UNPROCESSABLE_CONTENT', 'SERVICE_UNAVAILABLE']).toContain(code)
      refused.push(input)
    })
    const stored = await t.db
      .selectFrom('repayment')
      .select(['amount', 'idempotency_key'])
      .where('loan_id', '=', loan.id)
      .execute()
    expect(stored.map((r) => r.idempotency_key).sort()).toEqual([...accepted].sort())
    const acceptedSum = stored.reduce((sum, r) => sum + r.amount, 0)
    expect(acceptedSum).toBeLessThanOrEqual(11_000_000)
    expect(await reconciliation(t.db, loan.id)).toEqual({
      allocated: acceptedSum,
      paid: acceptedSum,
      reversedWithAllocations: 0,
    })

    // Retrying each refused key (same key, same payment) is safe: it is accepted or refused as too much.
    for (const input of refused) {
      const retry = await w.asCoA1.repayment.record(input).then(
        (value) => ({ ok: true as const, value }),
        (error: unknown) => ({ ok: false as const, error }),
      )
      if (retry.ok) {
        expect(retry.value.isReplay).toBe(false)
        continue
      }
      expect(retry.error).toBeInstanceOf(TRPCError)
      expect((retry.error as TRPCError).message).toMatch(/most that can be accepted|fully paid/)
    }
    const after = await t.db
      .selectFrom('repayment')
      .select(['amount', 'idempotency_key'])
      .where('loan_id', '=', loan.id)
      .execute()
    expect(new Set(after.map((r) => r.idempotency_key)).size).toBe(after.length)
    const total = after.reduce((sum, r) => sum + r.amount, 0)
    expect(await reconciliation(t.db, loan.id)).toEqual({
      allocated: total,
      paid: total,
      reversedWithAllocations: 0,
    })
    // ₦110,000 is not a multiple of ₦3,000: the loan ends as full as whole payments can make it.
    expect(total).toBe(Math.floor(11_000_000 / 300_000) * 300_000)
  }, 120_000)
})
