import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitForExport } from '../src/exports/jobs.js'
import { startTestJobs } from './support/jobs.js'
import { rebuildLedger, verifyLedger } from '../src/ledger/index.js'
import { decodeCursor, sortKey, type Keyset } from '../src/services/list-query.js'
import { expectTRPCError, openTestDatabase } from './staff-fixtures.js'
import { activeLoan, addLoanWorld, newKey, reconciliation, type LoanWorld } from './loan-fixtures.js'
import { addMember, type Caller } from './union-fixtures.js'

/**
 * The lists, the due list and posting as an attacker or a careless client would use them: tampered and
 * foreign cursors, hostile search text, other teams' ids in the filters, odd dates and ranges, NUL
 * characters, one loan spelt twice on a collection sheet, and the ledger rebuilt while staff post. Every
 * bad input is a 4xx naming what is wrong; nothing outside the caller's scope shows or counts.
 */
let t: Awaited<ReturnType<typeof openTestDatabase>>
let queue: Awaited<ReturnType<typeof startTestJobs>>
let w: LoanWorld
const TODAY = '2025-01-06'
const loansA: string[] = []
const loansB: string[] = []
const membersB: string[] = []
const B_MEMBER_LAST = 'Zubairu'

beforeAll(async () => {
  t = await openTestDatabase({ poolSize: 8 })
  queue = await startTestJobs(t)
  w = await addLoanWorld(t.db, TODAY, queue)
  // Three loans per team, started two months ago, each with one part payment today: in arrears, due.
  for (let i = 0; i < 3; i++) {
    const a = await addMember(t.db, {
      unionId: w.unionA.id,
      firstName: `Ada${String(i)}`,
      lastName: 'Okafor',
    })
    const loanA = await activeLoan(w, { memberId: a.id, startDate: '2024-11-04' })
    await w.asCoA1.repayment.record({
      loanId: loanA.id,
      mode: 'AMOUNT',
      amount: 100_000,
      paidOn: TODAY,
      method: 'CASH',
      reference: 'REF-A',
      idempotencyKey: newKey('hostile'),
    })
    loansA.push(loanA.id)
    const b = await addMember(t.db, {
      unionId: w.unionB.id,
      firstName: `Bisi${String(i)}`,
      lastName: B_MEMBER_LAST,
      phone: `+23480399900${String(i)}1`,
    })
    const loanB = await activeLoan(w, { memberId: b.id, startDate: '2024-11-04', team: 'B' })
    await w.asCoB1.repayment.record({
      loanId: loanB.id,
      mode: 'AMOUNT',
      amount: 200_000,
      paidOn: TODAY,
      method: 'CASH',
      reference: 'REF-B',
      idempotencyKey: newKey('hostile'),
    })
    loansB.push(loanB.id)
    membersB.push(b.id)
  }
}, 120_000)

afterAll(async () => {
  await queue.stop()
  await t.close()
})

const cursorOf = (o: string, k: unknown[]) => Buffer.from(JSON.stringify({ o, k })).toString('base64url')
const ZERO_UUID = '00000000-0000-0000-0000-000000000000'
const INVALID_CURSOR = /start again from the first page/

describe('cursors come back from the client: a tampered one is a 400, never a 500', () => {
  it('keys that do not cast to their column types', async () => {
    const cases: { sort: 'createdAt' | 'principal' | 'startDate' | 'loanNumber'; k: string[] }[] = [
      { sort: 'createdAt', k: ['garbage', ZERO_UUID] },
      { sort: 'createdAt', k: ['2025-13-45 00:00:00+00', ZERO_UUID] },
      { sort: 'createdAt', k: ['2025-01-06 25:00:00+00', ZERO_UUID] },
      { sort: 'principal', k: ['99999999999999999999', ZERO_UUID] },
      { sort: 'principal', k: ['9223372036854775808', ZERO_UUID] },
      { sort: 'principal', k: ['1e3', ZERO_UUID] },
      { sort: 'principal', k: ['1', 'not-a-uuid'] },
      { sort: 'startDate', k: ['2025-02-29', ZERO_UUID] },
      { sort: 'startDate', k: ['0000-01-01', ZERO_UUID] },
      { sort: 'loanNumber', k: ['LN\u0000', ZERO_UUID] },
    ]
    for (const { sort, k } of cases) {
      await expectTRPCError(
        w.asCoA1.loan.list({ sort, direction: 'desc', cursor: cursorOf(`loans.${sort}:desc`, k) }),
        'BAD_REQUEST',
        INVALID_CURSOR,
      )
    }
    await expectTRPCError(
      w.asCoA1.repayment.list({ cursor: cursorOf('repayments.paidOn:desc', ['yesterday', '1']) }),
      'BAD_REQUEST',
      INVALID_CURSOR,
    )
    await expectTRPCError(
      w.asCoA1.member.list({
        sort: 'createdAt',
        cursor: cursorOf('members.createdAt:asc', ['now', ZERO_UUID]),
      }),
      'BAD_REQUEST',
      INVALID_CURSOR,
    )
    await expectTRPCError(
      w.asCoA1.loan.dueList({ cursor: cursorOf('due:asc', ['a', 'b', 'c', 'x']) }),
      'BAD_REQUEST',
      INVALID_CURSOR,
    )
    await expectTRPCError(
      w.asCoA1.loan.dueList({ cursor: cursorOf('due:asc', ['a\u0000', 'b', 'c', ZERO_UUID]) }),
      'BAD_REQUEST',
      INVALID_CURSOR,
    )
  })

  it('wrong shape, another sort or direction, not base64, too long', async () => {
    const first = await w.asCoA1.loan.list({ sort: 'principal', direction: 'desc', pageSize: 1 })
    const cursor = first.nextCursor ?? ''
    expect(cursor).not.toBe('')
    await expectTRPCError(
      w.asCoA1.loan.list({ sort: 'principal', direction: 'asc', cursor }),
      'BAD_REQUEST',
      INVALID_CURSOR,
    )
    await expectTRPCError(w.asCoA1.loan.list({ sort: 'createdAt', cursor }), 'BAD_REQUEST', INVALID_CURSOR)
    await expectTRPCError(w.asCoA1.repayment.list({ cursor }), 'BAD_REQUEST', INVALID_CURSOR)
    for (const bad of [
      cursor.slice(0, cursor.length - 5),
      cursorOf('loans.principal:desc', [null, null]),
      cursorOf('loans.principal:desc', [1, 2]),
      cursorOf('loans.principal:desc', ['1']),
      Buffer.from('[]').toString('base64url'),
    ]) {
      await expectTRPCError(
        w.asCoA1.loan.list({ sort: 'principal', direction: 'desc', cursor: bad }),
        'BAD_REQUEST',
        INVALID_CURSOR,
      )
    }
    await expectTRPCError(w.asCoA1.loan.list({ cursor: 'not base64!' }), 'BAD_REQUEST', /Cursor is not valid/)
    await expectTRPCError(
      w.asCoA1.loan.list({ cursor: 'A'.repeat(2001) }),
      'BAD_REQUEST',
      /Cursor is too long/,
    )
  })

  it('accepts every timestamp PostgreSQL or CockroachDB prints, whatever the session time zone', () => {
    const keyset: Keyset = {
      name: 'x',
      keys: [sortKey('x.at', 'timestamptz'), sortKey('x.id', 'uuid')],
      direction: 'asc',
    }
    for (const at of [
      '2025-01-06 09:00:00+00',
      '2025-01-06 10:00:00.5+01',
      '2024-02-29 23:59:59.123456-03:30',
      '2025-01-06 15:45:00+05:45',
      '1900-01-01 00:00:00+00:13:35',
      '2025-01-06 09:00:00.000001+00:00',
    ]) {
      expect(decodeCursor(keyset, cursorOf('x:asc', [at, ZERO_UUID.toUpperCase()]))).toEqual([
        at,
        ZERO_UUID.toUpperCase(),
      ])
    }
  })

  it('walks whole lists with real cursors, one row per page (timestamps, dates, bigints, text)', async () => {
    for (const sort of ['createdAt', 'startDate', 'principal', 'memberName'] as const) {
      const seen: string[] = []
      let cursor: string | undefined
      do {
        const page = await w.asAdmin.loan.list({ sort, direction: 'asc', pageSize: 1, cursor })
        seen.push(...page.items.map((item) => item.id))
        cursor = page.nextCursor ?? undefined
      } while (cursor !== undefined)
      expect(seen.toSorted()).toEqual([...loansA, ...loansB].toSorted())
    }
    const members: string[] = []
    let cursor: string | undefined
    do {
      const page = await w.asAdmin.member.list({ sort: 'createdAt', pageSize: 2, cursor })
      members.push(...page.items.map((item) => item.id))
      cursor = page.nextCursor ?? undefined
    } while (cursor !== undefined)
    expect(new Set(members).size).toBe(members.length)
    expect(members.length).toBe((await w.asAdmin.member.list({ pageSize: 100 })).total)
  })

  it("a cursor taken from another team's list shows only the caller's own rows", async () => {
    const theirs = await w.asCoB1.loan.list({ sort: 'createdAt', direction: 'asc', pageSize: 1 })
    const page = await w.asCoA1.loan.list({
      sort: 'createdAt',
      direction: 'asc',
      pageSize: 100,
      cursor: theirs.nextCursor ?? undefined,
    })
    expect(page.items.every((item) => loansA.includes(item.id))).toBe(true)
    const theirDue = await w.asCoB1.loan.dueList({ pageSize: 1 })
    const due = await w.asCoA1.loan.dueList({ cursor: theirDue.nextCursor ?? undefined })
    expect(due.items.every((item) => loansA.includes(item.loanId))).toBe(true)
  })
})

describe('search text', () => {
  it('NUL and other control characters are a 400 naming the search; tabs and line breaks are spaces', async () => {
    for (const search of ['a\u0000b', '\u0001', 'x\u007f']) {
      await expectTRPCError(w.asCoA1.loan.list({ search }), 'BAD_REQUEST', /Search cannot contain control/)
      await expectTRPCError(w.asCoA1.member.list({ search }), 'BAD_REQUEST', /Search cannot contain control/)
      await expectTRPCError(
        w.asCoA1.repayment.list({ search }),
        'BAD_REQUEST',
        /Search cannot contain control/,
      )
      await expectTRPCError(
        w.asCoA1.repayment.totals({ search }),
        'BAD_REQUEST',
        /Search cannot contain control/,
      )
    }
    expect((await w.asCoA1.member.list({ search: 'ada0\tokafor' })).total).toBe(1)
    await expectTRPCError(w.asCoA1.loan.list({ search: 'x'.repeat(101) }), 'BAD_REQUEST', /at most 100/)
  })

  it('%, _ and \\ are literal, and SQL in the text is just text', async () => {
    for (const search of ['%', '_', '\\', '%%', "'; delete from loan; --", "o'kafor"]) {
      expect((await w.asAdmin.loan.list({ search })).total).toBe(0)
      expect((await w.asAdmin.member.list({ search })).total).toBe(0)
      expect((await w.asAdmin.repayment.list({ search })).total).toBe(0)
      expect(await w.asAdmin.repayment.totals({ search })).toEqual({ count: 0, amount: 0 })
    }
    expect((await w.asAdmin.loan.list({})).total).toBe(6)
  })

  it("another team's names, phones and references find nothing", async () => {
    for (const search of [B_MEMBER_LAST, 'Bisi0', '0803 999 0001', 'REF-B']) {
      expect((await w.asCoA1.loan.list({ search })).total).toBe(0)
      expect((await w.asCoA1.member.list({ search })).total).toBe(0)
      expect((await w.asCoA1.repayment.list({ search })).total).toBe(0)
      expect(await w.asCoA1.repayment.totals({ search })).toEqual({ count: 0, amount: 0 })
      expect((await w.asSupA.loan.list({ search })).total).toBe(0)
    }
    expect((await w.asCoB1.member.list({ search: '0803 999 0001' })).total).toBe(1)
    expect((await w.asSupB.repayment.list({ search: 'REF-B' })).total).toBe(3)
  })
})

describe("filters naming another team's union or officer", () => {
  it('show and count nothing, in lists, totals, the due list and its summary', async () => {
    const asA: Caller[] = [w.asCoA1, w.asSupA]
    for (const caller of asA) {
      for (const filter of [{ unionId: w.unionB.id }, { officerId: w.coB1.id }]) {
        expect((await caller.loan.list(filter)).total).toBe(0)
        expect((await caller.repayment.list(filter)).total).toBe(0)
        expect(await caller.repayment.totals(filter)).toEqual({ count: 0, amount: 0 })
        expect((await caller.loan.dueList(filter)).items).toEqual([])
        const summary = await caller.loan.dueListSummary(filter)
        expect(summary.count).toBe(0)
        expect(summary.totals).toEqual({ dueInRange: 0, overdueBefore: 0, dueNow: 0 })
      }
      expect((await caller.member.list({ unionId: w.unionB.id })).total).toBe(0)
      expect((await caller.member.list({ creditOfficerId: w.coB1.id })).total).toBe(0)
      for (const memberId of membersB) {
        expect((await caller.loan.list({ memberId })).total).toBe(0)
        await expectTRPCError(caller.member.get({ id: memberId }), 'NOT_FOUND')
      }
      for (const loanId of loansB) {
        expect((await caller.repayment.list({ loanId })).total).toBe(0)
        expect(await caller.repayment.totals({ loanId })).toEqual({ count: 0, amount: 0 })
        await expectTRPCError(caller.loan.get({ id: loanId }), 'NOT_FOUND')
      }
    }
    // The admin sees both teams; the team's own filter still works for them.
    expect((await w.asAdmin.loan.list({ unionId: w.unionB.id })).total).toBe(3)
    expect(await w.asCoA1.repayment.totals({})).toEqual({ count: 3, amount: 300_000 })
    expect(await w.asAdmin.repayment.totals({})).toEqual({ count: 6, amount: 900_000 })
  })

  it('exports of another team are empty', async () => {
    for (const [name, input] of [
      ['loans', { unionId: w.unionB.id }],
      ['members', { creditOfficerId: w.coB1.id }],
      ['repayments', { search: 'REF-B' }],
      ['dueList', { officerId: w.coB1.id }],
    ] as const) {
      const started = await w.asCoA1.export.start({ name, format: 'csv', input })
      const job = await waitForExport(t.db, w.coA1.id, started.id)
      expect(job.state, job.error ?? '').toBe('DONE')
      const lines = (await queue.read(job.storageKey ?? ''))
        .toString('utf8')
        .split('\r\n')
        .filter((line) => line !== '')
      expect(lines.length, name).toBe(1)
    }
  })
})

describe('dates and ranges', () => {
  it('year 0000 is a 400 naming the field (PostgreSQL has no year 0)', async () => {
    await expectTRPCError(
      w.asCoA1.loan.list({ from: '0000-01-01' }),
      'BAD_REQUEST',
      /From date must be in year 0001/,
    )
    await expectTRPCError(
      w.asCoA1.repayment.totals({ to: '0000-12-31' }),
      'BAD_REQUEST',
      /To date must be in year 0001/,
    )
    await expectTRPCError(w.asCoA1.loan.dueList({ from: '0000-01-01' }), 'BAD_REQUEST', /From date/)
  })

  it('a due list given only its end date is held to the same rules as a full range', async () => {
    await expectTRPCError(
      w.asCoA1.loan.dueList({ to: '2024-12-31' }),
      'BAD_REQUEST',
      /To date must be on or after today/,
    )
    await expectTRPCError(
      w.asCoA1.loan.dueListSummary({ to: '2030-01-01' }),
      'BAD_REQUEST',
      /covers at most 366 days/,
    )
    const far = await w.asCoA1.loan.dueList({ from: '9999-12-30' })
    expect(far.items).toEqual(expect.any(Array))
    const ok = await w.asCoA1.loan.dueListSummary({ to: '2026-01-07' })
    expect(ok.to).toBe('2026-01-07')
  })

  it('a loan with several installments in the range is one row, counted once, totals exact', async () => {
    const range = { from: '2024-11-01', to: '2025-01-31' }
    const summary = await w.asCoA1.loan.dueListSummary(range)
    const pages: Awaited<ReturnType<Caller['loan']['dueList']>>['items'] = []
    let cursor: string | undefined
    do {
      const page = await w.asCoA1.loan.dueList({ ...range, pageSize: 1, cursor })
      pages.push(...page.items)
      cursor = page.nextCursor ?? undefined
    } while (cursor !== undefined)
    expect(pages.map((item) => item.loanId).toSorted()).toEqual(loansA.toSorted())
    expect(summary.count).toBe(3)
    expect(pages.every((item) => item.installments.length > 1)).toBe(true)
    const sum = (key: 'dueInRange' | 'overdueBefore' | 'dueNow') =>
      pages.reduce((total, item) => total + item[key], 0)
    expect(summary.totals).toEqual({
      dueInRange: sum('dueInRange'),
      overdueBefore: sum('overdueBefore'),
      dueNow: sum('dueNow'),
    })
    for (const item of pages) {
      expect(item.dueInRange).toBe(item.installments.reduce((total, i) => total + i.outstanding, 0))
      expect(Number.isSafeInteger(item.dueInRange)).toBe(true)
    }
  })
})

describe('posting with hostile input', () => {
  it('NUL in a reference, a note or a reason is a 400 naming the field, and nothing is posted', async () => {
    const loanId = loansA[0] ?? ''
    const before = await reconciliation(t.db, loanId)
    const pay = { loanId, mode: 'AMOUNT' as const, amount: 100, paidOn: TODAY, method: 'CASH' as const }
    await expectTRPCError(
      w.asCoA1.repayment.record({ ...pay, reference: 'R\u0000', idempotencyKey: newKey('nul') }),
      'BAD_REQUEST',
      /Reference cannot contain control characters/,
    )
    await expectTRPCError(
      w.asCoA1.repayment.record({ ...pay, notes: '\u0000', idempotencyKey: newKey('nul') }),
      'BAD_REQUEST',
      /Notes cannot contain control characters/,
    )
    const repayments = await w.asAdmin.repayment.list({ loanId })
    await expectTRPCError(
      w.asAdmin.repayment.reverse({ id: repayments.items[0]?.id ?? '', reason: 'typo\u0000' }),
      'BAD_REQUEST',
      /Reason cannot contain control characters/,
    )
    expect(await reconciliation(t.db, loanId)).toEqual(before)
  })

  it('NUL in a text field without its own check is still a 400, not a 500', async () => {
    await expectTRPCError(
      w.asAdmin.union.create({ name: 'Ibadan\u0000Dyers', creditOfficerId: w.coA1.id }),
      'BAD_REQUEST',
      /cannot contain (NUL|control) characters/,
    )
  })

  it('one loan twice on a collection sheet, its id spelt in upper and lower case, is refused', async () => {
    const loanId = loansA[1] ?? ''
    const before = await reconciliation(t.db, loanId)
    const error = await expectTRPCError(
      w.asCoA1.collectionSheet.post({
        unionId: w.unionA.id,
        date: TODAY,
        idempotencyKey: newKey('sheet'),
        rows: [
          { loanId, amount: 1_000 },
          { loanId: loanId.toUpperCase(), amount: 1_000 },
        ],
      }),
      'BAD_REQUEST',
      /Row 2: this loan appears twice/,
    )
    expect(error.message).toMatch(/appears twice/)
    expect(await reconciliation(t.db, loanId)).toEqual(before)
  })

  it('a payment retried with the loan id in upper case is the same payment (answered, not posted again)', async () => {
    const loanId = loansA[2] ?? ''
    const input = { mode: 'AMOUNT' as const, amount: 1_000, paidOn: TODAY, method: 'CASH' as const }
    const idempotencyKey = newKey('case')
    const first = await w.asCoA1.repayment.record({ ...input, loanId, idempotencyKey })
    const again = await w.asCoA1.repayment.record({ ...input, loanId: loanId.toUpperCase(), idempotencyKey })
    expect(again.isReplay).toBe(true)
    expect(again.id).toBe(first.id)
  })
})

describe('the stored ledger under a rebuild', () => {
  it('a rebuild given a day before the latest payment (started before midnight) keeps that payment', async () => {
    const loanId = loansB[0] ?? ''
    const stateBefore = await t.db
      .selectFrom('loan_state')
      .selectAll()
      .where('loan_id', '=', loanId)
      .executeTakeFirstOrThrow()
    await rebuildLedger(t.db, { today: '2025-01-05', defaultAfterDays: 90, loanIds: [loanId] })
    const stateAfter = await t.db
      .selectFrom('loan_state')
      .selectAll()
      .where('loan_id', '=', loanId)
      .executeTakeFirstOrThrow()
    expect({ ...stateAfter, updated_at: null }).toEqual({ ...stateBefore, updated_at: null })
    const verified = await verifyLedger(t.db, { today: TODAY, defaultAfterDays: 90, loanIds: [loanId] })
    expect(verified.differences).toEqual([])
  })

  it('postings racing a rebuild leave the ledger equal to the replay', async () => {
    const loanId = loansB[1] ?? ''
    const postings = Array.from({ length: 6 }, () =>
      w.asCoB1.repayment.record({
        loanId,
        mode: 'AMOUNT',
        amount: 1_000,
        paidOn: TODAY,
        method: 'CASH',
        idempotencyKey: newKey('race'),
      }),
    )
    const rebuilds = Array.from({ length: 3 }, () =>
      rebuildLedger(t.db, { today: TODAY, defaultAfterDays: 90, batchSize: 2 }),
    )
    const settled = await Promise.allSettled([...postings, ...rebuilds])
    expect(settled.filter((s) => s.status === 'rejected')).toEqual([])
    const verified = await verifyLedger(t.db, { today: TODAY, defaultAfterDays: 90 })
    expect(verified.differences).toEqual([])
    const state = await t.db
      .selectFrom('loan_state')
      .select('repayment_count')
      .where('loan_id', '=', loanId)
      .executeTakeFirstOrThrow()
    expect(state.repayment_count).toBe(7)
  })
})

describe('ledger verify while staff post', () => {
  it('reads each batch as one snapshot: no difference is reported that is not there', async () => {
    const loanId = loansB[2] ?? ''
    const posting = { isDone: false }
    const postings = (async () => {
      for (let i = 0; i < 25; i++) {
        await w.asCoB1.repayment.record({
          loanId,
          mode: 'AMOUNT',
          amount: 500,
          paidOn: TODAY,
          method: 'CASH',
          idempotencyKey: newKey('verify-race'),
        })
      }
      posting.isDone = true
    })()
    const differences = []
    while (!posting.isDone) {
      const result = await verifyLedger(t.db, { today: TODAY, defaultAfterDays: 90, loanIds: [loanId] })
      differences.push(...result.differences)
    }
    await postings
    expect(differences).toEqual([])
  })
})

describe('amount filters', () => {
  it('name the field and the limit', async () => {
    await expectTRPCError(
      w.asCoA1.loan.list({ minPrincipal: -1 }),
      'BAD_REQUEST',
      /Minimum amount cannot be negative/,
    )
    await expectTRPCError(
      w.asCoA1.loan.list({ maxPrincipal: 1.5 }),
      'BAD_REQUEST',
      /Maximum amount must be a whole number of kobo/,
    )
    await expectTRPCError(
      w.asCoA1.loan.list({ minPrincipal: 1e300 }),
      'BAD_REQUEST',
      /Minimum amount (is too large|must be a whole)/,
    )
    await expectTRPCError(
      w.asCoA1.loan.list({ minPrincipal: 2, maxPrincipal: 1 }),
      'BAD_REQUEST',
      /Maximum amount must be at least the minimum amount/,
    )
    expect((await w.asCoA1.loan.list({ minPrincipal: 0, maxPrincipal: Number.MAX_SAFE_INTEGER })).total).toBe(
      3,
    )
  })
})
