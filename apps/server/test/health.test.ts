import { createKysely, createPool } from '@mp/db'
import { holdInTransaction } from '@mp/db/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../src/app.js'
import { isDatabaseReachable } from '../src/health.js'
import { openTestDb, startTcpProxy, type TestDb } from './helpers.js'

describe('GET /health', () => {
  let testDb: TestDb
  beforeAll(async () => {
    testDb = await openTestDb()
  })
  afterAll(async () => {
    await testDb.close()
  })

  it('answers 200 with the documented body when the database is up', async () => {
    const app = await buildApp({ db: testDb.db })
    const response = await app.inject({ method: 'GET', url: '/health' })
    await app.close()
    expect(response.statusCode).toBe(200)
    const body = response.json<Record<string, unknown>>()
    expect(Object.keys(body)).toEqual(['status', 'timestamp', 'database'])
    expect(body.status).toBe('ok')
    expect(body.database).toBe('connected')
    expect(new Date(String(body.timestamp)).toISOString()).toBe(body.timestamp)
    expect(response.headers['cache-control']).toBe('no-store')
  })

  it('turns 503 while the database is unreachable and recovers by itself', async () => {
    const target = new URL(testDb.database.url)
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) })
    const viaProxy = new URL(testDb.database.url)
    viaProxy.hostname = '127.0.0.1'
    viaProxy.port = String(proxy.port)
    const db = createKysely(createPool(viaProxy.toString(), { max: 3 }))
    const app = await buildApp({ db })
    try {
      expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200)

      await proxy.cut()
      // How long this takes depends on the machine; that the probe gives up at all is tested below.
      const down = await app.inject({ method: 'GET', url: '/health' })
      expect(down.statusCode).toBe(503)
      expect(down.json()).toMatchObject({ status: 'error', database: 'disconnected' })

      await proxy.restore()
      let status = 0
      for (let attempt = 0; attempt < 40 && status !== 200; attempt++) {
        status = (await app.inject({ method: 'GET', url: '/health' })).statusCode
        if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 250))
      }
      expect(status).toBe(200)
    } finally {
      await app.close()
      await db.destroy()
      await proxy.cut()
    }
  })

  it('calls a database that never answers disconnected instead of waiting for it', async () => {
    // The pool's only connection is held, so the probe's query can never start: only the
    // probe's own timeout can end the wait (a hang would fail this test by vitest's timeout).
    const stuckDb = createKysely(createPool(testDb.database.url, { max: 1 }))
    const release = await holdInTransaction(stuckDb, (trx) =>
      trx.selectFrom('company_settings').select('id').execute(),
    )
    try {
      expect(await isDatabaseReachable(stuckDb, 200)).toBe(false)
    } finally {
      await release()
    }
    // Once the connection is free again the same pool answers.
    expect(await isDatabaseReachable(stuckDb, 5000)).toBe(true)
    await stuckDb.destroy()
  })

  it('probes on its own connection: a busy app pool does not make the database look down', async () => {
    // The app's pool has one connection, held by an open transaction (as a long export would hold it).
    const appDb = createKysely(createPool(testDb.database.url, { max: 1 }))
    const healthDb = createKysely(createPool(testDb.database.url, { max: 1 }))
    const app = await buildApp({ db: appDb, healthDb })
    const release = await holdInTransaction(appDb, (trx) =>
      trx.selectFrom('company_settings').select('id').execute(),
    )
    try {
      const response = await app.inject({ method: 'GET', url: '/health' })
      expect(response.statusCode).toBe(200)
      expect(response.json()).toMatchObject({ status: 'ok', database: 'connected' })
    } finally {
      await release()
      await app.close()
      await appDb.destroy()
      await healthDb.destroy()
    }
  })
})
