import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyLedger } from '../src/ledger/index.js'
import { expectTRPCError, openTestDatabase } from './staff-fixtures.js'
import { addLoanWorld, WEEKLY_FLAT, type LoanTypeSeed, type LoanWorld } from './loan-fixtures.js'
import { addMember } from './union-fixtures.js'

/**
 * Loans that follow the union's meetings, and due dates on the company calendar (docs/lending.md
 * "Working days and holidays", "Union meetings"), booked through the API on real PostgreSQL. Monday
 * 6 January 2025 is "today"; union A meets every Tuesday.
 */

let t: Awaited<ReturnType<typeof openTestDatabase>>
let w: LoanWorld
let weeklyMeetings: string
let monthlyMeetings: string

const FOLLOWS: LoanTypeSeed = { ...WEEKLY_FLAT, name: 'Weekly at the meeting', followsMeetings: true }
const MONTHLY: LoanTypeSeed = {
  ...WEEKLY_FLAT,
  name: 'Monthly at the meeting',
  termUnit: 'MONTH',
  minTerm: 1,
  maxTerm: 12,
  followsMeetings: true,
  meetingMinGapDays: 7,
}

let memberCount = 0
async function newMember(unionId = w.unionA.id) {
  memberCount += 1
  return addMember(t.db, { unionId, firstName: `Member${memberCount}`, lastName: 'Meeting' })
}

/** Applies, submits, approves and disburses on `today`; the disbursed loan's stored due dates. */
async function bookedDates(loanTypeId: string, options: { termCount?: number; unionId?: string } = {}) {
  const member = await newMember(options.unionId)
  const draft = await w.asCoA1.loan.create({
    memberId: member.id,
    loanTypeId,
    principal: 10_000_000,
    termCount: options.termCount ?? 4,
    startDate: w.clock.today,
    purpose: 'Market stock',
    guarantorIds: [],
  })
  const preview = draft.previewSchedule?.installments.map((i) => i.dueDate)
  await w.asCoA1.loan.submit({ id: draft.id })
  await w.asSupA.loan.approve({ id: draft.id })
  await w.asAdmin.loan.disburse({ id: draft.id, disbursedOn: w.clock.today })
  const rows = await t.db
    .selectFrom('loan_installment')
    .select('due_date')
    .where('loan_id', '=', draft.id)
    .orderBy('sequence')
    .execute()
  return { id: draft.id, preview, dates: rows.map((r) => r.due_date) }
}

beforeAll(async () => {
  t = await openTestDatabase()
  w = await addLoanWorld(t.db, '2025-01-06')
  await w.asAdmin.union.update({ id: w.unionA.id, meetingDay: 'TUESDAY', meetingFrequency: 'WEEKLY' })
  weeklyMeetings = (await w.asAdmin.loanType.create(FOLLOWS)).id
  monthlyMeetings = (await w.asAdmin.loanType.create(MONTHLY)).id
})
afterAll(async () => {
  await t.close()
})

describe('loan types: meetings and the calendar', () => {
  it('keeps the settings, defaults them, and keeps them when an update leaves them out', async () => {
    const plain = await w.asAdmin.loanType.get({ id: w.loanTypeId })
    expect(plain).toMatchObject({ followsMeetings: false, meetingMinGapDays: 7, nonWorkingDayRule: 'next' })
    const created = await w.asAdmin.loanType.create({
      ...FOLLOWS,
      name: 'Previous-day product',
      meetingMinGapDays: 3,
      nonWorkingDayRule: 'previous',
    })
    expect(created).toMatchObject({
      followsMeetings: true,
      meetingMinGapDays: 3,
      nonWorkingDayRule: 'previous',
    })
    const { id, ...values } = created
    const updated = await w.asAdmin.loanType.update({
      id,
      ...WEEKLY_FLAT,
      name: values.name,
      maxTerm: 26,
    })
    expect(updated).toMatchObject({ maxTerm: 26, followsMeetings: true, meetingMinGapDays: 3 })
    expect(updated.nonWorkingDayRule).toBe('previous')
  })

  it('refuses a daily product that follows meetings, a gap out of range and an unknown rule (400 naming the field)', async () => {
    const daily = { ...FOLLOWS, name: 'Daily', termUnit: 'DAY' as const }
    await expectTRPCError(w.asAdmin.loanType.create(daily), 'BAD_REQUEST', /daily product.*cannot follow/i)
    await expectTRPCError(
      w.asAdmin.loanType.create({ ...FOLLOWS, name: 'Gap', meetingMinGapDays: 366 }),
      'BAD_REQUEST',
      /at most 365/,
    )
    await expectTRPCError(
      w.asAdmin.loanType.create({ ...FOLLOWS, name: 'Rule', nonWorkingDayRule: 'nearest' as 'next' }),
      'BAD_REQUEST',
      /next or previous/,
    )
    // An update that makes a following product daily is refused too, though it did not send the flag.
    const { id } = await w.asAdmin.loanType.create({ ...FOLLOWS, name: 'Becomes daily' })
    await expectTRPCError(
      w.asAdmin.loanType.update({ id, ...WEEKLY_FLAT, name: 'Becomes daily', termUnit: 'DAY' }),
      'BAD_REQUEST',
      /daily product/i,
    )
  })
})

describe('loans that follow the meetings', () => {
  it('fall due on the Tuesday meetings, the first at least the minimum gap after disbursement', async () => {
    const loan = await bookedDates(weeklyMeetings)
    // Disbursed Monday 6 January; Tuesday 7 is within the 7-day gap, so the first is Tuesday 14.
    expect(loan.dates).toEqual(['2025-01-14', '2025-01-21', '2025-01-28', '2025-02-04'])
    // The application showed the same dates before disbursement.
    expect(loan.preview).toEqual(loan.dates)
    // A product that does not follow meetings keeps the weekday of the start date (Monday).
    expect((await bookedDates(w.loanTypeId)).dates).toEqual([
      '2025-01-13',
      '2025-01-20',
      '2025-01-27',
      '2025-02-03',
    ])
  })

  it("the application preview shows the same dates: the member's meetings, or the calendar alone without a member", async () => {
    const member = await newMember()
    const input = {
      loanTypeId: weeklyMeetings,
      principal: 10_000_000,
      termCount: 4,
      startDate: w.clock.today,
    }
    const withMember = await w.asCoA1.loan.preview({ ...input, memberId: member.id })
    expect(withMember.schedule.installments.map((i) => i.dueDate)).toEqual([
      '2025-01-14',
      '2025-01-21',
      '2025-01-28',
      '2025-02-04',
    ])
    // Without a member there is no union to meet: weekly from the start date, moved off a holiday.
    const holiday = await w.asAdmin.calendar.createHoliday({ name: 'Office closed', date: '2025-01-20' })
    const alone = await w.asCoA1.loan.preview(input)
    expect(alone.schedule.installments.map((i) => i.dueDate)).toEqual([
      '2025-01-13',
      '2025-01-21',
      '2025-01-27',
      '2025-02-03',
    ])
    await w.asAdmin.calendar.deleteHoliday({ id: holiday.id })
    // Another officer's member is not theirs to preview for (404, as everywhere outside their scope).
    await expectTRPCError(w.asCoA2.loan.preview({ ...input, memberId: member.id }), 'NOT_FOUND')
  })

  it('moves a meeting on a holiday to the next working day, consecutive holidays too, and penalties count from there', async () => {
    const tuesday = await w.asAdmin.calendar.createHoliday({ name: 'Union hall closed', date: '2025-01-21' })
    await w.asAdmin.calendar.createHoliday({ name: 'Festival day 1', date: '2025-01-28' })
    await w.asAdmin.calendar.createHoliday({ name: 'Festival day 2', date: '2025-01-29' })
    const penalised = await w.asAdmin.loanType.create({
      ...FOLLOWS,
      name: 'Weekly with a penalty',
      penalty: { kind: 'FIXED_PER_DAY', amountPerDay: 10_000, graceDays: 0, mode: 'FORGIVE' },
    })
    const loan = await bookedDates(penalised.id)
    expect(loan.dates).toEqual(['2025-01-14', '2025-01-22', '2025-01-30', '2025-02-04'])

    // Installment 1 paid on time; installment 2, moved to Wednesday 22, is not late on the 22nd.
    w.clock.today = '2025-01-14'
    await w.asCoA1.repayment.record({
      loanId: loan.id,
      mode: 'DUE_NOW',
      paidOn: '2025-01-14',
      method: 'CASH',
      idempotencyKey: `meet-${loan.id}`,
    })
    w.clock.today = '2025-01-22'
    expect((await w.asCoA1.loan.get({ id: loan.id })).position?.daysPastDue).toBe(0)
    w.clock.today = '2025-01-23'
    const late = await w.asCoA1.loan.get({ id: loan.id })
    expect(late.position?.daysPastDue).toBe(1)
    expect(late.position?.installments[1]?.due.penalty).toBe(10_000)

    // The replay of the stored schedule and the stored ledger agree.
    const verified = await verifyLedger(t.db, {
      today: '2025-01-23',
      defaultAfterDays: 90,
      loanIds: [loan.id],
    })
    expect(verified.differences).toEqual([])
    w.clock.today = '2025-01-06'
    await w.asAdmin.calendar.deleteHoliday({ id: tuesday.id })
  })

  it("with the product's 'previous' rule, a holiday meeting moves to the working day before", async () => {
    await w.asAdmin.calendar.createHoliday({ name: 'Another closure', date: '2025-01-21' })
    const previous = await w.asAdmin.loanType.create({
      ...FOLLOWS,
      name: 'Weekly, day before',
      nonWorkingDayRule: 'previous',
    })
    // 21st → Monday 20th; 28th and 29th are holidays → Monday 27th.
    expect((await bookedDates(previous.id)).dates).toEqual([
      '2025-01-14',
      '2025-01-20',
      '2025-01-27',
      '2025-02-04',
    ])
  })

  it('monthly meetings on the last day: month ends, a Saturday moved to Monday (or Friday before)', async () => {
    const monthly = await t.db
      .insertInto('union')
      .values({
        name: 'Month-end traders',
        credit_officer_id: w.coA1.id,
        meeting_frequency: 'MONTHLY_DATE',
        meeting_day_of_month: -1,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const next = await bookedDates(monthlyMeetings, { termCount: 6, unionId: monthly.id })
    // Saturday 31 May 2025 → Monday 2 June.
    expect(next.dates).toEqual([
      '2025-01-31',
      '2025-02-28',
      '2025-03-31',
      '2025-04-30',
      '2025-06-02',
      '2025-06-30',
    ])
    const before = await w.asAdmin.loanType.create({
      ...MONTHLY,
      name: 'Monthly, day before',
      nonWorkingDayRule: 'previous',
    })
    const previous = await bookedDates(before.id, { termCount: 6, unionId: monthly.id })
    expect(previous.dates[4]).toBe('2025-05-30')
    // A monthly loan cannot follow weekly meetings: refused at application, naming both.
    const member = await newMember()
    await expectTRPCError(
      w.asCoA1.loan.create({
        memberId: member.id,
        loanTypeId: monthlyMeetings,
        principal: 10_000_000,
        termCount: 3,
        startDate: w.clock.today,
        purpose: 'Stock',
        guarantorIds: [],
      }),
      'BAD_REQUEST',
      /MONTH.*every week \(WEEKLY\)/,
    )
  })

  it("changing the union's meeting day moves new loans only", async () => {
    const before = await bookedDates(weeklyMeetings)
    await w.asAdmin.union.update({ id: w.unionA.id, meetingDay: 'THURSDAY', meetingFrequency: 'WEEKLY' })
    const stored = await t.db
      .selectFrom('loan_installment')
      .select('due_date')
      .where('loan_id', '=', before.id)
      .orderBy('sequence')
      .execute()
    expect(stored.map((r) => r.due_date)).toEqual(before.dates)
    // Thursday 9 is within the gap; the 16th is the first Thursday meeting after it.
    expect((await bookedDates(weeklyMeetings)).dates[0]).toBe('2025-01-16')
    await w.asAdmin.union.update({ id: w.unionA.id, meetingDay: 'TUESDAY', meetingFrequency: 'WEEKLY' })
  })
})

describe('the collection sheet and the due list open on the next meeting', () => {
  it('without a date, the sheet is for the next meeting; a given date is kept', async () => {
    const sheet = await w.asCoA1.collectionSheet.get({ unionId: w.unionA.id })
    expect(sheet).toMatchObject({ date: '2025-01-07', nextMeeting: '2025-01-07', isNextMeeting: true })
    const given = await w.asCoA1.collectionSheet.get({ unionId: w.unionA.id, date: '2025-01-06' })
    expect(given).toMatchObject({ date: '2025-01-06', isNextMeeting: false })
    // A union without a meeting day opens on today.
    const plain = await w.asCoB1.collectionSheet.get({ unionId: w.unionB.id })
    expect(plain).toMatchObject({ date: '2025-01-06', nextMeeting: null, isNextMeeting: false })
  })

  it('the due list for one union defaults to its next meeting; for everyone, to today', async () => {
    w.clock.today = '2025-01-10'
    const union = await w.asCoA1.loan.dueList({ unionId: w.unionA.id })
    expect(union).toMatchObject({ from: '2025-01-14', to: '2025-01-14', nextMeeting: '2025-01-14' })
    expect(union.items.length).toBeGreaterThan(0)
    expect(union.items.every((i) => i.installments.every((x) => x.dueDate === '2025-01-14'))).toBe(true)
    const summary = await w.asCoA1.loan.dueListSummary({ unionId: w.unionA.id })
    expect(summary).toMatchObject({ from: '2025-01-14', count: union.items.length })
    expect(await w.asCoA1.loan.dueList({})).toMatchObject({ from: '2025-01-10', nextMeeting: null })
    w.clock.today = '2025-01-06'
  })
})
