import { hashPassword } from '@mp/auth'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../src/app.js'
import { openTestDb, type TestDb } from './helpers.js'

const PASSWORD = 'blue-Harmattan-97'
const json = { 'content-type': 'application/json' }

describe('the HTTP perimeter', () => {
  let testDb: TestDb
  let app: FastifyInstance
  beforeAll(async () => {
    testDb = await openTestDb()
    await testDb.db.insertInto('company_settings').values({ name: 'Millennium Potters' }).execute()
    const hash = await hashPassword(PASSWORD)
    await testDb.db
      .insertInto('staff_user')
      .values([
        {
          email: 'admin@example.com',
          first_name: 'A',
          last_name: 'B',
          role: 'ADMIN',
          password_hash: hash,
          must_change_password: false,
        },
        {
          email: 'locked@example.com',
          first_name: 'L',
          last_name: 'K',
          role: 'CREDIT_OFFICER',
          password_hash: hash,
        },
      ])
      .execute()
    app = await buildApp({ db: testDb.db, corsOrigins: ['https://app.example.com'], rateLimitPerMinute: 40 })
  })
  afterAll(async () => {
    await app.close()
    await testDb.close()
  })

  const signIn = async (email: string, password: string, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url: '/trpc/auth.signIn',
      headers: { ...json, ...headers },
      payload: { json: { email, password, rememberMe: true } },
      remoteAddress: headers['x-test-ip'] ?? '127.0.0.1',
    })

  it('sends security headers with a CSP the web app passes', async () => {
    const response = await app.inject({ method: 'GET', url: '/health' })
    const csp = String(response.headers['content-security-policy'])
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(response.headers['x-content-type-options']).toBe('nosniff')
    expect(response.headers['strict-transport-security']).toBeUndefined()
  })

  it('sets an HttpOnly SameSite=Lax cookie, Secure only in production', async () => {
    const response = await signIn('admin@example.com', PASSWORD, { 'x-test-ip': '10.1.0.1' })
    expect(response.statusCode).toBe(200)
    const cookie = String(response.headers['set-cookie'])
    expect(cookie).toMatch(/mp_session=[a-z2-7]{32}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+/)
    expect(cookie).not.toMatch(/Secure/)

    const production = await buildApp({ db: testDb.db, isProduction: true })
    const secure = await production.inject({
      method: 'POST',
      url: '/trpc/auth.signIn',
      headers: json,
      payload: { json: { email: 'admin@example.com', password: PASSWORD, rememberMe: false } },
      remoteAddress: '10.1.0.2',
    })
    await production.close()
    expect(String(secure.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Lax; Secure$/)
    expect(secure.headers['strict-transport-security']).toMatch(/max-age=/)
  })

  it('allows CORS only for the configured origins', async () => {
    const allowed = await app.inject({
      method: 'OPTIONS',
      url: '/trpc/auth.signIn',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' },
    })
    expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example.com')
    expect(allowed.headers['access-control-allow-credentials']).toBe('true')
    const refused = await app.inject({
      method: 'OPTIONS',
      url: '/trpc/auth.signIn',
      headers: { origin: 'https://evil.example.net', 'access-control-request-method': 'POST' },
    })
    expect(refused.headers['access-control-allow-origin']).toBeUndefined()
  })

  it('refuses a cookie-carrying mutation from another origin (CSRF) and accepts our own', async () => {
    const login = await signIn('admin@example.com', PASSWORD, { 'x-test-ip': '10.1.0.3' })
    const token = /mp_session=([a-z2-7]+)/.exec(String(login.headers['set-cookie']))?.[1] ?? ''
    const mutate = (headers: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url: '/trpc/auth.revokeOtherSessions',
        headers: { ...json, cookie: `mp_session=${token}`, ...headers },
        payload: {},
      })
    const forged = await mutate({ origin: 'https://evil.example.net' })
    expect(forged.statusCode).toBe(403)
    expect(forged.json()).toMatchObject({ message: 'Requests from https://evil.example.net are not allowed' })
    expect((await mutate({})).statusCode).toBe(403)
    expect((await mutate({ referer: 'https://evil.example.net/page' })).statusCode).toBe(403)
    expect((await mutate({ origin: 'http://localhost:80', host: 'localhost:80' })).statusCode).toBe(200)
    expect((await mutate({ origin: 'https://app.example.com' })).statusCode).toBe(200)
  })

  it('locks an account after five wrong passwords without telling it from an unknown email, through HTTP', async () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      expect(
        (await signIn('locked@example.com', 'wrong-password-1', { 'x-test-ip': '10.2.0.1' })).statusCode,
      ).toBe(401)
    }
    // From the same address that email is now throttled, exactly as an unknown email would be.
    for (let attempt = 0; attempt < 5; attempt++) {
      await signIn('ghost@example.com', 'wrong-password-1', { 'x-test-ip': '10.2.0.1' })
    }
    const answer = (response: Awaited<ReturnType<typeof signIn>>) => ({
      status: response.statusCode,
      body: response.json<unknown>(),
    })
    const throttled = answer(await signIn('locked@example.com', PASSWORD, { 'x-test-ip': '10.2.0.1' }))
    expect(throttled).toMatchObject({
      status: 429,
      body: { error: { json: { message: expect.stringMatching(/Try again in 15 minutes/) as unknown } } },
    })
    expect(answer(await signIn('ghost@example.com', PASSWORD, { 'x-test-ip': '10.2.0.1' }))).toEqual(
      throttled,
    )

    // From elsewhere the locked account answers like a wrong password and like an unknown email.
    const lockedRight = answer(await signIn('locked@example.com', PASSWORD, { 'x-test-ip': '10.2.0.2' }))
    const knownWrong = answer(
      await signIn('admin@example.com', 'wrong-password-2', { 'x-test-ip': '10.2.0.3' }),
    )
    const unknown = answer(await signIn('nobody@example.com', PASSWORD, { 'x-test-ip': '10.2.0.4' }))
    expect(lockedRight).toMatchObject({
      status: 401,
      body: { error: { json: { message: 'Email or password is incorrect' } } },
    })
    expect({ knownWrong, unknown }).toEqual({ knownWrong: lockedRight, unknown: lockedRight })
  })

  it('renews a session used past half its life and refuses an expired one', async () => {
    const login = await signIn('admin@example.com', PASSWORD, { 'x-test-ip': '10.1.0.4' })
    const token = /mp_session=([a-z2-7]+)/.exec(String(login.headers['set-cookie']))?.[1] ?? ''
    const halfway = new Date(Date.now() + 2 * 24 * 60 * 60 * 1000)
    await testDb.db
      .updateTable('session')
      .set({ expires_at: halfway })
      .where('last_seen_at', '<=', new Date())
      .execute()
    const renewed = await app.inject({
      method: 'GET',
      url: '/trpc/auth.me',
      headers: { cookie: `mp_session=${token}` },
    })
    expect(String(renewed.headers['set-cookie'])).toMatch(/mp_session=[a-z2-7]{32};.*Max-Age=(60[0-9]{4})/)

    await testDb.db
      .updateTable('session')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .execute()
    const expired = await app.inject({
      method: 'GET',
      url: '/trpc/auth.me',
      headers: { cookie: `mp_session=${token}` },
    })
    expect(expired.json()).toMatchObject({ result: { data: { json: null } } })
    expect(String(expired.headers['set-cookie'])).toMatch(/^mp_session=; .*Max-Age=0/)
  })

  it("rate-limits with 429 and Retry-After, but never /health or the web app's fingerprinted files", async () => {
    let limited: Awaited<ReturnType<typeof app.inject>> | undefined
    for (let request = 0; request < 60 && !limited; request++) {
      const response = await app.inject({
        method: 'GET',
        url: '/trpc/settings.public',
        remoteAddress: '10.9.9.9',
      })
      if (response.statusCode === 429) limited = response
    }
    expect(limited?.statusCode).toBe(429)
    expect(Number(limited?.headers['retry-after'])).toBeGreaterThan(0)
    expect(limited?.json()).toMatchObject({
      message: expect.stringMatching(/at most 40 a minute/) as unknown,
    })
    const health = await app.inject({ method: 'GET', url: '/health', remoteAddress: '10.9.9.9' })
    expect(health.statusCode).toBe(200)
    // No web build in this app: the file is not found, but the answer is not a 429.
    const asset = await app.inject({
      method: 'GET',
      url: '/assets/index-abc123.js',
      remoteAddress: '10.9.9.9',
    })
    expect(asset.statusCode).not.toBe(429)
  })

  it('signs a deactivated user out on their very next request', async () => {
    const adminLogin = await signIn('admin@example.com', PASSWORD, { 'x-test-ip': '10.4.0.1' })
    const adminCookie = `mp_session=${/mp_session=([a-z2-7]+)/.exec(String(adminLogin.headers['set-cookie']))?.[1] ?? ''}`
    await testDb.db
      .insertInto('staff_user')
      .values({
        email: 'leaver@example.com',
        first_name: 'L',
        last_name: 'V',
        role: 'CREDIT_OFFICER',
        password_hash: await hashPassword(PASSWORD),
      })
      .execute()
    const leaverLogin = await signIn('leaver@example.com', PASSWORD, { 'x-test-ip': '10.4.0.2' })
    const leaverCookie = `mp_session=${/mp_session=([a-z2-7]+)/.exec(String(leaverLogin.headers['set-cookie']))?.[1] ?? ''}`
    const before = await app.inject({
      method: 'GET',
      url: '/trpc/auth.me',
      headers: { cookie: leaverCookie },
    })
    expect(before.json()).toMatchObject({ result: { data: { json: { email: 'leaver@example.com' } } } })

    const leaver = await testDb.db
      .selectFrom('staff_user')
      .select('id')
      .where('email', '=', 'leaver@example.com')
      .executeTakeFirstOrThrow()
    const deactivate = await app.inject({
      method: 'POST',
      url: '/trpc/staff.setActive',
      headers: { ...json, cookie: adminCookie, origin: 'https://app.example.com' },
      payload: { json: { id: leaver.id, isActive: false, reason: 'Left the company' } },
    })
    expect(deactivate.statusCode, deactivate.body).toBe(200)
    const after = await app.inject({ method: 'GET', url: '/trpc/auth.me', headers: { cookie: leaverCookie } })
    expect(after.json()).toMatchObject({ result: { data: { json: null } } })
    const again = await signIn('leaver@example.com', PASSWORD, { 'x-test-ip': '10.4.0.2' })
    expect(again.statusCode).toBe(403)
  })

  it('refuses a body over the limit with 413', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/trpc/auth.signIn',
      headers: json,
      payload: JSON.stringify({ json: { email: 'a@example.com', password: 'x'.repeat(2 * 1024 * 1024) } }),
      remoteAddress: '10.3.0.1',
    })
    expect(response.statusCode).toBe(413)
  })
})
