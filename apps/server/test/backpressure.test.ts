import { createKysely, createPool, type Database, type Kysely } from '@mp/db'
import { holdInTransaction } from '@mp/db/testing'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../src/app.js'
import { openTestDb, type TestDb } from './helpers.js'

const BUSY = 'The server is busy; try again in a few seconds'

describe('a full connection pool (docs/reliability.md "Backpressure")', () => {
  let testDb: TestDb
  let starvedDb: Kysely<Database>
  let app: FastifyInstance
  let release: () => Promise<void> = () => Promise.resolve()

  beforeAll(async () => {
    testDb = await openTestDb()
    await testDb.db.insertInto('company_settings').values({ name: 'Millennium Potters' }).execute()
    // The app's only connection is held by an open transaction: every request must wait for the pool
    // until pg-pool gives up (CONNECT_TIMEOUT_MS), as when slow work holds every connection.
    starvedDb = createKysely(createPool(testDb.database.url, { max: 1 }))
    release = await holdInTransaction(starvedDb, (trx) =>
      trx.selectFrom('company_settings').select('id').execute(),
    )
    app = await buildApp({ db: starvedDb, healthDb: testDb.db })
  })
  afterAll(async () => {
    await release()
    await app.close()
    await starvedDb.destroy()
    await testDb.close()
  })

  it('answers 503 with Retry-After and a plain message, never 500, on tRPC and file routes', async () => {
    // Well-formed (so it is looked up), unknown.
    const cookie = { cookie: `mp_session=${'a'.repeat(32)}` }
    const [procedure, session, file] = await Promise.all([
      // No cookie: the procedure's own query waits for the pool.
      app.inject({
        method: 'POST',
        url: '/trpc/auth.signIn',
        headers: { 'content-type': 'application/json' },
        payload: { json: { email: 'nobody@example.com', password: 'whatever-password-1' } },
      }),
      // A cookie: the session lookup in the context is the first query.
      app.inject({ method: 'GET', url: '/trpc/auth.me', headers: cookie }),
      app.inject({
        method: 'GET',
        url: '/exports/00000000-0000-0000-0000-000000000000/file',
        headers: cookie,
      }),
    ])
    for (const response of [procedure, session, file]) {
      expect(response.statusCode).toBe(503)
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0)
      expect(response.body).toContain(BUSY)
    }
    // A batch where one call is busy and one is not answers 207; the busy call still brings Retry-After.
    const input = encodeURIComponent(JSON.stringify({ 0: {}, 1: {} }))
    const mixed = await app.inject({
      method: 'GET',
      url: `/trpc/auth.me,setup.status?batch=1&input=${input}`,
    })
    expect(mixed.statusCode).toBe(207)
    expect(Number(mixed.headers['retry-after'])).toBeGreaterThan(0)
    expect(mixed.body).toContain(BUSY)
    // The health probe has its own connection and still reports the database up.
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200)
  }, 60_000)
})
