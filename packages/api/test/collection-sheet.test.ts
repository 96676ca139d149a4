import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectTRPCError, openTestDatabase } from './staff-fixtures.js'
import { activeLoan, addLoanWorld, newKey, reconciliation, type LoanWorld } from './loan-fixtures.js'

let t: Awaited<ReturnType<typeof openTestDatabase>>
let w: LoanWorld
const loans: { id: string; loanNumber: string }[] = []

beforeAll(async () => {
  t = await openTestDatabase({ poolSize: 8 })
  w = await addLoanWorld(t.db, '2025-01-06')
  for (const name of ['Ada', 'Bisi', 'Chika']) {
    const member = await t.db
      .insertInto('member')
      .values({ union_id: w.unionA.id, first_name: name, last_name: 'Sheet' })
      .returning('id')
      .executeTakeFirstOrThrow()
    loans.push(await activeLoan(w, { memberId: member.id }))
  }
  w.clock.today = '2025-01-13'
})
afterAll(async () => {
  await t.close()
})

const ids = () => loans.map((l) => l.id)

async function repaymentCount() {
  const row = await t.db
    .selectFrom('repayment')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('loan_id', 'in', ids())
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

describe('collection sheet', () => {
  it('lists every member with a running loan and what is due on the date', async () => {
    const sheet = await w.asCoA1.collectionSheet.get({ unionId: w.unionA.id, date: '2025-01-13' })
    expect(sheet.rows.map((r) => r.loanNumber)).toEqual(
      expect.arrayContaining(loans.map((l) => l.loanNumber)),
    )
    for (const row of sheet.rows) expect(row.dueNow).toBe(916_666)
    expect(sheet.totalDue).toBe(916_666 * sheet.rows.length)
    await expectTRPCError(
      w.asCoB1.collectionSheet.get({ unionId: w.unionA.id, date: '2025-01-13' }),
      'NOT_FOUND',
    )
  })

  it('one bad row posts nothing, and the message names the row', async () => {
    const rows = [
      { loanId: loans[0]?.id ?? '', amount: 916_666 },
      { loanId: loans[1]?.id ?? '', amount: 99_000_000 },
      { loanId: loans[2]?.id ?? '', amount: 916_666 },
    ]
    const error = await expectTRPCError(
      w.asCoA1.collectionSheet.post({
        unionId: w.unionA.id,
        date: '2025-01-13',
        idempotencyKey: newKey('sheet'),
        rows,
      }),
      'BAD_REQUEST',
      new RegExp(
        `^Row 2 \\(${loans[1]?.loanNumber ?? ''}, Bisi Sheet\\): .*most that can be accepted is ₦110,000\\.00`,
      ),
    )
    expect((error.cause as { details?: { row?: number } }).details?.row).toBe(2)
    expect(await repaymentCount()).toBe(0)
    expect(await t.db.selectFrom('collection_sheet').selectAll().execute()).toEqual([])
    // A loan of another union is a bad row too.
    const other = await activeLoan(w, { memberId: w.memberB.id, team: 'B', startDate: '2025-01-13' })
    await expectTRPCError(
      w.asAdmin.collectionSheet.post({
        unionId: w.unionA.id,
        date: '2025-01-13',
        idempotencyKey: newKey('sheet'),
        rows: [
          { loanId: loans[0]?.id ?? '', amount: 100 },
          { loanId: other.id, amount: 100 },
        ],
      }),
      'BAD_REQUEST',
      /Row 2 .*does not belong to a member of Alaba Potters/,
    )
    await expectTRPCError(
      w.asCoA1.collectionSheet.post({
        unionId: w.unionA.id,
        date: '2025-01-13',
        idempotencyKey: newKey('sheet'),
        rows: [
          { loanId: loans[0]?.id ?? '', amount: 100 },
          { loanId: loans[0]?.id ?? '', amount: 100 },
        ],
      }),
      'BAD_REQUEST',
      /Row 2: this loan appears twice/,
    )
    expect(await repaymentCount()).toBe(0)
  })

  it('posts the whole sheet atomically and idempotently, with a summary', async () => {
    const key = newKey('sheet')
    const input = {
      unionId: w.unionA.id,
      date: '2025-01-13',
      idempotencyKey: key,
      method: 'CASH' as const,
      rows: loans.map((l, i) => ({ loanId: l.id, amount: 916_666 - i * 100_000 })),
    }
    // Posted twice at the same moment (a double tap) and once more later: one sheet.
    const [a, b] = await Promise.all([
      w.asCoA1.collectionSheet.post(input),
      w.asCoA1.collectionSheet.post(input),
    ])
    const c = await w.asCoA1.collectionSheet.post(input)
    const summaries = [a, b, c]
    expect(summaries.filter((s) => !s.isReplay)).toHaveLength(1)
    for (const s of summaries) {
      expect(s.paymentCount).toBe(3)
      expect(s.total).toBe(916_666 * 3 - 300_000)
      expect(s.receipts.map((r) => r.receiptNumber)).toEqual(a.receipts.map((r) => r.receiptNumber))
    }
    expect(await repaymentCount()).toBe(3)
    for (const loan of loans) {
      const sums = await reconciliation(t.db, loan.id)
      expect(sums.allocated).toBe(sums.paid)
    }
    await expectTRPCError(
      w.asCoA1.collectionSheet.post({ ...input, rows: input.rows.slice(0, 2) }),
      'CONFLICT',
      /already used for a different sheet/,
    )
    const sheet = await w.asCoA1.collectionSheet.get({ unionId: w.unionA.id, date: '2025-01-13' })
    expect(sheet.postedSheets).toHaveLength(1)
    expect(sheet.rows.find((r) => r.loanId === loans[0]?.id)?.dueNow).toBe(0)
    expect(sheet.rows.find((r) => r.loanId === loans[2]?.id)?.dueNow).toBe(200_000)
  })

  it('refuses a future date', async () => {
    await expectTRPCError(
      w.asCoA1.collectionSheet.post({
        unionId: w.unionA.id,
        date: '2025-01-14',
        idempotencyKey: newKey('sheet'),
        rows: [{ loanId: loans[0]?.id ?? '', amount: 100 }],
      }),
      'BAD_REQUEST',
      /future/,
    )
  })
})

describe('due list', () => {
  it('shows who owes what today, in a range, and arrears', async () => {
    w.clock.today = '2025-01-20'
    const today = await w.asCoA1.loan.dueList({})
    const row = today.items.find((i) => i.loanId === loans[2]?.id)
    expect(row).toMatchObject({
      dueInRange: 916_666,
      overdueBefore: 200_000,
      dueNow: 1_116_666,
      daysPastDue: 7,
    })
    const range = await w.asCoA1.loan.dueList({ from: '2025-01-20', to: '2025-02-03', includeOverdue: false })
    expect(range.items.find((i) => i.loanId === loans[0]?.id)?.installments.map((i) => i.dueDate)).toEqual([
      '2025-01-20',
      '2025-01-27',
      '2025-02-03',
    ])
    expect((await w.asCoB1.loan.dueList({})).items.some((i) => ids().includes(i.loanId))).toBe(false)
    await expectTRPCError(
      w.asCoA1.loan.dueList({ from: '2025-01-01', to: '2026-06-01' }),
      'BAD_REQUEST',
      /366 days/,
    )
  })
})
