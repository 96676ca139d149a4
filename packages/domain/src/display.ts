import { DEFAULT_TIME_ZONE } from './calendar.js'

// Dates for people: the company date format (docs/product.md §10), shared by the web app and the server's PDFs so a
// date reads the same on screen and on paper. Calendar dates ('YYYY-MM-DD') are never shifted by a
// timezone; instants are read in the company timezone.

export const DEFAULT_DATE_FORMAT = 'DD/MM/YYYY'

export type DateFormatOptions = {
  /** Company date format from settings, built from DD, D, MM, M, MMM, YYYY and YY. */
  dateFormat?: string | undefined
  /** IANA zone used to turn an instant into a calendar day; the company timezone from settings. */
  timeZone?: string | undefined
}

type CalendarDay = { year: number; month: number; day: number }

const MONTH_ABBREVIATIONS = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
]
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const FORMAT_TOKENS = /YYYY|YY|MMM|MM|M|DD|D/g

/**
 * Formats a calendar date (`'YYYY-MM-DD'`, as due dates arrive) or an instant (`Date`, as timestamps
 * arrive) in the company date format. Calendar dates are never shifted by a timezone; instants are read
 * in the company timezone, so 23:30 UTC is already the next day in Lagos.
 */
export function formatDate(value: Date | string, options: DateFormatOptions = {}): string {
  const day =
    typeof value === 'string' ? parseIsoDate(value) : dayInZone(value, options.timeZone ?? DEFAULT_TIME_ZONE)
  return (options.dateFormat ?? DEFAULT_DATE_FORMAT).replace(FORMAT_TOKENS, (token) =>
    formatToken(token, day),
  )
}

function parseIsoDate(value: string): CalendarDay {
  const match = ISO_DATE.exec(value)
  const [year, month, day] = [Number(match?.[1]), Number(match?.[2]), Number(match?.[3])]
  // Round-trip through UTC to reject impossible days such as 2026-02-30.
  const check = new Date(Date.UTC(year, month - 1, day))
  if (
    !match ||
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day
  ) {
    throw new RangeError(`Expected a date like 2026-01-31, got "${value}"`)
  }
  return { year, month, day }
}

function dayInZone(value: Date, timeZone: string): CalendarDay {
  if (Number.isNaN(value.getTime())) throw new RangeError('Cannot format an invalid date')
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  }).formatToParts(value)
  const read = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((part) => part.type === type)?.value)
  return { year: read('year'), month: read('month'), day: read('day') }
}

function formatToken(token: string, { year, month, day }: CalendarDay): string {
  switch (token) {
    case 'YYYY':
      return String(year).padStart(4, '0')
    case 'YY':
      return String(year % 100).padStart(2, '0')
    case 'MMM':
      return MONTH_ABBREVIATIONS[month - 1] ?? String(month)
    case 'MM':
      return String(month).padStart(2, '0')
    case 'M':
      return String(month)
    case 'DD':
      return String(day).padStart(2, '0')
    case 'D':
      return String(day)
    default:
      return token
  }
}

/**
 * An instant as date and 24-hour time in the company timezone: `31/12/2025 23:30`. For timestamps
 * such as sign-ins and audit entries; calendar dates use {@link formatDate}.
 */
export function formatDateTime(value: Date, options: DateFormatOptions = {}): string {
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE
  const date = formatDate(value, { ...options, timeZone })
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(value)
  const read = (type: Intl.DateTimeFormatPartTypes) => parts.find((part) => part.type === type)?.value ?? '00'
  return `${date} ${read('hour')}:${read('minute')}`
}
