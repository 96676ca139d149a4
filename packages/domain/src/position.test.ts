import { describe, expect, it } from 'vitest'

import type { PenaltyRule } from './penalties.js'
import type { LoanEvent, PositionInput } from './position.js'
import { loanPosition, planRepayment } from './position.js'
import { buildSchedule } from './schedule.js'
import { domainError } from '../test/support/expect-error.js'
import { allocationVectors } from '../test/support/vectors.js'

// Vector A (₦100,000, 12 weeks, 10% flat) with penalty D (0.5%/day of principal+interest, 3 grace days).
const scheduleA = buildSchedule({
  principal: 10_000_000,
  termCount: 12,
  termUnit: 'WEEK',
  startDate: '2025-01-06',
  interest: { method: 'FLAT', rate: '0.10', basis: 'PER_TERM' },
})
const penaltyD: PenaltyRule = { kind: 'PERCENT_PER_DAY', ratePerDay: '0.005', graceDays: 3, mode: 'FORGIVE' }
const loanA: PositionInput = { installments: scheduleA.installments, penalty: penaltyD, asOf: '2025-01-23' }
const pay = (id: string, date: string, amount: number): LoanEvent => ({ type: 'REPAYMENT', id, date, amount })

describe('loanPosition', () => {
  it('reproduces the allocation vector state from the schedule and the penalty rule', () => {
    const position = loanPosition(loanA)
    const state = position.installments
      .filter((i) => i.dueDate <= '2025-01-23')
      .map((i) => ({
        sequence: i.sequence,
        dueDate: i.dueDate,
        penalty: i.due.penalty,
        fee: i.due.fee,
        interest: i.due.interest,
        principal: i.due.principal,
      }))
    expect(state).toEqual(allocationVectors().state)
    expect(position.daysPastDue).toBe(10)
    expect(position.dueNow).toBe(32083 + 2 * 916666)
    expect(position.overdue).toBe(position.dueNow)
    expect(position.overduePrincipal).toBe(2 * 833333)
    expect(position.payoffAmount).toBe(11_000_000 + 32083)
    expect(position.nextDueDate).toBe('2025-01-27')
    expect(position.nextDueAmount).toBe(916666)
    expect(position.status).toBe('ACTIVE')
    expect(position.isOverdue).toBe(true)
    expect(position.installments.map((i) => i.state).slice(0, 3)).toEqual(['OVERDUE', 'OVERDUE', 'UPCOMING'])
  })

  it('allocates a payment exactly as the vector says and lowers the penalty base from the next day', () => {
    const events = [pay('r1', '2025-01-23', 500000)]
    const position = loanPosition({ ...loanA, events, asOf: '2025-01-25' })
    const first = position.installments[0]!
    expect(first.paid).toEqual({ principal: 384584, interest: 83333, fee: 0, penalty: 32083, total: 500000 })
    // Days 11–12 accrue on the new base 4,487.49: round(448749 × 0.005 × 2) = 4487.
    expect(first.due.penalty).toBe(32083 + 4487)
    expect(first.daysLate).toBe(12)
    expect(position.repayments).toEqual([
      {
        id: 'r1',
        date: '2025-01-23',
        amount: 500000,
        credit: 0,
        lines: [{ sequence: 1, penalty: 32083, fee: 0, interest: 83333, principal: 384584, total: 500000 }],
      },
    ])
  })

  it('pays off, completes, and stops accruing', () => {
    const events = [pay('r1', '2025-01-23', 11_032_083)]
    const position = loanPosition({ ...loanA, events, asOf: '2025-06-01' })
    expect(position.status).toBe('COMPLETED')
    expect(position.completedOn).toBe('2025-01-23')
    expect(position.payoffAmount).toBe(0)
    expect(position.daysPastDue).toBe(0)
    expect(position.nextDueDate).toBeNull()
    expect(position.installments.every((i) => i.state === 'PAID' && i.paidOffOn === '2025-01-23')).toBe(true)
  })

  it('prepayments go to the next installments and are not overdue', () => {
    const position = loanPosition({
      ...loanA,
      events: [pay('r1', '2025-01-10', 1_000_000)],
      asOf: '2025-01-13',
    })
    expect(position.installments[0]?.state).toBe('PAID')
    expect(position.installments[1]?.state).toBe('PARTIAL')
    expect(position.installments[1]?.paid.total).toBe(1_000_000 - 916666)
    expect(position.daysPastDue).toBe(0)
    expect(position.nextDueDate).toBe('2025-01-20')
    expect(position.nextDueAmount).toBe(916666 - (1_000_000 - 916666))
    expect(position.dueNow).toBe(0)
  })

  it('a reversal known on the date removes the payment; before its date the payment still stands', () => {
    const events: LoanEvent[] = [
      pay('r1', '2025-01-13', 916666),
      { type: 'REVERSAL', id: 'v1', date: '2025-01-20', repaymentId: 'r1' },
    ]
    const before = loanPosition({ ...loanA, events, asOf: '2025-01-19' })
    expect(before.installments[0]?.state).toBe('PAID')
    const after = loanPosition({ ...loanA, events, asOf: '2025-01-23' })
    const never = loanPosition({ ...loanA, asOf: '2025-01-23' })
    expect(after.reversedRepaymentIds).toEqual(['r1'])
    expect({ ...after, reversedRepaymentIds: [] }).toEqual(never)
  })

  it('orders same-day events by sequence, then id, whatever the stored order', () => {
    const a = { ...pay('b', '2025-01-23', 400000), sequence: 1 }
    const b = { ...pay('a', '2025-01-23', 400000), sequence: 2 }
    const one = loanPosition({ ...loanA, events: [a, b], order: 'PRINCIPAL_FIRST' })
    const two = loanPosition({ ...loanA, events: [b, a], order: 'PRINCIPAL_FIRST' })
    expect(one).toEqual(two)
    expect(one.repayments.map((r) => r.id)).toEqual(['b', 'a'])
  })

  it('DEFAULTED past 90 days, cured only when the arrears are cleared, COMPLETED when paid', () => {
    const asOf = '2025-04-14' // 91 days after the first due date
    expect(loanPosition({ ...loanA, asOf }).status).toBe('DEFAULTED')
    expect(loanPosition({ ...loanA, asOf: '2025-04-13' }).status).toBe('ACTIVE')
    expect(loanPosition({ ...loanA, asOf, defaultAfterDays: 120 }).status).toBe('ACTIVE')
    // A partial recovery leaves it defaulted even though DPD drops below the threshold.
    const partial = loanPosition({
      ...loanA,
      asOf: '2025-04-20',
      events: [pay('r1', '2025-04-15', 5_000_000)],
    })
    expect(partial.daysPastDue).toBeLessThan(90)
    expect(partial.status).toBe('DEFAULTED')
    const payoff = loanPosition({ ...loanA, asOf: '2025-04-15' }).payoffAmount
    const cleared = loanPosition({ ...loanA, asOf: '2025-04-20', events: [pay('r1', '2025-04-15', payoff)] })
    expect(cleared.status).toBe('COMPLETED')
  })

  it('keeps money that exceeds the payoff in a backdated history as a credit balance', () => {
    const events = [pay('late', '2025-04-01', 11_000_000), pay('early', '2025-01-06', 5_000_000)]
    const position = loanPosition({ ...loanA, events, asOf: '2025-04-02', penalty: undefined })
    expect(position.creditBalance).toBe(5_000_000)
    expect(position.repayments.find((r) => r.id === 'late')?.credit).toBe(5_000_000)
    expect(position.totals.paid.total + position.creditBalance).toBe(16_000_000)
  })

  it('refuses a position whose totals would leave the safe-integer range instead of rounding them', () => {
    // A ₦90-trillion loan plus ₦100 of penalties came out as a float total that had lost kobo.
    const installments = buildSchedule({
      principal: Number.MAX_SAFE_INTEGER - 1000,
      termCount: 1,
      termUnit: 'WEEK',
      startDate: '2025-01-06',
    }).installments
    const penalty: PenaltyRule = { kind: 'FIXED_PER_DAY', amountPerDay: 1000, graceDays: 0, mode: 'FORGIVE' }
    expect(loanPosition({ installments, penalty, asOf: '2025-01-14' }).payoffAmount).toBe(
      Number.MAX_SAFE_INTEGER,
    )
    expect(
      domainError(() => loanPosition({ installments, penalty, asOf: '2025-01-15' }), 'INVALID_AMOUNT')
        .message,
    ).toContain('larger than the largest amount this system can hold')
  })

  it('refuses histories that cannot be replayed', () => {
    domainError(
      () => loanPosition({ ...loanA, events: [pay('r1', '2025-01-13', 5), pay('r1', '2025-01-14', 5)] }),
      'INVALID_EVENT',
    )
    domainError(
      () =>
        loanPosition({
          ...loanA,
          events: [{ type: 'REVERSAL', id: 'v', date: '2025-01-14', repaymentId: 'nope' }],
        }),
      'INVALID_EVENT',
    )
    domainError(
      () =>
        loanPosition({
          ...loanA,
          events: [
            pay('r1', '2025-01-13', 5),
            { type: 'REVERSAL', id: 'v', date: '2025-01-12', repaymentId: 'r1' },
          ],
        }),
      'INVALID_EVENT',
    )
    domainError(
      () =>
        loanPosition({
          ...loanA,
          events: [
            pay('r1', '2025-01-13', 5),
            { type: 'REVERSAL', id: 'v1', date: '2025-01-14', repaymentId: 'r1' },
            { type: 'REVERSAL', id: 'v2', date: '2025-01-15', repaymentId: 'r1' },
          ],
        }),
      'INVALID_EVENT',
    )
    domainError(() => loanPosition({ ...loanA, events: [pay('', '2025-01-13', 5)] }), 'INVALID_EVENT')
    domainError(() => loanPosition({ ...loanA, events: [pay('r1', '2025-01-13', 0)] }), 'INVALID_AMOUNT')
    domainError(() => loanPosition({ ...loanA, events: [pay('r1', '13/01/2025', 5)] }), 'INVALID_DATE')
    domainError(() => loanPosition({ ...loanA, installments: [] }), 'INVALID_OPTION')
    domainError(() => loanPosition({ ...loanA, defaultAfterDays: 0 }), 'INVALID_OPTION')
  })
})

describe('planRepayment', () => {
  it('allocates a new payment and refuses more than the payoff on its date', () => {
    const plan = planRepayment({ ...loanA, repayment: { id: 'r1', date: '2025-01-23', amount: 500000 } })
    expect(plan.lines).toEqual([
      { sequence: 1, penalty: 32083, fee: 0, interest: 83333, principal: 384584, total: 500000 },
    ])
    expect(plan.maximum).toBe(11_032_083)
    const error = domainError(
      () => planRepayment({ ...loanA, repayment: { id: 'r1', date: '2025-01-23', amount: 11_032_084 } }),
      'OVERPAYMENT',
    )
    expect(error.details).toMatchObject({ maximum: 11_032_083, maximumFormatted: '₦110,320.83' })
    expect(error.message).toContain('the most that can be accepted is ₦110,320.83')
  })
  it('refuses a backdated payment that later payments would push over the payoff (money never unallocated)', () => {
    // ₦100,000 of ₦110,000 was paid on 1 April. A ₦20,000 payment backdated to 10 January was accepted
    // because the payoff *on 10 January* was ₦110,000, and ₦10,000 of it ended up as an unallocated credit.
    const loan: PositionInput = {
      installments: scheduleA.installments,
      asOf: '2025-04-02',
      events: [pay('late', '2025-04-01', 10_000_000)],
    }
    const error = domainError(
      () => planRepayment({ ...loan, repayment: { id: 'early', date: '2025-01-10', amount: 2_000_000 } }),
      'OVERPAYMENT',
    )
    expect(error.details).toMatchObject({ maximum: 1_000_000, maximumFormatted: '₦10,000.00' })
    expect(error.message).toContain('the most that can be accepted is ₦10,000.00')
    const plan = planRepayment({ ...loan, repayment: { id: 'early', date: '2025-01-10', amount: 1_000_000 } })
    expect(plan.maximum).toBe(1_000_000)
    expect(plan.position.creditBalance).toBe(0)
    expect(plan.position.status).toBe('COMPLETED')
  })
  it('with penalties, the backdated maximum is exactly the largest amount that leaves no credit', () => {
    // Penalties depend on when each payment landed, so the maximum is found by replaying, not by subtraction.
    const loan: PositionInput = {
      ...loanA,
      asOf: '2025-04-02',
      events: [pay('late', '2025-04-01', 11_000_000)],
    }
    const error = domainError(
      () => planRepayment({ ...loan, repayment: { id: 'early', date: '2025-01-20', amount: 5_000_000 } }),
      'OVERPAYMENT',
    )
    const maximum = Number(error.details.maximum)
    expect(maximum).toBeGreaterThan(0)
    expect(maximum).toBeLessThan(loanPosition({ ...loan, asOf: '2025-01-20' }).payoffAmount)
    const plan = planRepayment({ ...loan, repayment: { id: 'early', date: '2025-01-20', amount: maximum } })
    expect(plan.maximum).toBe(maximum)
    expect(plan.position.creditBalance).toBe(0)
    domainError(
      () => planRepayment({ ...loan, repayment: { id: 'early', date: '2025-01-20', amount: maximum + 1 } }),
      'OVERPAYMENT',
    )
  })
  it('"due now" pays exactly the arrears and penalties', () => {
    const dueNow = loanPosition(loanA).dueNow
    const plan = planRepayment({ ...loanA, repayment: { id: 'r1', date: '2025-01-23', amount: dueNow } })
    expect(plan.position.dueNow).toBe(0)
    expect(plan.position.daysPastDue).toBe(0)
  })
})
