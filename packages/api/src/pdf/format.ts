// Date and label formatting for the printable documents. The date tokens mirror apps/web's
// lib/format.ts (DD, D, MM, M, MMM, YYYY, YY) so a date reads the same on screen and on paper.

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
// Longest token first at each position, so 'MMM' is not read as 'MM' + 'M'.
const FORMAT_TOKENS = /YYYY|YY|MMM|MM|M|DD|D/g

type CalendarDay = { year: number; month: number; day: number }

/**
 * A calendar date ('YYYY-MM-DD', as the services hand them over) in the company date format, e.g.
 * '2026-03-07' with 'DD/MM/YYYY' → '07/03/2026', with 'D MMM YYYY' → '7 Mar 2026'. Calendar dates
 * are never shifted by a timezone: a due date is the same day everywhere.
 */
export function formatDay(isoDate: string, dateFormat: string): string {
  return applyFormat(parseIsoDate(isoDate), dateFormat)
}

/**
 * An instant as date and 24-hour time in the given IANA zone: '07/03/2026 14:05'. The date part uses
 * the company format; the day itself is read in the zone, so 23:30 UTC is already the next day in Lagos.
 */
export function formatInstant(value: Date, dateFormat: string, timeZone: string): string {
  if (Number.isNaN(value.getTime())) throw new RangeError('Cannot format an invalid date')
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(value)
  const read = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((part) => part.type === type)?.value ?? ''
  const day = { year: Number(read('year')), month: Number(read('month')), day: Number(read('day')) }
  return `${applyFormat(day, dateFormat)} ${read('hour').padStart(2, '0')}:${read('minute').padStart(2, '0')}`
}

/**
 * Enum-like values from the database ('BANK_TRANSFER', 'PAST_DUE') as words a member reads
 * ('Bank transfer', 'Past due'). Anything that is not SHOUTING_SNAKE_CASE is assumed to be prose
 * already and is left alone.
 */
export function humanize(value: string): string {
  if (!/^[A-Z][A-Z0-9_]*$/.test(value)) return value
  const words = value
    .split(/_+/)
    .filter((word) => word !== '')
    .map((word) => (ACRONYMS.has(word) ? word : word.toLowerCase()))
    .join(' ')
  return words.charAt(0).toUpperCase() + words.slice(1)
}

// Words that stay in capitals (repayment methods 'POS' and 'USSD' are read as letters, not words).
const ACRONYMS = new Set(['POS', 'USSD', 'ATM', 'SMS', 'ID'])

/** '12 weeks', '1 month': the loan term as printed on a statement. */
export function formatTerm(count: number, unit: 'DAY' | 'WEEK' | 'MONTH'): string {
  const word = unit === 'DAY' ? 'day' : unit === 'WEEK' ? 'week' : 'month'
  return `${count} ${word}${count === 1 ? '' : 's'}`
}

function parseIsoDate(value: string): CalendarDay {
  const match = ISO_DATE.exec(value)
  const year = Number(match?.[1])
  const month = Number(match?.[2])
  const day = Number(match?.[3])
  // Round-trip through UTC to reject impossible days such as 2026-02-30 rather than print them.
  const check = new Date(Date.UTC(year, month - 1, day))
  if (
    match === null ||
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day
  ) {
    throw new RangeError(`Expected a date like 2026-01-31, got "${value}"`)
  }
  return { year, month, day }
}

function applyFormat({ year, month, day }: CalendarDay, dateFormat: string): string {
  return dateFormat.replace(FORMAT_TOKENS, (token) => {
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
  })
}
