// Loan screens and postings against real PostgreSQL (`pnpm --filter @mp/api bench`). The deployment guide's
// acceptance list asks for "Loan List Load: < 1s (for 100 loans)"; these measure the procedures behind the
// loans page, the loan detail and a repayment posting, through tRPC's caller (no HTTP), on a portfolio of
// 1,000 running loans of 52 weekly installments.
import { buildSchedule } from '@mp/domain'
import { afterAll, beforeAll, bench, describe } from 'vitest'
import { closeDay } from '../src/ledger/close.js'
import { activeLoan, addLoanWorld, newKey, type LoanWorld } from '../test/loan-fixtures.js'
import { openTestDatabase } from '../test/staff-fixtures.js'

let t: Awaited<ReturnType<typeof openTestDatabase>>
let w: LoanWorld
let detailLoanId = ''
let postingLoanId = ''

const LOANS = 1000

beforeAll(async () => {
  t = await openTestDatabase({ poolSize: 8 })
  w = await addLoanWorld(t.db, '2025-06-02')
  // The portfolio, written straight to the tables (the procedures under test only read it).
  const schedule = buildSchedule({
    principal: 25_000_000,
    termCount: 52,
    termUnit: 'WEEK',
    startDate: '2025-01-06',
    interest: { method: 'FLAT', rate: '0.25', basis: 'PER_TERM' },
  })
  const members = await t.db
    .insertInto('member')
    .values(
      Array.from({ length: LOANS }, (_, i) => ({
        union_id: w.unionA.id,
        first_name: `Bench${String(i)}`,
        last_name: 'Member',
      })),
    )
    .returning('id')
    .execute()
  const loans = await t.db
    .insertInto('loan')
    .values(
      members.map((m) => ({
        member_id: m.id,
        loan_type_id: w.loanTypeId,
        loan_type_name: 'Weekly flat 10%',
        principal: 25_000_000,
        term_count: 52,
        term_unit: 'WEEK' as const,
        start_date: '2025-01-06',
        interest: JSON.stringify({ method: 'FLAT', rate: '0.25', basis: 'PER_TERM' }),
        allocation_order: 'VERTICAL' as const,
        rounding: 'HALF_EVEN' as const,
        installment_multiple: null,
        status: 'ACTIVE' as const,
        disbursed_on: '2025-01-06',
      })),
    )
    .returning('id')
    .execute()
  const rows = loans.flatMap((loan) =>
    schedule.installments.map((i) => ({
      loan_id: loan.id,
      sequence: i.sequence,
      due_date: i.dueDate,
      principal: i.principal,
      interest: i.interest,
    })),
  )
  for (let start = 0; start < rows.length; start += 5000) {
    await t.db
      .insertInto('loan_installment')
      .values(rows.slice(start, start + 5000))
      .execute()
  }
  // One loan with 20 weeks of real postings for the detail screen, and one to post on.
  const detail = await activeLoan(w, { principal: 25_000_000, termCount: 52, startDate: '2025-01-06' })
  w.clock.today = '2025-01-06'
  for (let week = 1; week <= 20; week++) {
    const day = new Date(Date.UTC(2025, 0, 6 + 7 * week)).toISOString().slice(0, 10)
    w.clock.today = day
    await w.asCoA1.repayment.record({
      loanId: detail.id,
      mode: 'DUE_NOW',
      paidOn: day,
      method: 'CASH',
      idempotencyKey: newKey('bench'),
    })
  }
  detailLoanId = detail.id
  w.clock.today = '2025-06-02'
  const posting = await activeLoan(w, {
    memberId: w.memberA2.id,
    principal: 100_000_000,
    termCount: 52,
    startDate: '2025-06-02',
  })
  postingLoanId = posting.id
}, 600_000)

afterAll(async () => {
  await t.close()
})

describe('loans screens', () => {
  bench('loan.list: page of 100 of 1,000 running loans, with days past due', async () => {
    await w.asSupA.loan.list({ pageSize: 100 })
  })
  bench('loan.list: overdue filter over 1,000 loans', async () => {
    await w.asAdmin.loan.list({ status: 'OVERDUE', pageSize: 100 })
  })
  bench('loan.get: 52 installments, 20 repayments, timeline', async () => {
    await w.asCoA1.loan.get({ id: detailLoanId })
  })
})

describe('reports over the same portfolio', () => {
  beforeAll(async () => {
    // The close's snapshot of a past day (docs/reports.md): what a past date reads.
    await closeDay(t.db, '2025-04-30')
  })
  bench('report.dashboard: KPIs and charts, SQL over the ledger and snapshots', async () => {
    await w.asAdmin.report.dashboard({})
  })
  bench('report.portfolio: first page of today with totals, PAR, aging and provisioning', async () => {
    await w.asAdmin.report.portfolio({})
  })
  bench('report.portfolio: a closed past date (from its snapshot)', async () => {
    await w.asAdmin.report.portfolio({ asOf: '2025-04-30' })
  })
})

describe('postings', () => {
  bench('repayment.record: one ₦100 payment (lock, replay, allocate, audit)', async () => {
    await w.asCoA1.repayment.record({
      loanId: postingLoanId,
      amount: 10_000,
      paidOn: '2025-06-02',
      method: 'CASH',
      idempotencyKey: newKey('bp'),
    })
  })
})
