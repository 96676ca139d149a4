import { hashPassword, readCookie, validateSessionToken } from '@mp/auth'
import { createKysely, createPool, type Database, type Kysely } from '@mp/db'
import { createTestDatabase, type TestDatabase } from '@mp/db/testing'
import { TRPCError } from '@trpc/server'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createCaller, createInnerContext } from '../src/index.js'

let database: TestDatabase
let db: Kysely<Database>
const PASSWORD = 'tangerine-kite-42'

beforeAll(async () => {
  database = await createTestDatabase(inject('mpTestDb'))
  db = createKysely(createPool(database.url, { max: 4 }))
  await db.insertInto('company_settings').values({ name: 'Millennium Potters' }).execute()
  await db
    .insertInto('staff_user')
    .values([
      {
        email: 'admin@example.com',
        first_name: 'Amaka',
        last_name: 'Eze',
        role: 'ADMIN',
        password_hash: await hashPassword(PASSWORD),
      },
      {
        email: 'gone@example.com',
        first_name: 'Tunde',
        last_name: 'Bello',
        role: 'CREDIT_OFFICER',
        password_hash: await hashPassword(PASSWORD),
        is_active: false,
      },
    ])
    .execute()
})
afterAll(async () => {
  await db.destroy()
  await database.drop()
})

const anonymous = (ip = '10.0.0.1') =>
  createInnerContext({ db, request: { ip, userAgent: 'vitest', requestId: 'req-1' } })

async function expectTRPCError(promise: Promise<unknown>, code: TRPCError['code'], message?: RegExp) {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(TRPCError)
  expect((error as TRPCError).code).toBe(code)
  if (message) expect((error as TRPCError).message).toMatch(message)
}

describe('auth.signIn', () => {
  it('signs in, sets an HttpOnly session cookie, records history and audit, and me() sees the user', async () => {
    const ctx = anonymous()
    const user = await createCaller(ctx).auth.signIn({
      email: 'Admin@Example.com ',
      password: PASSWORD,
      rememberMe: true,
    })
    expect(user).toMatchObject({ email: 'admin@example.com', role: 'ADMIN' })
    expect(ctx.cookies).toHaveLength(1)
    expect(ctx.cookies[0]).toMatch(/^mp_session=[a-z2-7]{32}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+/)

    const token = readCookie(ctx.cookies[0]?.split(';')[0])
    const validated = await validateSessionToken(db, token ?? '')
    expect(validated?.user.email).toBe('admin@example.com')
    const me = await createCaller(
      createInnerContext({ db, session: validated?.session, user: validated?.user }),
    ).auth.me()
    expect(me?.email).toBe('admin@example.com')

    const history = await db
      .selectFrom('login_history')
      .selectAll()
      .where('email', '=', 'admin@example.com')
      .execute()
    expect(history.map((row) => [row.is_success, row.ip, row.user_agent])).toEqual([
      [true, '10.0.0.1', 'vitest'],
    ])
    const audit = await db.selectFrom('audit_log').selectAll().where('action', '=', 'LOGIN').execute()
    expect(audit).toHaveLength(1)
    expect(audit[0]?.request_id).toBe('req-1')
  })

  it('answers an unknown email exactly like a wrong password, and records both', async () => {
    await expectTRPCError(
      createCaller(anonymous()).auth.signIn({
        email: 'nobody@example.com',
        password: PASSWORD,
        rememberMe: false,
      }),
      'UNAUTHORIZED',
      /^Email or password is incorrect$/,
    )
    await expectTRPCError(
      createCaller(anonymous()).auth.signIn({
        email: 'admin@example.com',
        password: 'wrong-password',
        rememberMe: false,
      }),
      'UNAUTHORIZED',
      /^Email or password is incorrect$/,
    )
    const failures = await db
      .selectFrom('login_history')
      .select(['email', 'failure_reason'])
      .where('is_success', '=', false)
      .orderBy('created_at')
      .execute()
    expect(failures).toEqual([
      { email: 'nobody@example.com', failure_reason: 'UNKNOWN_EMAIL' },
      { email: 'admin@example.com', failure_reason: 'WRONG_PASSWORD' },
    ])
  })

  it('names the field and the limit for bad input', async () => {
    const error = await createCaller(anonymous())
      .auth.signIn({ email: 'not-an-email', password: '', rememberMe: false })
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(TRPCError)
    expect((error as TRPCError).code).toBe('BAD_REQUEST')
    expect((error as TRPCError).message).toMatch(/Enter a valid email address/)
    expect((error as TRPCError).message).toMatch(/Enter your password/)
  })

  it('refuses a deactivated account after the right password', async () => {
    await expectTRPCError(
      createCaller(anonymous()).auth.signIn({
        email: 'gone@example.com',
        password: PASSWORD,
        rememberMe: false,
      }),
      'FORBIDDEN',
      /deactivated/,
    )
  })

  it('locks the account for 15 minutes after 5 failures in 15 minutes', async () => {
    const email = 'locked@example.com'
    await db
      .insertInto('staff_user')
      .values({
        email,
        first_name: 'Ngozi',
        last_name: 'Ade',
        role: 'SUPERVISOR',
        password_hash: await hashPassword(PASSWORD),
      })
      .execute()
    for (let attempt = 0; attempt < 5; attempt++) {
      await expectTRPCError(
        createCaller(anonymous()).auth.signIn({ email, password: 'wrong-password', rememberMe: false }),
        'UNAUTHORIZED',
      )
    }
    // Even the right password is refused while locked.
    await expectTRPCError(
      createCaller(anonymous()).auth.signIn({ email, password: PASSWORD, rememberMe: false }),
      'TOO_MANY_REQUESTS',
      /Try again in 15 minutes/,
    )
    const later = new Date(Date.now() + 16 * 60 * 1000)
    const ctx = createInnerContext({ db, now: () => later })
    await expect(
      createCaller(ctx).auth.signIn({ email, password: PASSWORD, rememberMe: false }),
    ).resolves.toMatchObject({ email })
  })
})

describe('auth.signOut', () => {
  it('deletes the session and blanks the cookie', async () => {
    const ctx = anonymous()
    await createCaller(ctx).auth.signIn({ email: 'admin@example.com', password: PASSWORD, rememberMe: false })
    const token = readCookie(ctx.cookies[0]?.split(';')[0]) ?? ''
    const validated = await validateSessionToken(db, token)
    const signedIn = createInnerContext({ db, session: validated?.session, user: validated?.user })
    await createCaller(signedIn).auth.signOut()
    expect(signedIn.cookies[0]).toMatch(/^mp_session=; .*Max-Age=0/)
    expect(await validateSessionToken(db, token)).toBeUndefined()
  })
})

describe('settings.public', () => {
  it('gives the brand and formats to anyone', async () => {
    const settings = await createCaller(anonymous()).settings.public()
    expect(settings).toMatchObject({
      name: 'Millennium Potters',
      currency: 'NGN',
      currencySymbol: '₦',
      dateFormat: 'DD/MM/YYYY',
      timezone: 'Africa/Lagos',
      isMaintenanceMode: false,
    })
  })
})
