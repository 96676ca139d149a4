import { hashPassword } from '@mp/auth'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../src/app.js'
import { memoryLogger, openTestDb, type TestDb } from './helpers.js'

const PASSWORD = 'Sup3r-Secret-Pass-9'

describe('request logging', () => {
  let testDb: TestDb
  beforeAll(async () => {
    testDb = await openTestDb()
    await testDb.db.insertInto('company_settings').values({ name: 'Millennium Potters' }).execute()
    await testDb.db
      .insertInto('staff_user')
      .values({
        email: 'admin@example.com',
        first_name: 'A',
        last_name: 'B',
        role: 'ADMIN',
        password_hash: await hashPassword(PASSWORD),
      })
      .execute()
  })
  afterAll(async () => {
    await testDb.close()
  })

  it('tags every line with a request id and never writes passwords, cookies or tokens', async () => {
    const { logger, lines } = memoryLogger()
    const app = await buildApp({ db: testDb.db, logger })
    const signIn = await app.inject({
      method: 'POST',
      url: '/trpc/auth.signIn',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-abc-123' },
      payload: { json: { email: 'admin@example.com', password: PASSWORD, rememberMe: true } },
    })
    expect(signIn.statusCode).toBe(200)
    expect(signIn.headers['x-request-id']).toBe('req-abc-123')
    const setCookie = String(signIn.headers['set-cookie'])
    const token = /mp_session=([a-z2-7]+)/.exec(setCookie)?.[1] ?? ''
    expect(token).toHaveLength(32)

    const me = await app.inject({
      method: 'GET',
      url: '/trpc/auth.me',
      headers: { cookie: `mp_session=${token}` },
    })
    expect(me.json()).toMatchObject({ result: { data: { json: { email: 'admin@example.com' } } } })

    await app.inject({
      method: 'POST',
      url: '/trpc/auth.signIn',
      headers: { 'content-type': 'application/json', authorization: 'Bearer secret-bearer-token' },
      payload: { json: { email: 'admin@example.com', password: 'wrong-Secret-Pass', rememberMe: false } },
    })
    // Anything logging an object with secret fields gets them censored.
    app.log.info(
      { password: PASSWORD, token, req: { headers: { cookie: `mp_session=${token}` } } },
      'careless log line',
    )
    await app.close()

    const all = lines.join('')
    expect(lines.length).toBeGreaterThan(4)
    expect(all).toContain('req-abc-123')
    expect(all).toContain('[redacted]')
    for (const secret of [PASSWORD, 'wrong-Secret-Pass', token, 'secret-bearer-token']) {
      expect(all).not.toContain(secret)
    }
    // An injected id with spaces or newlines is replaced, not echoed into the logs.
    const app2 = await buildApp({ db: testDb.db })
    const forged = await app2.inject({
      method: 'GET',
      url: '/health',
      headers: { 'x-request-id': 'evil id <script>' },
    })
    await app2.close()
    expect(forged.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
  })
})
