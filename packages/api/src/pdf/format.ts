// Date and label formatting for the printable documents. Dates come from @mp/domain's formatters, the
// same the web app uses, so a date reads the same on screen and on paper.

import { formatDate, formatDateTime } from '@mp/domain'

/**
 * A calendar date ('YYYY-MM-DD', as the services hand them over) in the company date format, e.g.
 * '2026-03-07' with 'DD/MM/YYYY' → '07/03/2026', with 'D MMM YYYY' → '7 Mar 2026'. Never shifted by a
 * timezone: a due date is the same day everywhere.
 */
export function formatDay(isoDate: string, dateFormat: string): string {
  return formatDate(isoDate, { dateFormat })
}

/** An instant as date and 24-hour time in the given IANA zone: '07/03/2026 14:05'. */
export function formatInstant(value: Date, dateFormat: string, timeZone: string): string {
  return formatDateTime(value, { dateFormat, timeZone })
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
