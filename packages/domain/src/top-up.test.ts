import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import type { PenaltyRule } from './penalties.js'
import { loanPosition, planRepayment } from './position.js'
import type { LoanHistory } from './reschedule.js'
import { buildSchedule } from './schedule.js'
import { payoffQuote, topUpSplit } from './top-up.js'
import { domainError } from '../test/support/expect-error.js'

// docs/lending.md "Top-ups": the payoff is everything owed on the day, allocated by the loan's order; the
// new principal pays it and the rest goes to the member.

/** ₦100,000 over 10 weeks at 10% flat for the term: ten installments of ₦10,000 + ₦1,000 interest. */
const flat = buildSchedule({
  principal: 10_000_000,
  termCount: 10,
  termUnit: 'WEEK',
  startDate: '2025-01-06',
  interest: { method: 'FLAT', rate: '0.10', basis: 'PER_TERM' },
}).installments

const halfPaid: LoanHistory = {
  installments: flat,
  events: flat.slice(0, 5).map((i) => ({
    type: 'REPAYMENT' as const,
    id: `r${String(i.sequence)}`,
    date: i.dueDate,
    amount: i.principal + i.interest + i.fee,
    // Posting sequences as the API stores them: the quote's payment (no sequence) comes after them on a day.
    sequence: i.sequence,
  })),
}

describe('payoffQuote vectors', () => {
  it('a flat loan half paid on time owes the other half: ₦55,000, ₦50,000 principal and ₦5,000 interest', () => {
    expect(flat.map((i) => [i.principal, i.interest])).toEqual(Array(10).fill([1_000_000, 100_000]))
    const quote = payoffQuote(halfPaid, flat[4]!.dueDate)
    expect(quote).toMatchObject({ amount: 5_500_000, principal: 5_000_000, interest: 500_000, penalty: 0 })
    expect(quote.lines.map((l) => l.sequence)).toEqual([6, 7, 8, 9, 10])
    expect(quote.lines.every((l) => l.total === 1_100_000)).toBe(true)
  })

  it('with a penalty accrued the payoff includes it, paid by the loan order', () => {
    // ₦100 a day after 3 days' grace; installment 5 (due 2025-02-10) unpaid, quoted 10 days later.
    const penalty: PenaltyRule = {
      kind: 'FIXED_PER_DAY',
      amountPerDay: 10_000,
      graceDays: 3,
      mode: 'FORGIVE',
    }
    const late: LoanHistory = {
      ...halfPaid,
      installments: flat,
      penalty,
      events: halfPaid.events!.slice(0, 4),
    }
    const date = '2025-02-20'
    const quote = payoffQuote(late, date)
    const position = loanPosition({ ...late, asOf: date })
    expect(quote.penalty).toBeGreaterThan(0)
    expect(quote.penalty).toBe(position.totals.outstanding.penalty)
    expect(quote.amount).toBe(6_600_000 + quote.penalty)
    expect(quote.lines.reduce((sum, l) => sum + l.penalty, 0)).toBe(quote.penalty)
    const closed = loanPosition({
      ...late,
      events: [...late.events!, { type: 'REPAYMENT', id: 'payoff', date, amount: quote.amount }],
      asOf: date,
    })
    expect(closed.payoffAmount).toBe(0)
    expect(closed.status).toBe('COMPLETED')
  })
})

describe('topUpSplit', () => {
  it('pays the member what is left after the payoff', () => {
    expect(topUpSplit({ principal: 20_000_000, payoff: 5_500_000 })).toEqual({
      principal: 20_000_000,
      processingFee: 0,
      payoff: 5_500_000,
      cashToMember: 14_500_000,
    })
  })

  it('takes the processing fee too: the member receives principal − fee − payoff', () => {
    // ₦200,000 with a 2% fee (₦4,000) paying off ₦55,000: ₦141,000 to the member.
    expect(topUpSplit({ principal: 20_000_000, payoff: 5_500_000, processingFee: 400_000 })).toMatchObject({
      cashToMember: 14_100_000,
    })
    const error = domainError(
      () => topUpSplit({ principal: 5_600_000, payoff: 5_500_000, processingFee: 112_000 }),
      'INVALID_AMOUNT',
    )
    expect(error.details).toMatchObject({ field: 'principal', limit: 5_612_000, got: 5_600_000 })
    expect(error.message).toContain('₦56,120.00')
  })

  it('refuses a principal below the payoff, naming principal with the payoff as its limit', () => {
    const error = domainError(() => topUpSplit({ principal: 5_499_999, payoff: 5_500_000 }), 'INVALID_AMOUNT')
    expect(error.details).toMatchObject({ field: 'principal', limit: 5_500_000, got: 5_499_999 })
    expect(error.message).toContain('₦55,000.00')
  })
})

describe('payoffQuote property', () => {
  it('the payoff is exactly what a repayment of that amount allocates, and the loan owes 0 after it', () => {
    const penalty: PenaltyRule = {
      kind: 'PERCENT_PER_DAY',
      ratePerDay: '0.005',
      graceDays: 2,
      mode: 'FORGIVE',
    }
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9 }),
        fc.integer({ min: 0, max: 90 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 3_000_000 }),
        (paid, daysLater, withPenalty, partial) => {
          const events = [
            ...halfPaid.events!.slice(0, Math.min(paid, 5)),
            ...(paid > 5
              ? [
                  {
                    type: 'REPAYMENT' as const,
                    id: 'partial',
                    date: flat[5]!.dueDate,
                    amount: partial,
                    sequence: 6,
                  },
                ]
              : []),
          ]
          const loan: LoanHistory = { installments: flat, events, ...(withPenalty ? { penalty } : {}) }
          const date = new Date(Date.parse(`${flat[5]!.dueDate}T00:00:00Z`) + daysLater * 86_400_000)
            .toISOString()
            .slice(0, 10)
          const quote = payoffQuote(loan, date)
          const plan = planRepayment({
            ...loan,
            asOf: date,
            repayment: { id: 'payoff', date, amount: quote.amount },
          })
          const allocated = plan.lines.reduce((sum, l) => sum + l.total, 0)
          expect(allocated).toBe(quote.amount)
          expect(plan.lines).toEqual(quote.lines)
          expect(plan.position.payoffAmount).toBe(0)
          expect(plan.position.status).toBe('COMPLETED')
        },
      ),
      { numRuns: 60 },
    )
  })
})
