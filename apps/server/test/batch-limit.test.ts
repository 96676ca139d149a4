import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../src/app.js'
import { trpcCallCount } from '../src/security.js'
import { openTestDb, type TestDb } from './helpers.js'

/** A GET batching `calls` unauthenticated auth.me calls (no session: each answers null). */
function batchUrl(calls: number): string {
  const names = Array.from({ length: calls }, () => 'auth.me').join(',')
  const input = Object.fromEntries(Array.from({ length: calls }, (_, i) => [String(i), {}]))
  return `/trpc/${names}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`
}

describe('tRPC batches (docs/reliability.md "Backpressure")', () => {
  let testDb: TestDb
  beforeAll(async () => {
    testDb = await openTestDb()
    await testDb.db.insertInto('company_settings').values({ name: 'Millennium Potters' }).execute()
  })
  afterAll(async () => {
    await testDb.close()
  })

  it('counts the calls named in the path, escaped commas included', () => {
    expect(trpcCallCount('/trpc/auth.me')).toBe(1)
    expect(trpcCallCount('/trpc/auth.me,report.dashboard?batch=1&input=%7B%7D')).toBe(2)
    expect(trpcCallCount('/trpc/auth.me%2Cauth.me%2Cauth.me?batch=1')).toBe(3)
    expect(trpcCallCount('/health')).toBe(0)
  })

  it('refuses a batch of 11 calls with 400', async () => {
    const app = await buildApp({ db: testDb.db })
    try {
      const response = await app.inject({ method: 'GET', url: batchUrl(11) })
      expect(response.statusCode).toBe(400)
      expect(response.json()).toMatchObject({ message: 'At most 10 calls per request' })
      expect((await app.inject({ method: 'GET', url: batchUrl(10) })).statusCode).toBe(200)
    } finally {
      await app.close()
    }
  })

  it('counts every call of a batch against the per-IP rate limit', async () => {
    const app = await buildApp({ db: testDb.db, rateLimitPerMinute: 10 })
    try {
      const batch = await app.inject({ method: 'GET', url: batchUrl(10) })
      expect(batch.statusCode).toBe(200)
      // Ten calls used the minute's ten: the next single call is refused.
      const next = await app.inject({ method: 'GET', url: '/trpc/auth.me' })
      expect(next.statusCode).toBe(429)
      expect(Number(next.headers['retry-after'])).toBeGreaterThan(0)
      // A batch that would go over the limit is refused as a whole.
      const over = await app.inject({ method: 'GET', url: batchUrl(2) })
      expect(over.statusCode).toBe(429)
      expect(Number(over.headers['retry-after'])).toBeGreaterThan(0)
      // Monitoring is never counted.
      expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200)
    } finally {
      await app.close()
    }
  })
})
