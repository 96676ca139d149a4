import { reconcileAllocations, UNAVAILABLE_MESSAGE } from '@mp/api'
import { hashPassword } from '@mp/auth'
import { createKysely, createPool, type Database, type Kysely } from '@mp/db'
import { todayIn } from '@mp/domain'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../src/app.js'
import { openTestDb, signedIn, startTcpProxy, WEEKLY_FLAT_TYPE, type TestDb } from './helpers.js'

/**
 * Issue 12 item 5 (docs/reliability.md "Database outage"): the connection to PostgreSQL is cut in the
 * middle of concurrent repayment postings and list reads, then restored. Every answer meanwhile is a 503
 * with Retry-After (or a normal answer), never a 500; the app recovers without a restart; nothing
 * acknowledged is lost or doubled, and retries with the same key are safe.
 */

const POSTINGS = 150
/** Every RETRY_EVERY-th posting is sent twice at once with the same key (a client retrying). */
const RETRY_EVERY = 4
/** Requests in flight at once. */
const WORKERS = 8
/** Cut the database once this many postings have been acknowledged: mid-load. */
const CUT_AFTER_ACKS = 20
/** How long the database stays unreachable while the load goes on. */
const OUTAGE_MS = 4000
const AMOUNT_KOBO = 1_000
const PASSWORD = 'tangerine-kite-42'
const HOST = 'mp.test'
const headers = { host: HOST, origin: `http://${HOST}`, 'content-type': 'application/json' }

type Posting = { loanId: string; paidOn: string; method: 'CASH'; amount: number; idempotencyKey: string }
type Receipt = { id: string; receiptNumber: string; isReplay: boolean }

const sleep = (ms: number) =>
  new Promise((resolve) => {
    setTimeout(resolve, ms)
  })

describe('a database outage under load', () => {
  let testDb: TestDb
  let proxyDb: Kysely<Database>
  let app: FastifyInstance
  let proxy: Awaited<ReturnType<typeof startTcpProxy>>
  const loanIds: string[] = []
  let today = ''

  beforeAll(async () => {
    testDb = await openTestDb()
    const { db } = testDb
    await db.insertInto('company_settings').values({ name: 'Millennium Potters' }).execute()
    const passwordHash = await hashPassword(PASSWORD)
    const staff = await db
      .insertInto('staff_user')
      .values(
        (['ADMIN', 'SUPERVISOR', 'CREDIT_OFFICER'] as const).map((role, index) => ({
          email: `staff${String(index)}@example.com`,
          first_name: ['Amaka', 'Sade', 'Chidi'][index] ?? 'Staff',
          last_name: 'Tester',
          role,
          password_hash: passwordHash,
          must_change_password: false,
        })),
      )
      .returning('id')
      .execute()
    const [admin, supervisor, officer] = staff.map((row) => row.id)
    if (!admin || !supervisor || !officer) throw new Error('staff missing')
    await db.updateTable('staff_user').set({ supervisor_id: supervisor }).where('id', '=', officer).execute()
    const callerFor = async (userId: string) => (await signedIn(db, userId)).caller
    const asAdmin = await callerFor(admin)
    const asSupervisor = await callerFor(supervisor)
    const asOfficer = await callerFor(officer)
    const union = await db
      .insertInto('union')
      .values({ name: 'Alaba Potters', credit_officer_id: officer })
      .returning('id')
      .executeTakeFirstOrThrow()
    const type = await asAdmin.loanType.create(WEEKLY_FLAT_TYPE)
    today = todayIn('Africa/Lagos')
    for (const firstName of ['Ngozi', 'Kemi', 'Tunde']) {
      const member = await asOfficer.member.create({ unionId: union.id, firstName, lastName: 'Okafor' })
      const loan = await asOfficer.loan.create({
        memberId: member.id,
        loanTypeId: type.id,
        principal: 10_000_000,
        termCount: 12,
        startDate: today,
        guarantorIds: [],
      })
      await asOfficer.loan.submit({ id: loan.id })
      await asSupervisor.loan.approve({ id: loan.id })
      await asAdmin.loan.disburse({ id: loan.id, disbursedOn: loan.today })
      today = loan.today
      loanIds.push(loan.id)
    }

    // The app's only way to the database is the proxy, which the test cuts and restores.
    const target = new URL(testDb.database.url)
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) })
    const viaProxy = new URL(testDb.database.url)
    viaProxy.hostname = '127.0.0.1'
    viaProxy.port = String(proxy.port)
    proxyDb = createKysely(createPool(viaProxy.toString(), { max: 5 }))
    // One signed-in user makes the whole load: the per-IP rate limit is not what this test is about.
    app = await buildApp({ db: proxyDb, rateLimitPerMinute: 1_000_000 })
  })
  afterAll(async () => {
    await app.close()
    await proxyDb.destroy()
    await proxy.cut()
    await testDb.close()
  })

  it('answers 503 with Retry-After (never 500) while it is down, recovers by itself, loses nothing acknowledged', async () => {
    // Signed in through the proxy while the database is up, as a user already at work.
    const signIn = await app.inject({
      method: 'POST',
      url: '/trpc/auth.signIn',
      headers,
      payload: { json: { email: 'staff0@example.com', password: PASSWORD, rememberMe: false } },
    })
    expect(signIn.statusCode).toBe(200)
    const token = /mp_session=([^;]+)/.exec(String(signIn.headers['set-cookie']))?.[1] ?? ''
    expect(token).not.toBe('')
    const cookie = `mp_session=${token}`

    const stamp = Date.now()
    const postings: Posting[] = Array.from({ length: POSTINGS }, (_, index) => ({
      loanId: loanIds[index % loanIds.length] ?? '',
      paidOn: today,
      method: 'CASH',
      amount: AMOUNT_KOBO,
      idempotencyKey: `outage-${String(stamp)}-${String(index)}`,
    }))
    const listUrl = `/trpc/repayment.list?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`
    const read = () => app.inject({ method: 'GET', url: listUrl, headers: { ...headers, cookie } })
    const post = (posting: Posting) =>
      app.inject({
        method: 'POST',
        url: '/trpc/repayment.record',
        headers: { ...headers, cookie },
        payload: { json: posting },
      })
    const receiptOf = (response: LightMyRequestResponse) =>
      response.json<{ result: { data: { json: Receipt } } }>().result.data.json
    expect((await read()).statusCode).toBe(200)

    const statuses = new Map<number, number>()
    const unexpected: string[] = []
    let requests = 0
    let unavailable = 0
    const acknowledged = new Map<string, Receipt>()
    const note = (response: LightMyRequestResponse, what: string) => {
      requests += 1
      statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1)
      if (response.statusCode === 503) {
        unavailable += 1
        if (!(Number(response.headers['retry-after']) > 0) || !response.body.includes(UNAVAILABLE_MESSAGE))
          unexpected.push(`${what}: 503 without Retry-After or message: ${response.body.slice(0, 200)}`)
      } else if (response.statusCode >= 500) {
        unexpected.push(`${what}: ${String(response.statusCode)} ${response.body.slice(0, 300)}`)
      }
    }

    let isCut = false
    let outage: Promise<void> | undefined
    let outageSeconds = 0
    let fileStatus = 0
    const cutMidLoad = () => {
      if (isCut || acknowledged.size < CUT_AFTER_ACKS) return
      isCut = true
      outage = (async () => {
        const started = Date.now()
        await proxy.cut()
        // A file route looks the session up outside tRPC: the same 503.
        const file = await app.inject({
          method: 'GET',
          url: `/files/repayments/${[...acknowledged.values()][0]?.id ?? ''}/receipt.pdf`,
          headers: { ...headers, cookie },
        })
        note(file, 'receipt.pdf')
        fileStatus = file.statusCode
        await sleep(OUTAGE_MS)
        await proxy.restore()
        outageSeconds = (Date.now() - started) / 1000
      })()
    }

    // WORKERS loops take the postings in order; each also reads the list, as other screens would.
    let next = 0
    const worker = async () => {
      for (let index = next++; index < POSTINGS; index = next++) {
        const posting = postings[index]
        if (!posting) continue
        const copies = index % RETRY_EVERY === 0 ? 2 : 1
        const reading = read()
        const answers = await Promise.all(Array.from({ length: copies }, () => post(posting)))
        note(await reading, 'repayment.list')
        for (const answer of answers) {
          note(answer, `repayment.record ${posting.idempotencyKey}`)
          if (answer.statusCode !== 200) continue
          const receipt = receiptOf(answer)
          const earlier = acknowledged.get(posting.idempotencyKey)
          // Two copies of one key both acknowledged: one payment, one answer.
          if (earlier) expect(receipt.id).toBe(earlier.id)
          acknowledged.set(posting.idempotencyKey, receipt)
        }
        cutMidLoad()
        // While the database is down, keep the load going at a pace that spans the outage.
        if (isCut && outageSeconds === 0) await sleep(500)
      }
    }
    await Promise.all(Array.from({ length: WORKERS }, worker))
    expect(isCut).toBe(true)
    await outage
    const acknowledgedDuringLoad = acknowledged.size

    // Recovers by itself: the same app and pool answer again once the database is back.
    const deadline = Date.now() + 60_000
    let recovered = false
    while (!recovered && Date.now() < deadline) {
      const response = await read()
      note(response, 'repayment.list (recovery)')
      recovered = response.statusCode === 200
      if (!recovered) await sleep(250)
    }
    expect(recovered).toBe(true)

    expect(unexpected).toEqual([])
    expect(fileStatus).toBe(503)
    expect(unavailable).toBeGreaterThan(0)
    // An outage mid-load leaves some postings unanswered: the retries below must post those once.
    expect(acknowledgedDuringLoad).toBeLessThan(POSTINGS)

    // Every client retries with its key: the acknowledged get their original answer, the rest post once.
    let replayed = 0
    let postedOnRetry = 0
    for (const posting of postings) {
      const response = await post(posting)
      note(response, `retry ${posting.idempotencyKey}`)
      expect(response.statusCode, response.body).toBe(200)
      const receipt = receiptOf(response)
      const original = acknowledged.get(posting.idempotencyKey)
      if (original) {
        expect(receipt.id).toBe(original.id)
        expect(receipt.receiptNumber).toBe(original.receiptNumber)
        expect(receipt.isReplay).toBe(true)
        replayed += 1
      } else {
        // Committed before the cut but never acknowledged (a replay), or posted now.
        postedOnRetry += receipt.isReplay ? 0 : 1
        acknowledged.set(posting.idempotencyKey, receipt)
      }
    }
    expect(replayed).toBe(acknowledgedDuringLoad)
    expect(unexpected).toEqual([])

    const { db } = testDb
    const rows = await db
      .selectFrom('repayment')
      .select(['id', 'idempotency_key'])
      .where(
        'idempotency_key',
        'in',
        postings.map((posting) => posting.idempotencyKey),
      )
      .execute()
    // Every posting exists exactly once, as the receipt its client holds.
    expect(rows).toHaveLength(POSTINGS)
    for (const row of rows) expect(acknowledged.get(row.idempotency_key)?.id).toBe(row.id)

    for (const loanId of loanIds) {
      const { allocated, paid, reversedWithAllocations } = await reconcileAllocations(db, loanId)
      expect(allocated, loanId).toBe(paid)
      expect(paid, loanId).toBeGreaterThan(0)
      expect(reversedWithAllocations, loanId).toBe(0)
    }

    // Figures for docs/reliability.md "Database outage".
    const byStatus = [...statuses.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${String(status)}×${String(count)}`)
      .join(' ')
    process.stdout.write(
      `db outage: ${String(requests)} requests (${byStatus}), ${String(unavailable)} × 503, ${String(unexpected.length)} other 5xx, ` +
        `${String(acknowledgedDuringLoad)} of ${String(POSTINGS)} postings acknowledged during the load, ${String(replayed)} replayed, ` +
        `${String(postedOnRetry)} posted on retry, ${String(POSTINGS - rows.length)} lost, outage ${outageSeconds.toFixed(1)} s\n`,
    )
  }, 180_000)
})
