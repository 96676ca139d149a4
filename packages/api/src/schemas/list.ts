import { z } from 'zod'

/** List inputs every paginated, searchable list shares: pages, cursors and day ranges. */

const DEFAULT_PAGE_SIZE = 20
export const MAX_PAGE_SIZE = 100

export const ZPage = z
  .number({ error: 'Page must be a number' })
  .int({ error: 'Page must be a whole number' })
  .min(1, { error: 'Page must be at least 1' })
  .default(1)

export const ZPageSize = z
  .number({ error: 'Page size must be a number' })
  .int({ error: 'Page size must be a whole number' })
  .min(1, { error: 'Page size must be at least 1' })
  .max(MAX_PAGE_SIZE, { error: `Page size must be at most ${MAX_PAGE_SIZE}` })
  .default(DEFAULT_PAGE_SIZE)

/** 'YYYY-MM-DD' (a real calendar date). */
export function zDay(label: string) {
  // Year 0000 passes the ISO check but PostgreSQL has no year 0 (1 BC comes before 1 AD): a 500 otherwise.
  return z.iso
    .date({ error: `${label} must be a date in YYYY-MM-DD format` })
    .refine((day) => !day.startsWith('0000'), { error: `${label} must be in year 0001 or later` })
}

/** The earliest day a report or list filter accepts: the business has no records before it. */
const EARLIEST_DAY = '2000-01-01'
/** The longest report period: five years, inclusive (a wider one is a mistake or a way to load the server). */
const MAX_PERIOD_DAYS = 1827

/** Today plus one year ('YYYY-MM-DD', UTC): far enough for any planned date, close enough to catch typos. */
function latestDay(now: Date = new Date()): string {
  const latest = new Date(now)
  latest.setUTCFullYear(latest.getUTCFullYear() + 1)
  return latest.toISOString().slice(0, 10)
}

/** A day in a report period or a list filter: between 2000-01-01 and a year from today. */
export function zBoundedDay(label: string) {
  return zDay(label)
    .refine((day) => day >= EARLIEST_DAY, { error: `${label} must be on or after ${EARLIEST_DAY}` })
    .refine((day) => day <= latestDay(), {
      error: `${label} must be at most one year from today`,
    })
}

/** From/to days, inclusive; `to` may not come before `from`. */
export function zDayRange() {
  return {
    from: zBoundedDay('From date').optional(),
    to: zBoundedDay('To date').optional(),
  }
}

/** Days from `from` to `to`, both included (whole calendar days, so no timezone enters). */
function daysInclusive(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1
}

/** A missing `to` means today (as the reports read it), so `from` alone cannot open a 25-year period. */
export function isPeriodWithinLimit(input: { from?: string | undefined; to?: string | undefined }): boolean {
  if (input.from === undefined) return true
  const to = input.to ?? new Date().toISOString().slice(0, 10)
  return daysInclusive(input.from, to) <= MAX_PERIOD_DAYS
}

export const PERIOD_LIMIT_ERROR = {
  error: `The period from the from date to the to date must be at most 5 years (${MAX_PERIOD_DAYS.toLocaleString('en-US')} days)`,
  path: ['to'],
}

export function isDayRangeOrdered(input: { from?: string | undefined; to?: string | undefined }): boolean {
  return input.from === undefined || input.to === undefined || input.from <= input.to
}

export const DAY_RANGE_ORDER_ERROR = { error: 'To date must be on or after the from date', path: ['to'] }

/** At most this many matching rows are counted; beyond it a list shows "1,000+". */
export const COUNT_CAP = 1000

export const ZCursor = z
  .string({ error: 'Cursor must be text' })
  .max(2000, { error: 'Cursor is too long' })
  .regex(/^[A-Za-z0-9_-]+$/, { error: 'Cursor is not valid; start again from the first page' })
  .optional()
