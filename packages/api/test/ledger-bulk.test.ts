import {
  addDays,
  buildSchedule,
  type AllocationOrder,
  type InterestTerms,
  type LoanEvent,
  type PenaltyRule,
  type RoundingMode,
} from '@mp/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rebuildLedger, verifyLedger } from '../src/ledger/index.js'
import { openTestDatabase } from './staff-fixtures.js'
import { addLoanWorld, type LoanWorld } from './loan-fixtures.js'
import { acceptedRepayment } from './support/history.js'
import { mulberry32 } from './support/random.js'

/**
 * Thousands of random loans (random products: every interest method, random penalty rules of both kinds
 * and modes with and without caps and grace, every allocation order, both roundings; random histories:
 * partial, late, early, backdated and full payments, reversals), written as history and put in the
 * ledger by `ledger rebuild`. The SQL figures computed from the ledger must equal @mp/domain's replay,
 * kobo for kobo, on every loan, on the last event's day and on many later days. The API-driven
 * `ledger.test.ts` covers the write path; this one covers the breadth of rules the SQL twins must get right.
 */
const LOANS = 2000
const TODAY = '2026-06-30'

let t: Awaited<ReturnType<typeof openTestDatabase>>
let w: LoanWorld
let eventCount = 0
let reversalCount = 0

beforeAll(async () => {
  t = await openTestDatabase({ poolSize: 4 })
  w = await addLoanWorld(t.db, TODAY)
  const random = mulberry32(4242)
  const pick = <T>(items: readonly T[]): T => {
    const item = items[Math.floor(random() * items.length)]
    if (item === undefined) throw new Error('empty choice')
    return item
  }
  const members = await t.db
    .insertInto('member')
    .values(
      Array.from({ length: LOANS }, (_, i) => ({
        union_id: w.unionA.id,
        first_name: `Bulk${String(i)}`,
        last_name: 'Ledger',
      })),
    )
    .returning('id')
    .execute()
  const type = await t.db.selectFrom('loan_type').select(['id', 'name']).executeTakeFirstOrThrow()
  const loanRows = []
  const installmentRows = []
  const repaymentRows = []
  for (const [index, member] of members.entries()) {
    const interest: InterestTerms = pick<InterestTerms>([
      { method: 'NONE' },
      { method: 'FLAT', rate: '0.125', basis: 'PER_TERM' },
      { method: 'FLAT', rate: '0.015', basis: 'PER_PERIOD' },
      { method: 'DECLINING_ANNUITY', ratePerPeriod: '0.0333' },
      { method: 'DECLINING_EQUAL_PRINCIPAL', ratePerPeriod: '0.021' },
    ])
    const grace = Math.floor(random() * 8)
    const cap = random() < 0.3 ? 1_000 + Math.floor(random() * 400_000) : undefined
    const mode = pick(['FORGIVE', 'BACKDATE'] as const)
    const penalty: PenaltyRule | null = pick<PenaltyRule | null>([
      null,
      {
        kind: 'PERCENT_PER_DAY',
        ratePerDay: pick(['0.001', '0.0025', '0.00333', '0.01']),
        graceDays: grace,
        mode,
        ...(cap ? { cap } : {}),
      },
      {
        kind: 'FIXED_PER_DAY',
        amountPerDay: 100 + Math.floor(random() * 20_000),
        graceDays: grace,
        mode,
        ...(cap ? { cap } : {}),
      },
      {
        kind: 'PERCENT_PER_DAY',
        ratePerDay: '0.002',
        graceDays: grace,
        mode,
        base: pick(['PRINCIPAL', 'PRINCIPAL_INTEREST_AND_FEE'] as const),
      },
    ])
    const order: AllocationOrder = pick(['VERTICAL', 'HORIZONTAL', 'PRINCIPAL_FIRST'] as const)
    const rounding: RoundingMode = pick(['HALF_EVEN', 'HALF_UP'] as const)
    const termUnit = pick(['DAY', 'WEEK', 'MONTH'] as const)
    const termCount = termUnit === 'MONTH' ? 2 + Math.floor(random() * 10) : 3 + Math.floor(random() * 30)
    const disbursedOn = addDays(TODAY, -Math.floor(random() * 500))
    const principal = 1_000_000 + Math.floor(random() * 300_000_000)
    const schedule = buildSchedule({
      principal,
      termCount,
      termUnit,
      startDate: disbursedOn,
      interest,
      rounding,
    })
    const loanId = crypto.randomUUID()
    loanRows.push({
      id: loanId,
      member_id: member.id,
      loan_type_id: type.id,
      loan_type_name: type.name,
      principal,
      term_count: termCount,
      term_unit: termUnit,
      start_date: disbursedOn,
      interest: JSON.stringify(interest),
      processing_fee_rule: null,
      penalty: penalty === null ? null : JSON.stringify(penalty),
      allocation_order: order,
      rounding,
      status: 'ACTIVE' as const,
      disbursed_on: disbursedOn,
    })
    for (const inst of schedule.installments) {
      installmentRows.push({
        loan_id: loanId,
        sequence: inst.sequence,
        due_date: inst.dueDate,
        principal: inst.principal,
        interest: inst.interest,
        fee: inst.fee,
      })
    }
    // A history built by the rules themselves: each payment is one the server would accept that day.
    const events: LoanEvent[] = []
    const behaviour = random()
    const payments = Math.floor(random() * (termCount + 3))
    let day = disbursedOn
    for (let k = 0; k < payments; k++) {
      day = addDays(day, Math.floor(random() * (termUnit === 'MONTH' ? 45 : termUnit === 'WEEK' ? 12 : 3)))
      if (day > TODAY) break
      // Now and then a payment dated before ones already recorded (a late-posted receipt).
      const paidOn = random() < 0.1 ? addDays(day, -Math.floor(random() * 15)) : day
      const date = paidOn < disbursedOn ? disbursedOn : paidOn
      const repayment = acceptedRepayment(
        { installments: schedule.installments, order, rounding, penalty },
        events,
        day,
        date,
        (owed) =>
          behaviour < 0.15
            ? owed
            : Math.max(1, Math.floor(owed * (0.02 + random() * (behaviour < 0.5 ? 0.2 : 0.08)))),
      )
      if (repayment === 'settled') break
      if (repayment === undefined) continue
      const { id, amount } = repayment
      const sequence = eventCount + 1
      events.push({ type: 'REPAYMENT', id, date, amount, sequence })
      repaymentRows.push({
        id,
        loan_id: loanId,
        posting_sequence: sequence,
        amount,
        paid_on: date,
        method: 'CASH' as const,
        idempotency_key: `bulk-${id}`,
        request_hash: 'bulk',
        reversed_at: null as Date | null,
        reversed_on: null as string | null,
        reversal_reason: null as string | null,
      })
      eventCount += 1
      // A few payments are reversed a little later (never before the reversal date's own events).
      if (random() < 0.06) {
        const reversedOn = addDays(day, Math.floor(random() * 5))
        if (reversedOn <= TODAY) {
          events.push({ type: 'REVERSAL', id: `reversal:${id}`, date: reversedOn, repaymentId: id, sequence })
          const row = repaymentRows.at(-1)
          if (row) {
            row.reversed_at = new Date(`${reversedOn}T09:00:00Z`)
            row.reversed_on = reversedOn
            row.reversal_reason = 'Posted to the wrong member'
          }
          reversalCount += 1
          day = reversedOn
        }
      }
    }
    if (index % 200 === 199) {
      await t.db.insertInto('loan').values(loanRows.splice(0)).execute()
      while (installmentRows.length > 0)
        await t.db.insertInto('loan_installment').values(installmentRows.splice(0, 5000)).execute()
      while (repaymentRows.length > 0)
        await t.db.insertInto('repayment').values(repaymentRows.splice(0, 5000)).execute()
    }
  }
  // The ledger and the allocations, from history.
  await rebuildLedger(t.db, { today: TODAY, defaultAfterDays: 90, allocations: true })
}, 600_000)

afterAll(async () => {
  await t.close()
})

describe('ledger SQL = @mp/domain replay over thousands of random loans', () => {
  it('built a varied portfolio', async () => {
    expect(eventCount).toBeGreaterThan(LOANS * 2)
    expect(reversalCount).toBeGreaterThan(50)
    const states = await t.db
      .selectFrom('loan_state')
      .select((eb) => [
        eb.fn.countAll<number>().as('loans'),
        eb.fn.count<number>('paid_off_on').as('paid_off'),
        eb.fn.count<number>('arrears_from').as('in_arrears'),
        eb.fn.sum<string>('penalty_paid').as('penalties'),
      ])
      .executeTakeFirstOrThrow()
    expect(states.loans).toBe(LOANS)
    expect(states.paid_off).toBeGreaterThan(100)
    expect(states.in_arrears).toBeGreaterThan(100)
    expect(Number(states.penalties)).toBeGreaterThan(0)
  })

  it('equals the replay on every loan, today and on later days', async () => {
    for (const later of [0, 1, 6, 29, 91, 365]) {
      const result = await verifyLedger(t.db, {
        today: addDays(TODAY, later),
        defaultAfterDays: 90,
        batchSize: 1000,
      })
      expect(result.checked).toBe(LOANS)
      expect(result.differences.slice(0, 10)).toEqual([])
    }
  })
})
