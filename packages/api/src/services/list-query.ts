import { sql, type Database, type Kysely, type Transaction } from '@mp/db'
import type { Compilable, RawBuilder, SelectQueryBuilder } from 'kysely'
import { z } from 'zod'
import { AppError } from '../errors.js'
import { COUNT_CAP } from '../schemas/list.js'

/**
 * Pieces every paginated, searchable list shares: page/pageSize input, LIKE escaping and day ranges
 * in the company timezone. Pagination always happens on the server (old system bug: the first 20
 * rows fetched and filtered in the browser).
 */
type Db = Kysely<Database> | Transaction<Database>

export type Page<T> = { items: T[]; total: number; page: number; pageSize: number }

export function offsetOf(input: { page: number; pageSize: number }): number {
  return (input.page - 1) * input.pageSize
}

/** `%text%` for ILIKE with the user's `%`, `_` and `\` taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`
}

export const DEFAULT_TIMEZONE = 'Africa/Lagos'

/** The company timezone (docs/product.md §2: it decides what a day means). */
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

// ---- keyset pagination (issue 11) -------------------------------------------------------------------
//
// Big lists page by position, not by number: each page asks for the rows after the last one shown, in
// the list's order (sort key, then id), so page 500 costs what page 1 costs and no page counts the whole
// list. The cursor is opaque to clients: the last row's keys as PostgreSQL prints them (exact, e.g.
// microseconds of a timestamp), cast back to their types when compared.

export type CursorPage<T> = {
  items: T[]
  pageSize: number
  /** Where the next page starts; null on the last page. */
  nextCursor: string | null
  /** Rows matching the filters, counted up to COUNT_CAP (then `isTotalCapped`). */
  total: number
  isTotalCapped: boolean
}

/** The types a sort key may have (a fixed list: the name is written into SQL). */
export type SortKeyType = 'text' | 'timestamptz' | 'date' | 'bigint' | 'integer' | 'uuid'

export type SortKey = { expr: RawBuilder<unknown>; type: SortKeyType }

/** A list's order: its keys (the last one unique, usually the id), one direction, and a name for cursors. */
export type Keyset = { name: string; keys: readonly SortKey[]; direction: 'asc' | 'desc' }

export function sortKey(expr: RawBuilder<unknown> | string, type: SortKeyType): SortKey {
  return { expr: typeof expr === 'string' ? sql`${sql.ref(expr)}` : expr, type }
}

const INVALID_CURSOR = 'The list changed since this page was shown; start again from the first page'

function encodeCursor(keyset: Keyset, values: readonly string[]): string {
  return Buffer.from(JSON.stringify({ o: `${keyset.name}:${keyset.direction}`, k: values })).toString(
    'base64url',
  )
}

const ZCursorBody = z.object({ o: z.string(), k: z.array(z.string()) })

const INT_RANGE = {
  bigint: [-(2n ** 63n), 2n ** 63n - 1n],
  integer: [-(2n ** 31n), 2n ** 31n - 1n],
} as const

function isCalendarDate(year: number, month: number, day: number): boolean {
  const isLeap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  const days = [31, isLeap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
  return year >= 1 && days !== undefined && day >= 1 && day <= days
}

const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/
/** As PostgreSQL prints a timestamptz (ISO DateStyle; CockroachDB adds the offset's minutes). */
const TIMESTAMPTZ_TEXT =
  /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?[+-](\d{2})(?::([0-5]\d)){0,2}$/

/**
 * Whether a cursor's key is a value PostgreSQL casts to the key's type without an error. The cursor comes
 * back from the client, so a tampered one must answer 400, never reach the cast and answer 500.
 */
function isKeyText(type: SortKeyType, text: string): boolean {
  switch (type) {
    case 'text':
      return !text.includes('\u0000')
    case 'uuid':
      return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text)
    case 'bigint':
    case 'integer': {
      if (!/^-?\d{1,19}$/.test(text)) return false
      const [min, max] = INT_RANGE[type]
      const value = BigInt(text)
      return value >= min && value <= max
    }
    case 'date': {
      const parts = DATE_TEXT.exec(text)
      return parts !== null && isCalendarDate(Number(parts[1]), Number(parts[2]), Number(parts[3]))
    }
    case 'timestamptz': {
      const parts = TIMESTAMPTZ_TEXT.exec(text)
      return (
        parts !== null &&
        isCalendarDate(Number(parts[1]), Number(parts[2]), Number(parts[3])) &&
        Number(parts[4]) < 24 &&
        Number(parts[5]) < 60 &&
        Number(parts[6]) < 60 &&
        Number(parts[7]) <= 15
      )
    }
  }
}

export function decodeCursor(keyset: Keyset, cursor: string): string[] {
  let body: z.infer<typeof ZCursorBody>
  try {
    body = ZCursorBody.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')))
  } catch {
    throw new AppError('BAD_REQUEST', INVALID_CURSOR, 'INVALID_CURSOR')
  }
  if (
    body.o !== `${keyset.name}:${keyset.direction}` ||
    body.k.length !== keyset.keys.length ||
    !keyset.keys.every((key, index) => isKeyText(key.type, body.k[index] ?? ''))
  ) {
    throw new AppError('BAD_REQUEST', INVALID_CURSOR, 'INVALID_CURSOR')
  }
  return body.k
}

/** The keys of a row as text, selected as `cursor_key` so the page's last row gives the next cursor. */
export function cursorKeySelect(keyset: Keyset) {
  return sql<string[]>`array[${sql.join(keyset.keys.map((key) => sql`(${key.expr})::text`))}]`.as(
    'cursor_key',
  )
}

/** Rows after the cursor in the keyset's order: `(k1, k2, id) > ($1, $2, $3)` (or `<` descending). */
function afterCursor(keyset: Keyset, cursor: string): RawBuilder<boolean> {
  const values = decodeCursor(keyset, cursor)
  const columns = sql.join(keyset.keys.map((key) => key.expr))
  const bounds = sql.join(
    keyset.keys.map((key, index) => sql`cast(${values[index]} as ${sql.raw(key.type)})`),
  )
  return keyset.direction === 'asc'
    ? sql<boolean>`(${columns}) > (${bounds})`
    : sql<boolean>`(${columns}) < (${bounds})`
}

/** `ORDER BY k1 dir, k2 dir, id dir` (the order the cursor walks). */
export function orderByKeyset<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  keyset: Keyset,
): SelectQueryBuilder<DB, TB, O> {
  let ordered = query
  for (const key of keyset.keys) ordered = ordered.orderBy(key.expr, keyset.direction)
  return ordered
}

/**
 * One page of a filtered list: the rows after `cursor` (pageSize + 1 fetched to know whether more
 * follow) and the matching rows counted up to COUNT_CAP — a count that stops early instead of walking
 * every row of a big join. The query selects `cursorKeySelect(keyset)` besides its columns.
 */
export async function keysetPage<
  DB,
  TB extends keyof DB,
  O extends { cursor_key: string[] },
  CDB,
  CTB extends keyof CDB,
  CO,
>(
  db: Db,
  query: SelectQueryBuilder<DB, TB, O>,
  keyset: Keyset,
  input: { cursor?: string | undefined; pageSize: number },
  /** The same rows without costly columns, when counting them through `query` would compute those. */
  countFrom: SelectQueryBuilder<CDB, CTB, CO>,
): Promise<{ rows: O[]; nextCursor: string | null; total: number; isTotalCapped: boolean }> {
  let rowsQuery = query
  if (input.cursor !== undefined) rowsQuery = rowsQuery.where(afterCursor(keyset, input.cursor))
  rowsQuery = orderByKeyset(rowsQuery, keyset).limit(input.pageSize + 1)
  const counted = countFrom
    .clearSelect()
    .select(sql<number>`1`.as('one'))
    .limit(COUNT_CAP + 1)
    .as('counted')
  const [fetched, count] = await Promise.all([
    rowsQuery.execute(),
    db
      .selectFrom(counted)
      .select(sql<string>`count(*)`.as('count'))
      .executeTakeFirstOrThrow(),
  ])
  const hasMore = fetched.length > input.pageSize
  const rows = hasMore ? fetched.slice(0, input.pageSize) : fetched
  const last = rows.at(-1)
  const total = Number(count.count)
  return {
    rows,
    nextCursor: hasMore && last ? encodeCursor(keyset, last.cursor_key) : null,
    total: Math.min(total, COUNT_CAP),
    isTotalCapped: total > COUNT_CAP,
  }
}

/** A page read by `keysetPage` as the list answers it: the rows made items, the next cursor, the total. */
export function toCursorPage<Row, Item>(
  page: { rows: Row[]; nextCursor: string | null; total: number; isTotalCapped: boolean },
  pageSize: number,
  toItem: (row: Row) => Item,
): CursorPage<Item> {
  return {
    items: page.rows.map(toItem),
    pageSize,
    nextCursor: page.nextCursor,
    total: page.total,
    isTotalCapped: page.isTotalCapped,
  }
}

/**
 * One page of an offset-paged admin list and the list's total, read at once: `ordered` is the list's
 * query in its order, `filtered` the same filters without columns (for the count), `toItems` turns the
 * page's rows into the list's items.
 */
export async function offsetPage<DB, TB extends keyof DB, O, FO, Item>(
  input: { page: number; pageSize: number },
  ordered: SelectQueryBuilder<DB, TB, O>,
  filtered: SelectQueryBuilder<DB, TB, FO>,
  toItems: (rows: O[]) => Item[] | Promise<Item[]>,
): Promise<Page<Item>> {
  const [rows, count] = await Promise.all([
    ordered.limit(input.pageSize).offset(offsetOf(input)).execute(),
    filtered
      .clearSelect()
      .select(sql<string>`count(*)`.as('count'))
      // The generic builder cannot name its own selection: the count's row is this shape.
      .$castTo<{ count: string }>()
      .executeTakeFirstOrThrow(),
  ])
  return {
    items: await toItems(rows),
    total: Number(count.count),
    page: input.page,
    pageSize: input.pageSize,
  }
}

/** Rows of a filtered list, counted once (an export's progress bar; never per page). */
export async function countRows<DB, TB extends keyof DB, O>(
  db: Db,
  query: SelectQueryBuilder<DB, TB, O>,
): Promise<number> {
  const row = await db
    .selectFrom(
      query
        .clearSelect()
        .select(sql<number>`1`.as('one'))
        .as('matching'),
    )
    .select(sql<string>`count(*)`.as('count'))
    .executeTakeFirstOrThrow()
  return Number(row.count)
}

/**
 * A whole list for an export: its query in the list's order (read with a server-side cursor), how many
 * rows it has, and how a row becomes the list's item — the same query and order as the screen's pages.
 */
export type ListSource<Row, Item> = {
  query: Compilable<Row>
  count: () => Promise<number>
  toItem: (row: Row) => Item
}

// ---- search -------------------------------------------------------------------------------------------

/**
 * A search as the normalised search columns hold text (migration 2026_12_03_000500): lower case, one
 * space between words. A search that looks like a phone number becomes its national digits, so
 * 0803 123…, +234 803 123… and 234803123… all find a member stored as +234803123….
 */
export function searchText(search: string): string {
  const text = search.trim().toLowerCase().replace(/\s+/g, ' ')
  if (/\d/.test(text) && /^[+\d\s\-().]+$/.test(text)) {
    const digits = text.replace(/\D/g, '')
    const national = digits.replace(/^(234|0)/, '')
    return national.length >= 3 ? national : digits
  }
  return text
}

/** `searchText` as a LIKE pattern matching anywhere, with `%`, `_` and `\` literal. */
export function searchPattern(search: string): string {
  return containsPattern(searchText(search))
}
