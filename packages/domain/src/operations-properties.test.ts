// Property tests for calendars, meetings, rescheduling, restructuring and waivers (fast-check, issue 16):
// Σ principal conserved, nothing scheduled on a non-working day, and replaying the stored event gives
// exactly the state the function computed.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { addDays, isoWeekday } from './calendar.js'
import { DomainError } from './errors.js'
import type { MeetingRule } from './meetings.js'
import { meetingDates, meetingDueDates } from './meetings.js'
import type { PenaltyRule } from './penalties.js'
import type { LoanEvent } from './position.js'
import { loanPosition } from './position.js'
import type { LoanHistory, RescheduleResult } from './reschedule.js'
import { rescheduleLoan, restructureLoan } from './reschedule.js'
import type { InterestTerms } from './schedule.js'
import { buildSchedule } from './schedule.js'
import { planWaiver } from './waivers.js'
import type { WorkingCalendar } from './working-days.js'
import { NIGERIAN_FIXED_HOLIDAYS, isWorkingDay } from './working-days.js'

const dateArb = fc.integer({ min: 0, max: 3650 }).map((d) => addDays('2020-01-01', d))

const calendarArb: fc.Arbitrary<WorkingCalendar> = fc.record({
  weekendDays: fc.subarray([1, 2, 3, 4, 5, 6, 7], { maxLength: 6 }),
  holidays: fc.array(
    fc.integer({ min: 0, max: 4000 }).map((d) => addDays('2020-01-01', d)),
    { maxLength: 60 },
  ),
  annualHolidays: fc.constantFrom([], NIGERIAN_FIXED_HOLIDAYS),
})

const rateText = (maxThousandths: number): fc.Arbitrary<string> =>
  fc.integer({ min: 0, max: maxThousandths }).map((n) => (n / 1000).toFixed(3))

const interestArb: fc.Arbitrary<InterestTerms> = fc.oneof(
  fc.constant<InterestTerms>({ method: 'NONE' }),
  fc.record({
    method: fc.constant('FLAT' as const),
    rate: rateText(300),
    basis: fc.constantFrom('PER_TERM' as const, 'PER_PERIOD' as const),
  }),
  fc.record({ method: fc.constant('DECLINING_ANNUITY' as const), ratePerPeriod: rateText(100) }),
  fc.record({ method: fc.constant('DECLINING_EQUAL_PRINCIPAL' as const), ratePerPeriod: rateText(100) }),
)

const penaltyArb: fc.Arbitrary<PenaltyRule | undefined> = fc.option(
  fc.record({
    kind: fc.constant('PERCENT_PER_DAY' as const),
    ratePerDay: rateText(10),
    graceDays: fc.integer({ min: 0, max: 5 }),
    mode: fc.constantFrom('FORGIVE' as const, 'BACKDATE' as const),
  }),
  { nil: undefined },
)

describe('working-day schedules', () => {
  it('no due date on a non-working day; dates increase; amounts as without a calendar', () => {
    fc.assert(
      fc.property(
        calendarArb,
        fc.record({
          principal: fc.integer({ min: 1, max: 1_000_000_000 }),
          termCount: fc.integer({ min: 1, max: 60 }),
          termUnit: fc.constantFrom('DAY' as const, 'WEEK' as const, 'MONTH' as const),
          startDate: dateArb,
          interest: interestArb,
        }),
        fc.constantFrom('next' as const, 'previous' as const),
        (calendar, input, rule) => {
          const schedule = buildSchedule({ ...input, calendar, nonWorkingDayRule: rule })
          const plain = buildSchedule(input)
          let previous = input.startDate
          for (const inst of schedule.installments) {
            expect(isWorkingDay(inst.dueDate, calendar)).toBe(true)
            expect(inst.dueDate > previous).toBe(true)
            previous = inst.dueDate
          }
          expect(schedule.installments.map((i) => i.total)).toEqual(plain.installments.map((i) => i.total))
        },
      ),
      { numRuns: 500 },
    )
  })
})

const meetingArb: fc.Arbitrary<MeetingRule> = fc.oneof(
  fc.record({ frequency: fc.constant('WEEKLY' as const), weekday: fc.integer({ min: 1, max: 7 }) }),
  dateArb.map((anchorDate): MeetingRule => ({
    frequency: 'BIWEEKLY',
    weekday: isoWeekday(anchorDate),
    anchorDate,
  })),
  fc.record({
    frequency: fc.constant('MONTHLY_WEEKDAY' as const),
    weekday: fc.integer({ min: 1, max: 7 }),
    week: fc.constantFrom(1 as const, 2 as const, 3 as const, 4 as const, 'LAST' as const),
  }),
  fc.record({
    frequency: fc.constant('MONTHLY_DATE' as const),
    dayOfMonth: fc.oneof(fc.integer({ min: 1, max: 28 }), fc.constant('LAST' as const)),
  }),
)

describe('meeting schedules', () => {
  it('a follow-meetings loan falls on meetings only, after the gap, then on working days', () => {
    fc.assert(
      fc.property(
        meetingArb,
        dateArb,
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 1, max: 30 }),
        calendarArb,
        (meeting, disbursementDate, minGapDays, termCount, calendar) => {
          const termUnit = meeting.frequency.startsWith('MONTHLY') ? ('MONTH' as const) : ('WEEK' as const)
          const repaymentEvery = meeting.frequency === 'BIWEEKLY' ? 2 : 1
          const dates = meetingDueDates({
            meeting,
            disbursementDate,
            minGapDays,
            termUnit,
            repaymentEvery,
            termCount,
          })
          const first = addDays(disbursementDate, Math.max(minGapDays, 1))
          expect(dates[0]).toBe(meetingDates(meeting, first, 1)[0])
          expect(dates).toEqual(meetingDates(meeting, first, termCount))
          const schedule = buildSchedule({
            principal: 1_000_000,
            termCount,
            termUnit,
            startDate: disbursementDate,
            dueDates: dates,
            calendar,
          })
          for (const inst of schedule.installments) expect(isWorkingDay(inst.dueDate, calendar)).toBe(true)
        },
      ),
      { numRuns: 300 },
    )
  })
})

/** A random loan with random payments: amounts from nothing to a bit more than an installment. */
const loanArb = fc
  .record({
    principal: fc.integer({ min: 10_000, max: 100_000_000 }),
    termCount: fc.integer({ min: 2, max: 24 }),
    termUnit: fc.constantFrom('WEEK' as const, 'MONTH' as const),
    startDate: dateArb,
    interest: interestArb,
    penalty: penaltyArb,
    payments: fc.array(
      fc.record({ afterDays: fc.integer({ min: 1, max: 40 }), share: fc.integer({ min: 1, max: 150 }) }),
      { maxLength: 8 },
    ),
  })
  .map((raw) => {
    const schedule = buildSchedule(raw)
    const each = schedule.installments[0]?.total ?? 1
    const events: LoanEvent[] = []
    let date = raw.startDate
    let owed = schedule.total
    raw.payments.forEach((p, index) => {
      date = addDays(date, p.afterDays)
      // Kept well under the payoff so penalties can never make one an overpayment.
      const amount = Math.min(Math.max(1, Math.floor((each * p.share) / 100)), Math.floor(owed / 2))
      if (amount < 1) return
      owed -= amount
      events.push({ type: 'REPAYMENT', id: `r${index}`, date, amount })
    })
    const loan: LoanHistory = {
      installments: schedule.installments,
      events,
      ...(raw.penalty === undefined ? {} : { penalty: raw.penalty }),
    }
    return { loan, interest: raw.interest, lastDate: date, principal: raw.principal }
  })

const termsArb = fc.record({
  afterDays: fc.integer({ min: 0, max: 120 }),
  firstGap: fc.integer({ min: 1, max: 40 }),
  installmentCount: fc.integer({ min: 1, max: 20 }),
  grace: fc.integer({ min: 0, max: 3 }),
  termUnit: fc.constantFrom('WEEK' as const, 'MONTH' as const),
  calendar: calendarArb,
  rule: fc.constantFrom('next' as const, 'previous' as const),
})

function check(result: RescheduleResult, loan: LoanHistory, principal: number, capitalised: number): void {
  const { event, before, after } = result
  // Σ principal conserved: the new installments repay exactly the outstanding principal (+ what was
  // capitalised), and the whole loan's installments still add up to what was lent (+ capitalised).
  const newPrincipal = event.installments.reduce((s, i) => s + i.principal, 0)
  expect(newPrincipal).toBe(before.outstandingPrincipal + capitalised)
  expect(after.outstandingPrincipal).toBe(newPrincipal)
  expect(result.installments.reduce((s, i) => s + i.principal, 0)).toBe(principal + capitalised)
  expect(after.totals.paid).toEqual(before.totals.paid)
  expect(after.daysPastDue).toBe(0)
  for (const inst of event.installments) expect(inst.dueDate > event.date).toBe(true)
  // Replaying the stored history with the event gives the computed state, on the day and later.
  const events = [...(loan.events ?? []), event]
  expect(loanPosition({ ...loan, events, asOf: event.date })).toEqual(after)
  const later = addDays(event.date, 45)
  expect(loanPosition({ ...loan, events, asOf: later }).outstandingPrincipal).toBe(after.outstandingPrincipal)
}

function refusedOrRun(run: () => void): void {
  try {
    run()
  } catch (error) {
    // Only refusals a user can cause by the random terms: no principal left, grace with NONE, etc.
    if (!(error instanceof DomainError) || error.code !== 'INVALID_OPTION') throw error
  }
}

describe('reschedule and restructure', () => {
  it('Σ principal conserved, nothing on a non-working day, replay equals the computed state', () => {
    fc.assert(
      fc.property(
        loanArb,
        termsArb,
        fc.boolean(),
        fc.constantFrom('KEEP' as const, 'WAIVE' as const, 'CAPITALISE' as const),
        (sample, t, isRestructure, penalties) => {
          const { loan, interest, lastDate, principal } = sample
          const date = addDays(lastDate, t.afterDays)
          const terms = {
            date,
            interest,
            installmentCount: t.installmentCount,
            graceOnPrincipal: Math.min(t.grace, t.installmentCount - 1),
            firstDueDate: addDays(date, t.firstGap),
            termUnit: t.termUnit,
            calendar: t.calendar,
            nonWorkingDayRule: t.rule,
          }
          refusedOrRun(() => {
            if (isRestructure) {
              const result = restructureLoan({ ...loan, ...terms, penalties })
              for (const inst of result.newInstallments)
                expect(isWorkingDay(inst.dueDate, t.calendar)).toBe(true)
              expect(result.after.restructuredOn).toBe(date)
              check(result, loan, principal, result.capitalised.interest + result.capitalised.penalty)
            } else {
              const result = rescheduleLoan({
                ...loan,
                ...terms,
                penalties: penalties === 'CAPITALISE' ? 'KEEP' : penalties,
              })
              for (const inst of result.newInstallments)
                expect(isWorkingDay(inst.dueDate, t.calendar)).toBe(true)
              check(result, loan, principal, 0)
            }
          })
        },
      ),
      { numRuns: 400 },
    )
  })
})

describe('flat for the term (PER_TERM): the price of the loan is fixed when it is booked', () => {
  // docs/lending.md "Rescheduling" and "Restructuring": no new interest, the unpaid interest kept and spread.
  const flatPerTermArb = fc
    .tuple(
      fc.record({
        principal: fc.integer({ min: 10_000, max: 100_000_000 }),
        termCount: fc.integer({ min: 2, max: 24 }),
        termUnit: fc.constantFrom('WEEK' as const, 'MONTH' as const),
        startDate: dateArb,
        rate: rateText(300),
        penalty: penaltyArb,
      }),
      fc.array(
        fc.record({ afterDays: fc.integer({ min: 1, max: 40 }), share: fc.integer({ min: 1, max: 150 }) }),
        { maxLength: 8 },
      ),
    )
    .map(([raw, payments]) => {
      const interest: InterestTerms = { method: 'FLAT', rate: raw.rate, basis: 'PER_TERM' }
      const schedule = buildSchedule({ ...raw, interest })
      const each = schedule.installments[0]?.total ?? 1
      const events: LoanEvent[] = []
      let date = raw.startDate
      let owed = schedule.total
      payments.forEach((p, index) => {
        date = addDays(date, p.afterDays)
        const amount = Math.min(Math.max(1, Math.floor((each * p.share) / 100)), Math.floor(owed / 2))
        if (amount < 1) return
        owed -= amount
        events.push({ type: 'REPAYMENT', id: `r${index}`, date, amount })
      })
      const loan: LoanHistory = {
        installments: schedule.installments,
        events,
        ...(raw.penalty === undefined ? {} : { penalty: raw.penalty }),
      }
      return { loan, interest, lastDate: date, principal: raw.principal }
    })
  const sumOf = (rows: readonly { principal: number; interest: number }[], key: 'interest' | 'both') =>
    rows.reduce((s, r) => s + r.interest + (key === 'both' ? r.principal : 0), 0)

  it('reschedule: Σ interest of the loan unchanged whatever the new term; restructure: Σ principal + interest unchanged but for capitalised penalties', () => {
    let checked = 0
    fc.assert(
      fc.property(
        flatPerTermArb,
        termsArb,
        fc.boolean(),
        fc.constantFrom('KEEP' as const, 'WAIVE' as const, 'CAPITALISE' as const),
        fc.option(fc.constantFrom(100, 1000, 10_000), { nil: undefined }),
        (sample, t, isRestructure, penalties, multiple) => {
          const { loan, interest, lastDate, principal } = sample
          const date = addDays(lastDate, t.afterDays)
          const grace = Math.min(t.grace, t.installmentCount - 1)
          const terms = {
            date,
            interest,
            installmentCount: t.installmentCount,
            graceOnPrincipal: grace,
            firstDueDate: addDays(date, t.firstGap),
            termUnit: t.termUnit,
            calendar: t.calendar,
            nonWorkingDayRule: t.rule,
            ...(multiple === undefined || grace > 0 ? {} : { installmentMultiple: multiple }),
          }
          refusedOrRun(() => {
            const result = isRestructure
              ? restructureLoan({ ...loan, ...terms, penalties })
              : rescheduleLoan({
                  ...loan,
                  ...terms,
                  penalties: penalties === 'CAPITALISE' ? 'KEEP' : penalties,
                })
            const capitalisedPenalty = result.after.reschedules.at(-1)?.capitalisedPenalty ?? 0
            const capitalisedInterest = result.after.reschedules.at(-1)?.capitalisedInterest ?? 0
            expect(result.droppedInterest).toBe(0)
            const before = result.before.totals.outstanding
            const after = result.after.totals.outstanding
            expect(result.keptInterest + result.carriedInterest + capitalisedInterest).toBe(before.interest)
            if (isRestructure) {
              expect(sumOf(result.installments, 'both')).toBe(
                sumOf(loan.installments, 'both') + capitalisedPenalty,
              )
              expect(after.principal + after.interest).toBe(
                before.principal + before.interest + capitalisedPenalty,
              )
            } else {
              expect(sumOf(result.installments, 'interest')).toBe(sumOf(loan.installments, 'interest'))
              expect(after.interest).toBe(before.interest)
            }
            // The general invariants still hold: Σ principal conserved, replay equals `after`.
            check(result, loan, principal, capitalisedInterest + capitalisedPenalty)
            checked += 1
          })
        },
      ),
      { numRuns: 400 },
    )
    // Most random terms are possible: the property is not vacuous (refusals are e.g. nothing outstanding).
    expect(checked).toBeGreaterThan(200)
  })
})

describe('waivers', () => {
  it('waive any part of what is outstanding: outstanding falls by exactly that, replay equals the plan', () => {
    fc.assert(
      fc.property(
        loanArb,
        fc.integer({ min: 0, max: 60 }),
        fc.nat(1000),
        fc.nat(1000),
        (sample, afterDays, penaltyShare, interestShare) => {
          const { loan, lastDate } = sample
          const date = addDays(lastDate, afterDays)
          const before = loanPosition({ ...loan, asOf: date })
          const penalty = Math.floor((before.totals.outstanding.penalty * penaltyShare) / 1000)
          const interest = Math.floor((before.totals.outstanding.interest * interestShare) / 1000)
          if (penalty + interest === 0) return
          const plan = planWaiver({ ...loan, waiver: { id: 'w', date, penalty, interest } })
          expect(plan.before.totals.outstanding.penalty - plan.after.totals.outstanding.penalty).toBe(penalty)
          expect(plan.before.totals.outstanding.interest - plan.after.totals.outstanding.interest).toBe(
            interest,
          )
          expect(plan.after.outstandingPrincipal).toBe(plan.before.outstandingPrincipal)
          const events = [...(loan.events ?? []), plan.event]
          expect(loanPosition({ ...loan, events, asOf: date })).toEqual(plan.after)
        },
      ),
      { numRuns: 400 },
    )
  })
})
