import type { IsoDate } from './calendar.js'
import { fromDayNumber, toDayNumber } from './calendar.js'
import { DomainError, describeValue } from './errors.js'

/**
 * The company calendar of non-working days (docs/lending.md "Working days and holidays"): weekdays that are
 * never worked (ISO 1 = Monday … 7 = Sunday) and holidays, either on a given date (Easter, the Eids and
 * the substitute days the Federal Government declares are entered by admins each year) or on the same
 * month and day every year.
 */
export type WorkingCalendar = {
  /** ISO weekdays that are not working days; `[6, 7]` is Saturday and Sunday. May be empty, never all 7. */
  weekendDays: readonly number[]
  /** Holidays on one date, 'YYYY-MM-DD'. */
  holidays?: readonly IsoDate[]
  /** Holidays on the same date every year (1 January, 25 December …). */
  annualHolidays?: readonly AnnualHoliday[]
}

export type AnnualHoliday = { month: number; day: number; name?: string }

/** Month names in English, January first: how a holiday every year is named ("25 December"). */
export const MONTH_NAMES: readonly string[] = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]

/**
 * Where a due date on a non-working day goes (a loan-product setting): `'next'` working day, or
 * `'previous'` working day unless that is on or before the previous installment's due date (or the
 * disbursement date), in which case it goes to the next working day instead.
 */
export type NonWorkingDayRule = 'next' | 'previous'

export const NON_WORKING_DAY_RULES: readonly NonWorkingDayRule[] = ['next', 'previous']

export const DEFAULT_WEEKEND_DAYS: readonly number[] = [6, 7]

/**
 * Nigeria's fixed-date public holidays, offered to admins as defaults: Public Holidays Act, Cap P40, Laws
 * of the Federation of Nigeria 2004, Schedule, as amended in 2019 to make 12 June Democracy Day (in place
 * of 29 May). The movable ones (Good Friday, Easter Monday, Eid-el-Fitr, Eid-el-Kabir, Eid-el-Maulud) and
 * any substitute day declared when a holiday falls on a weekend change every year and are entered by date.
 */
export const NIGERIAN_FIXED_HOLIDAYS: readonly Required<AnnualHoliday>[] = [
  { month: 1, day: 1, name: "New Year's Day" },
  { month: 5, day: 1, name: "Workers' Day" },
  { month: 6, day: 12, name: 'Democracy Day' },
  { month: 10, day: 1, name: 'Independence Day' },
  { month: 12, day: 25, name: 'Christmas Day' },
  { month: 12, day: 26, name: 'Boxing Day' },
]

/** The fixed-date Nigerian public holidays of one year, as dated entries an admin can accept or edit. */
export function nigerianFixedHolidays(year: number): { date: IsoDate; name: string }[] {
  if (!Number.isInteger(year) || year < 1 || year > 9999) {
    throw new DomainError({
      code: 'INVALID_DATE',
      message: `Year must be a whole number from 1 to 9999 (got ${describeValue(year)}).`,
      details: { field: 'year' },
    })
  }
  const y = String(year).padStart(4, '0')
  return NIGERIAN_FIXED_HOLIDAYS.map((h) => ({
    date: `${y}-${String(h.month).padStart(2, '0')}-${String(h.day).padStart(2, '0')}`,
    name: h.name,
  }))
}

/** A calendar checked once and held as lookups, for functions that test many days. */
export type ResolvedCalendar = {
  isWorking(day: number): boolean
}

/** Ten years without a working day means the calendar is wrong; searching stops there. */
const MAX_SEARCH_DAYS = 3660

function invalidCalendar(field: string, message: string): DomainError {
  return new DomainError({ code: 'INVALID_OPTION', message, details: { field } })
}

export function resolveCalendar(calendar: WorkingCalendar): ResolvedCalendar {
  const weekendDays: unknown = calendar.weekendDays
  if (!Array.isArray(weekendDays)) {
    throw invalidCalendar(
      'calendar.weekendDays',
      `Weekend days must be a list of ISO weekdays 1 (Monday) to 7 (Sunday) (got ${describeValue(weekendDays)}).`,
    )
  }
  const weekend = new Set<number>()
  for (const day of weekendDays as unknown[]) {
    if (typeof day !== 'number' || !Number.isInteger(day) || day < 1 || day > 7) {
      throw invalidCalendar(
        'calendar.weekendDays',
        `Weekend days must be ISO weekdays 1 (Monday) to 7 (Sunday) (got ${describeValue(day)}).`,
      )
    }
    weekend.add(day)
  }
  if (weekend.size === 7) {
    throw invalidCalendar('calendar.weekendDays', 'At least one day of the week must be a working day.')
  }
  const holidays = new Set<number>()
  ;(calendar.holidays ?? []).forEach((date, index) => {
    holidays.add(toDayNumber(date, `calendar.holidays[${index}]`))
  })
  const annual = new Set<number>()
  ;(calendar.annualHolidays ?? []).forEach((holiday, index) => {
    const { month, day } = holiday
    // 29 February is allowed (a holiday in leap years only); 30 February never exists.
    const lastDay = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    if (
      !Number.isInteger(month) ||
      lastDay === undefined ||
      !Number.isInteger(day) ||
      day < 1 ||
      day > lastDay
    ) {
      throw invalidCalendar(
        `calendar.annualHolidays[${index}]`,
        `An annual holiday needs a month 1–12 and a day that exists in that month (got month ${describeValue(month)}, day ${describeValue(day)}).`,
      )
    }
    annual.add(month * 100 + day)
  })
  return {
    isWorking(day: number): boolean {
      // 1970-01-01 (day 0) was a Thursday (ISO 4).
      if (weekend.has(((((day + 3) % 7) + 7) % 7) + 1)) return false
      if (holidays.has(day)) return false
      if (annual.size === 0) return true
      const date = fromDayNumber(day)
      return !annual.has(Number(date.slice(5, 7)) * 100 + Number(date.slice(8, 10)))
    },
  }
}

/** True unless the date is a weekend day or a holiday of the calendar. */
export function isWorkingDay(date: IsoDate, calendar: WorkingCalendar): boolean {
  return resolveCalendar(calendar).isWorking(toDayNumber(date))
}

function noWorkingDay(from: number): DomainError {
  return invalidCalendar(
    'calendar',
    `The calendar has no working day within ${MAX_SEARCH_DAYS} days of ${fromDayNumber(from)}: check the holidays.`,
  )
}

/** First working day on or after `day` (day numbers). */
function forward(day: number, calendar: ResolvedCalendar): number {
  for (let d = day; d < day + MAX_SEARCH_DAYS; d += 1) if (calendar.isWorking(d)) return d
  throw noWorkingDay(day)
}

/** Last working day on or before `day`, or null when there is none after `floor` (exclusive). */
function backward(day: number, floor: number | null, calendar: ResolvedCalendar): number | null {
  const stop = floor ?? day - MAX_SEARCH_DAYS
  for (let d = day; d > stop; d -= 1) if (calendar.isWorking(d)) return d
  return null
}

/** `adjustDueDate` on day numbers with a resolved calendar (schedules adjust many dates). */
export function adjustDay(
  day: number,
  calendar: ResolvedCalendar,
  rule: NonWorkingDayRule,
  after: number | null,
): number {
  const earliest = after === null ? day : Math.max(day, after + 1)
  if (rule === 'previous' && earliest === day) {
    const previous = backward(day, after, calendar)
    if (previous !== null) return previous
  }
  return forward(earliest, calendar)
}

export function checkNonWorkingDayRule(rule: unknown, field = 'nonWorkingDayRule'): NonWorkingDayRule {
  if (rule === 'next' || rule === 'previous') return rule
  throw new DomainError({
    code: 'INVALID_OPTION',
    message: `The non-working-day rule must be "next" or "previous" (got ${describeValue(rule)}).`,
    details: { field },
  })
}

/**
 * The due date a scheduled date really falls on. A working day stays. Otherwise `'next'` moves it to the
 * next working day; `'previous'` to the previous working day, but never to or before `options.after`
 * (the previous installment's due date, or the disbursement date for the first one): when the previous
 * working day is not after it, the date moves to the next working day instead. A date already on or before
 * `after` (two installments squeezed together by earlier moves) moves to the first working day after it,
 * so due dates always increase strictly and two installments never share a day (Fineract's
 * "repayment shown twice on Monday", community-app #686).
 */
export function adjustDueDate(
  date: IsoDate,
  calendar: WorkingCalendar,
  rule: NonWorkingDayRule,
  options: { after?: IsoDate } = {},
): IsoDate {
  const day = toDayNumber(date)
  const after = options.after === undefined ? null : toDayNumber(options.after, 'after')
  return fromDayNumber(adjustDay(day, resolveCalendar(calendar), checkNonWorkingDayRule(rule), after))
}

export type DueDateMove = { sequence: number; from: IsoDate; to: IsoDate }

/**
 * Adjusts a schedule's due dates in order (installment k is `sequence` k), each one after the previous
 * adjusted date and after `after` (the disbursement date). Returns the dates and the ones that moved.
 */
export function adjustDueDates(
  dates: readonly IsoDate[],
  calendar: WorkingCalendar,
  rule: NonWorkingDayRule,
  options: { after?: IsoDate } = {},
): { dates: IsoDate[]; moves: DueDateMove[] } {
  const resolved = resolveCalendar(calendar)
  const checkedRule = checkNonWorkingDayRule(rule)
  let previous = options.after === undefined ? null : toDayNumber(options.after, 'after')
  const adjusted: IsoDate[] = []
  const moves: DueDateMove[] = []
  dates.forEach((date, index) => {
    const day = toDayNumber(date, `dueDates[${index}]`)
    const moved = adjustDay(day, resolved, checkedRule, previous)
    const to = fromDayNumber(moved)
    adjusted.push(to)
    if (moved !== day) moves.push({ sequence: index + 1, from: date, to })
    previous = moved
  })
  return { dates: adjusted, moves }
}
