// Our vectors for calendars, meetings, rescheduling, restructuring, waivers and payoffs
// (test/vectors/calendars.json and reschedules.json), reproduced to the kobo and the day.
import { readFileSync } from 'node:fs'

import { describe, expect, it } from 'vitest'

import { dueDates } from './calendar.js'
import { meetingDueDates } from './meetings.js'
import type { LoanPosition } from './position.js'
import { loanPosition } from './position.js'
import type { LoanHistory } from './reschedule.js'
import { rescheduleLoan, restructureLoan } from './reschedule.js'
import { buildSchedule } from './schedule.js'
import { payoffQuote, topUpSplit } from './top-up.js'
import { planWaiver } from './waivers.js'
import type { WorkingCalendar } from './working-days.js'
import { NIGERIAN_FIXED_HOLIDAYS, isWorkingDay } from './working-days.js'
import { domainError } from '../test/support/expect-error.js'
import {
  OPERATION_VECTOR_FILES,
  VECTORS_DIR,
  calendarVectors,
  rescheduleVectors,
} from '../test/support/vectors.js'

describe('operation vector files', () => {
  it('are present and parse as JSON', () => {
    for (const file of OPERATION_VECTOR_FILES) {
      expect(() => JSON.parse(readFileSync(`${VECTORS_DIR}${file}`, 'utf8')) as unknown, file).not.toThrow()
    }
  })
})

describe('calendars.json', () => {
  const vectors = calendarVectors()
  for (const vector of vectors.cases) {
    it(vector.id, () => {
      const {
        expect: expected,
        id: _id,
        why: _why,
        meeting,
        calendar: cal,
        nonWorkingDayRule,
        ...input
      } = vector
      const calendar: WorkingCalendar = {
        weekendDays: cal.weekendDays,
        holidays: cal.holidays ?? [],
        annualHolidays: cal.nigerianFixedHolidays ? NIGERIAN_FIXED_HOLIDAYS : [],
      }
      const nominal =
        meeting === undefined
          ? dueDates(input.startDate, input.termUnit, input.termCount)
          : meetingDueDates({
              meeting: meeting.rule,
              disbursementDate: input.startDate,
              minGapDays: meeting.minGapDays,
              termUnit: input.termUnit,
              ...(meeting.repaymentEvery === undefined ? {} : { repaymentEvery: meeting.repaymentEvery }),
              termCount: input.termCount,
            })
      expect(nominal).toEqual(expected.nominalDueDates)
      const schedule = buildSchedule({ ...input, dueDates: nominal, calendar, nonWorkingDayRule })
      expect(schedule.installments.map(({ fee: _fee, ...rest }) => rest)).toEqual(expected.installments)
      for (const inst of schedule.installments) expect(isWorkingDay(inst.dueDate, calendar)).toBe(true)
      // Only the dates move: the amounts are those of the same loan without a calendar.
      const plain = buildSchedule(input)
      expect(schedule.installments.map((i) => i.total)).toEqual(plain.installments.map((i) => i.total))
    })
  }
  for (const vector of vectors.errors) {
    it(vector.id, () => {
      const error = domainError(
        () =>
          meetingDueDates({
            meeting: vector.meeting,
            disbursementDate: '2025-01-01',
            minGapDays: 0,
            termUnit: vector.termUnit,
            repaymentEvery: vector.repaymentEvery,
            termCount: 4,
          }),
        'INVALID_OPTION',
      )
      expect(error.code).toBe(vector.expect.code)
      expect(error.details.field).toBe(vector.expect.field)
    })
  }
})

const summary = (p: LoanPosition) => ({
  principal: p.totals.outstanding.principal,
  interest: p.totals.outstanding.interest,
  penalty: p.totals.outstanding.penalty,
  total: p.totals.outstanding.total,
  daysPastDue: p.daysPastDue,
  status: p.status,
})

describe('reschedules.json', () => {
  const vectors = rescheduleVectors()
  const loan: LoanHistory = {
    installments: buildSchedule(vectors.loan.schedule).installments,
    penalty: vectors.loan.penalty,
    events: vectors.loan.events,
  }
  for (const vector of vectors.cases) {
    it(vector.id, () => {
      switch (vector.kind) {
        case 'RESCHEDULE': {
          const result = rescheduleLoan({ ...loan, ...vector.terms })
          const e = vector.expect
          expect(summary(result.before)).toEqual(e.before)
          expect(summary(result.after)).toEqual(e.after)
          expect(result.newPrincipal).toBe(e.newPrincipal)
          expect(result.carriedInterest).toBe(e.carriedInterest)
          expect(result.droppedInterest).toBe(e.droppedInterest)
          expect(result.keptInterest).toBe(e.keptInterest)
          expect(result.kept).toEqual(e.kept)
          expect(result.newInstallments.map(({ fee: _fee, ...rest }) => rest)).toEqual(e.newInstallments)
          expect(result.moves).toEqual(e.moves)
          break
        }
        case 'RESTRUCTURE': {
          const result = restructureLoan({ ...loan, ...vector.terms })
          const e = vector.expect
          expect(summary(result.before)).toEqual(e.before)
          expect(summary(result.after)).toEqual(e.after)
          expect(result.newPrincipal).toBe(e.newPrincipal)
          expect(result.capitalised).toEqual(e.capitalised)
          expect(result.waivedPenalty).toBe(e.waivedPenalty)
          expect(result.keptInterest).toBe(e.keptInterest)
          expect(result.after.restructuredOn).toBe(e.restructuredOn)
          expect(result.newInstallments.map(({ fee: _fee, ...rest }) => rest)).toEqual(e.newInstallments)
          break
        }
        case 'WAIVER': {
          const plan = planWaiver({ ...loan, waiver: vector.waiver })
          expect(summary(plan.before)).toEqual(vector.expect.before)
          expect(summary(plan.after)).toEqual(vector.expect.after)
          expect(plan.lines).toEqual(vector.expect.lines)
          break
        }
        case 'PAYOFF': {
          const quote = payoffQuote(loan, vector.date)
          const e = vector.expect
          expect({
            amount: quote.amount,
            principal: quote.principal,
            interest: quote.interest,
            penalty: quote.penalty,
          }).toEqual({
            amount: e.amount,
            principal: e.principal,
            interest: e.interest,
            penalty: e.penalty,
          })
          expect(quote.lines).toEqual(e.lines)
          expect(topUpSplit({ principal: vector.topUpPrincipal, payoff: quote.amount }).cashToMember).toBe(
            e.cashToMember,
          )
          const closed = loanPosition({
            ...loan,
            events: [
              ...(loan.events ?? []),
              { type: 'REPAYMENT', id: 'payoff', date: vector.date, amount: quote.amount },
            ],
            asOf: vector.date,
          })
          expect(closed.status).toBe('COMPLETED')
          break
        }
      }
    })
  }
})
