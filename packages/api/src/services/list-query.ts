import { sql, type Database, type Kysely, type Transaction } from '@mp/db'
import { z } from 'zod'

/**
 * Pieces every paginated, searchable list shares: page/pageSize input, LIKE escaping and day ranges
 * in the company timezone. Pagination always happens on the server (old system bug: the first 20
 * rows fetched and filtered in the browser).
 */
type Db = Kysely<Database> | Transaction<Database>

export const DEFAULT_PAGE_SIZE = 20
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

export type Page<T> = { items: T[]; total: number; page: number; pageSize: number }

export function offsetOf(input: { page: number; pageSize: number }): number {
  return (input.page - 1) * input.pageSize
}

/** `%text%` for ILIKE with the user's `%`, `_` and `\` taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`
}

/** 'YYYY-MM-DD' (a real calendar date). */
export function zDay(label: string) {
  return z.iso.date({ error: `${label} must be a date in YYYY-MM-DD format` })
}

/** From/to days, inclusive; `to` may not come before `from`. */
export function zDayRange() {
  return {
    from: zDay('From date').optional(),
    to: zDay('To date').optional(),
  }
}

export function isDayRangeOrdered(input: { from?: string | undefined; to?: string | undefined }): boolean {
  return input.from === undefined || input.to === undefined || input.from <= input.to
}

export const DAY_RANGE_ORDER_ERROR = { error: 'To date must be on or after the from date', path: ['to'] }

export const DEFAULT_TIMEZONE = 'Africa/Lagos'

/** The company timezone (SPEC §2: it decides what a day means). */
export async function companyTimezone(db: Db): Promise<string> {
  const row = await db
    .selectFrom('company_settings')
    .select('timezone')
    .where('id', '=', 'default')
    .executeTakeFirst()
  return row?.timezone ?? DEFAULT_TIMEZONE
}

/** The first instant of a calendar day in a timezone, computed by the database. */
export function startOfDay(day: string, timezone: string) {
  return sql<Date>`(cast(${day} as date))::timestamp at time zone ${timezone}`
}

/** The first instant after a calendar day (so `to` is inclusive with `<`). */
export function endOfDayExclusive(day: string, timezone: string) {
  return sql<Date>`(cast(${day} as date) + 1)::timestamp at time zone ${timezone}`
}
