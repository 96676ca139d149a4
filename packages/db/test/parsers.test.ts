import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createKysely, createPool } from '../src/connection.js'
import { UnsafeIntegerError, parseInt8 } from '../src/parsers.js'
import { createTestDatabase, type TestDatabase } from '../src/testing/index.js'

describe('int8 parser', () => {
  it('turns kobo into numbers and refuses values that would lose precision', () => {
    expect(parseInt8('123456789')).toBe(123456789)
    expect(parseInt8('-42')).toBe(-42)
    expect(parseInt8('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER)
    expect(() => parseInt8('9007199254740993')).toThrow(UnsafeIntegerError)
  })
})

describe('values from real PostgreSQL', () => {
  let database: TestDatabase
  let db: ReturnType<typeof createKysely>
  beforeAll(async () => {
    database = await createTestDatabase(inject('mpTestDb'))
    db = createKysely(createPool(database.url, { max: 2 }))
  })
  afterAll(async () => {
    await db.destroy()
    await database.drop()
  })

  it('reads bigint money as a number, numeric rates as exact strings, dates as YYYY-MM-DD', async () => {
    const { rows } = await sql<{ kobo: number; rate: string; due: string; at: Date; n: number }>`
      select 1234567890123::bigint as kobo, 0.03000000::numeric(12,8) as rate,
             '2025-02-28'::date as due, '2025-01-06T10:00:00Z'::timestamptz as at, count(*) as n
      from (values (1), (2)) as v(x)`.execute(db)
    expect(rows[0]).toEqual({
      kobo: 1234567890123,
      rate: '0.03000000',
      due: '2025-02-28',
      at: new Date('2025-01-06T10:00:00Z'),
      n: 2,
    })
  })

  it('refuses an int8 beyond the safe range instead of rounding it', async () => {
    await expect(sql`select 9007199254740993::bigint as too_big`.execute(db)).rejects.toThrow(
      UnsafeIntegerError,
    )
  })

  it('uses timestamptz for every instant column', async () => {
    const { rows } = await sql<{ table_name: string; column_name: string }>`
      select table_name, column_name from information_schema.columns
      where table_schema = 'public' and data_type = 'timestamp without time zone'`.execute(db)
    expect(rows).toEqual([])
  })
})
