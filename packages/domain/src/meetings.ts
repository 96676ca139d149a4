import type { IsoDate, TermUnit } from './calendar.js'
import { assertIsoDate, daysInMonth, fromDayNumber, isoWeekday, toDayNumber } from './calendar.js'
import { DomainError, describeValue } from './errors.js'
import type { NonWorkingDayRule, WorkingCalendar } from './working-days.js'
import { adjustDay, checkNonWorkingDayRule, resolveCalendar } from './working-days.js'

/**
 * When a union meets (docs/lending.md "Union meetings"): every week on a weekday, every two weeks on a
 * weekday counted from one known meeting (the anchor), or monthly on the Nth weekday (1st–4th or last) or
 * on a date (1–28 or the last day; 29–31 do not exist in every month). Weekdays are ISO, 1 = Monday.
 */
export type MeetingRule =
  | { frequency: 'WEEKLY'; weekday: number }
  | { frequency: 'BIWEEKLY'; weekday: number; anchorDate: IsoDate }
  | { frequency: 'MONTHLY_WEEKDAY'; weekday: number; week: 1 | 2 | 3 | 4 | 'LAST' }
  | { frequency: 'MONTHLY_DATE'; dayOfMonth: number | 'LAST' }

export type MeetingFrequency = MeetingRule['frequency']

export const MEETING_FREQUENCIES: readonly MeetingFrequency[] = [
  'WEEKLY',
  'BIWEEKLY',
  'MONTHLY_WEEKDAY',
  'MONTHLY_DATE',
]

const WEEKDAY_NAMES = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']

/** More meetings than any schedule needs; a bound so a bad request cannot loop for long. */
export const MAX_MEETINGS = 1200

function invalidMeeting(field: string, message: string): DomainError {
  return new DomainError({ code: 'INVALID_OPTION', message, details: { field } })
}

function checkWeekday(weekday: unknown): number {
  if (typeof weekday !== 'number' || !Number.isInteger(weekday) || weekday < 1 || weekday > 7) {
    throw invalidMeeting(
      'meeting.weekday',
      `The meeting weekday must be 1 (Monday) to 7 (Sunday) (got ${describeValue(weekday)}).`,
    )
  }
  return weekday
}

/** Validates a meeting rule; throws INVALID_OPTION naming the field. */
export function checkMeetingRule(rule: MeetingRule): MeetingRule {
  const frequency: unknown = rule.frequency
  switch (rule.frequency) {
    case 'WEEKLY':
      checkWeekday(rule.weekday)
      return rule
    case 'BIWEEKLY':
      checkWeekday(rule.weekday)
      assertIsoDate(rule.anchorDate, 'meeting.anchorDate')
      if (isoWeekday(rule.anchorDate) !== rule.weekday) {
        throw invalidMeeting(
          'meeting.anchorDate',
          `The anchor date ${rule.anchorDate} is a ${WEEKDAY_NAMES[isoWeekday(rule.anchorDate)]}, not a ${WEEKDAY_NAMES[rule.weekday]}: it must be one of the meetings.`,
        )
      }
      return rule
    case 'MONTHLY_WEEKDAY': {
      checkWeekday(rule.weekday)
      const week: unknown = rule.week
      if (week !== 'LAST' && week !== 1 && week !== 2 && week !== 3 && week !== 4) {
        throw invalidMeeting(
          'meeting.week',
          `The week of the month must be 1, 2, 3, 4 or LAST (got ${describeValue(week)}).`,
        )
      }
      return rule
    }
    case 'MONTHLY_DATE': {
      const day: unknown = rule.dayOfMonth
      if (day !== 'LAST' && (typeof day !== 'number' || !Number.isInteger(day) || day < 1 || day > 28)) {
        throw invalidMeeting(
          'meeting.dayOfMonth',
          `The meeting day of the month must be 1 to 28 or LAST (got ${describeValue(day)}); 29–31 do not exist in every month.`,
        )
      }
      return rule
    }
    default:
      throw invalidMeeting(
        'meeting.frequency',
        `The meeting frequency must be one of ${MEETING_FREQUENCIES.join(', ')} (got ${describeValue(frequency)}).`,
      )
  }
}

/** The monthly meeting of a month (year, month 1–12), as a day number. */
function monthlyMeeting(
  rule: Extract<MeetingRule, { frequency: 'MONTHLY_WEEKDAY' | 'MONTHLY_DATE' }>,
  year: number,
  month: number,
): number {
  const first = toDayNumber(`${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`)
  const length = daysInMonth(year, month)
  if (rule.frequency === 'MONTHLY_DATE') {
    return first + (rule.dayOfMonth === 'LAST' ? length : rule.dayOfMonth) - 1
  }
  if (rule.week === 'LAST') {
    const last = first + length - 1
    return last - ((isoWeekday(fromDayNumber(last)) - rule.weekday + 7) % 7)
  }
  return first + ((rule.weekday - isoWeekday(fromDayNumber(first)) + 7) % 7) + 7 * (rule.week - 1)
}

/** Meeting days (day numbers) on or after `from`, `count` of them, by the rule (checked). */
function meetingDays(rule: MeetingRule, from: number, count: number): number[] {
  const days: number[] = []
  switch (rule.frequency) {
    case 'WEEKLY': {
      const first = from + ((rule.weekday - isoWeekday(fromDayNumber(from)) + 7) % 7)
      for (let k = 0; k < count; k += 1) days.push(first + 7 * k)
      return days
    }
    case 'BIWEEKLY': {
      const anchor = toDayNumber(rule.anchorDate)
      const first = anchor + 14 * Math.ceil((from - anchor) / 14)
      for (let k = 0; k < count; k += 1) days.push(first + 14 * k)
      return days
    }
    case 'MONTHLY_WEEKDAY':
    case 'MONTHLY_DATE': {
      const date = fromDayNumber(from)
      let index = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1
      while (days.length < count) {
        const year = Math.floor(index / 12)
        const day = monthlyMeeting(rule, year, index - year * 12 + 1)
        if (day >= from) days.push(day)
        index += 1
      }
      return days
    }
  }
}

function checkCount(count: unknown, field: string): number {
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > MAX_MEETINGS) {
    throw invalidMeeting(
      field,
      `${field} must be a whole number from 0 to ${MAX_MEETINGS} (got ${describeValue(count)}).`,
    )
  }
  return count
}

/** The first `count` meeting dates on or after `from` (as the rule says; not moved for holidays). */
export function meetingDates(rule: MeetingRule, from: IsoDate, count: number): IsoDate[] {
  checkMeetingRule(rule)
  return meetingDays(rule, toDayNumber(from, 'from'), checkCount(count, 'count')).map(fromDayNumber)
}

/**
 * The union's next meeting on or after `date`: what the collection sheet and the due list open on. With a
 * calendar, a meeting on a non-working day is moved by the rule (default 'next') exactly as an
 * installment due that day is, so the sheet opens on the day the installments are really due.
 */
export function nextMeeting(
  rule: MeetingRule,
  date: IsoDate,
  options: { calendar?: WorkingCalendar; nonWorkingDayRule?: NonWorkingDayRule } = {},
): IsoDate {
  checkMeetingRule(rule)
  const from = toDayNumber(date, 'date')
  const [day] = meetingDays(rule, from, 1)
  if (day === undefined || options.calendar === undefined) return fromDayNumber(day ?? from)
  const calendar = resolveCalendar(options.calendar)
  const dayRule = checkNonWorkingDayRule(options.nonWorkingDayRule ?? 'next')
  // A meeting moved back before `date` has already happened: take the following one.
  const moved = adjustDay(day, calendar, dayRule, from - 1)
  return fromDayNumber(moved)
}

/** How many meetings apart a loan's installments fall, or null when the loan cannot follow the meetings. */
function meetingStep(rule: MeetingRule, termUnit: TermUnit, every: number): number | null {
  switch (rule.frequency) {
    case 'WEEKLY':
      return termUnit === 'WEEK' ? every : null
    case 'BIWEEKLY':
      return termUnit === 'WEEK' && every % 2 === 0 ? every / 2 : null
    case 'MONTHLY_WEEKDAY':
    case 'MONTHLY_DATE':
      return termUnit === 'MONTH' ? every : null
  }
}

const FREQUENCY_WORDS: Record<MeetingFrequency, string> = {
  WEEKLY: 'every week (WEEKLY)',
  BIWEEKLY: 'every two weeks (BIWEEKLY)',
  MONTHLY_WEEKDAY: 'monthly on a weekday (MONTHLY_WEEKDAY)',
  MONTHLY_DATE: 'monthly on a date (MONTHLY_DATE)',
}

export type MeetingScheduleInput = {
  meeting: MeetingRule
  disbursementDate: IsoDate
  /** Product setting: the first installment falls on the first meeting at least this many days after disbursement (0–365). */
  minGapDays: number
  termUnit: TermUnit
  /** Installments every `repaymentEvery` term units (default 1): 2 with WEEK is fortnightly. */
  repaymentEvery?: number
  termCount: number
}

/**
 * Due dates that follow the union's meetings ("follow meetings" loans): the first installment on the
 * first meeting at least `minGapDays` days after disbursement (and never on the disbursement day), then
 * one every meeting, or every Nth meeting when the loan is repaid less often than the union meets
 * (Fineract `syncRepaymentsWithMeeting`). A weekly loan follows weekly meetings; a fortnightly loan
 * (WEEK, every 2) follows weekly meetings (every second one) or fortnightly ones; a monthly loan follows
 * monthly meetings. Any other pair is refused (INVALID_OPTION naming both): a weekly loan in a union that
 * meets every two weeks would fall due between meetings. The dates are the meeting dates; pass them to
 * `buildSchedule` as `dueDates` with the company calendar to move the ones on non-working days.
 */
export function meetingDueDates(input: MeetingScheduleInput): IsoDate[] {
  const rule = checkMeetingRule(input.meeting)
  const disbursed = toDayNumber(input.disbursementDate, 'disbursementDate')
  const gap: unknown = input.minGapDays
  if (typeof gap !== 'number' || !Number.isInteger(gap) || gap < 0 || gap > 365) {
    throw invalidMeeting(
      'minGapDays',
      `The minimum gap before the first installment must be 0 to 365 days (got ${describeValue(gap)}).`,
    )
  }
  const every: unknown = input.repaymentEvery ?? 1
  if (typeof every !== 'number' || !Number.isInteger(every) || every < 1 || every > 12) {
    throw invalidMeeting(
      'repaymentEvery',
      `Repayment every must be a whole number of periods from 1 to 12 (got ${describeValue(every)}).`,
    )
  }
  const count = checkCount(input.termCount, 'termCount')
  if (count < 1) throw invalidMeeting('termCount', 'A schedule needs at least one installment.')
  const step = meetingStep(rule, input.termUnit, every)
  if (step === null) {
    const loan =
      input.termUnit === 'DAY'
        ? 'A daily loan (DAY)'
        : `A loan repaid every ${every === 1 ? '' : `${every} `}${input.termUnit === 'WEEK' ? 'week' : 'month'}${every === 1 ? '' : 's'} (${input.termUnit}${every === 1 ? '' : ` every ${every}`})`
    throw new DomainError({
      code: 'INVALID_OPTION',
      message: `${loan} cannot follow a union that meets ${FREQUENCY_WORDS[rule.frequency]}: its installments would fall between meetings. Choose a matching repayment frequency or do not follow the meetings.`,
      details: {
        field: 'termUnit',
        termUnit: input.termUnit,
        repaymentEvery: every,
        meetingFrequency: rule.frequency,
      },
    })
  }
  const days = meetingDays(rule, Math.max(disbursed + gap, disbursed + 1), 1 + (count - 1) * step)
  const dates: IsoDate[] = []
  for (let k = 0; k < count; k += 1) dates.push(fromDayNumber(days[k * step] ?? disbursed))
  return dates
}
