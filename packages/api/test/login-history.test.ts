import type { Database, Kysely, StaffUser } from '@mp/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  addAdminAndSupervisors,
  addStaff,
  expectTRPCError,
  openTestDatabase,
  signInAs,
} from './staff-fixtures.js'

let db: Kysely<Database>
let close: () => Promise<void>
let admin: StaffUser
let supA: StaffUser
let coA1: StaffUser
let coB1: StaffUser
type Caller = Awaited<ReturnType<typeof signInAs>>['caller']
let asAdmin: Caller
let asSupA: Caller
let asCoA1: Caller

beforeAll(async () => {
  ;({ db, close } = await openTestDatabase())
  let supB: StaffUser
  ;({ admin, supA, supB } = await addAdminAndSupervisors(db))
  coA1 = await addStaff(db, {
    email: 'chidi@example.com',
    role: 'CREDIT_OFFICER',
    firstName: 'Chidi',
    lastName: 'Obi',
    supervisorId: supA.id,
  })
  coB1 = await addStaff(db, { email: 'emeka@example.com', role: 'CREDIT_OFFICER', supervisorId: supB.id })
  // Attempts around the edges of 10 March in Lagos (UTC+1): the day runs 09T23:00Z–10T23:00Z.
  const attempt = (user: StaffUser | null, email: string, isSuccess: boolean, at: string) => ({
    user_id: user?.id ?? null,
    email,
    is_success: isSuccess,
    failure_reason: isSuccess ? null : user ? 'WRONG_PASSWORD' : 'UNKNOWN_EMAIL',
    ip: '10.0.0.9',
    user_agent: 'Mozilla/5.0',
    created_at: at,
  })
  await db
    .insertInto('login_history')
    .values([
      attempt(admin, 'admin@example.com', true, '2026-03-09T22:30:00Z'), // 9 March, 23:30 in Lagos
      attempt(coA1, 'chidi@example.com', true, '2026-03-09T23:30:00Z'), // 10 March, 00:30 in Lagos
      attempt(supA, 'sade@example.com', true, '2026-03-10T10:00:00Z'),
      attempt(null, 'stranger@example.com', false, '2026-03-10T12:00:00Z'),
      attempt(coA1, 'chidi@example.com', false, '2026-03-10T22:30:00Z'), // 10 March, 23:30 in Lagos
      attempt(coB1, 'emeka@example.com', true, '2026-03-10T23:30:00Z'), // 11 March, 00:30 in Lagos
    ])
    .execute()
  asAdmin = (await signInAs(db, admin)).caller
  asSupA = (await signInAs(db, supA)).caller
  asCoA1 = (await signInAs(db, coA1)).caller
})
afterAll(async () => {
  await close()
})

const emails = (page: { items: { email: string }[] }) => page.items.map((item) => item.email)

describe('loginHistory.list', () => {
  it('shows an admin every attempt newest first, unknown emails included', async () => {
    const page = await asAdmin.loginHistory.list({})
    expect(page.total).toBe(6)
    expect(emails(page)).toEqual([
      'emeka@example.com',
      'chidi@example.com',
      'stranger@example.com',
      'sade@example.com',
      'chidi@example.com',
      'admin@example.com',
    ])
    expect(page.items[2]).toMatchObject({
      userId: null,
      userName: null,
      isSuccess: false,
      failureReason: 'UNKNOWN_EMAIL',
    })
    expect(page.items[1]).toMatchObject({
      userId: coA1.id,
      userName: 'Chidi Obi',
      ip: '10.0.0.9',
      userAgent: 'Mozilla/5.0',
    })
    expect(page.items[0]?.createdAt).toBeInstanceOf(Date)
  })

  it('shows a supervisor their own and their team’s attempts, and an officer only their own', async () => {
    const team = await asSupA.loginHistory.list({})
    expect(emails(team)).toEqual(['chidi@example.com', 'sade@example.com', 'chidi@example.com'])
    expect(team.total).toBe(3)
    expect(emails(await asCoA1.loginHistory.list({}))).toEqual(['chidi@example.com', 'chidi@example.com'])
    // Asking for someone outside the scope gives nothing, not their data.
    expect(await asSupA.loginHistory.list({ userId: coB1.id })).toMatchObject({ items: [], total: 0 })
    expect((await asSupA.loginHistory.list({ email: 'stranger' })).total).toBe(0)
  })

  it('reads from/to as whole days in the company timezone', async () => {
    const day = await asAdmin.loginHistory.list({ from: '2026-03-10', to: '2026-03-10' })
    expect(emails(day)).toEqual([
      'chidi@example.com',
      'stranger@example.com',
      'sade@example.com',
      'chidi@example.com',
    ])
    expect(emails(await asAdmin.loginHistory.list({ to: '2026-03-09' }))).toEqual(['admin@example.com'])
    expect(emails(await asAdmin.loginHistory.list({ from: '2026-03-11' }))).toEqual(['emeka@example.com'])

    // The timezone comes from company settings, not from the server.
    await db.updateTable('company_settings').set({ timezone: 'UTC' }).execute()
    try {
      const utcDay = await asAdmin.loginHistory.list({ from: '2026-03-10', to: '2026-03-10' })
      expect(emails(utcDay)).toEqual([
        'emeka@example.com',
        'chidi@example.com',
        'stranger@example.com',
        'sade@example.com',
      ])
    } finally {
      await db.updateTable('company_settings').set({ timezone: 'Africa/Lagos' }).execute()
    }
  })

  it('filters by outcome, user and email, and paginates', async () => {
    const failures = await asAdmin.loginHistory.list({ isSuccess: false })
    expect(failures.items.map((item) => item.failureReason)).toEqual(['WRONG_PASSWORD', 'UNKNOWN_EMAIL'])
    expect((await asAdmin.loginHistory.list({ userId: coA1.id })).total).toBe(2)
    expect(emails(await asAdmin.loginHistory.list({ email: 'STRANGER' }))).toEqual(['stranger@example.com'])
    expect((await asAdmin.loginHistory.list({ email: '%' })).total).toBe(0)
    const second = await asAdmin.loginHistory.list({ page: 2, pageSize: 4 })
    expect(second).toMatchObject({ total: 6, page: 2, pageSize: 4 })
    expect(emails(second)).toEqual(['chidi@example.com', 'admin@example.com'])
  })

  it('names the field for bad dates', async () => {
    await expectTRPCError(
      asAdmin.loginHistory.list({ from: '2026-02-30' }),
      'BAD_REQUEST',
      /From date must be a date in YYYY-MM-DD format/,
    )
    await expectTRPCError(
      asAdmin.loginHistory.list({ from: '2026-03-11', to: '2026-03-10' }),
      'BAD_REQUEST',
      /To date must be on or after the from date/,
    )
  })
})
