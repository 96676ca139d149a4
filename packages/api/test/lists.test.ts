import { addDays, type LoanStatus } from '@mp/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitForExport } from '../src/exports/jobs.js'
import { startTestJobs } from './support/jobs.js'
import { expectTRPCError, openTestDatabase } from './staff-fixtures.js'
import { activeLoan, addLoanWorld, newKey, WEEKLY_FLAT, type LoanWorld } from './loan-fixtures.js'
import { addMember, type Caller } from './union-fixtures.js'

/**
 * The big lists (issue 11): keyset pages that visit every row once in order whatever the sort (ties
 * included), status filters from the stored ledger equal to @mp/domain's replay on several dates, search
 * on the normalised column (a phone in any format), the due list complete over many pages with totals
 * over all of it, and exports equal to the lists they come from.
 */
let t: Awaited<ReturnType<typeof openTestDatabase>>
let queue: Awaited<ReturnType<typeof startTestJobs>>
let w: LoanWorld
const PHONE_MEMBER = { first: 'Obiageli', last: 'Nwosu', phone: '+2348031234567' }
let phoneLoanId = ''

const TODAY = '2025-01-06'
const START_DATES = ['2024-08-05', '2024-11-04', '2024-12-02', TODAY]
const PRINCIPALS = [5_000_000, 10_000_000, 20_000_000]
const LAST_NAMES = ['Okafor', 'Bello', 'Eze']

beforeAll(async () => {
  t = await openTestDatabase({ poolSize: 8 })
  queue = await startTestJobs(t)
  w = await addLoanWorld(t.db, TODAY, queue)
  const withPenalty = await w.asAdmin.loanType.create({
    ...WEEKLY_FLAT,
    name: 'Weekly flat with penalty',
    penalty: { kind: 'PERCENT_PER_DAY', ratePerDay: '0.005', graceDays: 3, mode: 'FORGIVE' },
  })
  // 24 disbursed loans (18 of team A, 6 of team B): three principals, three last names and four start
  // dates, so every sort has ties; some paid up, some partly, some never, one paid off.
  for (let i = 0; i < 24; i++) {
    const team = i % 4 === 3 ? 'B' : 'A'
    const isPhoneMember = i === 5
    const member = await addMember(t.db, {
      unionId: team === 'B' ? w.unionB.id : w.unionA.id,
      firstName: isPhoneMember ? PHONE_MEMBER.first : `Member${String(i)}`,
      lastName: isPhoneMember ? PHONE_MEMBER.last : (LAST_NAMES[i % 3] ?? 'Okafor'),
      phone: isPhoneMember ? PHONE_MEMBER.phone : null,
    })
    const startDate = START_DATES[i % 4] ?? TODAY
    const loan = await activeLoan(w, {
      memberId: member.id,
      team,
      startDate,
      principal: PRINCIPALS[i % 3] ?? 5_000_000,
      loanTypeId: i % 2 === 0 ? withPenalty.id : w.loanTypeId,
    })
    if (isPhoneMember) phoneLoanId = loan.id
    const caller = team === 'B' ? w.asCoB1 : w.asCoA1
    const pay = (input: { amount?: number; paidOn: string; mode?: 'AMOUNT' | 'DUE_NOW' }) =>
      caller.repayment.record({
        loanId: loan.id,
        mode: input.mode ?? 'AMOUNT',
        ...(input.amount === undefined ? {} : { amount: input.amount }),
        paidOn: input.paidOn,
        method: 'CASH',
        idempotencyKey: newKey('lists'),
      })
    switch (i % 6) {
      case 0:
        if (startDate < TODAY) await pay({ mode: 'DUE_NOW', paidOn: TODAY })
        break
      case 1:
        await pay({ amount: 500_000, paidOn: addDays(startDate, 7) > TODAY ? TODAY : addDays(startDate, 7) })
        break
      case 2: {
        const detail = await caller.loan.get({ id: loan.id })
        await pay({ amount: detail.position?.payoffAmount ?? 0, paidOn: TODAY })
        break
      }
      case 4:
        // Long past due, then a payment that does not bring it current: DEFAULTED for the episode.
        if (startDate < TODAY) await pay({ amount: 3_000_000, paidOn: TODAY })
        break
      default:
        break
    }
  }
  // Loans not disbursed yet: their statuses are stored ones.
  for (const [i, stop] of (['DRAFT', 'PENDING_APPROVAL', 'CANCELED'] as const).entries()) {
    const member = await addMember(t.db, {
      unionId: w.unionA.id,
      firstName: `Applicant${String(i)}`,
      lastName: 'Ade',
    })
    const draft = await w.asCoA1.loan.create({
      memberId: member.id,
      loanTypeId: w.loanTypeId,
      principal: 10_000_000,
      termCount: 12,
      startDate: TODAY,
      purpose: 'Kiln',
      guarantorIds: [],
    })
    if (stop !== 'DRAFT') await w.asCoA1.loan.submit({ id: draft.id })
    if (stop === 'CANCELED') await w.asCoA1.loan.withdraw({ id: draft.id, reason: 'Changed her mind' })
  }
}, 300_000)

afterAll(async () => {
  await queue.stop()
  await t.close()
})

/** Every page of a cursor-paged list, in order. */
async function walk<T>(
  fetch: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>,
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = []
  let cursor: string | undefined
  let pages = 0
  do {
    const page = await fetch(cursor)
    items.push(...page.items)
    pages += 1
    cursor = page.nextCursor ?? undefined
  } while (cursor !== undefined && pages < 1000)
  return { items, pages }
}

async function atDay<T>(day: string, work: () => Promise<T>): Promise<T> {
  const saved = w.clock.today
  w.clock.today = day
  try {
    return await work()
  } finally {
    w.clock.today = saved
  }
}

function compare(a: string | number, b: string | number): number {
  return a < b ? -1 : a > b ? 1 : 0
}

describe('keyset pages', () => {
  const sorts = ['createdAt', 'loanNumber', 'principal', 'startDate', 'memberName', 'status'] as const

  it('visit every loan exactly once, in order, for every sort and direction (ties included)', async () => {
    const everything = await w.asAdmin.loan.list({ pageSize: 100 })
    expect(everything.nextCursor).toBeNull()
    expect(everything.total).toBe(27)
    for (const sort of sorts) {
      for (const direction of ['asc', 'desc'] as const) {
        const oneGo = await w.asAdmin.loan.list({ sort, direction, pageSize: 100 })
        const { items, pages } = await walk((cursor) =>
          w.asAdmin.loan.list({ sort, direction, pageSize: 4, cursor }),
        )
        const label = `${sort} ${direction}`
        expect(pages, label).toBe(7)
        expect(
          items.map((i) => i.id),
          label,
        ).toEqual(oneGo.items.map((i) => i.id))
        expect(new Set(items.map((i) => i.id)).size, label).toBe(27)
        // The order itself: by the key, then by id, in the one direction.
        const sign = direction === 'asc' ? 1 : -1
        const key = (i: (typeof items)[number]): string | number =>
          sort === 'principal'
            ? i.principal
            : sort === 'startDate'
              ? i.startDate
              : sort === 'loanNumber'
                ? i.loanNumber
                : sort === 'createdAt'
                  ? i.createdAt.getTime()
                  : Number.NaN
        if (sort !== 'memberName' && sort !== 'status') {
          for (let n = 1; n < items.length; n++) {
            const [before, after] = [items[n - 1], items[n]]
            if (!before || !after) continue
            const byKey = compare(key(before), key(after)) * sign
            expect(byKey <= 0, `${label} at ${String(n)}`).toBe(true)
            if (byKey === 0 && sort !== 'createdAt') {
              expect(compare(before.id, after.id) * sign, `${label} tie at ${String(n)}`).toBe(-1)
            }
          }
        }
      }
    }
  })

  it('walk members and repayments the same way, and count only up to the cap', async () => {
    for (const sort of ['name', 'code', 'createdAt'] as const) {
      const oneGo = await w.asAdmin.member.list({ sort, direction: 'desc', pageSize: 100 })
      const { items } = await walk((cursor) =>
        w.asAdmin.member.list({ sort, direction: 'desc', pageSize: 5, cursor }),
      )
      expect(items.map((i) => i.id)).toEqual(oneGo.items.map((i) => i.id))
      expect(oneGo.total).toBe(items.length)
      expect(oneGo.isTotalCapped).toBe(false)
    }
    for (const sort of ['amount', 'paidOn'] as const) {
      for (const direction of ['asc', 'desc'] as const) {
        const oneGo = await w.asAdmin.repayment.list({ sort, direction, pageSize: 100 })
        const { items } = await walk((cursor) =>
          w.asAdmin.repayment.list({ sort, direction, pageSize: 3, cursor }),
        )
        expect(items.map((i) => i.id)).toEqual(oneGo.items.map((i) => i.id))
        const totals = await w.asAdmin.repayment.totals({})
        expect(totals.count).toBe(items.length)
        expect(totals.amount).toBe(items.reduce((sum, i) => sum + (i.isReversed ? 0 : i.amount), 0))
      }
    }
  })

  it('refuses a cursor from another order or a made-up one', async () => {
    const first = await w.asAdmin.loan.list({ sort: 'principal', pageSize: 2 })
    await expectTRPCError(
      w.asAdmin.loan.list({ sort: 'loanNumber', pageSize: 2, cursor: first.nextCursor ?? undefined }),
      'BAD_REQUEST',
      /start again from the first page/,
    )
    await expectTRPCError(w.asAdmin.loan.list({ cursor: 'bm90LWpzb24' }), 'BAD_REQUEST', /first page/)
    await expectTRPCError(w.asAdmin.loan.list({ cursor: 'not a cursor!' }), 'BAD_REQUEST')
  })
})

describe('status filters from the stored ledger', () => {
  it('equal the domain’s replay (loan.get) on every date checked', async () => {
    const seen = new Set<LoanStatus>()
    for (const day of [TODAY, '2025-02-17', '2025-04-14']) {
      await atDay(day, async () => {
        const all = await w.asAdmin.loan.list({ pageSize: 100 })
        const truth = new Map<string, { status: LoanStatus; daysPastDue: number }>()
        for (const item of all.items) {
          const detail = await w.asAdmin.loan.get({ id: item.id })
          const isRunning = detail.status === 'ACTIVE' || detail.status === 'DEFAULTED'
          const daysPastDue = isRunning ? (detail.position?.daysPastDue ?? 0) : 0
          truth.set(item.id, { status: detail.status, daysPastDue })
          seen.add(detail.status)
          expect(
            { status: item.status, daysPastDue: item.daysPastDue },
            `${item.loanNumber} on ${day}`,
          ).toEqual({
            status: detail.status,
            daysPastDue,
          })
        }
        const ids = (predicate: (v: { status: LoanStatus; daysPastDue: number }) => boolean) =>
          [...truth]
            .filter(([, v]) => predicate(v))
            .map(([id]) => id)
            .sort()
        const listed = async (status: Parameters<Caller['loan']['list']>[0]['status']) =>
          (await w.asAdmin.loan.list({ status, pageSize: 100 })).items.map((i) => i.id).sort()
        expect(await listed('OVERDUE'), `OVERDUE on ${day}`).toEqual(
          ids((v) => (v.status === 'ACTIVE' || v.status === 'DEFAULTED') && v.daysPastDue > 0),
        )
        for (const status of [
          'ACTIVE',
          'DEFAULTED',
          'COMPLETED',
          'DRAFT',
          'PENDING_APPROVAL',
          'CANCELED',
        ] as const) {
          expect(await listed(status), `${status} on ${day}`).toEqual(ids((v) => v.status === status))
        }
      })
    }
    // The data covers every computed status.
    expect([...seen]).toEqual(expect.arrayContaining(['ACTIVE', 'DEFAULTED', 'COMPLETED']))
    const overdueNotDefaulted = await atDay('2025-02-17', () =>
      w.asAdmin.loan.list({ status: 'OVERDUE', pageSize: 100 }),
    )
    expect(overdueNotDefaulted.items.some((i) => i.status === 'ACTIVE')).toBe(true)
  })

  it('keep each officer to their own loans', async () => {
    const teamB = await atDay('2025-02-17', () => w.asCoB1.loan.list({ status: 'OVERDUE', pageSize: 100 }))
    expect(teamB.items.length).toBeGreaterThan(0)
    expect(teamB.items.every((i) => i.unionId === w.unionB.id)).toBe(true)
  })
})

describe('search', () => {
  it('finds a member and their loan by a phone in any format, a name fragment, the code or the loan number', async () => {
    const loan = await w.asAdmin.loan.get({ id: phoneLoanId })
    const searches = [
      '0803 123',
      '08031234567',
      '+234 803 123 4567',
      '2348031234567',
      '803-123-4567',
      'obiag',
      'NWOSU obiageli',
      'obiageli nwosu',
      loan.member.code.toLowerCase(),
    ]
    for (const search of searches) {
      const members = await w.asAdmin.member.list({ search })
      expect(
        members.items.map((i) => i.id),
        `member.list "${search}"`,
      ).toContain(loan.member.id)
      const loans = await w.asAdmin.loan.list({ search })
      expect(
        loans.items.map((i) => i.id),
        `loan.list "${search}"`,
      ).toContain(phoneLoanId)
    }
    expect(
      (await w.asAdmin.loan.list({ search: loan.loanNumber.toLowerCase() })).items.map((i) => i.id),
    ).toEqual([phoneLoanId])
    // A substring in the middle of a name, whatever the case.
    expect((await w.asAdmin.member.list({ search: 'BIAGE' })).items.map((i) => i.id)).toEqual([
      loan.member.id,
    ])
    // Wildcards typed by the user are taken literally; another phone finds nothing.
    expect((await w.asAdmin.member.list({ search: '%' })).total).toBe(0)
    expect((await w.asAdmin.member.list({ search: '0803 999' })).total).toBe(0)
    // Out of scope: another team's officer finds nothing.
    expect((await w.asCoB1.loan.list({ search: '0803 123' })).total).toBe(0)
    expect((await w.asCoB1.member.list({ search: '0803 123' })).total).toBe(0)
  })

  it('finds payments by receipt number, member or loan number', async () => {
    const paid = await w.asAdmin.repayment.list({ pageSize: 1 })
    const receipt = paid.items[0]
    if (!receipt) throw new Error('no payments')
    const byReceipt = await w.asAdmin.repayment.list({ search: receipt.receiptNumber.toLowerCase() })
    expect(byReceipt.items.map((i) => i.id)).toEqual([receipt.id])
    const byLoan = await w.asAdmin.repayment.list({ search: receipt.loanNumber })
    expect(byLoan.items.every((i) => i.loanId === receipt.loanId)).toBe(true)
    const byMember = await w.asAdmin.repayment.list({ search: receipt.memberName })
    expect(byMember.items.map((i) => i.id)).toContain(receipt.id)
  })
})

describe('due list', () => {
  it('lists every due loan over many pages, each with the domain’s amounts, and totals over all of them', async () => {
    for (const [from, to, includeOverdue] of [
      ['2025-02-17', '2025-02-23', true],
      ['2025-02-17', '2025-02-23', false],
      ['2025-01-06', '2025-01-06', true],
    ] as const) {
      await atDay(from, async () => {
        const label = `${from}..${to} overdue=${String(includeOverdue)}`
        // The domain's view: every running loan replayed (loan.get), filtered as the due list says.
        const expected: {
          loanId: string
          status: LoanStatus
          installments: { sequence: number; dueDate: string; outstanding: number; state: string }[]
          dueInRange: number
          overdueBefore: number
          dueNow: number
          daysPastDue: number
        }[] = []
        for (const item of (await w.asAdmin.loan.list({ pageSize: 100 })).items) {
          const detail = await w.asAdmin.loan.get({ id: item.id })
          const position = detail.position
          if (!position || (detail.status !== 'ACTIVE' && detail.status !== 'DEFAULTED')) continue
          const inRange = position.installments.filter(
            (i) => i.dueDate >= from && i.dueDate <= to && i.outstanding.total > 0,
          )
          const overdueBefore = position.installments
            .filter((i) => i.dueDate < from)
            .reduce((sum, i) => sum + i.outstanding.total, 0)
          if (inRange.length === 0 && !(includeOverdue && position.daysPastDue > 0 && overdueBefore > 0))
            continue
          expected.push({
            loanId: detail.id,
            status: detail.status,
            installments: inRange.map((i) => ({
              sequence: i.sequence,
              dueDate: i.dueDate,
              outstanding: i.outstanding.total,
              state: i.state,
            })),
            dueInRange: inRange.reduce((sum, i) => sum + i.outstanding.total, 0),
            overdueBefore,
            dueNow: position.dueNow,
            daysPastDue: position.daysPastDue,
          })
        }
        const input = { from, to, includeOverdue }
        const { items, pages } = await walk((cursor) =>
          w.asAdmin.loan.dueList({ ...input, pageSize: 3, cursor }),
        )
        const summary = await w.asAdmin.loan.dueListSummary(input)
        expect(expected.length, label).toBeGreaterThan(3)
        expect(pages, label).toBeGreaterThan(1)
        expect(items.length, label).toBe(expected.length)
        expect(summary.count, label).toBe(expected.length)
        const byId = (a: { loanId: string }, b: { loanId: string }) => compare(a.loanId, b.loanId)
        expect(
          items
            .map((i) => ({
              loanId: i.loanId,
              status: i.status,
              installments: i.installments,
              dueInRange: i.dueInRange,
              overdueBefore: i.overdueBefore,
              dueNow: i.dueNow,
              daysPastDue: i.daysPastDue,
            }))
            .sort(byId),
          label,
        ).toEqual([...expected].sort(byId))
        const sum = (pick: (i: (typeof expected)[number]) => number) =>
          expected.reduce((s, i) => s + pick(i), 0)
        expect(summary.totals, label).toEqual({
          dueInRange: sum((i) => i.dueInRange),
          overdueBefore: sum((i) => i.overdueBefore),
          dueNow: sum((i) => i.dueNow),
        })
        // By union, then member: the order of the walk.
        const unions = items.map((i) => i.unionName)
        expect(unions, label).toEqual([...unions].sort())
      })
    }
  })

  it('shows an officer only their unions’ loans', async () => {
    await atDay('2025-02-17', async () => {
      const { items } = await walk((cursor) => w.asCoB1.loan.dueList({ pageSize: 2, cursor }))
      expect(items.length).toBeGreaterThan(0)
      expect(items.every((i) => i.unionId === w.unionB.id)).toBe(true)
      expect((await w.asCoB1.loan.dueListSummary({})).count).toBe(items.length)
    })
  })
})

describe('exports equal their lists', () => {
  async function exported(
    caller: Caller,
    userId: string,
    name: 'loans' | 'dueList' | 'audit' | 'loginHistory',
    input: unknown,
  ) {
    const started = await caller.export.start({ name, format: 'csv', input })
    const job = await waitForExport(t.db, userId, started.id)
    expect(job.state, job.error ?? '').toBe('DONE')
    const [header, ...rows] = (await queue.read(job.storageKey ?? ''))
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .filter((line) => line !== '')
      .map((line) => line.split(','))
    return { header: header ?? [], rows, job }
  }

  it('the loans export holds the list’s rows in the list’s order', async () => {
    const input = { status: 'OVERDUE' as const, sort: 'principal' as const, direction: 'desc' as const }
    const { items } = await walk((cursor) => w.asAdmin.loan.list({ ...input, pageSize: 4, cursor }))
    const { header, rows, job } = await exported(w.asAdmin, w.admin.id, 'loans', input)
    const column = header.indexOf('Loan number')
    expect(rows.map((r) => r[column])).toEqual(items.map((i) => i.loanNumber))
    expect(job.rowsTotal).toBe(items.length)
  })

  it('the due list export holds every due loan, not one page', async () => {
    await atDay('2025-02-17', async () => {
      const { items } = await walk((cursor) => w.asAdmin.loan.dueList({ pageSize: 3, cursor }))
      const { header, rows } = await exported(w.asAdmin, w.admin.id, 'dueList', {})
      const column = header.indexOf('Loan number')
      expect(rows.map((r) => r[column])).toEqual(items.map((i) => i.loanNumber))
    })
  })

  it('the audit and sign-in exports stream every entry, newest first', async () => {
    const audit = await w.asAdmin.audit.list({ pageSize: 100 })
    const auditFile = await exported(w.asAdmin, w.admin.id, 'audit', {})
    expect(auditFile.rows).toHaveLength(audit.total)
    expect(audit.total).toBeGreaterThan(100)
    const logins = await w.asAdmin.loginHistory.list({ pageSize: 100 })
    const loginFile = await exported(w.asAdmin, w.admin.id, 'loginHistory', {})
    expect(loginFile.rows).toHaveLength(logins.total)
  })
})
