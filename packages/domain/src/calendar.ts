import { DomainError, describeValue, fieldLabel } from './errors.js'

/**
 * Calendar dates as 'YYYY-MM-DD' strings. Due dates have no time of day, so they never go through a JS
 * Date (whose local-time parsing moves a date by a day across time zones); arithmetic is on a day number
 * (days since 1970-01-01) with the proleptic Gregorian civil-date conversion.
 */
export type IsoDate = string

export type TermUnit = 'DAY' | 'WEEK' | 'MONTH'

export const TERM_UNITS: readonly TermUnit[] = ['DAY', 'WEEK', 'MONTH']

export const DEFAULT_TIME_ZONE = 'Africa/Lagos'

type CivilDate = { year: number; month: number; day: number }

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

export function daysInMonth(year: number, month: number): number {
  switch (month) {
    case 2:
      return isLeapYear(year) ? 29 : 28
    case 4:
    case 6:
    case 9:
    case 11:
      return 30
    default:
      return 31
  }
}

function parseCivil(text: unknown, field: string): CivilDate {
  const match = typeof text === 'string' ? ISO_DATE.exec(text) : null
  const year = Number(match?.[1])
  const month = Number(match?.[2])
  const day = Number(match?.[3])
  if (match === null || year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new DomainError({
      code: 'INVALID_DATE',
      message: `${fieldLabel(field)} must be a real calendar date written YYYY-MM-DD (got ${describeValue(text)}).`,
      details: { field },
    })
  }
  return { year, month, day }
}

/** Throws INVALID_DATE unless `text` is an existing date 'YYYY-MM-DD' (0001-01-01 … 9999-12-31). */
export function assertIsoDate(text: unknown, field = 'date'): asserts text is IsoDate {
  parseCivil(text, field)
}

export function isIsoDate(text: unknown): text is IsoDate {
  try {
    parseCivil(text, 'date')
    return true
  } catch {
    return false
  }
}

// Days from civil date and back: H. Hinnant's public-domain algorithms ("chrono-compatible low-level
// date algorithms"), written here for integer JS numbers.
function civilToDays({ year, month, day }: CivilDate): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const mp = (month + 9) % 12
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

function daysToCivil(days: number): CivilDate {
  const z = days + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  )
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day }
}

function formatCivil({ year, month, day }: CivilDate): IsoDate {
  if (year < 1 || year > 9999) {
    throw new DomainError({
      code: 'INVALID_DATE',
      message: `The date falls outside the years 0001–9999.`,
      details: { field: 'date', limit: '9999-12-31' },
    })
  }
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/** Day number (days since 1970-01-01) of a date; validates it. */
export function toDayNumber(date: IsoDate, field = 'date'): number {
  return civilToDays(parseCivil(date, field))
}

export function fromDayNumber(days: number): IsoDate {
  return formatCivil(daysToCivil(days))
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days)
}

export function addWeeks(date: IsoDate, weeks: number): IsoDate {
  return addDays(date, weeks * 7)
}

/**
 * Calendar months with month-end clamping, counted from the given date each time (docs/product.md §3: 31 Jan + 1 month
 * = 28/29 Feb, + 2 months = 31 Mar, not 28 Mar). Callers that step a schedule pass k from the start date.
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const { year, month, day } = parseCivil(date, 'date')
  const index = year * 12 + (month - 1) + months
  const newYear = Math.floor(index / 12)
  const newMonth = index - newYear * 12 + 1
  return formatCivil({ year: newYear, month: newMonth, day: Math.min(day, daysInMonth(newYear, newMonth)) })
}

/** The date `count` periods after `start`, always counted from `start` (never from the previous date). */
export function addPeriods(start: IsoDate, unit: TermUnit, count: number): IsoDate {
  switch (unit) {
    case 'DAY':
      return addDays(start, count)
    case 'WEEK':
      return addWeeks(start, count)
    case 'MONTH':
      return addMonths(start, count)
  }
}

/** Signed number of days from `from` to `to` (2025-01-13 → 2025-01-23 is 10). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to, 'to') - toDayNumber(from, 'from')
}

/** ISO dates compare correctly as strings once validated; this returns -1, 0 or 1. */
export function compareDates(a: IsoDate, b: IsoDate): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Weekday, 1 = Monday … 7 = Sunday (ISO 8601). */
export function isoWeekday(date: IsoDate): number {
  const days = toDayNumber(date)
  // 1970-01-01 was a Thursday (4).
  return ((((days + 3) % 7) + 7) % 7) + 1
}

// Building an Intl.DateTimeFormat costs far more than using one; every request asks for "today".
const dayFormats = new Map<string, Intl.DateTimeFormat>()

/**
 * Today's date in a time zone (company setting, default Africa/Lagos): what "today" and "overdue" mean
 * is decided by the office's calendar, not by the server's or the browser's clock zone (docs/product.md §2).
 */
export function todayIn(timeZone: string = DEFAULT_TIME_ZONE, now: Date = new Date()): IsoDate {
  let format = dayFormats.get(timeZone)
  try {
    if (format === undefined) {
      format = new Intl.DateTimeFormat('en-CA', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      })
      if (dayFormats.size < 64) dayFormats.set(timeZone, format)
    }
  } catch {
    throw new DomainError({
      code: 'INVALID_TIMEZONE',
      message: `Time zone ${describeValue(timeZone)} is not a known IANA time zone such as "Africa/Lagos".`,
      details: { field: 'timeZone' },
    })
  }
  const parts = format.formatToParts(now)
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? ''
  return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`
}

/**
 * Due dates of installments 1…count, each `k` periods after `start` (counted from the start, so month-end
 * clamping never accumulates: 31 Jan → 28 Feb → 31 Mar → 30 Apr).
 */
export function dueDates(start: IsoDate, unit: TermUnit, count: number): IsoDate[] {
  const civil = parseCivil(start, 'startDate')
  const dates: IsoDate[] = []
  if (unit === 'MONTH') {
    const base = civil.year * 12 + (civil.month - 1)
    for (let k = 1; k <= count; k += 1) {
      const year = Math.floor((base + k) / 12)
      const month = base + k - year * 12 + 1
      dates.push(formatCivil({ year, month, day: Math.min(civil.day, daysInMonth(year, month)) }))
    }
    return dates
  }
  const step = unit === 'WEEK' ? 7 : 1
  const startDay = civilToDays(civil)
  for (let k = 1; k <= count; k += 1) dates.push(formatCivil(daysToCivil(startDay + k * step)))
  return dates
}
