import { validateSessionToken, verifyPassword } from '@mp/auth'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { IP_FAILURE_LIMIT } from '../src/services/auth.js'
import {
  TEST_PASSWORD,
  anonymousCaller,
  callerFor,
  insertStaff,
  openTestDb,
  rejection,
  type TestDb,
} from './support/db.js'

let t: TestDb
beforeAll(async () => {
  t = await openTestDb()
})
afterAll(async () => {
  await t.close()
})

describe('one-time passwords and changing a password', () => {
  it('blocks everything but the password change until a one-time password is replaced', async () => {
    const id = await insertStaff(t.db, {
      email: 'new.officer@example.com',
      role: 'CREDIT_OFFICER',
      mustChangePassword: true,
    })
    const { caller } = await callerFor(t.db, id)
    expect(
      await rejection(
        caller.auth
          .sessions()
          .then(() => caller.auth.updateProfile({ firstName: 'A', lastName: 'B', phone: null })),
      ),
    ).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'PASSWORD_CHANGE_REQUIRED',
    })
    // Still allowed: who am I, my settings view, the change itself.
    expect((await caller.auth.me())?.mustChangePassword).toBe(true)
    await expect(caller.settings.get()).resolves.toMatchObject({ name: 'Millennium Potters' })

    expect(
      await rejection(
        caller.auth.changePassword({ currentPassword: 'wrong', newPassword: 'blue-Harmattan-97' }),
      ),
    ).toMatchObject({
      code: 'BAD_REQUEST',
      message: 'Current password is incorrect',
    })
    expect(
      await rejection(caller.auth.changePassword({ currentPassword: TEST_PASSWORD, newPassword: 'short' })),
    ).toMatchObject({
      code: 'BAD_REQUEST',
      message: 'Password must be at least 8 characters',
    })
    expect(
      await rejection(
        caller.auth.changePassword({ currentPassword: TEST_PASSWORD, newPassword: 'Password2026!' }),
      ),
    ).toMatchObject({
      reason: 'TOO_COMMON',
    })
    expect(
      await rejection(
        caller.auth.changePassword({ currentPassword: TEST_PASSWORD, newPassword: 'new.officer-2026' }),
      ),
    ).toMatchObject({ reason: 'CONTAINS_EMAIL' })
  })

  it('changes the password, clears the flag, and signs out every other session', async () => {
    const id = await insertStaff(t.db, {
      email: 'changer@example.com',
      role: 'SUPERVISOR',
      mustChangePassword: true,
    })
    const other = await callerFor(t.db, id)
    const current = await callerFor(t.db, id)
    await expect(
      current.caller.auth.changePassword({
        currentPassword: TEST_PASSWORD,
        newPassword: 'blue-Harmattan-97',
      }),
    ).resolves.toEqual({
      isChanged: true,
    })
    const row = await t.db.selectFrom('staff_user').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    expect(row.must_change_password).toBe(false)
    expect(await verifyPassword(row.password_hash, 'blue-Harmattan-97')).toBe(true)
    expect(await validateSessionToken(t.db, other.token)).toBeUndefined()
    expect(await validateSessionToken(t.db, current.token)).toBeDefined()
    const audit = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'PASSWORD_CHANGE')
      .execute()
    expect(audit).toHaveLength(1)
    expect(JSON.stringify(audit)).not.toContain('blue-Harmattan-97')
  })
})

describe('profile and sessions', () => {
  it('updates my profile with a normalised Nigerian phone and refuses a bad one by name', async () => {
    const id = await insertStaff(t.db, { email: 'profile@example.com', role: 'CREDIT_OFFICER' })
    const { caller } = await callerFor(t.db, id)
    await expect(
      caller.auth.updateProfile({ firstName: ' Chidi ', lastName: 'Okeke', phone: '0803 123 4567' }),
    ).resolves.toMatchObject({
      firstName: 'Chidi',
      phone: '+2348031234567',
    })
    const error = await rejection(
      caller.auth.updateProfile({ firstName: 'Chidi', lastName: '', phone: '12345' }),
    )
    expect(error.code).toBe('BAD_REQUEST')
    expect(error.message).toMatch(/Last name is required/)
    expect(error.message).toMatch(/Phone must be a Nigerian number/)
  })

  it('lists my sessions, revokes one, and cannot touch someone else’s', async () => {
    const me = await insertStaff(t.db, { email: 'sessions@example.com', role: 'CREDIT_OFFICER' })
    const someoneElse = await insertStaff(t.db, { email: 'else@example.com', role: 'CREDIT_OFFICER' })
    const phone = await callerFor(t.db, me)
    const laptop = await callerFor(t.db, me)
    const theirs = await callerFor(t.db, someoneElse)

    const sessions = await laptop.caller.auth.sessions()
    expect(sessions).toHaveLength(2)
    expect(sessions.filter((session) => session.isCurrent)).toHaveLength(1)

    expect(
      await rejection(laptop.caller.auth.revokeSession({ sessionId: theirs.ctx.session?.id ?? '' })),
    ).toMatchObject({ code: 'NOT_FOUND' })
    expect(await validateSessionToken(t.db, theirs.token)).toBeDefined()

    await laptop.caller.auth.revokeSession({ sessionId: phone.ctx.session?.id ?? '' })
    expect(await validateSessionToken(t.db, phone.token)).toBeUndefined()

    await callerFor(t.db, me)
    await expect(laptop.caller.auth.revokeOtherSessions()).resolves.toEqual({ revoked: 1 })
    expect(await laptop.caller.auth.sessions()).toHaveLength(1)
  })
})

describe('per-IP sign-in throttle', () => {
  it('refuses an address after IP_FAILURE_LIMIT failures across any accounts in 15 minutes', async () => {
    // Most of a stuffing run as history (each real attempt costs an argon2id check), the last one live.
    await t.db
      .insertInto('login_history')
      .values(
        Array.from({ length: IP_FAILURE_LIMIT - 1 }, (_, attempt) => ({
          email: `guess${attempt}@example.com`,
          is_success: false,
          failure_reason: 'UNKNOWN_EMAIL',
          ip: '203.0.113.9',
        })),
      )
      .execute()
    await rejection(
      anonymousCaller(t.db, { request: { ip: '203.0.113.9' } }).caller.auth.signIn({
        email: 'last-guess@example.com',
        password: 'nope-nope-1',
        rememberMe: false,
      }),
    )
    await insertStaff(t.db, { email: 'victim@example.com', role: 'CREDIT_OFFICER' })
    const blocked = anonymousCaller(t.db, { request: { ip: '203.0.113.9' } })
    expect(
      await rejection(
        blocked.caller.auth.signIn({
          email: 'victim@example.com',
          password: TEST_PASSWORD,
          rememberMe: false,
        }),
      ),
    ).toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      reason: 'IP_THROTTLED',
    })
    // Another address is unaffected.
    const elsewhere = anonymousCaller(t.db, { request: { ip: '198.51.100.7' } })
    await expect(
      elsewhere.caller.auth.signIn({
        email: 'victim@example.com',
        password: TEST_PASSWORD,
        rememberMe: false,
      }),
    ).resolves.toMatchObject({
      email: 'victim@example.com',
    })
  })
})
