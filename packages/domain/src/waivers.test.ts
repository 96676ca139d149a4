import { describe, expect, it } from 'vitest'

import type { PenaltyRule } from './penalties.js'
import { loanPosition } from './position.js'
import type { LoanHistory } from './reschedule.js'
import { buildSchedule } from './schedule.js'
import { payoffAmount, payoffQuote, topUpSplit } from './top-up.js'
import { checkWaiverLimit, planWaiver } from './waivers.js'
import { domainError } from '../test/support/expect-error.js'

const penalty: PenaltyRule = { kind: 'PERCENT_PER_DAY', ratePerDay: '0.005', graceDays: 3, mode: 'FORGIVE' }
const loanA: LoanHistory = {
  installments: buildSchedule({
    principal: 10_000_000,
    termCount: 12,
    termUnit: 'WEEK',
    startDate: '2025-01-06',
    interest: { method: 'FLAT', rate: '0.10', basis: 'PER_TERM' },
  }).installments,
  penalty,
  events: [
    { type: 'REPAYMENT', id: 'r1', date: '2025-01-13', amount: 916_666 },
    { type: 'REPAYMENT', id: 'r2', date: '2025-01-23', amount: 500_000 },
  ],
}

describe('planWaiver', () => {
  it('waives penalties and interest oldest first, as an event the replay understands', () => {
    const plan = planWaiver({
      ...loanA,
      waiver: { id: 'w1', date: '2025-02-10', penalty: 40_000, interest: 100_000 },
    })
    const before = plan.before.totals.outstanding
    const after = plan.after.totals.outstanding
    expect(before.penalty - after.penalty).toBe(40_000)
    expect(before.interest - after.interest).toBe(100_000)
    expect(after.principal).toBe(before.principal)
    expect(plan.lines[0]).toEqual({ sequence: 2, penalty: 37_500, interest: 0 })
    expect(plan.lines.map((l) => l.sequence)).toEqual([2, 3, 4])
    expect(plan.after.waived).toEqual({ penalty: 40_000, interest: 100_000 })
    const replayed = loanPosition({
      ...loanA,
      events: [...(loanA.events ?? []), plan.event],
      asOf: '2025-02-10',
    })
    expect(replayed).toEqual(plan.after)
  })

  it('penalties keep accruing afterwards on what is still overdue', () => {
    const plan = planWaiver({ ...loanA, waiver: { id: 'w1', date: '2025-02-10', penalty: 106_250 } })
    expect(plan.after.totals.outstanding.penalty).toBe(0)
    const later = loanPosition({
      ...loanA,
      events: [...(loanA.events ?? []), plan.event],
      asOf: '2025-02-11',
    })
    expect(later.totals.outstanding.penalty).toBeGreaterThan(0)
  })

  it('an installment whose rest is waived is cleared on the waiver date', () => {
    const loan: LoanHistory = {
      installments: [{ sequence: 1, dueDate: '2025-01-13', principal: 10_000_000, interest: 1_000_000 }],
      order: 'PRINCIPAL_FIRST',
      events: [{ type: 'REPAYMENT', id: 'r1', date: '2025-01-13', amount: 10_000_000 }],
    }
    const plan = planWaiver({ ...loan, waiver: { id: 'w1', date: '2025-01-13', interest: 1_000_000 } })
    expect(plan.after.installments[0]?.state).toBe('PAID')
    expect(plan.after.installments[0]?.paidOffOn).toBe('2025-01-13')
    expect(plan.after.status).toBe('COMPLETED')
    expect(plan.after.completedOn).toBe('2025-01-13')
  })

  it('refuses more than is outstanding, naming the field and the maximum', () => {
    const error = domainError(
      () => planWaiver({ ...loanA, waiver: { id: 'w1', date: '2025-02-10', penalty: 106_251 } }),
      'INVALID_AMOUNT',
    )
    expect(error.details).toMatchObject({ field: 'penalty', limit: 106_250 })
    expect(error.message).toContain('₦1,062.50')
    expect(
      domainError(() => planWaiver({ ...loanA, waiver: { id: 'w1', date: '2025-02-10' } }), 'INVALID_AMOUNT')
        .message,
    ).toContain('must waive some')
    expect(
      domainError(
        () => planWaiver({ ...loanA, waiver: { id: 'w1', date: '2025-01-20', penalty: 1 } }),
        'INVALID_DATE',
      ).details.limit,
    ).toBe('2025-01-23')
  })

  it('the replay refuses a stored waiver above what was outstanding', () => {
    const events = [
      ...(loanA.events ?? []),
      { type: 'WAIVER' as const, id: 'w', date: '2025-01-14', interest: 2_000_000 },
    ]
    expect(
      domainError(() => loanPosition({ ...loanA, events, asOf: '2025-02-10' }), 'INVALID_EVENT').message,
    ).toContain('waives ₦20,000.00 of interest, but only ₦9,166.67 was outstanding')
  })
})

describe('checkWaiverLimit', () => {
  it('allows up to the role limit; a role without one may not waive', () => {
    const limits = { SUPERVISOR: 100_000, ADMIN: 10_000_000 }
    expect(checkWaiverLimit(100_000, limits, 'SUPERVISOR')).toEqual({ isAllowed: true, limit: 100_000 })
    const over = checkWaiverLimit(100_001, limits, 'SUPERVISOR')
    expect(over).toMatchObject({ isAllowed: false, limit: 100_000 })
    expect(over.isAllowed ? '' : over.reason).toContain('above your role')
    expect(checkWaiverLimit(1, limits, 'CREDIT_OFFICER')).toMatchObject({ isAllowed: false, limit: 0 })
    expect(domainError(() => checkWaiverLimit(0, limits, 'ADMIN'), 'INVALID_AMOUNT').details.field).toBe(
      'amount',
    )
  })
})

describe('top-up', () => {
  it('quotes the payoff by the allocation order; paying it closes the loan', () => {
    const quote = payoffQuote(loanA, '2025-02-10')
    const position = loanPosition({ ...loanA, asOf: '2025-02-10' })
    expect(quote.amount).toBe(position.payoffAmount)
    expect(quote.amount).toBe(quote.principal + quote.interest + quote.fee + quote.penalty)
    expect(quote.lines.reduce((s, l) => s + l.total, 0)).toBe(quote.amount)
    expect(payoffAmount(loanA, '2025-02-10')).toBe(quote.amount)
    const closed = loanPosition({
      ...loanA,
      events: [
        ...(loanA.events ?? []),
        { type: 'REPAYMENT', id: 'payoff', date: '2025-02-10', amount: quote.amount },
      ],
      asOf: '2025-02-10',
    })
    expect(closed.status).toBe('COMPLETED')
    expect(closed.completedOn).toBe('2025-02-10')
  })

  it('splits the new principal into the payoff and cash to the member; refuses less than the payoff', () => {
    expect(topUpSplit({ principal: 15_000_000, payoff: 9_689_584 })).toEqual({
      principal: 15_000_000,
      processingFee: 0,
      payoff: 9_689_584,
      cashToMember: 5_310_416,
    })
    expect(topUpSplit({ principal: 9_689_584, payoff: 9_689_584 }).cashToMember).toBe(0)
    const error = domainError(() => topUpSplit({ principal: 9_000_000, payoff: 9_689_584 }), 'INVALID_AMOUNT')
    expect(error.details).toMatchObject({ field: 'principal', limit: 9_689_584 })
    expect(error.message).toContain('₦96,895.84')
  })

  it('refuses a quote for a loan that owes nothing or dated before its latest event', () => {
    const closedEvents = [
      ...(loanA.events ?? []),
      { type: 'REPAYMENT' as const, id: 'p', date: '2025-02-10', amount: 9_689_584 },
    ]
    expect(
      domainError(() => payoffQuote({ ...loanA, events: closedEvents }, '2025-02-11'), 'INVALID_OPTION')
        .message,
    ).toContain('owes nothing')
    expect(domainError(() => payoffQuote(loanA, '2025-01-20'), 'INVALID_DATE').details.field).toBe('date')
  })
})
