import type { Database, Kysely } from '@mp/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectTRPCError } from './staff-fixtures.js'
import { addTeams, auditRows, openUnionTestDatabase, type Teams } from './union-fixtures.js'

/**
 * The company calendar (weekend days, holidays, the Nigerian fixed-date defaults) and the union meeting
 * rule with its next meeting (docs/lending.md "Working days and holidays", "Union meetings"). The clock
 * is fixed at Friday 19 December 2025, 11:00 in Lagos.
 */
let db: Kysely<Database>
let close: () => Promise<void>
let t: Teams

const NOW = new Date('2025-12-19T10:00:00Z')

beforeAll(async () => {
  ;({ db, close } = await openUnionTestDatabase())
  t = await addTeams(db, { now: () => NOW })
})
afterAll(async () => {
  await close()
})

describe('calendar access', () => {
  it('lets every role read and only an admin write (FORBIDDEN otherwise)', async () => {
    for (const caller of [t.asSupA, t.asCoA1]) {
      expect(await caller.calendar.weekendDays()).toEqual({ weekendDays: [6, 7] })
      expect(await caller.calendar.holidays({ fromYear: 2025, toYear: 2026 })).toEqual({
        dated: [],
        yearly: [],
      })
      expect(await caller.calendar.nonWorkingDays({ from: '2025-12-19', to: '2025-12-21' })).toHaveLength(2)
      await expectTRPCError(caller.calendar.setWeekendDays({ weekendDays: [7] }), 'FORBIDDEN')
      await expectTRPCError(caller.calendar.createHoliday({ name: 'Mine', date: '2026-04-03' }), 'FORBIDDEN')
      await expectTRPCError(caller.calendar.addNigerianHolidays(), 'FORBIDDEN')
    }
    const holiday = await t.asAdmin.calendar.createHoliday({ name: 'Staff retreat', date: '2026-03-02' })
    for (const caller of [t.asSupA, t.asCoA1]) {
      await expectTRPCError(
        caller.calendar.updateHoliday({ id: holiday.id, name: 'Renamed', date: '2026-03-02' }),
        'FORBIDDEN',
      )
      await expectTRPCError(caller.calendar.deleteHoliday({ id: holiday.id }), 'FORBIDDEN')
    }
    await t.asAdmin.calendar.deleteHoliday({ id: holiday.id })
  })
})

describe('weekend days', () => {
  it('are set by an admin, audited, and never all seven', async () => {
    expect(await t.asAdmin.calendar.setWeekendDays({ weekendDays: [7, 6] })).toEqual({ weekendDays: [6, 7] })
    expect(await t.asAdmin.calendar.setWeekendDays({ weekendDays: [7] })).toEqual({ weekendDays: [7] })
    const audit = await auditRows(db, 'WEEKEND_DAYS_UPDATE', 'default')
    expect(audit.at(-1)).toMatchObject({ before: { weekendDays: [6, 7] }, after: { weekendDays: [7] } })
    await expectTRPCError(
      t.asAdmin.calendar.setWeekendDays({ weekendDays: [1, 2, 3, 4, 5, 6, 7] }),
      'BAD_REQUEST',
      /Weekend days cannot be all seven days/,
    )
    await expectTRPCError(
      t.asAdmin.calendar.setWeekendDays({ weekendDays: [6, 6] }),
      'BAD_REQUEST',
      /each weekday once/,
    )
    await expectTRPCError(
      t.asAdmin.calendar.setWeekendDays({ weekendDays: [0] }),
      'BAD_REQUEST',
      /Weekend days must be from 1 \(Monday\) to 7 \(Sunday\)/,
    )
    await t.asAdmin.calendar.setWeekendDays({ weekendDays: [6, 7] })
  })
})

describe('holidays', () => {
  it('are added, edited and deleted by an admin, each audited', async () => {
    const good = await t.asAdmin.calendar.createHoliday({ name: ' Good Friday ', date: '2026-04-03' })
    expect(good).toMatchObject({ name: 'Good Friday', date: '2026-04-03', month: null, day: null })
    const edited = await t.asAdmin.calendar.updateHoliday({
      id: good.id,
      name: 'Good Friday',
      date: '2026-04-03',
    })
    expect(edited.name).toBe('Good Friday')
    const moved = await t.asAdmin.calendar.updateHoliday({
      id: good.id,
      name: 'Easter Monday',
      date: '2026-04-06',
    })
    expect(moved).toMatchObject({ name: 'Easter Monday', date: '2026-04-06' })
    const yearly = await t.asAdmin.calendar.createHoliday({ name: 'Company day', month: 2, day: 29 })
    expect(yearly).toMatchObject({ date: null, month: 2, day: 29 })

    const listed = await t.asSupA.calendar.holidays({ fromYear: 2026, toYear: 2026 })
    expect(listed.dated.map((h) => h.name)).toEqual(['Easter Monday'])
    expect(listed.yearly.map((h) => h.name)).toEqual(['Company day'])
    expect((await t.asSupA.calendar.holidays({ fromYear: 2027, toYear: 2027 })).dated).toEqual([])

    await t.asAdmin.calendar.deleteHoliday({ id: good.id })
    await t.asAdmin.calendar.deleteHoliday({ id: yearly.id })
    expect(await auditRows(db, 'HOLIDAY_CREATE', good.id)).toHaveLength(1)
    const updates = await auditRows(db, 'HOLIDAY_UPDATE', good.id)
    expect(updates.at(-1)).toMatchObject({
      before: { name: 'Good Friday', date: '2026-04-03' },
      after: { name: 'Easter Monday', date: '2026-04-06' },
    })
    expect(await auditRows(db, 'HOLIDAY_DELETE', good.id)).toHaveLength(1)
    await expectTRPCError(t.asAdmin.calendar.deleteHoliday({ id: good.id }), 'NOT_FOUND', /Holiday not found/)
  })

  it('refuses bad input with 400 naming the field and limit', async () => {
    await expectTRPCError(
      t.asAdmin.calendar.createHoliday({ name: 'x'.repeat(81), date: '2026-04-03' }),
      'BAD_REQUEST',
      /Holiday name must be at most 80 characters/,
    )
    await expectTRPCError(
      t.asAdmin.calendar.createHoliday({ name: '', date: '2026-04-03' }),
      'BAD_REQUEST',
      /Holiday name is required/,
    )
    await expectTRPCError(
      t.asAdmin.calendar.createHoliday({ name: 'Nothing' }),
      'BAD_REQUEST',
      /Holiday date is required/,
    )
    await expectTRPCError(
      t.asAdmin.calendar.createHoliday({ name: 'Both', date: '2026-04-03', month: 4, day: 3 }),
      'BAD_REQUEST',
      /either on one date or every year/,
    )
    await expectTRPCError(
      t.asAdmin.calendar.createHoliday({ name: 'No day', month: 4 }),
      'BAD_REQUEST',
      /Day is required/,
    )
    await expectTRPCError(
      t.asAdmin.calendar.createHoliday({ name: 'Never', month: 2, day: 30 }),
      'BAD_REQUEST',
      /Day must be from 1 to 29 in month 2/,
    )
    await expectTRPCError(
      t.asAdmin.calendar.createHoliday({ name: 'Bad date', date: '2026-02-30' }),
      'BAD_REQUEST',
      /Holiday date must be a date in YYYY-MM-DD format/,
    )
    await expectTRPCError(
      t.asAdmin.calendar.holidays({ fromYear: 2020, toYear: 2030 }),
      'BAD_REQUEST',
      /at most 10 years/,
    )
    await expectTRPCError(
      t.asAdmin.calendar.nonWorkingDays({ from: '2026-01-01', to: '2027-02-05' }),
      'BAD_REQUEST',
      /at most 400 days apart/,
    )
  })

  it('refuses the same day twice with 409 and a clear message', async () => {
    const first = await t.asAdmin.calendar.createHoliday({ name: 'Eid-el-Fitr', date: '2026-03-20' })
    await expectTRPCError(
      t.asAdmin.calendar.createHoliday({ name: 'Again', date: '2026-03-20' }),
      'CONFLICT',
      /2026-03-20 is already a holiday \(Eid-el-Fitr\)/,
    )
    const other = await t.asAdmin.calendar.createHoliday({ name: 'Eid day two', date: '2026-03-23' })
    await expectTRPCError(
      t.asAdmin.calendar.updateHoliday({ id: other.id, name: 'Eid day two', date: '2026-03-20' }),
      'CONFLICT',
      /already a holiday/,
    )
    const yearly = await t.asAdmin.calendar.createHoliday({ name: 'Founders Day', month: 7, day: 14 })
    await expectTRPCError(
      t.asAdmin.calendar.createHoliday({ name: 'Founders again', month: 7, day: 14 }),
      'CONFLICT',
      /14 July is already a holiday every year \(Founders Day\)/,
    )
    await expectTRPCError(
      t.asAdmin.calendar.createHoliday({ name: 'Dated on it', date: '2026-07-14' }),
      'CONFLICT',
      /14 July is already a holiday every year/,
    )
    for (const id of [first.id, other.id, yearly.id]) await t.asAdmin.calendar.deleteHoliday({ id })
  })

  it("adds Nigeria's fixed-date holidays once: a second run adds only what is missing", async () => {
    const first = await t.asAdmin.calendar.addNigerianHolidays()
    expect(first.added.map((h) => [h.month, h.day, h.name])).toEqual([
      [1, 1, "New Year's Day"],
      [5, 1, "Workers' Day"],
      [6, 12, 'Democracy Day'],
      [10, 1, 'Independence Day'],
      [12, 25, 'Christmas Day'],
      [12, 26, 'Boxing Day'],
    ])
    expect((await t.asAdmin.calendar.addNigerianHolidays()).added).toEqual([])
    const workers = first.added.find((h) => h.month === 5)
    await t.asAdmin.calendar.deleteHoliday({ id: workers?.id ?? '' })
    const again = await t.asAdmin.calendar.addNigerianHolidays()
    expect(again.added.map((h) => h.name)).toEqual(["Workers' Day"])
    expect((await t.asCoA1.calendar.holidays({ fromYear: 2026, toYear: 2026 })).yearly).toHaveLength(6)
    const audit = await auditRows(db, 'HOLIDAYS_ADD_NIGERIAN')
    expect(audit).toHaveLength(2)
    expect(audit[1]?.after).toMatchObject({ added: [{ name: "Workers' Day", month: 5, day: 1 }] })
  })

  it('lists non-working days with their reasons and names', async () => {
    const days = await t.asCoA1.calendar.nonWorkingDays({ from: '2025-12-24', to: '2026-01-02' })
    expect(days).toEqual([
      { date: '2025-12-25', reasons: ['HOLIDAY'], names: ['Christmas Day'] },
      { date: '2025-12-26', reasons: ['HOLIDAY'], names: ['Boxing Day'] },
      { date: '2025-12-27', reasons: ['WEEKEND'], names: [] },
      { date: '2025-12-28', reasons: ['WEEKEND'], names: [] },
      { date: '2026-01-01', reasons: ['HOLIDAY'], names: ["New Year's Day"] },
    ])
  })
})

describe('union meeting rule', () => {
  beforeAll(async () => {
    await t.asAdmin.calendar.addNigerianHolidays()
  })

  const base = () => ({ creditOfficerId: t.coA1.id })

  it('answers the next meeting for each frequency, moved off holidays to the next working day', async () => {
    // Thursday 25 December 2025 is Christmas, 26 Boxing Day, then a weekend: Monday 29.
    const weekly = await t.asSupA.union.create({
      ...base(),
      name: 'Thursday Weekly',
      meetingDay: 'THURSDAY',
      meetingFrequency: 'WEEKLY',
    })
    expect(weekly).toMatchObject({ meetingFrequency: 'WEEKLY', nextMeeting: '2025-12-29' })
    expect(weekly.meetingRuleNote).toBe('Changing the meeting rule affects new loans only.')

    const biweekly = await t.asSupA.union.create({
      ...base(),
      name: 'Fortnightly Monday',
      meetingDay: 'MONDAY',
      meetingFrequency: 'BIWEEKLY',
      meetingAnchorDate: '2025-12-01',
    })
    expect(biweekly).toMatchObject({ meetingAnchorDate: '2025-12-01', nextMeeting: '2025-12-29' })

    // The last Friday of December 2025 is Boxing Day.
    const lastFriday = await t.asSupA.union.create({
      ...base(),
      name: 'Last Friday',
      meetingDay: 'FRIDAY',
      meetingFrequency: 'MONTHLY_WEEKDAY',
      meetingWeek: -1,
    })
    expect(lastFriday).toMatchObject({ meetingWeek: -1, nextMeeting: '2025-12-29' })

    // The 1st of the month: 1 January is New Year's Day, so Friday 2 January.
    const firstOfMonth = await t.asSupA.union.create({
      ...base(),
      name: 'First of Month',
      meetingFrequency: 'MONTHLY_DATE',
      meetingDayOfMonth: 1,
    })
    expect(firstOfMonth).toMatchObject({ meetingDayOfMonth: 1, nextMeeting: '2026-01-02' })

    // Recorded as before meeting frequencies: only a weekday, so every week on it.
    const legacy = await t.asSupA.union.create({ ...base(), name: 'Tuesday Only', meetingDay: 'TUESDAY' })
    expect(legacy).toMatchObject({ meetingFrequency: null, nextMeeting: '2025-12-23' })
    const none = await t.asSupA.union.create({ ...base(), name: 'No Meetings' })
    expect(none.nextMeeting).toBeNull()
    expect((await t.asCoA1.union.get({ id: weekly.id })).nextMeeting).toBe('2025-12-29')
  })

  it('refuses an incomplete or mixed rule with 400 naming the field (never the database check)', async () => {
    await expectTRPCError(
      t.asSupA.union.create({
        ...base(),
        name: 'R1',
        meetingDay: 'FRIDAY',
        meetingFrequency: 'MONTHLY_WEEKDAY',
      }),
      'BAD_REQUEST',
      /Meeting week is required for MONTHLY_WEEKDAY meetings/,
    )
    await expectTRPCError(
      t.asSupA.union.create({ ...base(), name: 'R2', meetingFrequency: 'WEEKLY' }),
      'BAD_REQUEST',
      /Meeting day is required for WEEKLY meetings/,
    )
    await expectTRPCError(
      t.asSupA.union.create({ ...base(), name: 'R3', meetingDay: 'MONDAY', meetingWeek: 2 }),
      'BAD_REQUEST',
      /Meeting week needs a meeting frequency \(MONTHLY_WEEKDAY\)/,
    )
    await expectTRPCError(
      t.asSupA.union.create({
        ...base(),
        name: 'R4',
        meetingFrequency: 'MONTHLY_DATE',
        meetingDayOfMonth: 5,
        meetingAnchorDate: '2025-12-01',
      }),
      'BAD_REQUEST',
      /Meeting anchor date is not used by MONTHLY_DATE meetings/,
    )
    await expectTRPCError(
      t.asSupA.union.create({
        ...base(),
        name: 'R5',
        meetingDay: 'TUESDAY',
        meetingFrequency: 'BIWEEKLY',
        meetingAnchorDate: '2025-12-01',
      }),
      'BAD_REQUEST',
      /2025-12-01 is a MONDAY, not a TUESDAY/,
    )
    await expectTRPCError(
      t.asSupA.union.create({
        ...base(),
        name: 'R6',
        meetingFrequency: 'MONTHLY_DATE',
        meetingDayOfMonth: 29,
      }),
      'BAD_REQUEST',
      /Meeting day of month must be 1 to 28, or -1/,
    )
    await expectTRPCError(
      t.asSupA.union.create({
        ...base(),
        name: 'R7',
        meetingDay: 'FRIDAY',
        meetingFrequency: 'MONTHLY_WEEKDAY',
        meetingWeek: 5,
      }),
      'BAD_REQUEST',
      /Meeting week must be 1, 2, 3, 4 or -1/,
    )
    await expectTRPCError(
      t.asCoA1.union.create({ ...base(), name: 'R8', meetingDay: 'FRIDAY', meetingFrequency: 'WEEKLY' }),
      'FORBIDDEN',
    )
  })

  it('updates the rule whole when a frequency is given, audited; a bad partial change is refused', async () => {
    const union = await t.asSupA.union.create({
      ...base(),
      name: 'Changing Rules',
      meetingDay: 'WEDNESDAY',
      meetingFrequency: 'MONTHLY_WEEKDAY',
      meetingWeek: 2,
    })
    // Second Wednesday of January 2026 (December's was the 10th).
    expect(union.nextMeeting).toBe('2026-01-14')
    const monthly = await t.asSupA.union.update({
      id: union.id,
      meetingFrequency: 'MONTHLY_DATE',
      meetingDayOfMonth: -1,
    })
    // Wednesday 31 December 2025 is the last day of the month.
    expect(monthly).toMatchObject({
      meetingFrequency: 'MONTHLY_DATE',
      meetingWeek: null,
      nextMeeting: '2025-12-31',
    })
    const audit = await auditRows(db, 'UNION_UPDATE', union.id)
    expect(audit.at(-1)).toMatchObject({
      before: { meetingFrequency: 'MONTHLY_WEEKDAY', meetingWeek: 2 },
      after: { meetingFrequency: 'MONTHLY_DATE', meetingWeek: null, meetingDayOfMonth: -1 },
    })
    await expectTRPCError(
      t.asSupA.union.update({ id: union.id, meetingWeek: 3 }),
      'BAD_REQUEST',
      /Meeting week is not used by MONTHLY_DATE meetings/,
    )
    const weekly = await t.asSupA.union.update({ id: union.id, meetingFrequency: 'WEEKLY' })
    expect(weekly).toMatchObject({
      meetingDay: 'WEDNESDAY',
      meetingDayOfMonth: null,
      nextMeeting: '2025-12-24',
    })
    await expectTRPCError(
      t.asSupA.union.update({ id: union.id, meetingDay: null }),
      'BAD_REQUEST',
      /Meeting day is required for WEEKLY meetings/,
    )
    const cleared = await t.asSupA.union.update({ id: union.id, meetingFrequency: null, meetingDay: null })
    expect(cleared).toMatchObject({ meetingFrequency: null, meetingDay: null, nextMeeting: null })
  })
})
