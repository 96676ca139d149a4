import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createKysely, createPool } from '../src/connection.js'
import { createTestDatabase, type TestDatabase } from '../src/testing/index.js'

// Migration 2026_12_03_001600_calendar_meetings: the company's weekend, holidays, union meeting rules
// and the loan-type settings, each refused by the database when it makes no sense.
describe('calendar and meetings schema', () => {
  let database: TestDatabase
  let db: ReturnType<typeof createKysely>
  let officerId: string
  beforeAll(async () => {
    database = await createTestDatabase(inject('mpTestDb'))
    db = createKysely(createPool(database.url, { max: 2 }))
    const officer = await db
      .insertInto('staff_user')
      .values({
        email: 'officer@example.test',
        first_name: 'Ada',
        last_name: 'Obi',
        role: 'CREDIT_OFFICER',
        password_hash: 'x',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    officerId = officer.id
  })
  afterAll(async () => {
    await db.destroy()
    await database.drop()
  })

  it('weekend days default to Saturday and Sunday, read as numbers; never all seven, only 1–7', async () => {
    await db
      .insertInto('company_settings')
      .values({ name: 'Millennium Potters' })
      .onConflict((oc) => oc.doNothing())
      .execute()
    const row = await db.selectFrom('company_settings').select('weekend_days').executeTakeFirstOrThrow()
    expect(row.weekend_days).toEqual([6, 7])
    await db
      .updateTable('company_settings')
      .set({ weekend_days: [7] })
      .execute()
    await db.updateTable('company_settings').set({ weekend_days: [] }).execute()
    await expect(
      db
        .updateTable('company_settings')
        .set({ weekend_days: [1, 2, 3, 4, 5, 6, 7] })
        .execute(),
    ).rejects.toThrow(/check constraint/)
    await expect(
      db
        .updateTable('company_settings')
        .set({ weekend_days: [0] })
        .execute(),
    ).rejects.toThrow(/check constraint/)
  })

  it('holidays on a date or every year, each at most once; impossible days refused', async () => {
    await db
      .insertInto('holiday')
      .values([
        { name: 'Good Friday', holiday_date: '2026-04-03' },
        { name: 'Christmas Day', month: 12, day: 25 },
        { name: 'Leap day', month: 2, day: 29 },
      ])
      .execute()
    const rows = await db
      .selectFrom('holiday')
      .select(['holiday_date', 'month', 'day'])
      .orderBy('name')
      .execute()
    expect(rows).toContainEqual({ holiday_date: '2026-04-03', month: null, day: null })
    for (const values of [
      { name: 'Twice', holiday_date: '2026-04-03' },
      { name: 'Twice', month: 12, day: 25 },
    ]) {
      await expect(db.insertInto('holiday').values(values).execute()).rejects.toThrow(/duplicate key/)
    }
    for (const values of [
      { name: 'No day', month: 2, day: 30 },
      { name: 'No day', month: 4, day: 31 },
      { name: 'Both', holiday_date: '2026-01-01', month: 1, day: 1 },
      { name: 'Neither' },
      { name: '', holiday_date: '2026-05-01' },
    ]) {
      await expect(db.insertInto('holiday').values(values).execute()).rejects.toThrow(/check constraint/)
    }
  })

  it('a union meeting rule has exactly the columns its frequency needs', async () => {
    const union = (name: string, values: Record<string, unknown>) =>
      db
        .insertInto('union')
        .values({ name, credit_officer_id: officerId, ...values })
        .execute()
    await union('Weekly', { meeting_frequency: 'WEEKLY', meeting_day: 'THURSDAY' })
    await union('Fortnightly', {
      meeting_frequency: 'BIWEEKLY',
      meeting_day: 'TUESDAY',
      meeting_anchor_date: '2026-01-06',
    })
    await union('Last Friday', {
      meeting_frequency: 'MONTHLY_WEEKDAY',
      meeting_day: 'FRIDAY',
      meeting_week: -1,
    })
    await union('Month end', { meeting_frequency: 'MONTHLY_DATE', meeting_day_of_month: -1 })
    await union('No rule yet', {})
    // As unions were recorded before: a meeting day and no frequency (weekly on that day).
    await union('Day only', { meeting_day: 'MONDAY' })
    await db.updateTable('union').set({ meeting_day: null }).where('name', '=', 'Day only').execute()
    const fortnightly = await db
      .selectFrom('union')
      .select(['meeting_anchor_date', 'meeting_frequency'])
      .where('name', '=', 'Fortnightly')
      .executeTakeFirstOrThrow()
    expect(fortnightly).toEqual({ meeting_anchor_date: '2026-01-06', meeting_frequency: 'BIWEEKLY' })
    for (const [name, values] of [
      ['Weekly without a day', { meeting_frequency: 'WEEKLY' }],
      ['Fortnightly without anchor', { meeting_frequency: 'BIWEEKLY', meeting_day: 'TUESDAY' }],
      ['Week 5', { meeting_frequency: 'MONTHLY_WEEKDAY', meeting_day: 'FRIDAY', meeting_week: 5 }],
      ['Day 31', { meeting_frequency: 'MONTHLY_DATE', meeting_day_of_month: 31 }],
      ['Stray week', { meeting_frequency: 'WEEKLY', meeting_day: 'MONDAY', meeting_week: 2 }],
      ['Daily', { meeting_frequency: 'DAILY', meeting_day: 'MONDAY' }],
    ] as const) {
      await expect(union(name, values)).rejects.toThrow(/check constraint/)
    }
  })

  it('loan types follow meetings only when set, with a gap and a non-working-day rule', async () => {
    const type = await db
      .insertInto('loan_type')
      .values({
        name: 'Weekly union loan',
        min_principal: 100_000,
        max_principal: 10_000_000,
        term_unit: 'WEEK',
        min_term: 4,
        max_term: 24,
        interest: JSON.stringify({ method: 'NONE' }),
      })
      .returning(['follows_meetings', 'meeting_min_gap_days', 'non_working_day_rule'])
      .executeTakeFirstOrThrow()
    expect(type).toEqual({ follows_meetings: false, meeting_min_gap_days: 7, non_working_day_rule: 'next' })
    await expect(sql`update loan_type set non_working_day_rule = 'nearest'`.execute(db)).rejects.toThrow(
      /check constraint/,
    )
    await expect(sql`update loan_type set meeting_min_gap_days = 400`.execute(db)).rejects.toThrow(
      /check constraint/,
    )
  })
})
