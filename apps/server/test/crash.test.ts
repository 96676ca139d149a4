import { readFileSync } from 'node:fs'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { postmastersFor, waitFor } from '@mp/db/testing'
import { adminCredentials, signInCookie, startBuiltApp, type Started } from './browser-helpers.js'

/**
 * Issue 12 item 4: the built server on its embedded database, killed with SIGKILL in the middle of
 * concurrent repayment postings, then started again on the same folder. Nothing acknowledged may be
 * lost or doubled, and the orphaned database the kill left behind must not stop the restart.
 */

const POSTINGS = 200
/** Every RETRY_EVERY-th posting is sent twice at once with the same key (a client retrying). */
const RETRY_EVERY = 5
/** SIGKILL once this many postings have been acknowledged: mid-load, with the rest in flight. */
const KILL_AFTER_ACKS = 40
const AMOUNT_KOBO = 1_000

type Posting = { loanId: string; paidOn: string; method: 'CASH'; amount: number; idempotencyKey: string }
type Receipt = { id: string; receiptNumber: string; isReplay: boolean }

/** The Lagos calendar day (the company's), as a payment date the server accepts. */
function lagosToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Lagos' }).format(new Date())
}

/** Connection string of the app's database in the embedded cluster, from its postmaster.pid (port) and password file. */
function embeddedUrl(clusterDir: string): string {
  const port = readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[3]?.trim() ?? ''
  const password = readFileSync(`${clusterDir}.password`, 'utf8').trim()
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/millennium_potters`
}

/** One repayment.record call: the receipt when acknowledged (HTTP 200), undefined otherwise. */
async function post(baseUrl: string, token: string, input: Posting): Promise<Receipt | undefined> {
  try {
    const response = await fetch(`${baseUrl}/trpc/repayment.record`, {
      method: 'POST',
      headers: { origin: baseUrl, 'content-type': 'application/json', cookie: `mp_session=${token}` },
      body: JSON.stringify({ json: input }),
    })
    const body = (await response.json()) as { result?: { data: { json: Receipt } } }
    return response.ok ? body.result?.data.json : undefined
  } catch {
    // The connection died with the server: not acknowledged.
    return undefined
  }
}

describe('crash safety of the built server', () => {
  let base: string | undefined
  let app: Started | undefined
  afterAll(async () => {
    if (app && app.child.exitCode === null) {
      app.child.kill('SIGTERM')
      await app.exited
    }
    if (base) await fs.rm(base, { recursive: true, force: true })
  })

  it.runIf(os.platform() === 'linux')(
    'SIGKILL mid-load: after a restart every acknowledged posting exists once, retries get the original answer, loans reconcile',
    async () => {
      base = await fs.mkdtemp(path.join(os.tmpdir(), 'mp-crash-'))
      await fs.chmod(base, 0o755)
      const clusterDir = path.join(base, 'postgres')
      // The load comes from one signed-in user: the per-user rate limit is not what this test is about.
      const env = { DATABASE_URL: '', MP_DATA_DIR: base, RATE_LIMIT_PER_MINUTE: '100000' }
      app = await startBuiltApp(env)
      const credentials = adminCredentials(app.output)

      const db = new pg.Client({ connectionString: embeddedUrl(clusterDir) })
      db.on('error', () => undefined)
      await db.connect()
      const { rows: loans } = await db.query<{ id: string }>(
        `select id from loan where status = 'ACTIVE' order by loan_number limit 5`,
      )
      await db.end()
      expect(loans.length).toBeGreaterThan(0)

      const today = lagosToday()
      const postings: Posting[] = Array.from({ length: POSTINGS }, (_, index) => ({
        loanId: loans[index % loans.length]?.id ?? '',
        paidOn: today,
        method: 'CASH',
        amount: AMOUNT_KOBO,
        idempotencyKey: `crash-${index}-${Date.now()}`,
      }))

      const first = app
      const token = await signInCookie(first.baseUrl, credentials)
      const acknowledged = new Map<string, Receipt>()
      let killed = false
      const kill = () => {
        if (killed) return
        killed = true
        first.child.kill('SIGKILL')
      }
      const sends = postings.flatMap((posting, index) => {
        const copies = index % RETRY_EVERY === 0 ? 2 : 1
        return Array.from({ length: copies }, async () => {
          const receipt = await post(first.baseUrl, token, posting)
          if (!receipt) return
          const earlier = acknowledged.get(posting.idempotencyKey)
          // Two copies of one key acknowledged before the kill: one payment, one answer.
          if (earlier) expect(receipt.id).toBe(earlier.id)
          acknowledged.set(posting.idempotencyKey, receipt)
          if (acknowledged.size >= KILL_AFTER_ACKS) kill()
        })
      })
      await Promise.all(sends)
      kill()
      await first.exited
      // Killed mid-load: enough acknowledged, and not everything answered.
      expect(acknowledged.size).toBeGreaterThanOrEqual(KILL_AFTER_ACKS)
      expect(acknowledged.size).toBeLessThan(POSTINGS)
      // The kill left the server's database running: the restart has to deal with it.
      const orphans = postmastersFor(clusterDir)
      expect(orphans.length).toBeGreaterThan(0)

      // The restart finds the orphaned database of the killed server and must come up anyway.
      app = await startBuiltApp(env)
      const again = app
      const token2 = await signInCookie(again.baseUrl, credentials)
      let retriesAnswered = 0
      for (const posting of postings) {
        const receipt = await post(again.baseUrl, token2, posting)
        const original = acknowledged.get(posting.idempotencyKey)
        if (original) {
          expect(receipt, `retry of ${posting.idempotencyKey} after the restart`).toBeDefined()
          expect(receipt?.id).toBe(original.id)
          expect(receipt?.receiptNumber).toBe(original.receiptNumber)
          expect(receipt?.isReplay).toBe(true)
          retriesAnswered += 1
        }
      }
      expect(retriesAnswered).toBe(acknowledged.size)
      expect(orphans.some((pid) => postmastersFor(clusterDir).includes(pid))).toBe(false)
      // Figures for docs/reliability.md.
      process.stdout.write(
        `crash test: ${POSTINGS} postings (${Math.ceil(POSTINGS / RETRY_EVERY)} sent twice), ${acknowledged.size} acknowledged when SIGKILL hit, all ${retriesAnswered} replayed after the restart\n`,
      )

      const check = new pg.Client({ connectionString: embeddedUrl(clusterDir) })
      check.on('error', () => undefined)
      await check.connect()
      try {
        const keys = postings.map((posting) => posting.idempotencyKey)
        const { rows: counts } = await check.query<{ key: string; n: string }>(
          `select idempotency_key as key, count(*) as n from repayment where idempotency_key = any($1) group by 1`,
          [keys],
        )
        const countOf = new Map(counts.map((row) => [row.key, Number(row.n)]))
        for (const key of acknowledged.keys()) expect(countOf.get(key), key).toBe(1)
        for (const [key, n] of countOf) expect(n, key).toBe(1)

        const { rows: unreconciled } = await check.query<{ loan_id: string }>(
          `select r.loan_id
             from repayment r
             left join (select repayment_id, sum(principal + interest + fee + penalty) as allocated
                          from repayment_allocation group by 1) a on a.repayment_id = r.id
            where r.reversed_at is null
            group by r.loan_id
           having sum(r.amount) <> coalesce(sum(a.allocated), 0)`,
        )
        expect(unreconciled).toEqual([])
      } finally {
        await check.end()
      }

      again.child.kill('SIGTERM')
      await again.exited
      expect(await waitFor(() => postmastersFor(clusterDir).length === 0, 60_000)).toBe(true)
    },
    300_000,
  )
})
