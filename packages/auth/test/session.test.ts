import { createKysely, createPool, type Database, type Kysely } from '@mp/db'
import { createTestDatabase, type TestDatabase } from '@mp/db/testing'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  ABSOLUTE_SESSION_TTL_MS,
  PERSISTENT_SESSION_TTL_MS,
  checkPasswordPolicy,
  createSession,
  hashPassword,
  invalidateUserSessions,
  readCookie,
  serializeSessionCookie,
  sessionIdFromToken,
  validateSessionToken,
  verifyPassword,
} from '../src/index.js'

const DAY = 24 * 60 * 60 * 1000

describe('sessions on real PostgreSQL', () => {
  let database: TestDatabase
  let db: Kysely<Database>
  let userId: string

  beforeAll(async () => {
    database = await createTestDatabase(inject('mpTestDb'))
    db = createKysely(createPool(database.url, { max: 3 }))
    const user = await db
      .insertInto('staff_user')
      .values({
        email: 'ada@example.com',
        first_name: 'Ada',
        last_name: 'Obi',
        role: 'CREDIT_OFFICER',
        password_hash: await hashPassword('a long secret phrase'),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    userId = user.id
  })
  afterAll(async () => {
    await db.destroy()
    await database.drop()
  })

  it('stores only the SHA-256 of the token', async () => {
    const { token, session } = await createSession(db, { userId, isPersistent: true })
    expect(session.id).toBe(sessionIdFromToken(token))
    expect(session.id).not.toContain(token)
    const stored = await db.selectFrom('session').select('id').where('user_id', '=', userId).execute()
    expect(stored.map((row) => row.id)).not.toContain(token)
  })

  it('slides the expiry after half-life, never past the absolute cap, then expires', async () => {
    const start = new Date('2026-01-01T08:00:00Z')
    const { token } = await createSession(db, { userId, isPersistent: true, now: start })

    const early = await validateSessionToken(db, token, new Date(start.getTime() + 1 * DAY))
    expect(early?.isRenewed).toBe(false)
    expect(early?.session.expires_at.getTime()).toBe(start.getTime() + PERSISTENT_SESSION_TTL_MS)

    const late = new Date(start.getTime() + 5 * DAY)
    const renewed = await validateSessionToken(db, token, late)
    expect(renewed?.isRenewed).toBe(true)
    expect(renewed?.session.expires_at.getTime()).toBe(late.getTime() + PERSISTENT_SESSION_TTL_MS)

    // Used every few days, it still ends at the absolute cap.
    let now = late
    for (let i = 0; i < 10; i++) {
      now = new Date(now.getTime() + 4 * DAY)
      const result = await validateSessionToken(db, token, now)
      if (now.getTime() >= start.getTime() + ABSOLUTE_SESSION_TTL_MS) {
        expect(result).toBeUndefined()
        break
      }
      expect(result?.session.expires_at.getTime()).toBeLessThanOrEqual(
        start.getTime() + ABSOLUTE_SESSION_TTL_MS,
      )
    }
    expect(await validateSessionToken(db, token, now)).toBeUndefined()
  })

  it('rejects unknown and malformed tokens, and sessions of deactivated users', async () => {
    expect(await validateSessionToken(db, 'a'.repeat(32))).toBeUndefined()
    expect(await validateSessionToken(db, "' or 1=1 --")).toBeUndefined()
    const { token } = await createSession(db, { userId, isPersistent: false })
    expect((await validateSessionToken(db, token))?.user.email).toBe('ada@example.com')
    await db.updateTable('staff_user').set({ is_active: false }).where('id', '=', userId).execute()
    expect(await validateSessionToken(db, token)).toBeUndefined()
    await db.updateTable('staff_user').set({ is_active: true }).where('id', '=', userId).execute()
  })

  it('revokes every session of a user', async () => {
    const a = await createSession(db, { userId, isPersistent: true })
    const b = await createSession(db, { userId, isPersistent: true })
    await invalidateUserSessions(db, userId, { exceptSessionId: a.session.id })
    expect(await validateSessionToken(db, a.token)).toBeDefined()
    expect(await validateSessionToken(db, b.token)).toBeUndefined()
  })
})

describe('cookies', () => {
  it('sets HttpOnly and SameSite=Lax always, Secure in production, Max-Age only when remembered', () => {
    const expires = new Date(Date.now() + DAY)
    const remembered = serializeSessionCookie(
      'tok',
      { expires_at: expires, is_persistent: true },
      { isSecure: true },
    )
    expect(remembered).toMatch(/HttpOnly/)
    expect(remembered).toMatch(/SameSite=Lax/)
    expect(remembered).toMatch(/Secure/)
    expect(remembered).toMatch(/Max-Age=\d+/)
    const browserOnly = serializeSessionCookie(
      'tok',
      { expires_at: expires, is_persistent: false },
      { isSecure: false },
    )
    expect(browserOnly).not.toMatch(/Max-Age|Expires|Secure/)
    expect(readCookie('a=1; mp_session=tok; b=2')).toBe('tok')
    expect(readCookie('a=1')).toBeUndefined()
  })
})

describe('passwords', () => {
  it('hashes with argon2id and verifies', async () => {
    const hash = await hashPassword('correct horse battery')
    expect(hash.startsWith('$argon2id$')).toBe(true)
    expect(await verifyPassword(hash, 'correct horse battery')).toBe(true)
    expect(await verifyPassword(hash, 'wrong horse battery')).toBe(false)
    expect(await verifyPassword('not a hash', 'x')).toBe(false)
  })

  it('enforces the policy with a message naming the limit', () => {
    expect(checkPasswordPolicy('short')?.message).toBe('Password must be at least 8 characters')
    expect(checkPasswordPolicy('password123')?.code).toBe('TOO_COMMON')
    expect(checkPasswordPolicy('adaobi-2026!', { email: 'adaobi@example.com' })?.code).toBe('CONTAINS_EMAIL')
    expect(checkPasswordPolicy('tangerine-kite-42')).toBeUndefined()
  })
})

describe('common passwords', () => {
  it.each([
    'Password2026!',
    'P@ssw0rd',
    'Lagos@123',
    'qwertyuiop',
    'aaaaaaaa',
    'abcdefgh',
    '98765432',
    'Millennium1',
    'iloveyou',
  ])('refuses %s', (password) => {
    expect(checkPasswordPolicy(password)?.code).toBe('TOO_COMMON')
  })
  it.each(['tangerine-kite-42', 'Okra soup on Sunday', 'blue-Harmattan-97'])('accepts %s', (password) => {
    expect(checkPasswordPolicy(password)).toBeUndefined()
  })
})
