import { sql } from '@mp/db'
import { addDays, loanPosition, type LoanEvent, type LoanPosition } from '@mp/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ledgerFigures, rebuildLedger, verifyLedger } from '../src/ledger/index.js'
import { openTestDatabase } from './staff-fixtures.js'
import { activeLoan, addLoanWorld, newKey, type LoanTypeSeed, type LoanWorld } from './loan-fixtures.js'
import { mulberry32 } from './support/random.js'

/**
 * The stored ledger equals @mp/domain's replay (ADR 0004), kobo for kobo, on every date checked.
 *
 * Loans of four products (every interest method, percentage and fixed penalties, FORGIVE and BACKDATE,
 * a cap, every allocation order, both roundings) are driven day by day through the API with random
 * partial, late, early and backdated payments, "due now" payments, reversals and write-offs, while the
 * test keeps its own record of each loan's events. At checkpoints and at the end, every loan is
 * replayed from that record and compared with what the ledger stores and what SQL computes from it
 * for the day and for later days (penalties accruing, loans sliding into DEFAULTED).
 */
const PRODUCTS: LoanTypeSeed[] = [
  {
    name: 'Flat weekly, % penalty forgiven grace',
    description: null,
    minPrincipal: 100_000,
    maxPrincipal: 100_000_000,
    termUnit: 'WEEK',
    minTerm: 2,
    maxTerm: 26,
    interest: { method: 'FLAT', rate: '0.10', basis: 'PER_TERM' },
    processingFee: { kind: 'PERCENT_OF_PRINCIPAL', rate: '0.01' },
    penalty: { kind: 'PERCENT_PER_DAY', ratePerDay: '0.002', graceDays: 3, mode: 'FORGIVE' },
    allocationOrder: 'VERTICAL',
    rounding: 'HALF_EVEN',
    installmentMultiple: null,
  },
  {
    name: 'Annuity monthly, % penalty backdated, capped',
    description: null,
    minPrincipal: 100_000,
    maxPrincipal: 100_000_000,
    termUnit: 'MONTH',
    minTerm: 2,
    maxTerm: 6,
    interest: { method: 'DECLINING_ANNUITY', ratePerPeriod: '0.035' },
    processingFee: null,
    penalty: { kind: 'PERCENT_PER_DAY', ratePerDay: '0.00333', graceDays: 5, mode: 'BACKDATE', cap: 250_000 },
    allocationOrder: 'HORIZONTAL',
    rounding: 'HALF_UP',
    installmentMultiple: null,
  },
  {
    name: 'Equal principal weekly, fixed penalty backdated',
    description: null,
    minPrincipal: 100_000,
    maxPrincipal: 100_000_000,
    termUnit: 'WEEK',
    minTerm: 2,
    maxTerm: 26,
    interest: { method: 'DECLINING_EQUAL_PRINCIPAL', ratePerPeriod: '0.02' },
    processingFee: { kind: 'FLAT', amount: 50_000 },
    penalty: { kind: 'FIXED_PER_DAY', amountPerDay: 5_000, graceDays: 2, mode: 'BACKDATE' },
    allocationOrder: 'PRINCIPAL_FIRST',
    rounding: 'HALF_EVEN',
    installmentMultiple: null,
  },
  {
    name: 'No interest weekly, fee only',
    description: null,
    minPrincipal: 1_000_000,
    maxPrincipal: 100_000_000,
    termUnit: 'WEEK',
    minTerm: 2,
    maxTerm: 16,
    interest: { method: 'NONE' },
    processingFee: { kind: 'PERCENT_OF_PRINCIPAL', rate: '0.05' },
    penalty: null,
    allocationOrder: 'VERTICAL',
    rounding: 'HALF_EVEN',
    installmentMultiple: 5_000,
  },
]

const LOANS = 300
const START = '2025-01-06'
const DAYS = 150

type Tracked = {
  id: string
  product: LoanTypeSeed
  disbursedOn: string
  installments: { sequence: number; dueDate: string; principal: number; interest: number; fee: number }[]
  events: LoanEvent[]
  standing: string[]
  writtenOff: boolean
}

let t: Awaited<ReturnType<typeof openTestDatabase>>
let w: LoanWorld
const loans: Tracked[] = []
const checkpoints: { today: string; problems: string[] }[] = []

function replay(loan: Tracked, asOf: string): LoanPosition {
  return loanPosition({
    installments: loan.installments,
    events: loan.events,
    asOf,
    order: loan.product.allocationOrder,
    rounding: loan.product.rounding,
    ...(loan.product.penalty ? { penalty: loan.product.penalty } : {}),
  })
}

/** Independent check of one date: the test's own replay against what the ledger stores and SQL says. */
async function compareAll(asOf: string): Promise<string[]> {
  const problems: string[] = []
  for (const loan of loans) {
    const position = replay(loan, asOf)
    const state = await t.db
      .selectFrom('loan_state')
      .selectAll()
      .where('loan_id', '=', loan.id)
      .executeTakeFirstOrThrow()
    const figures = await ledgerFigures(t.db, loan.id, asOf, 90)
    const expectedStatus = loan.writtenOff ? 'WRITTEN_OFF' : position.status
    const pairs: [string, unknown, unknown][] = [
      ['principal outstanding', state.principal_outstanding, position.outstandingPrincipal],
      ['penalty paid', state.penalty_paid, position.totals.paid.penalty],
      ['payoff', figures.payoff, position.payoffAmount],
      ['due now', figures.dueNow, position.dueNow],
      ['days past due', figures.daysPastDue, position.daysPastDue],
      ['status', figures.status, expectedStatus],
    ]
    for (const [field, stored, expected] of pairs) {
      if (stored !== expected)
        problems.push(`${asOf} ${loan.id} ${field}: stored ${String(stored)}, replay ${String(expected)}`)
    }
  }
  return problems
}

beforeAll(async () => {
  t = await openTestDatabase({ poolSize: 8 })
  w = await addLoanWorld(t.db, START)
  // Every day a working day, so the daily products' installments fall on consecutive days as the
  // driver expects (the calendar's moves are tested in meetings.test.ts).
  await w.asAdmin.calendar.setWeekendDays({ weekendDays: [] })
  const random = mulberry32(20261203)
  const productIds: string[] = []
  for (const product of PRODUCTS) productIds.push((await w.asAdmin.loanType.create(product)).id)
  const members = await t.db
    .insertInto('member')
    .values(
      Array.from({ length: LOANS }, (_, i) => ({
        union_id: w.unionA.id,
        first_name: `Led${String(i)}`,
        last_name: 'Ger',
      })),
    )
    .returning('id')
    .execute()

  // Loans are disbursed over the first eight weeks, so schedules, arrears and penalties overlap.
  const starts = members.map((m, i) => ({ memberId: m.id, index: i, day: Math.floor(random() * 56) }))
  starts.sort((a, b) => a.day - b.day)
  let cursor = 0
  for (let day = 0; day <= DAYS; day += 1 + Math.floor(random() * 3)) {
    const today = addDays(START, day)
    w.clock.today = today
    while (cursor < starts.length && (starts[cursor]?.day ?? Infinity) <= day) {
      const plan = starts[cursor]
      cursor += 1
      if (plan === undefined) continue
      const product = PRODUCTS[plan.index % PRODUCTS.length]
      const productId = productIds[plan.index % PRODUCTS.length]
      if (product === undefined || productId === undefined) continue
      const termCount =
        product.termUnit === 'MONTH' ? 2 + Math.floor(random() * 4) : 4 + Math.floor(random() * 12)
      const detail = await activeLoan(w, {
        memberId: plan.memberId,
        loanTypeId: productId,
        principal: 100_000 * (10 + Math.floor(random() * 200)),
        // (every product accepts ₦1,000–₦1,000,000)
        termCount,
      })
      const rows = await t.db
        .selectFrom('loan_installment')
        .select(['sequence', 'due_date', 'principal', 'interest', 'fee'])
        .where('loan_id', '=', detail.id)
        .orderBy('sequence')
        .execute()
      loans.push({
        id: detail.id,
        product,
        disbursedOn: today,
        installments: rows.map((r) => ({ ...r, dueDate: r.due_date })),
        events: [],
        standing: [],
        writtenOff: false,
      })
    }
    for (const loan of loans) {
      const roll = random()
      const position = replay(loan, today)
      if (position.status === 'COMPLETED' && roll > 0.02) continue
      if (roll < 0.18) {
        // A payment: "due now", a part of what is owed, or (rarely) the whole payoff; some backdated.
        const isBackdated = random() < 0.2
        const paidOn = isBackdated ? addDays(today, -1 - Math.floor(random() * 20)) : today
        const date = paidOn < loan.disbursedOn ? loan.disbursedOn : paidOn
        const owed = replay(loan, date).payoffAmount
        if (owed === 0) continue
        const kind = random()
        const input =
          kind < 0.4
            ? { mode: 'DUE_NOW' as const }
            : { amount: kind > 0.95 ? owed : Math.max(1, Math.floor(owed * random() * 0.4)) }
        try {
          const paid = await w.asCoA1.repayment.record({
            loanId: loan.id,
            ...input,
            paidOn: date,
            method: 'CASH',
            idempotencyKey: newKey('ledger'),
          })
          loan.events.push({ type: 'REPAYMENT', id: paid.id, date, amount: paid.amount })
          loan.standing.push(paid.id)
        } catch (error) {
          // Refusals are the server's rules at work (nothing due now, above the maximum): fine here.
          if (
            !(error instanceof Error) ||
            !/due|most that can be accepted|more than|fully paid/i.test(error.message)
          )
            throw error
        }
      } else if (roll < 0.2 && loan.standing.length > 0) {
        const target = loan.standing[Math.floor(random() * loan.standing.length)]
        if (target === undefined) continue
        await w.asAdmin.repayment.reverse({ id: target, reason: 'Posted to the wrong member' })
        loan.events.push({ type: 'REVERSAL', id: `reversal:${target}`, date: today, repaymentId: target })
        loan.standing = loan.standing.filter((id) => id !== target)
      } else if (roll > 0.9985 && !loan.writtenOff && position.status !== 'COMPLETED') {
        await w.asAdmin.loan.writeOff({ id: loan.id, reason: 'Member left the union' })
        loan.writtenOff = true
      }
    }
    if (day % 30 < 3) checkpoints.push({ today, problems: await compareAll(today) })
  }
}, 900_000)

afterAll(async () => {
  await t.close()
})

describe('stored ledger = @mp/domain replay', () => {
  it('drove a varied portfolio (every kind of event happened)', () => {
    const events = loans.flatMap((l) => l.events)
    expect(loans.length).toBe(LOANS)
    expect(events.filter((e) => e.type === 'REVERSAL').length).toBeGreaterThan(20)
    expect(loans.filter((l) => l.writtenOff).length).toBeGreaterThan(0)
    expect(loans.filter((l) => replay(l, w.clock.today).status === 'COMPLETED').length).toBeGreaterThan(5)
    expect(loans.filter((l) => replay(l, w.clock.today).status === 'DEFAULTED').length).toBeGreaterThan(0)
    expect(loans.filter((l) => replay(l, w.clock.today).penaltiesAccrued > 0).length).toBeGreaterThan(20)
  })

  it('equals the replay at every checkpoint while it was driven', () => {
    expect(checkpoints.length).toBeGreaterThan(4)
    expect(checkpoints.flatMap((c) => c.problems)).toEqual([])
  })

  it('equals the replay today and on later days with no event (penalties accrue, loans default)', async () => {
    for (const later of [0, 1, 7, 45, 120, 400]) {
      expect(await compareAll(addDays(w.clock.today, later))).toEqual([])
    }
  })

  it('ledger verify finds no difference, on every loan, today and later', async () => {
    for (const later of [0, 30, 200]) {
      const result = await verifyLedger(t.db, { today: addDays(w.clock.today, later), defaultAfterDays: 90 })
      expect(result.checked).toBe(LOANS)
      expect(result.differences).toEqual([])
    }
  })

  it('ledger verify reports a tampered ledger, and rebuild restores it', async () => {
    const victim = loans.find(
      (l) => l.standing.length > 0 && !l.writtenOff && replay(l, w.clock.today).outstandingPrincipal > 0,
    )
    if (victim === undefined) throw new Error('no loan with payments')
    await t.db
      .updateTable('loan_state')
      .set({ principal_paid: sql<number>`principal_paid + 1`, arrears_from: null })
      .where('loan_id', '=', victim.id)
      .execute()
    await t.db
      .updateTable('loan_installment')
      .set({ penalty_open_base: sql<number>`penalty_open_base + 7` })
      .where('loan_id', '=', victim.id)
      .execute()
    const today = w.clock.today
    const broken = await verifyLedger(t.db, { today, defaultAfterDays: 90, loanIds: [victim.id] })
    const fields = broken.differences.map((d) => d.field)
    expect(fields).toContain('state.principal_paid')
    expect(fields).toContain('state.arrears_from')
    expect(fields.some((f) => f.endsWith('.penalty_open_base'))).toBe(true)
    const rebuilt = await rebuildLedger(t.db, { today, defaultAfterDays: 90 })
    expect(rebuilt.loans).toBe(LOANS)
    expect((await verifyLedger(t.db, { today, defaultAfterDays: 90 })).differences).toEqual([])
  })
})
