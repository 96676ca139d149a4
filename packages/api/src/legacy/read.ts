import { sql, type Database, type Kysely } from '@mp/db'
import { todayIn } from '@mp/domain'

/**
 * Reading the old system's database (docs/cutover.md). Its tables are Prisma's: quoted camelCase names,
 * `timestamp(3)` instants written in UTC, `numeric(14,2)` naira. Every instant is read as text and parsed as
 * UTC here (the pg driver would read a zone-less timestamp in the machine's zone), every amount as text and
 * converted to kobo exactly. Plain SQL that PostgreSQL and CockroachDB both run.
 */
export type LegacyDb = Kysely<Database>

/** Rows of one legacy table, every column as text (or null), in a stable order. */
export async function readTable<const C extends string>(
  legacy: LegacyDb,
  table: string,
  columns: readonly C[],
  orderBy = '"id"',
): Promise<Record<C, string | null>[]> {
  const list = columns.map((c) => `${quote(c)}::text as ${quote(c)}`).join(', ')
  const result = await sql<Record<C, string | null>>`select ${sql.raw(list)} from ${sql.raw(
    quote(table),
  )} order by ${sql.raw(orderBy)}`.execute(legacy)
  return result.rows
}

/** Whether the legacy database has this table (a refusal names what is missing instead of crashing). */
export async function hasTable(legacy: LegacyDb, table: string): Promise<boolean> {
  const result = await sql<{ found: string }>`select table_name as found from information_schema.tables
    where table_name = ${table} and table_schema not in ('pg_catalog', 'information_schema', 'crdb_internal')`.execute(
    legacy,
  )
  return result.rows.length > 0
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

/** An instant written by Prisma (UTC, no zone), read as text: `2026-01-05 10:00:00.123`. */
export function instantOf(text: string | null | undefined): Date | null {
  if (text === null || text === undefined || text === '') return null
  const trimmed = text.trim()
  // A bare date (a column typed `date`) is that day's UTC midnight.
  const iso = /^\d{4}-\d\d-\d\d$/.test(trimmed) ? `${trimmed}T00:00:00Z` : trimmed.replace(' ', 'T')
  // A zone as PostgreSQL prints it (`+00`, `+0100`, `+01:00`) in the form JavaScript reads (`+01:00`).
  const zone = /([+-])(\d\d):?(\d\d)?$/.exec(iso)
  const date = new Date(
    zone !== null
      ? `${iso.slice(0, zone.index)}${zone[1] ?? '+'}${zone[2] ?? '00'}:${zone[3] ?? '00'}`
      : iso.endsWith('Z')
        ? iso
        : `${iso}Z`,
  )
  return Number.isNaN(date.getTime()) ? null : date
}

/** The company day of an instant (docs/product.md §2: the company time zone decides the date). */
export function dayOf(text: string | null | undefined, timeZone: string): string | null {
  const instant = instantOf(text)
  return instant === null ? null : todayIn(timeZone, instant)
}

export type KoboResult = { kobo: number } | { refusal: string }

/**
 * Naira as the old system stored it (`numeric(14,2)` text such as `1234.50`) to integer kobo, exactly: no
 * floating point. A value with a fraction of a kobo is refused, never rounded (docs/cutover.md).
 */
export function koboOf(text: string | null | undefined): KoboResult {
  if (text === null || text === undefined) return { refusal: 'amount missing' }
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text.trim())
  if (match === null) return { refusal: `amount ${text} is not a number` }
  const fraction = (match[3] ?? '').replace(/0+$/, '')
  if (fraction.length > 2) return { refusal: `amount ${text} has a fraction of a kobo` }
  const kobo = BigInt(match[2] ?? '0') * 100n + BigInt(fraction.padEnd(2, '0'))
  const signed = match[1] === '-' ? -kobo : kobo
  if (signed > BigInt(Number.MAX_SAFE_INTEGER) || signed < -BigInt(Number.MAX_SAFE_INTEGER))
    return { refusal: `amount ${text} is too large` }
  return { kobo: Number(signed) }
}

export function isTrue(text: string | null | undefined): boolean {
  return text === 'true' || text === 't'
}
