import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { createTestDatabase, type TestDatabase } from '@mp/db/testing'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  adminCredentials,
  signInCookie,
  startBuiltApp,
  trpcMutation,
  trpcQuery,
  type Started,
} from './browser-helpers.js'
import { testRedis } from './redis.js'

/**
 * Issue 12 item 6 (docs/reliability.md "Two instances"): two built servers on one database behind
 * loopback, sharing Redis for request limits. A session, an idempotency key, the sign-in throttle and
 * the request limit hold across both; exports queued on one are run by the other's worker, survive that
 * worker's restart, and download from either; the daily close runs once.
 */

/** Requests a minute per address, shared: the burst at the end sends twice as many. */
const LIMIT = 150

type ExportJob = { id: string; state: string; error: string | null; rowsDone: number; fileName: string }

function lagosToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Lagos' }).format(new Date())
}

async function stop(app: Started | undefined): Promise<void> {
  if (!app || app.child.exitCode !== null) return
  app.child.kill('SIGTERM')
  await app.exited
}

async function waitForExport(baseUrl: string, token: string, id: string): Promise<ExportJob> {
  // Generous: a busy machine may take a while; no timing is asserted.
  for (let attempt = 0; attempt < 1200; attempt++) {
    const job = await trpcQuery<ExportJob>(baseUrl, token, 'export.status', { id })
    if (job.state === 'DONE' || job.state === 'FAILED') return job
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error('export did not finish')
}

describe('two instances on one database', () => {
  let database: TestDatabase | undefined
  let dataDir: string | undefined
  let redis: Awaited<ReturnType<typeof testRedis>>
  let queuer: Started | undefined
  let worker: Started | undefined
  let env: NodeJS.ProcessEnv = {}
  let token = ''
  let credentials = { email: '', password: '' }

  beforeAll(async () => {
    redis = await testRedis()
    database = await createTestDatabase(inject('mpTestDb'))
    // Shared document storage on local disk: both instances read and write the same folder.
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'mp-two-'))
    env = {
      DATABASE_URL: database.url,
      MP_DATA_DIR: dataDir,
      MP_AUTO_MIGRATE: 'true',
      MP_SEED_DEMO: 'true',
      ...(redis ? { REDIS_URL: redis.url } : {}),
      RATE_LIMIT_PER_MINUTE: String(LIMIT),
    }
    // The first instance migrates and seeds; it only queues jobs (a web-only instance).
    queuer = await startBuiltApp({ ...env, MP_JOB_WORKERS: 'false' })
    credentials = adminCredentials(queuer.output)
    worker = await startBuiltApp(env)
    token = await signInCookie(queuer.baseUrl, credentials)
  }, 240_000)

  afterAll(async () => {
    await stop(queuer)
    await stop(worker)
    await redis?.stop()
    await database?.drop()
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true })
  })

  const a = () => queuer?.baseUrl ?? ''
  const b = () => worker?.baseUrl ?? ''

  it('a session made on one instance works on the other, and signing out on one ends it on both', async () => {
    const me = await trpcQuery<{ email: string }>(b(), token, 'auth.me', null)
    expect(me.email).toBe(credentials.email)
    const other = await signInCookie(b(), credentials)
    await trpcMutation(a(), other, 'auth.signOut', null)
    expect(await trpcQuery(b(), other, 'auth.me', null)).toBeNull()
  })

  it('a payment posted on one instance and retried on the other with the same key is one payment, one answer', async () => {
    const client = new pg.Client({ connectionString: database?.url })
    await client.connect()
    try {
      const { rows } = await client.query<{ id: string }>(
        `select id from loan where status = 'ACTIVE' order by loan_number limit 1`,
      )
      const loanId = rows[0]?.id ?? ''
      expect(loanId).not.toBe('')
      const posting = {
        loanId,
        paidOn: lagosToday(),
        method: 'CASH',
        amount: 1_000,
        idempotencyKey: `two-instances-${String(Date.now())}`,
      }
      type Receipt = { id: string; receiptNumber: string; isReplay: boolean }
      const first = await trpcMutation<Receipt>(a(), token, 'repayment.record', posting)
      const retried = await trpcMutation<Receipt>(b(), token, 'repayment.record', posting)
      expect(retried).toMatchObject({ id: first.id, receiptNumber: first.receiptNumber, isReplay: true })
      const count = await client.query<{ n: number }>(
        'select count(*)::int as n from repayment where idempotency_key = $1',
        [posting.idempotencyKey],
      )
      expect(count.rows[0]?.n).toBe(1)
    } finally {
      await client.end()
    }
  })

  it('the sign-in throttle counts failures made on both instances', async () => {
    const email = `nobody-${String(Date.now())}@example.com`
    const attempt = (baseUrl: string) =>
      fetch(`${baseUrl}/trpc/auth.signIn`, {
        method: 'POST',
        headers: { origin: baseUrl, 'content-type': 'application/json' },
        body: JSON.stringify({ json: { email, password: 'wrong-password-1', rememberMe: false } }),
      })
    const statuses: number[] = []
    for (let index = 0; index < 5; index++) statuses.push((await attempt(index % 2 === 0 ? a() : b())).status)
    expect(statuses).toEqual([401, 401, 401, 401, 401])
    // The sixth, on either instance, is refused by the throttle.
    const sixth = await attempt(b())
    expect(sixth.status).toBe(429)
    const body = (await sixth.json()) as { error?: { json?: { message?: string } } }
    expect(body.error?.json?.message).toBe('Too many failed sign-in attempts. Try again in 15 minutes.')
  })

  it('an export queued on the web-only instance is written by the worker and downloads from either', async () => {
    const started = await trpcMutation<ExportJob>(a(), token, 'export.start', {
      name: 'loans',
      format: 'csv',
      input: {},
    })
    expect(started.state).toBe('QUEUED')
    const job = await waitForExport(a(), token, started.id)
    expect(job.state, job.error ?? '').toBe('DONE')
    expect(job.rowsDone).toBeGreaterThan(0)
    const bodies: string[] = []
    for (const baseUrl of [a(), b()]) {
      const response = await fetch(`${baseUrl}/exports/${started.id}/file`, {
        headers: { cookie: `mp_session=${token}` },
      })
      expect(response.status).toBe(200)
      expect(response.headers.get('content-disposition')).toContain(job.fileName)
      bodies.push(await response.text())
    }
    expect(bodies[0]).toBe(bodies[1])
    // A header line and one line per loan.
    expect((bodies[0] ?? '').trim().split('\r\n')).toHaveLength(job.rowsDone + 1)
  }, 120_000)

  it('an export queued while the worker is down is done after the worker restarts', async () => {
    await stop(worker)
    const started = await trpcMutation<ExportJob>(a(), token, 'export.start', {
      name: 'members',
      format: 'csv',
      input: {},
    })
    expect((await trpcQuery<ExportJob>(a(), token, 'export.status', { id: started.id })).state).toBe('QUEUED')
    worker = await startBuiltApp(env)
    const job = await waitForExport(a(), token, started.id)
    expect(job.state, job.error ?? '').toBe('DONE')
    const response = await fetch(`${b()}/exports/${started.id}/file`, {
      headers: { cookie: `mp_session=${token}` },
    })
    expect(response.status).toBe(200)
    await response.arrayBuffer()
  }, 240_000)

  it('the daily close, asked for by every start, closed each owed day once and failed nowhere', async () => {
    const client = new pg.Client({ connectionString: database?.url })
    await client.connect()
    try {
      // Yesterday closed (generous wait: the worker may still be on it).
      let closed = 0
      for (let attempt = 0; attempt < 1200 && closed === 0; attempt++) {
        const { rows } = await client.query<{ n: number }>(
          `select count(*)::int as n from close_run where state = 'DONE' and run_date = $1::date - 1`,
          [lagosToday()],
        )
        closed = rows[0]?.n ?? 0
        if (closed === 0) await new Promise((resolve) => setTimeout(resolve, 100))
      }
      expect(closed).toBe(1)
      // One schedule per kind, however many instances set them: the close, the exports' sweep and the backups.
      const schedules = await client.query<{ name: string }>('select name from pgboss.schedule order by name')
      expect(schedules.rows.map((row) => row.name)).toEqual([
        'backup',
        'backup-drill',
        'daily-close',
        'export-sweep',
      ])
      const failed = await client.query<{ n: number }>(
        `select count(*)::int as n from pgboss.job where name = 'daily-close' and state = 'failed'`,
      )
      expect(failed.rows[0]?.n).toBe(0)
    } finally {
      await client.end()
    }
  }, 180_000)

  it('the request limit is one count across both instances (Redis), not one per instance', async (context) => {
    if (!redis) context.skip('no Redis here (MP_TEST_REDIS_URL, 127.0.0.1:6379 or redis-server)')
    const statuses: number[] = []
    // Twice the limit, alternating: per-process counting would let nearly all of them through.
    for (let index = 0; index < LIMIT * 2; index++) {
      const response = await fetch(`${index % 2 === 0 ? a() : b()}/trpc/auth.me`, {
        headers: { cookie: `mp_session=${token}` },
      })
      statuses.push(response.status)
      await response.arrayBuffer()
    }
    const allowed = statuses.filter((status) => status === 200).length
    expect(allowed).toBeLessThanOrEqual(LIMIT)
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(LIMIT)
    // Both instances refused once the shared count ran out.
    expect(statuses.slice(-2)).toEqual([429, 429])
  }, 120_000)
})
