// Property tests over thousands of random loans (fast-check): the invariants of reference §2.5 and docs/product.md §3/§5.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import type { AllocationOrder, OwedInstallment } from './allocation.js'
import { allocatePayment } from './allocation.js'
import { addDays } from './calendar.js'
import { DomainError } from './errors.js'
import type { PenaltyRule } from './penalties.js'
import type { LoanEvent, PositionInput } from './position.js'
import { loanPosition, planRepayment } from './position.js'
import type { InterestTerms, ScheduleInput } from './schedule.js'
import { buildSchedule } from './schedule.js'

const rateText = (maxThousandths: number): fc.Arbitrary<string> =>
  fc.integer({ min: 0, max: maxThousandths }).map((n) => (n / 1000).toFixed(3))

const interestArb: fc.Arbitrary<InterestTerms> = fc.oneof(
  fc.constant<InterestTerms>({ method: 'NONE' }),
  fc.record({
    method: fc.constant('FLAT' as const),
    rate: rateText(500),
    basis: fc.constantFrom('PER_TERM' as const, 'PER_PERIOD' as const),
  }),
  fc.record({ method: fc.constant('DECLINING_ANNUITY' as const), ratePerPeriod: rateText(200) }),
  fc.record({ method: fc.constant('DECLINING_EQUAL_PRINCIPAL' as const), ratePerPeriod: rateText(200) }),
)

const dateArb = fc.integer({ min: 0, max: 3650 }).map((d) => addDays('2020-01-01', d))

const scheduleArb = (maxTerm: number): fc.Arbitrary<ScheduleInput> =>
  fc.record({
    principal: fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 10_000_000_000 })),
    termCount: fc.integer({ min: 1, max: maxTerm }),
    termUnit: fc.constantFrom('DAY' as const, 'WEEK' as const, 'MONTH' as const),
    startDate: dateArb,
    interest: interestArb,
    rounding: fc.constantFrom('HALF_EVEN' as const, 'HALF_UP' as const),
    installmentMultiple: fc.option(fc.constantFrom(100, 1000, 5000, 10_000), { nil: undefined }),
  })

const penaltyArb: fc.Arbitrary<PenaltyRule | undefined> = fc.option(
  fc.oneof(
    fc.record({
      kind: fc.constant('PERCENT_PER_DAY' as const),
      ratePerDay: rateText(20),
      graceDays: fc.integer({ min: 0, max: 10 }),
      mode: fc.constantFrom('FORGIVE' as const, 'BACKDATE' as const),
      base: fc.constantFrom('PRINCIPAL' as const, 'PRINCIPAL_AND_INTEREST' as const),
    }),
    fc.record({
      kind: fc.constant('FIXED_PER_DAY' as const),
      amountPerDay: fc.integer({ min: 0, max: 50_000 }),
      graceDays: fc.integer({ min: 0, max: 10 }),
      mode: fc.constantFrom('FORGIVE' as const, 'BACKDATE' as const),
      cap: fc.option(fc.integer({ min: 0, max: 500_000 }), { nil: undefined }),
    }),
  ),
  { nil: undefined },
)

/** The schedule, or the DomainError refusing it (a random multiple can be too large for a tiny loan). */
function buildOrRefusal(input: ScheduleInput): ReturnType<typeof buildSchedule> | DomainError {
  try {
    return buildSchedule(input)
  } catch (error) {
    if (error instanceof DomainError) return error
    throw error
  }
}

describe('schedules', () => {
  it('Σ components = totals exactly; balances and components never negative; dates increase', () => {
    fc.assert(
      fc.property(scheduleArb(120), (input) => {
        const built = buildOrRefusal(input)
        if (built instanceof DomainError) {
          // Only a multiple too large for the loan is refused, and the same loan without it is fine.
          expect(built.code).toBe('INVALID_OPTION')
          expect(built.details.field).toBe('installmentMultiple')
          expect(buildSchedule({ ...input, installmentMultiple: undefined }).totalPrincipal).toBe(
            input.principal,
          )
          return
        }
        const schedule = built
        const problems: string[] = []
        let balance = input.principal
        let interest = 0
        let total = 0
        let previousDate = input.startDate
        for (const inst of schedule.installments) {
          if (inst.principal < 0 || inst.interest < 0) problems.push(`negative component in ${inst.sequence}`)
          if (inst.total !== inst.principal + inst.interest + inst.fee)
            problems.push(`total of ${inst.sequence}`)
          if (inst.dueDate <= previousDate) problems.push(`date of ${inst.sequence}`)
          balance -= inst.principal
          if (balance < 0) problems.push(`negative balance after ${inst.sequence}`)
          interest += inst.interest
          total += inst.total
          previousDate = inst.dueDate
        }
        // Installments in multiples of m: every installment before the last is a multiple, the last still
        // repays principal, and for even (NONE/FLAT) schedules it is never larger than the others.
        const last = schedule.installments.at(-1)
        if (input.installmentMultiple !== undefined && input.installmentMultiple > 1 && input.termCount > 1) {
          for (const inst of schedule.installments.slice(0, -1)) {
            if (inst.total % input.installmentMultiple !== 0) problems.push(`multiple in ${inst.sequence}`)
          }
          if ((last?.principal ?? 0) <= 0) problems.push('last installment without principal')
          const method = input.interest?.method ?? 'NONE'
          const first = schedule.installments[0]
          if ((method === 'NONE' || method === 'FLAT') && (last?.total ?? 0) > (first?.total ?? 0))
            problems.push('last installment larger than the others')
        }
        expect(problems).toEqual([])
        expect(schedule.installments).toHaveLength(input.termCount)
        expect(balance).toBe(0)
        expect(interest).toBe(schedule.totalInterest)
        expect(total).toBe(schedule.total)
        expect(schedule.totalPrincipal + schedule.totalInterest).toBe(schedule.total)
      }),
      { numRuns: 3000 },
    )
  })
})

const owedArb: fc.Arbitrary<OwedInstallment[]> = fc
  .array(
    fc.record({
      penalty: fc.integer({ min: 0, max: 50_000 }),
      fee: fc.integer({ min: 0, max: 10_000 }),
      interest: fc.integer({ min: 0, max: 200_000 }),
      principal: fc.integer({ min: 0, max: 2_000_000 }),
      gap: fc.integer({ min: 0, max: 30 }),
    }),
    { minLength: 1, maxLength: 20 },
  )
  .map((rows) => {
    let date = '2025-01-01'
    return rows.map(({ gap, ...row }, index) => {
      date = addDays(date, gap)
      return { sequence: index + 1, dueDate: date, ...row }
    })
  })

describe('allocation', () => {
  it('sums to the payment, never exceeds what is owed, refuses more than the payoff', () => {
    fc.assert(
      fc.property(
        owedArb,
        fc.double({ min: 0, max: 1.2, noNaN: true }),
        fc.constantFrom<AllocationOrder>('VERTICAL', 'HORIZONTAL', 'PRINCIPAL_FIRST'),
        fc.option(
          dateArb.map((d) => (d < '2025-01-01' ? '2025-01-15' : d)),
          { nil: undefined },
        ),
        (owed, share, order, asOf) => {
          const payoff = owed.reduce((s, o) => s + o.penalty + o.fee + o.interest + o.principal, 0)
          const amount = Math.max(1, Math.round(payoff * share))
          if (amount > payoff) {
            const error = (() => {
              try {
                allocatePayment({ amount, installments: owed, order, asOf })
              } catch (e) {
                return e
              }
              return null
            })()
            expect(error).toBeInstanceOf(DomainError)
            expect((error as DomainError).code).toBe('OVERPAYMENT')
            expect((error as DomainError).details.maximum).toBe(payoff)
            return
          }
          const result = allocatePayment({ amount, installments: owed, order, asOf })
          expect(result.lines.reduce((s, l) => s + l.total, 0)).toBe(amount)
          for (const line of result.lines) {
            const source = owed.find((o) => o.sequence === line.sequence)!
            for (const c of ['penalty', 'fee', 'interest', 'principal'] as const) {
              expect(line[c]).toBeGreaterThanOrEqual(0)
              expect(line[c]).toBeLessThanOrEqual(source[c])
            }
            expect(line.total).toBe(line.penalty + line.fee + line.interest + line.principal)
          }
          for (const rest of result.remaining) {
            expect(Math.min(rest.penalty, rest.fee, rest.interest, rest.principal)).toBeGreaterThanOrEqual(0)
          }
        },
      ),
      { numRuns: 3000 },
    )
  })
})

type LoanCase = { loan: PositionInput; events: LoanEvent[]; shuffleKeys: number[]; reverseIndex: number }

const loanCaseArb: fc.Arbitrary<LoanCase> = fc
  .record({
    schedule: scheduleArb(26),
    penalty: penaltyArb,
    order: fc.constantFrom<AllocationOrder>('VERTICAL', 'HORIZONTAL', 'PRINCIPAL_FIRST'),
    payments: fc.array(
      fc.record({
        offset: fc.integer({ min: -5, max: 400 }),
        share: fc.double({ min: 0.001, max: 0.5, noNaN: true }),
        sameDaySequence: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
      }),
      { maxLength: 25 },
    ),
    asOfOffset: fc.integer({ min: 0, max: 500 }),
    shuffleKeys: fc.array(fc.integer(), { minLength: 30, maxLength: 30 }),
    reverseIndex: fc.nat(),
  })
  .map(({ schedule: input, penalty, order, payments, asOfOffset, shuffleKeys, reverseIndex }) => {
    const built = buildOrRefusal(input)
    const schedule =
      built instanceof DomainError ? buildSchedule({ ...input, installmentMultiple: undefined }) : built
    const events: LoanEvent[] = payments.map((p, index) => ({
      type: 'REPAYMENT',
      id: `r${String(index).padStart(2, '0')}`,
      date: addDays(input.startDate, p.offset),
      amount: Math.max(1, Math.round(schedule.total * p.share)),
      ...(p.sameDaySequence === undefined ? {} : { sequence: p.sameDaySequence }),
    }))
    const loan: PositionInput = {
      installments: schedule.installments,
      asOf: addDays(input.startDate, asOfOffset),
      order,
      rounding: input.rounding,
      ...(penalty === undefined ? {} : { penalty }),
    }
    return { loan, events, shuffleKeys, reverseIndex }
  })

function shuffled<T>(items: readonly T[], keys: readonly number[]): T[] {
  return items
    .map((item, index) => ({ item, key: keys[index % keys.length]! * 31 + index }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.item)
}

describe('loan positions', () => {
  it('every payment is fully allocated (or kept as credit) and no balance goes negative', () => {
    fc.assert(
      fc.property(loanCaseArb, ({ loan, events }) => {
        const position = loanPosition({ ...loan, events })
        const appliedTotal = position.repayments.reduce((s, r) => s + r.amount, 0)
        for (const repayment of position.repayments) {
          expect(repayment.lines.reduce((s, l) => s + l.total, 0) + repayment.credit).toBe(repayment.amount)
        }
        expect(position.totals.paid.total + position.creditBalance).toBe(appliedTotal)
        const negative = position.installments.filter((inst) =>
          (['principal', 'interest', 'fee', 'penalty', 'total'] as const).some(
            (c) => inst.outstanding[c] < 0 || inst.paid[c] > inst.due[c],
          ),
        )
        expect(negative).toEqual([])
        expect(position.payoffAmount).toBe(position.totals.outstanding.total)
        expect(position.dueNow).toBeGreaterThanOrEqual(position.overdue)
        expect(position.status === 'COMPLETED').toBe(position.payoffAmount === 0)
      }),
      { numRuns: 1500 },
    )
  })

  it('is the same whatever order the events were stored in', () => {
    fc.assert(
      fc.property(loanCaseArb, ({ loan, events, shuffleKeys }) => {
        const reversal: LoanEvent[] =
          events[0] === undefined
            ? []
            : [{ type: 'REVERSAL', id: 'v0', date: addDays(events[0].date, 3), repaymentId: events[0].id }]
        const all = [...events, ...reversal]
        expect(loanPosition({ ...loan, events: shuffled(all, shuffleKeys) })).toEqual(
          loanPosition({ ...loan, events: all }),
        )
      }),
      { numRuns: 1500 },
    )
  })

  it('reversing a payment and replaying equals never posting it', () => {
    fc.assert(
      fc.property(loanCaseArb, fc.integer({ min: 0, max: 60 }), ({ loan, events, reverseIndex }, delay) => {
        const target = events[reverseIndex % Math.max(events.length, 1)]
        if (target === undefined) return
        const reversalDate = addDays(target.date, delay)
        const asOf = loan.asOf > reversalDate ? loan.asOf : reversalDate
        const reversed = loanPosition({
          ...loan,
          asOf,
          events: [
            ...events,
            { type: 'REVERSAL', id: 'zz-reversal', date: reversalDate, repaymentId: target.id },
          ],
        })
        const never = loanPosition({ ...loan, asOf, events: events.filter((e) => e.id !== target.id) })
        const wasApplied = target.date <= asOf
        expect(reversed.reversedRepaymentIds).toEqual(wasApplied ? [target.id] : [])
        expect({ ...reversed, reversedRepaymentIds: [] }).toEqual(never)
      }),
      { numRuns: 1500 },
    )
  })

  it('a planned payment, backdated or not, never leaves money unallocated; a refusal states a maximum that fits', () => {
    fc.assert(
      fc.property(
        loanCaseArb,
        fc.integer({ min: -5, max: 400 }),
        fc.double({ min: 0, max: 1.1, noNaN: true }),
        ({ loan, events }, offset, share) => {
          const date = addDays(loan.installments[0]?.dueDate ?? loan.asOf, offset)
          const history = loanPosition({ ...loan, events, asOf: loan.asOf > date ? loan.asOf : date })
          const amount = Math.max(1, Math.round(history.totals.due.total * share))
          const plan = (value: number): ReturnType<typeof planRepayment> =>
            planRepayment({ ...loan, events, repayment: { id: 'new', date, amount: value } })
          try {
            const accepted = plan(amount)
            expect(accepted.position.creditBalance).toBe(history.creditBalance)
            expect(amount).toBeLessThanOrEqual(accepted.maximum)
          } catch (error) {
            if (!(error instanceof DomainError) || error.code !== 'OVERPAYMENT') throw error
            const maximum = Number(error.details.maximum)
            expect(maximum).toBeLessThan(amount)
            if (maximum > 0) expect(plan(maximum).position.creditBalance).toBe(history.creditBalance)
          }
        },
      ),
      { numRuns: 300 },
    )
  })

  it('as of any date, the position only depends on events up to that date', () => {
    fc.assert(
      fc.property(loanCaseArb, ({ loan, events }) => {
        const known = events.filter((e) => e.date <= loan.asOf)
        expect(loanPosition({ ...loan, events })).toEqual(loanPosition({ ...loan, events: known }))
      }),
      { numRuns: 1000 },
    )
  })
})
