import { describe, expect, it } from 'vitest'

import { isoWeekday } from './calendar.js'
import { portfolioAtRisk } from './kpi.js'
import type { PenaltyRule } from './penalties.js'
import type { LoanHistoryEvent } from './position.js'
import { loanPosition, planRepayment } from './position.js'
import type { LoanHistory } from './reschedule.js'
import { rescheduleLoan, restructureLoan } from './reschedule.js'
import { payoffQuote } from './top-up.js'
import { planWaiver } from './waivers.js'
import { buildSchedule } from './schedule.js'
import { NIGERIAN_FIXED_HOLIDAYS, isWorkingDay } from './working-days.js'
import { domainError } from '../test/support/expect-error.js'

const nigeria = { weekendDays: [6, 7], annualHolidays: NIGERIAN_FIXED_HOLIDAYS }
const flat10 = { method: 'FLAT', rate: '0.10', basis: 'PER_TERM' } as const
const penalty: PenaltyRule = { kind: 'PERCENT_PER_DAY', ratePerDay: '0.005', graceDays: 3, mode: 'FORGIVE' }

// Vector A (₦100,000 over 12 weeks, 10 % flat): installment 1 paid on time, ₦5,000 towards installment 2
// three days late, then nothing: on 10 February installments 3–5 are due and unpaid.
const loanA: LoanHistory = {
  installments: buildSchedule({
    principal: 10_000_000,
    termCount: 12,
    termUnit: 'WEEK',
    startDate: '2025-01-06',
    interest: flat10,
  }).installments,
  penalty,
  events: [
    { type: 'REPAYMENT', id: 'r1', date: '2025-01-13', amount: 916_666 },
    { type: 'REPAYMENT', id: 'r2', date: '2025-01-23', amount: 500_000 },
  ],
}

const sum = (values: readonly number[]): number => values.reduce((s, v) => s + v, 0)

describe('rescheduleLoan', () => {
  const result = rescheduleLoan({
    ...loanA,
    date: '2025-02-10',
    interest: flat10,
    installmentCount: 10,
    graceOnPrincipal: 2,
    firstDueDate: '2025-02-17',
    termUnit: 'WEEK',
    calendar: { ...nigeria, holidays: ['2025-02-24'] },
  })

  it('repays exactly the outstanding principal, with grace on principal first', () => {
    expect(result.before.outstandingPrincipal).toBe(8_750_000)
    expect(result.newPrincipal).toBe(8_750_000)
    expect(sum(result.newInstallments.map((i) => i.principal))).toBe(8_750_000)
    expect(result.newInstallments.slice(0, 2).map((i) => i.principal)).toEqual([0, 0])
    expect(result.newInstallments.slice(2).every((i) => i.principal === 1_093_750)).toBe(true)
    // 10 % flat for the term: the price was fixed at booking, so no new interest (docs/lending.md
    // "Rescheduling"). The ₦2,499.99 already due is carried (₦249.99 each, the last ₦250.08) and the ₦5,833.35
    // not yet due is kept (₦583.33 each, the last ₦583.38): ₦833.32 a week, the last ₦833.46.
    expect(result.carriedInterest).toBe(249_999)
    expect(result.droppedInterest).toBe(0)
    expect(result.keptInterest).toBe(583_335)
    expect(result.newInstallments.map((i) => i.interest)).toEqual([
      ...Array.from({ length: 9 }, () => 83_332),
      83_346,
    ])
    // Σ interest over the loan is still its price, 10 % of ₦100,000.
    expect(sum(result.installments.map((i) => i.interest))).toBe(1_000_000)
    expect(result.after.outstandingPrincipal).toBe(result.before.outstandingPrincipal)
    // Σ principal over the whole loan is still the amount lent.
    expect(sum(result.installments.map((i) => i.principal))).toBe(10_000_000)
  })

  it('keeps what was paid, moves dates off non-working days, and clears the arrears', () => {
    expect(result.kept.map((i) => [i.sequence, i.principal, i.interest])).toEqual([
      [1, 833_333, 83_333],
      [2, 416_667, 83_333],
    ])
    expect(result.newInstallments[0]?.sequence).toBe(13)
    expect(result.moves).toEqual([{ sequence: 14, from: '2025-02-24', to: '2025-02-25' }])
    for (const inst of result.newInstallments) {
      expect(isWorkingDay(inst.dueDate, nigeria)).toBe(true)
      expect(inst.dueDate > '2025-02-10').toBe(true)
    }
    expect(result.before.daysPastDue).toBe(21)
    expect(result.after.daysPastDue).toBe(0)
    // Penalties accrued so far stay owed (KEEP) and stop growing on the old installments.
    expect(result.after.totals.outstanding.penalty).toBe(result.before.totals.outstanding.penalty)
    const later = loanPosition({
      ...loanA,
      events: [...(loanA.events ?? []), result.event],
      asOf: '2025-02-14',
    })
    expect(later.totals.outstanding.penalty).toBe(result.before.totals.outstanding.penalty)
    expect(later.installments.find((i) => i.sequence === 5)?.rescheduledOn).toBe('2025-02-10')
  })

  it('replaying the stored event gives the computed state, and later payments go to the new installments', () => {
    const events: LoanHistoryEvent[] = [...(loanA.events ?? []), result.event]
    const replayed = loanPosition({ ...loanA, events, asOf: '2025-02-10' })
    expect(replayed).toEqual(result.after)
    const paid = loanPosition({
      ...loanA,
      events: [...events, { type: 'REPAYMENT', id: 'r3', date: '2025-02-17', amount: 106_250 + 83_332 }],
      asOf: '2025-02-17',
    })
    expect(paid.installments.find((i) => i.sequence === 13)?.state).toBe('PAID')
    expect(paid.dueNow).toBe(0)
  })

  it('a follow-up payment on the same date, with a sequence, is not moved before the reschedule', () => {
    const events: LoanHistoryEvent[] = [
      ...(loanA.events ?? []),
      { ...result.event, sequence: 1 },
      { type: 'REPAYMENT', id: 'a', date: '2025-02-10', amount: 100_000, sequence: 2 },
    ]
    const position = loanPosition({ ...loanA, events, asOf: '2025-02-10' })
    // After the reschedule only the kept penalties are due now: the payment goes to them.
    const lines = position.repayments.find((r) => r.id === 'a')?.lines ?? []
    expect(lines.reduce((s, l) => s + l.penalty, 0)).toBe(100_000)
  })

  it('a loan past the default threshold is current after a reschedule', () => {
    const late = rescheduleLoan({
      ...loanA,
      date: '2025-06-02',
      installmentCount: 4,
      firstDueDate: '2025-06-09',
      termUnit: 'WEEK',
    })
    expect(late.before.status).toBe('DEFAULTED')
    expect(late.after.status).toBe('ACTIVE')
    expect(late.after.daysPastDue).toBe(0)
  })

  it('refuses what it cannot do, naming the field', () => {
    const terms = { installmentCount: 4, firstDueDate: '2025-02-17', termUnit: 'WEEK' as const }
    expect(
      domainError(() => rescheduleLoan({ ...loanA, ...terms, date: '2025-01-20' }), 'INVALID_DATE').details,
    ).toMatchObject({
      field: 'date',
      limit: '2025-01-23',
    })
    expect(
      domainError(
        () => rescheduleLoan({ ...loanA, ...terms, date: '2025-02-10', graceOnPrincipal: 4 }),
        'INVALID_OPTION',
      ).details,
    ).toMatchObject({ field: 'graceOnPrincipal', limit: 3 })
    expect(
      domainError(
        () => rescheduleLoan({ ...loanA, ...terms, date: '2025-02-10', graceOnPrincipal: 1 }),
        'INVALID_OPTION',
      ).details.field,
    ).toBe('graceOnPrincipal')
    expect(
      domainError(
        () => rescheduleLoan({ ...loanA, installmentCount: 4, date: '2025-02-10' }),
        'INVALID_OPTION',
      ).details.field,
    ).toBe('firstDueDate')
    expect(
      domainError(() => rescheduleLoan({ ...loanA, ...terms, date: '2025-02-17' }), 'INVALID_OPTION').details
        .field,
    ).toBe('dueDates[0]')
    expect(
      domainError(
        () => rescheduleLoan({ ...loanA, ...terms, date: '2025-02-10', installmentCount: 0 }),
        'INVALID_TERM',
      ).details.field,
    ).toBe('installmentCount')
    expect(
      domainError(
        () => rescheduleLoan({ ...loanA, ...terms, date: '2025-02-10', penalties: 'CAPITALISE' as 'KEEP' }),
        'INVALID_OPTION',
      ).message,
    ).toContain('restructure')
  })

  it('payments before the reschedule cannot change: backdated ones are refused, a reversal fails the replay', () => {
    const events: LoanHistoryEvent[] = [...(loanA.events ?? []), result.event]
    const backdated = domainError(
      () =>
        planRepayment({
          ...loanA,
          events,
          asOf: '2025-02-12',
          repayment: { id: 'late', date: '2025-02-05', amount: 100_000 },
        }),
      'INVALID_DATE',
    )
    expect(backdated.details).toMatchObject({ field: 'repayment.date', limit: '2025-02-10' })
    expect(
      domainError(
        () =>
          planRepayment({
            ...loanA,
            events,
            asOf: '2025-02-10',
            repayment: { id: 'same', date: '2025-02-10', amount: 100_000 },
          }),
        'INVALID_DATE',
      ).message,
    ).toContain('rescheduled on 2025-02-10')
    const sequenced: LoanHistoryEvent[] = [...(loanA.events ?? []), { ...result.event, sequence: 5 }]
    const plan = planRepayment({
      ...loanA,
      events: sequenced,
      asOf: '2025-02-10',
      repayment: { id: 'same', date: '2025-02-10', amount: 100_000, sequence: 6 },
    })
    expect(plan.lines.reduce((s, l) => s + l.total, 0)).toBe(100_000)
    // Not yet posted (no sequence) against a recorded reschedule: it comes after it, as the replay orders
    // it — a new payment, and the payoff a top-up quotes, on the reschedule's own day.
    const posting = planRepayment({
      ...loanA,
      events: sequenced,
      asOf: '2025-02-10',
      repayment: { id: 'new', date: '2025-02-10', amount: 100_000 },
    })
    expect(posting.lines).toEqual(plan.lines)
    const quote = payoffQuote({ ...loanA, events: sequenced }, '2025-02-10')
    expect(quote.amount).toBe(loanPosition({ ...loanA, events: sequenced, asOf: '2025-02-10' }).payoffAmount)
    // A recorded payment with a smaller sequence came before it, and is refused.
    domainError(
      () =>
        planRepayment({
          ...loanA,
          events: sequenced,
          asOf: '2025-02-10',
          repayment: { id: 'earlier', date: '2025-02-10', amount: 100_000, sequence: 4 },
        }),
      'INVALID_DATE',
    )
    const reversed: LoanHistoryEvent[] = [
      ...events,
      { type: 'REVERSAL', id: 'v', date: '2025-02-11', repaymentId: 'r2' },
    ]
    expect(
      domainError(() => loanPosition({ ...loanA, events: reversed, asOf: '2025-02-11' }), 'INVALID_EVENT')
        .message,
    ).toContain('Payments before a reschedule cannot change')
  })

  it('the replay refuses a stored reschedule whose principal does not match', () => {
    const bad = {
      ...result.event,
      installments: result.event.installments.map((i) => ({ ...i, principal: i.principal + 1 })),
    }
    expect(
      domainError(
        () => loanPosition({ ...loanA, events: [...(loanA.events ?? []), bad], asOf: '2025-02-10' }),
        'INVALID_EVENT',
      ).message,
    ).toContain('does not match the loan')
    const early = {
      ...result.event,
      installments: [
        {
          ...result.event.installments[0],
          sequence: 13,
          dueDate: '2025-02-10',
          principal: 8_750_000,
          interest: 249_999,
        },
      ],
    }
    expect(
      domainError(
        () => loanPosition({ ...loanA, events: [...(loanA.events ?? []), early], asOf: '2025-02-10' }),
        'INVALID_EVENT',
      ).details.field,
    ).toBe('events[2].installments[0].dueDate')
  })
})

describe('a second change on top of the first', () => {
  it('reschedule, a payment, a waiver, then a restructure: each replays to its computed state', () => {
    const first = rescheduleLoan({
      ...loanA,
      date: '2025-02-10',
      interest: flat10,
      installmentCount: 6,
      firstDueDate: '2025-02-17',
      termUnit: 'WEEK',
    })
    const events: LoanHistoryEvent[] = [
      ...(loanA.events ?? []),
      first.event,
      { type: 'REPAYMENT', id: 'r3', date: '2025-02-17', amount: 500_000 },
    ]
    const waiver = planWaiver({ ...loanA, events, waiver: { id: 'w1', date: '2025-03-10', penalty: 1 } })
    const second = restructureLoan({
      ...loanA,
      events: [...events, waiver.event],
      date: '2025-03-10',
      interest: { method: 'DECLINING_EQUAL_PRINCIPAL', ratePerPeriod: '0.02' },
      installmentCount: 3,
      firstDueDate: '2025-04-10',
      termUnit: 'MONTH',
      penalties: 'CAPITALISE',
      id: 'restructure-1',
    })
    expect(second.newInstallments[0]?.sequence).toBe(19)
    expect(second.before.outstandingPrincipal).toBe(10_000_000 - second.before.totals.paid.principal)
    expect(sum(second.newInstallments.map((i) => i.principal))).toBe(second.newPrincipal)
    const all = [...events, waiver.event, second.event]
    expect(loanPosition({ ...loanA, events: all, asOf: '2025-03-10' })).toEqual(second.after)
    expect(second.after.reschedules.map((r) => r.isRestructure)).toEqual([false, true])
    expect(sum(second.installments.map((i) => i.principal))).toBe(
      10_000_000 + second.capitalised.interest + second.capitalised.penalty,
    )
  })
})

describe('restructureLoan', () => {
  it('capitalises overdue interest and penalties into the new principal', () => {
    const result = restructureLoan({
      ...loanA,
      date: '2025-02-10',
      interest: { method: 'DECLINING_ANNUITY', ratePerPeriod: '0.01' },
      installmentCount: 6,
      firstDueDate: '2025-02-17',
      termUnit: 'WEEK',
      penalties: 'CAPITALISE',
    })
    const owed = result.before.totals.outstanding
    expect(result.capitalised).toEqual({ interest: 249_999, penalty: owed.penalty })
    expect(result.newPrincipal).toBe(8_750_000 + 249_999 + owed.penalty)
    expect(sum(result.newInstallments.map((i) => i.principal))).toBe(result.newPrincipal)
    expect(result.after.outstandingPrincipal).toBe(result.newPrincipal)
    expect(result.after.totals.outstanding.penalty).toBe(0)
    expect(result.after.restructuredOn).toBe('2025-02-10')
    expect(result.after.daysPastDue).toBe(0)
    // Equal installments of the annuity on the new principal.
    expect(new Set(result.newInstallments.slice(0, 5).map((i) => i.total)).size).toBe(1)
    const replayed = loanPosition({
      ...loanA,
      events: [...(loanA.events ?? []), result.event],
      asOf: '2025-02-10',
    })
    expect(replayed).toEqual(result.after)
  })

  it('can waive the penalties instead, and counts apart in PAR', () => {
    const result = restructureLoan({
      ...loanA,
      date: '2025-02-10',
      interest: flat10,
      installmentCount: 8,
      firstDueDate: '2025-02-13',
      termUnit: 'WEEK',
      penalties: 'WAIVE',
    })
    expect(result.waivedPenalty).toBe(result.before.totals.outstanding.penalty)
    expect(result.after.waived.penalty).toBe(result.waivedPenalty)
    expect(result.newPrincipal).toBe(8_750_000 + 249_999)
    expect(result.newInstallments.every((i) => isoWeekday(i.dueDate) === 4)).toBe(true)
    const loans = [
      {
        id: 'a',
        outstandingPrincipal: result.after.outstandingPrincipal,
        daysPastDue: 0,
        overduePrincipal: 0,
        restructured: result.after.restructuredOn !== null,
      },
      { id: 'b', outstandingPrincipal: 1_000_000, daysPastDue: 0, overduePrincipal: 0, restructured: false },
    ]
    expect(portfolioAtRisk(loans, 30, { includeRestructured: false }).atRisk).toBe(0)
    expect(portfolioAtRisk(loans, 30, { includeRestructured: true }).atRisk).toBe(result.newPrincipal)
  })
})

describe('penalties count from the moved due date', () => {
  it('an installment moved from Christmas to Monday is not late before Monday', () => {
    const schedule = buildSchedule({
      principal: 2_000_000,
      termCount: 2,
      termUnit: 'WEEK',
      startDate: '2025-12-18',
      calendar: nigeria,
    })
    expect(schedule.installments.map((i) => i.dueDate)).toEqual(['2025-12-29', '2026-01-02'])
    const rule: PenaltyRule = { kind: 'FIXED_PER_DAY', amountPerDay: 10_000, graceDays: 0, mode: 'FORGIVE' }
    const onMonday = loanPosition({ installments: schedule.installments, penalty: rule, asOf: '2025-12-29' })
    expect(onMonday.daysPastDue).toBe(0)
    expect(onMonday.penaltiesAccrued).toBe(0)
    const twoDaysOn = loanPosition({ installments: schedule.installments, penalty: rule, asOf: '2025-12-31' })
    expect(twoDaysOn.daysPastDue).toBe(2)
    expect(twoDaysOn.penaltiesAccrued).toBe(20_000)
  })
})

describe('flat for the term (PER_TERM): no new interest (docs/lending.md "Rescheduling")', () => {
  const terms = {
    date: '2025-02-10',
    interest: flat10,
    firstDueDate: '2025-02-17',
    termUnit: 'WEEK',
  } as const

  it('installments in multiples: each (principal + interest) rounded up to the multiple, the last the rest', () => {
    const result = rescheduleLoan({ ...loanA, ...terms, installmentCount: 4, installmentMultiple: 100_000 })
    // (₦87,500.00 + ₦2,499.99 carried + ₦5,833.35 kept) / 4 = ₦23,958.3… → ₦24,000.00 each; the last takes the
    // rest: ₦95,833.34 − 3 × ₦24,000.00 = ₦23,833.34.
    expect(result.newInstallments.map((i) => i.total)).toEqual([2_400_000, 2_400_000, 2_400_000, 2_383_334])
    expect(sum(result.newInstallments.map((i) => i.principal))).toBe(8_750_000)
    expect(sum(result.newInstallments.map((i) => i.interest))).toBe(833_334)
  })

  it('a grace installment with no interest left to collect is refused, naming the field', () => {
    // Flat 0 % for the term: no interest unpaid, so a grace installment would be ₦0.00.
    const free = { method: 'FLAT', rate: '0', basis: 'PER_TERM' } as const
    const loan: LoanHistory = {
      installments: buildSchedule({
        principal: 10_000_000,
        termCount: 12,
        termUnit: 'WEEK',
        startDate: '2025-01-06',
        interest: free,
      }).installments,
    }
    const error = domainError(
      () => rescheduleLoan({ ...loan, ...terms, interest: free, installmentCount: 6, graceOnPrincipal: 2 }),
      'INVALID_OPTION',
    )
    expect(error.details).toMatchObject({ field: 'graceOnPrincipal' })
  })
})
