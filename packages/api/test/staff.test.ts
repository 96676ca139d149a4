import { validateSessionToken } from '@mp/auth'
import { sql, type Database, type Kysely, type StaffUser } from '@mp/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCaller, createInnerContext } from '../src/index.js'
import { normaliseNigerianPhone } from '../src/services/staff.js'
import {
  PASSWORD,
  addAdminAndSupervisors,
  addStaff,
  anonymousCaller,
  expectTRPCError,
  openTestDatabase,
  signInAs,
} from './staff-fixtures.js'

let db: Kysely<Database>
let close: () => Promise<void>
let admin: StaffUser
let supA: StaffUser
let supB: StaffUser
let coA1: StaffUser
let coB1: StaffUser
let asAdmin: Awaited<ReturnType<typeof signInAs>>['caller']
let asSupA: Awaited<ReturnType<typeof signInAs>>['caller']
let asSupB: Awaited<ReturnType<typeof signInAs>>['caller']
let asCoA1: Awaited<ReturnType<typeof signInAs>>['caller']

beforeAll(async () => {
  ;({ db, close } = await openTestDatabase())
  ;({ admin, supA, supB } = await addAdminAndSupervisors(db))
  coA1 = await addStaff(db, {
    email: 'chidi@example.com',
    role: 'CREDIT_OFFICER',
    firstName: 'Chidi',
    lastName: 'Obi',
    phone: '+2348031234567',
    supervisorId: supA.id,
  })
  await addStaff(db, {
    email: 'funke_100%@example.com',
    role: 'CREDIT_OFFICER',
    firstName: 'Funke',
    lastName: 'Lawal',
    supervisorId: supA.id,
  })
  coB1 = await addStaff(db, {
    email: 'emeka@example.com',
    role: 'CREDIT_OFFICER',
    firstName: 'Emeka',
    lastName: 'Nwosu',
    supervisorId: supB.id,
  })
  asAdmin = (await signInAs(db, admin)).caller
  asSupA = (await signInAs(db, supA)).caller
  asSupB = (await signInAs(db, supB)).caller
  asCoA1 = (await signInAs(db, coA1)).caller
})
afterAll(async () => {
  await close()
})

const auditRows = (action: string, entityId?: string) => {
  let query = db.selectFrom('audit_log').selectAll().where('action', '=', action)
  if (entityId) query = query.where('entity_id', '=', entityId)
  return query.execute()
}

describe('normaliseNigerianPhone', () => {
  it.each([
    ['08031234567', '+2348031234567'],
    ['0803 123 4567', '+2348031234567'],
    ['+2348031234567', '+2348031234567'],
    ['2348031234567', '+2348031234567'],
    ['+234 (0) 803-123-4567', '+2348031234567'],
    ['07012345678', '+2347012345678'],
  ])('stores %s as %s', (raw, stored) => {
    expect(normaliseNigerianPhone(raw)).toBe(stored)
  })

  it.each(['0803123456', '080312345678', '8031234567', '+14155550100', '00803123456', 'phone'])(
    'refuses %s',
    (raw) => {
      expect(normaliseNigerianPhone(raw)).toBeUndefined()
    },
  )
})

describe('staff.list', () => {
  it('shows an admin everyone, with supervisor names and sign-in figures', async () => {
    const page = await asAdmin.staff.list({})
    expect(page.total).toBe(6)
    expect(page).toMatchObject({ page: 1, pageSize: 20 })
    const chidi = page.items.find((item) => item.email === 'chidi@example.com')
    expect(chidi).toMatchObject({
      firstName: 'Chidi',
      phone: '+2348031234567',
      role: 'CREDIT_OFFICER',
      supervisorId: supA.id,
      supervisorName: 'Sade Adeyemi',
      isActive: true,
      loginCount: 0,
      lastLoginAt: null,
      isLocked: false,
    })
    expect(chidi?.createdAt).toBeInstanceOf(Date)
    // Sorted by last name by default.
    expect(page.items.map((item) => item.lastName)).toEqual([
      'Adeyemi',
      'Eze',
      'Lawal',
      'Nwosu',
      'Obi',
      'Okoro',
    ])
  })

  it('shows a supervisor only themselves and their own officers, and search stays inside that scope', async () => {
    const page = await asSupA.staff.list({})
    expect(page.items.map((item) => item.email).sort()).toEqual([
      'chidi@example.com',
      'funke_100%@example.com',
      'sade@example.com',
    ])
    expect(page.total).toBe(3)
    // Search is applied together with the scope (old bug: the scope overwrote the search).
    expect((await asSupA.staff.list({ search: 'emeka' })).total).toBe(0)
    expect((await asSupA.staff.list({ search: 'chidi obi' })).items.map((item) => item.id)).toEqual([coA1.id])
  })

  it('finds by phone in any written form, and takes % and _ literally', async () => {
    expect((await asAdmin.staff.list({ search: '0803 123' })).items.map((item) => item.id)).toEqual([coA1.id])
    expect((await asAdmin.staff.list({ search: '100%' })).items.map((item) => item.firstName)).toEqual([
      'Funke',
    ])
    expect((await asAdmin.staff.list({ search: '_' })).items.map((item) => item.firstName)).toEqual(['Funke'])
    expect((await asAdmin.staff.list({ search: '%' })).total).toBe(1)
  })

  it('filters, sorts and paginates on the server', async () => {
    const officers = await asAdmin.staff.list({ role: 'CREDIT_OFFICER', sort: 'email', direction: 'desc' })
    expect(officers.items.map((item) => item.email)).toEqual([
      'funke_100%@example.com',
      'emeka@example.com',
      'chidi@example.com',
    ])
    const team = await asAdmin.staff.list({ supervisorId: supB.id })
    expect(team.items.map((item) => item.id)).toEqual([coB1.id])
    const second = await asAdmin.staff.list({ page: 2, pageSize: 4 })
    expect(second).toMatchObject({ total: 6, page: 2, pageSize: 4 })
    expect(second.items).toHaveLength(2)
  })

  it('names the field and limit for bad paging input', async () => {
    const error = await expectTRPCError(asAdmin.staff.list({ pageSize: 101 }), 'BAD_REQUEST')
    expect(error.message).toMatch(/Page size must be at most 100/)
    await expectTRPCError(asAdmin.staff.list({ page: 0 }), 'BAD_REQUEST', /Page must be at least 1/)
  })

  it('refuses credit officers and anonymous callers', async () => {
    await expectTRPCError(asCoA1.staff.list({}), 'FORBIDDEN')
    await expectTRPCError(anonymousCaller(db).staff.list({}), 'UNAUTHORIZED')
  })
})

describe('staff.get', () => {
  it('gives a supervisor their own officer and NOT_FOUND for another team', async () => {
    expect(await asSupA.staff.get({ id: coA1.id })).toMatchObject({
      id: coA1.id,
      supervisorName: 'Sade Adeyemi',
    })
    await expectTRPCError(asSupA.staff.get({ id: coB1.id }), 'NOT_FOUND', /Staff member not found/)
    await expectTRPCError(asSupA.staff.get({ id: admin.id }), 'NOT_FOUND')
    await expectTRPCError(asAdmin.staff.get({ id: crypto.randomUUID() }), 'NOT_FOUND')
    await expectTRPCError(asAdmin.staff.get({ id: 'nope' }), 'BAD_REQUEST', /Staff id must be a valid id/)
  })
})

describe('staff.create', () => {
  it('creates a user with a one-time password that works once and must be changed', async () => {
    const created = await asAdmin.staff.create({
      email: '  New.Super@Example.COM ',
      firstName: ' Ngozi ',
      lastName: 'Ade',
      phone: '0803 555 0000',
      role: 'SUPERVISOR',
    })
    expect(created.user).toMatchObject({
      email: 'new.super@example.com',
      firstName: 'Ngozi',
      phone: '+2348035550000',
      role: 'SUPERVISOR',
      supervisorId: null,
      mustChangePassword: true,
    })
    expect(created.oneTimePassword).toMatch(/^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/)

    const signedIn = await anonymousCaller(db).auth.signIn({
      email: 'new.super@example.com',
      password: created.oneTimePassword,
      rememberMe: false,
    })
    expect(signedIn.mustChangePassword).toBe(true)

    // Audited, without the password in any form.
    const [entry] = await auditRows('STAFF_CREATE', created.user.id)
    expect(entry?.actor_id).toBe(admin.id)
    expect(entry?.after).toMatchObject({ email: 'new.super@example.com', role: 'SUPERVISOR' })
    expect(JSON.stringify(entry)).not.toContain(created.oneTimePassword)
    const row = await db
      .selectFrom('staff_user')
      .select('password_hash')
      .where('id', '=', created.user.id)
      .executeTakeFirstOrThrow()
    expect(row.password_hash).not.toContain(created.oneTimePassword)
  })

  it('refuses a duplicate email whatever its case', async () => {
    await expectTRPCError(
      asAdmin.staff.create({
        email: 'CHIDI@example.com',
        firstName: 'X',
        lastName: 'Y',
        role: 'CREDIT_OFFICER',
      }),
      'CONFLICT',
      /^A staff member with this email already exists$/,
    )
  })

  it('refuses a phone that is not Nigerian, naming the field', async () => {
    const error = await expectTRPCError(
      asAdmin.staff.create({
        email: 'phone@example.com',
        firstName: 'P',
        lastName: 'Q',
        phone: '12345',
        role: 'CREDIT_OFFICER',
      }),
      'BAD_REQUEST',
    )
    expect(error.message).toMatch(/Phone must be a Nigerian number/)
  })

  it('names each missing or too long field', async () => {
    const error = await expectTRPCError(
      asAdmin.staff.create({
        email: 'bad',
        firstName: ' ',
        lastName: 'x'.repeat(101),
        role: 'CREDIT_OFFICER',
      }),
      'BAD_REQUEST',
    )
    expect(error.message).toMatch(/Enter a valid email address/)
    expect(error.message).toMatch(/First name is required/)
    expect(error.message).toMatch(/Last name must be at most 100 characters/)
  })

  it('lets a supervisor create only credit officers, always under themselves', async () => {
    const created = await asSupA.staff.create({
      email: 'team.member@example.com',
      firstName: 'Kemi',
      lastName: 'Bakare',
      role: 'CREDIT_OFFICER',
      supervisorId: supB.id,
    })
    expect(created.user.supervisorId).toBe(supA.id)
    await expectTRPCError(
      asSupA.staff.create({ email: 'boss@example.com', firstName: 'B', lastName: 'C', role: 'ADMIN' }),
      'FORBIDDEN',
      /Supervisors can only create credit officers/,
    )
    await expectTRPCError(
      asSupA.staff.create({ email: 'peer@example.com', firstName: 'B', lastName: 'C', role: 'SUPERVISOR' }),
      'FORBIDDEN',
    )
    expect(
      await db
        .selectFrom('staff_user')
        .select('id')
        .where('email', 'in', ['boss@example.com', 'peer@example.com'])
        .execute(),
    ).toEqual([])
  })

  it('allows a supervisor only for credit officers, and only an active supervisor', async () => {
    await expectTRPCError(
      asAdmin.staff.create({
        email: 's2@example.com',
        firstName: 'S',
        lastName: 'T',
        role: 'SUPERVISOR',
        supervisorId: supA.id,
      }),
      'BAD_REQUEST',
      /Only credit officers have a supervisor/,
    )
    await expectTRPCError(
      asAdmin.staff.create({
        email: 'c2@example.com',
        firstName: 'C',
        lastName: 'D',
        role: 'CREDIT_OFFICER',
        supervisorId: coA1.id,
      }),
      'BAD_REQUEST',
      /active supervisor/,
    )
    const created = await asAdmin.staff.create({
      email: 'c3@example.com',
      firstName: 'C',
      lastName: 'D',
      role: 'CREDIT_OFFICER',
      supervisorId: supB.id,
    })
    expect(created.user).toMatchObject({ supervisorId: supB.id, supervisorName: 'Bola Okoro', phone: null })
  })

  it('refuses credit officers', async () => {
    await expectTRPCError(
      asCoA1.staff.create({ email: 'x@example.com', firstName: 'X', lastName: 'Y', role: 'CREDIT_OFFICER' }),
      'FORBIDDEN',
    )
  })
})

describe('staff.update', () => {
  it('lets a supervisor fix names and phone of their own officer, audited with before and after', async () => {
    const officer = await addStaff(db, {
      email: 'tola@example.com',
      role: 'CREDIT_OFFICER',
      firstName: 'Tola',
      supervisorId: supA.id,
    })
    const updated = await asSupA.staff.update({
      id: officer.id,
      firstName: 'Tolani',
      phone: '+234 809 000 1111',
    })
    expect(updated).toMatchObject({ firstName: 'Tolani', phone: '+2348090001111' })
    const [entry] = await auditRows('STAFF_UPDATE', officer.id)
    expect(entry?.before).toMatchObject({ firstName: 'Tola', phone: null })
    expect(entry?.after).toMatchObject({ firstName: 'Tolani', phone: '+2348090001111' })
    // Clearing the phone with an empty string or null.
    expect((await asSupA.staff.update({ id: officer.id, phone: '' })).phone).toBeNull()
  })

  it('keeps email and role for admins, and other teams out of reach', async () => {
    await expectTRPCError(
      asSupA.staff.update({ id: coA1.id, role: 'SUPERVISOR' }),
      'FORBIDDEN',
      /Only an administrator/,
    )
    await expectTRPCError(asSupA.staff.update({ id: coA1.id, email: 'other@example.com' }), 'FORBIDDEN')
    // Sending the unchanged value (a whole form) is fine.
    await expect(
      asSupA.staff.update({ id: coA1.id, email: 'chidi@example.com', role: 'CREDIT_OFFICER' }),
    ).resolves.toMatchObject({ id: coA1.id })
    await expectTRPCError(asSupA.staff.update({ id: coB1.id, firstName: 'Hacked' }), 'NOT_FOUND')
    await expectTRPCError(asSupA.staff.update({ id: admin.id, firstName: 'Hacked' }), 'NOT_FOUND')
    const untouched = await db
      .selectFrom('staff_user')
      .select('first_name')
      .where('id', 'in', [coB1.id, admin.id])
      .execute()
    expect(untouched.map((row) => row.first_name).sort()).toEqual(['Amaka', 'Emeka'])
  })

  it('refuses to demote a supervisor who still has officers, saying how many', async () => {
    await expectTRPCError(
      asAdmin.staff.update({ id: supB.id, role: 'CREDIT_OFFICER' }),
      'CONFLICT',
      /still has 2 credit officers\. Reassign them/,
    )
  })

  it('clears the supervisor when an officer is promoted, and refuses a taken email', async () => {
    const officer = await addStaff(db, {
      email: 'rising@example.com',
      role: 'CREDIT_OFFICER',
      supervisorId: supB.id,
    })
    const promoted = await asAdmin.staff.update({ id: officer.id, role: 'SUPERVISOR' })
    expect(promoted).toMatchObject({ role: 'SUPERVISOR', supervisorId: null, supervisorName: null })
    await expectTRPCError(
      asAdmin.staff.update({ id: officer.id, email: 'Sade@Example.com' }),
      'CONFLICT',
      /already exists/,
    )
  })

  it('never demotes the last active admin', async () => {
    await expectTRPCError(
      asAdmin.staff.update({ id: admin.id, role: 'SUPERVISOR' }),
      'CONFLICT',
      /last active administrator/,
    )
  })
})

describe('staff.setActive', () => {
  it('deactivates, signing the user out everywhere at once, and reactivates', async () => {
    const officer = await addStaff(db, {
      email: 'leaver@example.com',
      role: 'CREDIT_OFFICER',
      supervisorId: supA.id,
    })
    const { token } = await signInAs(db, officer)
    const { token: second } = await signInAs(db, officer)

    const result = await asSupA.staff.setActive({
      id: officer.id,
      isActive: false,
      reason: 'Left the company',
    })
    expect(result.isActive).toBe(false)
    expect(await validateSessionToken(db, token)).toBeUndefined()
    expect(await validateSessionToken(db, second)).toBeUndefined()
    const [entry] = await auditRows('STAFF_DEACTIVATE', officer.id)
    expect(entry?.after).toEqual({ isActive: false, reason: 'Left the company' })
    await expectTRPCError(
      anonymousCaller(db).auth.signIn({ email: 'leaver@example.com', password: PASSWORD, rememberMe: false }),
      'FORBIDDEN',
      /deactivated/,
    )

    expect((await asAdmin.staff.setActive({ id: officer.id, isActive: true })).isActive).toBe(true)
    expect(await auditRows('STAFF_ACTIVATE', officer.id)).toHaveLength(1)
  })

  it('requires a reason to deactivate', async () => {
    const error = await expectTRPCError(
      asAdmin.staff.setActive({ id: coB1.id, isActive: false }),
      'BAD_REQUEST',
    )
    expect(error.message).toMatch(/reason of at least 3 characters/)
    await expectTRPCError(
      asAdmin.staff.setActive({ id: coB1.id, isActive: false, reason: 'x'.repeat(501) }),
      'BAD_REQUEST',
      /Reason must be at most 500 characters/,
    )
  })

  it('refuses self-deactivation and other teams', async () => {
    await expectTRPCError(
      asAdmin.staff.setActive({ id: admin.id, isActive: false, reason: 'testing' }),
      'CONFLICT',
      /cannot deactivate your own account/,
    )
    await expectTRPCError(
      asSupA.staff.setActive({ id: supA.id, isActive: false, reason: 'testing' }),
      'CONFLICT',
    )
    await expectTRPCError(
      asSupA.staff.setActive({ id: coB1.id, isActive: false, reason: 'not mine' }),
      'NOT_FOUND',
    )
    await expectTRPCError(
      asSupA.staff.setActive({ id: supB.id, isActive: false, reason: 'rival' }),
      'NOT_FOUND',
    )
    await expectTRPCError(asCoA1.staff.setActive({ id: coA1.id, isActive: false, reason: 'me' }), 'FORBIDDEN')
  })

  it('never deactivates the last active admin', async () => {
    // An admin signed in on a stale session after their own account went inactive (a race).
    const ghost = await addStaff(db, { email: 'ghost@example.com', role: 'ADMIN', isActive: false })
    const ctx = createInnerContext({
      db,
      session: (await signInAs(db, admin)).ctx.session,
      user: {
        id: ghost.id,
        email: ghost.email,
        first_name: 'G',
        last_name: 'H',
        phone: null,
        role: 'ADMIN',
        supervisor_id: null,
        must_change_password: false,
        is_active: true,
        last_activity_at: null,
      },
    })
    await expectTRPCError(
      createCaller(ctx).staff.setActive({ id: admin.id, isActive: false, reason: 'take over' }),
      'CONFLICT',
      /last active administrator/,
    )
  })

  it('leaves nothing half-written when the audit entry cannot be recorded', async () => {
    const officer = await addStaff(db, {
      email: 'atomic@example.com',
      role: 'CREDIT_OFFICER',
      supervisorId: supA.id,
    })
    const { token } = await signInAs(db, officer)
    await sql`create function fail_audit() returns trigger language plpgsql as $$ begin raise exception 'audit down'; end $$`.execute(
      db,
    )
    await sql`create trigger fail_audit before insert on audit_log for each row execute function fail_audit()`.execute(
      db,
    )
    try {
      await expectTRPCError(
        asAdmin.staff.setActive({ id: officer.id, isActive: false, reason: 'audit test' }),
        'INTERNAL_SERVER_ERROR',
      )
    } finally {
      await sql`drop trigger fail_audit on audit_log`.execute(db)
      await sql`drop function fail_audit()`.execute(db)
    }
    const row = await db
      .selectFrom('staff_user')
      .select('is_active')
      .where('id', '=', officer.id)
      .executeTakeFirstOrThrow()
    expect(row.is_active).toBe(true)
    expect(await validateSessionToken(db, token)).toBeDefined()
    expect(await auditRows('STAFF_DEACTIVATE', officer.id)).toEqual([])
  })
})

describe('staff.assignSupervisor', () => {
  it('moves an officer to another team, taking effect on the next request', async () => {
    const officer = await addStaff(db, {
      email: 'mover@example.com',
      role: 'CREDIT_OFFICER',
      supervisorId: supA.id,
    })
    await expect(asSupA.staff.get({ id: officer.id })).resolves.toMatchObject({ id: officer.id })
    const moved = await asAdmin.staff.assignSupervisor({ id: officer.id, supervisorId: supB.id })
    expect(moved).toMatchObject({ supervisorId: supB.id, supervisorName: 'Bola Okoro' })
    await expectTRPCError(asSupA.staff.get({ id: officer.id }), 'NOT_FOUND')
    await expect(asSupB.staff.get({ id: officer.id })).resolves.toMatchObject({ id: officer.id })
    const [entry] = await auditRows('STAFF_ASSIGN_SUPERVISOR', officer.id)
    expect(entry?.before).toMatchObject({ supervisorId: supA.id })
    expect(entry?.after).toMatchObject({ supervisorId: supB.id })
    expect(
      (await asAdmin.staff.assignSupervisor({ id: officer.id, supervisorId: null })).supervisorId,
    ).toBeNull()
  })

  it('accepts only credit officers and active supervisors, and only from admins', async () => {
    await expectTRPCError(
      asAdmin.staff.assignSupervisor({ id: supA.id, supervisorId: supB.id }),
      'BAD_REQUEST',
      /Only credit officers/,
    )
    await expectTRPCError(
      asAdmin.staff.assignSupervisor({ id: coA1.id, supervisorId: coB1.id }),
      'BAD_REQUEST',
      /active supervisor/,
    )
    await expectTRPCError(asSupA.staff.assignSupervisor({ id: coA1.id, supervisorId: supA.id }), 'FORBIDDEN')
  })
})

describe('staff.resetPassword', () => {
  it('replaces the password with a one-time one, unlocks, and signs the user out', async () => {
    const officer = await addStaff(db, {
      email: 'forgetful@example.com',
      role: 'CREDIT_OFFICER',
      supervisorId: supA.id,
    })
    await db
      .updateTable('staff_user')
      .set({ locked_until: new Date(Date.now() + 10 * 60_000), failed_login_count: 5 })
      .where('id', '=', officer.id)
      .execute()
    expect((await asSupA.staff.get({ id: officer.id })).isLocked).toBe(true)
    const { token } = await signInAs(db, officer)

    const { oneTimePassword } = await asSupA.staff.resetPassword({ id: officer.id })
    expect(await validateSessionToken(db, token)).toBeUndefined()
    const row = await db
      .selectFrom('staff_user')
      .selectAll()
      .where('id', '=', officer.id)
      .executeTakeFirstOrThrow()
    expect(row).toMatchObject({ locked_until: null, failed_login_count: 0, must_change_password: true })

    await expectTRPCError(
      anonymousCaller(db).auth.signIn({
        email: 'forgetful@example.com',
        password: PASSWORD,
        rememberMe: false,
      }),
      'UNAUTHORIZED',
    )
    const signedIn = await anonymousCaller(db).auth.signIn({
      email: 'forgetful@example.com',
      password: oneTimePassword,
      rememberMe: false,
    })
    expect(signedIn.mustChangePassword).toBe(true)
    const [entry] = await auditRows('STAFF_RESET_PASSWORD', officer.id)
    expect(JSON.stringify(entry)).not.toContain(oneTimePassword)
  })

  it('is limited to the supervisor’s own officers and never one’s own account', async () => {
    await expectTRPCError(asSupA.staff.resetPassword({ id: coB1.id }), 'NOT_FOUND')
    await expectTRPCError(asSupA.staff.resetPassword({ id: supA.id }), 'BAD_REQUEST', /your own password/)
    await expectTRPCError(asCoA1.staff.resetPassword({ id: coA1.id }), 'FORBIDDEN')
  })
})

describe('staff.revokeSessions', () => {
  it('signs a user out everywhere (admin only)', async () => {
    const officer = await addStaff(db, {
      email: 'roamer@example.com',
      role: 'CREDIT_OFFICER',
      supervisorId: supB.id,
    })
    await signInAs(db, officer)
    await signInAs(db, officer)
    expect(await asAdmin.staff.revokeSessions({ id: officer.id })).toEqual({ revoked: 2 })
    expect(await auditRows('STAFF_REVOKE_SESSIONS', officer.id)).toHaveLength(1)
    await expectTRPCError(asSupB.staff.revokeSessions({ id: officer.id }), 'FORBIDDEN')
  })
})

describe('staff.activity', () => {
  it('sums sign-ins, failures, actions and live sessions', async () => {
    const officer = await addStaff(db, {
      email: 'busy@example.com',
      role: 'CREDIT_OFFICER',
      supervisorId: supA.id,
    })
    const anonymous = anonymousCaller(db)
    await expectTRPCError(
      anonymous.auth.signIn({ email: 'busy@example.com', password: 'wrong-password', rememberMe: false }),
      'UNAUTHORIZED',
    )
    await anonymous.auth.signIn({ email: 'busy@example.com', password: PASSWORD, rememberMe: false })
    const { caller } = await signInAs(db, officer)
    await caller.staffNote.create({ staffId: officer.id, body: 'Met all targets', isPrivate: false })

    const activity = await asSupA.staff.activity({ id: officer.id })
    expect(activity).toMatchObject({
      loginCount: 1,
      failedLoginsLast30Days: 1,
      activeSessions: 2,
      actionsLast30Days: [
        { action: 'LOGIN', count: 1 },
        { action: 'NOTE_CREATE', count: 1 },
      ],
    })
    expect(activity.lastLoginAt).toBeInstanceOf(Date)
    expect(activity.recentLogins.map((login) => [login.isSuccess, login.failureReason])).toEqual([
      [true, null],
      [false, 'WRONG_PASSWORD'],
    ])
    await expectTRPCError(asSupB.staff.activity({ id: officer.id }), 'NOT_FOUND')
  })
})

describe('staff.supervisors', () => {
  it('lists active supervisors for an admin and only themselves for a supervisor', async () => {
    const retired = await addStaff(db, { email: 'retired@example.com', role: 'SUPERVISOR', isActive: false })
    const all = await asAdmin.staff.supervisors()
    expect(all.map((row) => row.name)).toContain('Sade Adeyemi')
    expect(all.map((row) => row.id)).not.toContain(retired.id)
    expect(all.every((row) => row.id !== coA1.id)).toBe(true)
    expect(await asSupA.staff.supervisors()).toEqual([{ id: supA.id, name: 'Sade Adeyemi' }])
  })
})
