import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeDay } from '../src/ledger/close.js'
import { verifyLedger } from '../src/ledger/index.js'
import { activeLoan, addLoanWorld, newKey, WEEKLY_FLAT, type LoanWorld } from './loan-fixtures.js'
import { expectTRPCError, openTestDatabase } from './staff-fixtures.js'
import { auditRows } from './union-fixtures.js'

/**
 * Reschedules, restructures and waivers through the API on real PostgreSQL (docs/lending.md): the
 * preview is what approval applies, maker-checker and the waiver limit per role hold, two approvals race
 * to one winner, hostile input is a 4xx naming the field, and after every change the stored ledger equals
 * the engine's replay (`ledger verify`).
 */
let t: Awaited<ReturnType<typeof openTestDatabase>>
let w: LoanWorld
let penaltyTypeId: string

beforeAll(async () => {
  t = await openTestDatabase({ poolSize: 12 })
  w = await addLoanWorld(t.db, '2025-01-06')
  const type = await w.asAdmin.loanType.create({
    ...WEEKLY_FLAT,
    name: 'Weekly flat with penalty',
    penalty: { kind: 'PERCENT_PER_DAY', ratePerDay: '0.002', graceDays: 3, mode: 'FORGIVE' },
  })
  penaltyTypeId = type.id
  await w.asAdmin.loanChange.setWaiverLimits({ SUPERVISOR: 1_000, ADMIN: 50_000_000 })
})
afterAll(async () => {
  await t.close()
})

let memberCount = 0
async function lateLoan() {
  memberCount += 1
  const member = await t.db
    .insertInto('member')
    .values({ union_id: w.unionA.id, first_name: `Late${String(memberCount)}`, last_name: 'Payer' })
    .returning('id')
    .executeTakeFirstOrThrow()
  w.clock.today = '2025-01-06'
  const loan = await activeLoan(w, { memberId: member.id, loanTypeId: penaltyTypeId })
  w.clock.today = '2025-01-20'
  await w.asCoA1.repayment.record({
    loanId: loan.id,
    mode: 'DUE_NOW',
    paidOn: '2025-01-20',
    method: 'CASH',
    idempotencyKey: newKey(),
  })
  // Then nothing for four weeks: installments 3-6 overdue, penalties accruing.
  w.clock.today = '2025-02-17'
  return loan
}

async function expectLedgerEqualsReplay(loanId: string) {
  const result = await verifyLedger(t.db, { today: w.clock.today, defaultAfterDays: 90, loanIds: [loanId] })
  expect(result.differences).toEqual([])
  expect(result.checked).toBe(1)
}

const RESCHEDULE = {
  kind: 'RESCHEDULE' as const,
  date: '2025-02-17',
  installmentCount: 10,
  firstDueDate: '2025-02-24',
  termUnit: 'WEEK' as const,
}

describe('reschedule', () => {
  it('applies exactly what the preview showed, keeps the old schedule, and the ledger equals the replay', async () => {
    const loan = await lateLoan()
    const preview = await w.asCoA1.loanChange.preview({ loanId: loan.id, terms: RESCHEDULE })
    expect(preview.before.daysPastDue).toBeGreaterThan(0)
    expect(preview.after.daysPastDue).toBe(0)
    expect(preview.newSequences).toHaveLength(10)
    // Σ principal conserved: what was outstanding moves to the new installments, to the kobo.
    const newPrincipal = preview.installments
      .filter((i) => preview.newSequences.includes(i.sequence))
      .reduce((sum, i) => sum + i.principal, 0)
    expect(newPrincipal).toBe(preview.before.outstandingPrincipal)
    // 10 % flat for the term (WEEKLY_FLAT), priced when booked: no new interest (docs/lending.md
    // "Rescheduling"). ₦100,000.00 over 12 weeks is ₦833.33 of interest a week (the last ₦833.37);
    // installments 1-2 were paid, 3-6 (27 Jan to 17 Feb) are due: 4 × ₦833.33 = ₦3,333.32 carried;
    // 7-12 are not yet due: 5 × ₦833.33 + ₦833.37 = ₦5,000.02 kept (was dropped and ₦8,333.34 charged anew).
    expect(preview.carriedInterest).toBe(333_332)
    expect(preview.keptInterest).toBe(500_002)
    expect(preview.droppedInterest).toBe(0)
    const newInterest = preview.installments
      .filter((i) => preview.newSequences.includes(i.sequence))
      .reduce((sum, i) => sum + i.interest, 0)
    expect(newInterest).toBe(333_332 + 500_002)
    // Nothing added: the member owes what they owed (penalties kept), only spread differently.
    expect(preview.after.payoffAmount).toBe(preview.before.payoffAmount)

    const asked = await w.asCoA1.loanChange.request({
      loanId: loan.id,
      terms: RESCHEDULE,
      reason: 'Market burned down; trading again from next week',
    })
    expect(asked.status).toBe('PENDING')
    await expectTRPCError(
      w.asCoA1.loanChange.request({ loanId: loan.id, terms: RESCHEDULE, reason: 'Second request' }),
      'CONFLICT',
      /already has a change waiting/,
    )
    const approved = await w.asSupA.loanChange.approve({ id: asked.id })
    expect(approved.payoffAmount).toBe(preview.after.payoffAmount)

    const detail = await w.asCoA1.loan.get({ id: loan.id })
    const shown = (detail.position?.installments ?? [])
      .filter((i) => i.due.principal + i.due.interest + i.due.fee > 0)
      .map((i) => ({
        sequence: i.sequence,
        dueDate: i.dueDate,
        principal: i.due.principal,
        interest: i.due.interest,
        fee: i.due.fee,
      }))
    expect(shown).toEqual(preview.installments)

    const history = await w.asCoA1.loanChange.history({ loanId: loan.id })
    expect(history.schedules).toHaveLength(2)
    expect(history.schedules[0]?.installments).toHaveLength(12)
    expect(history.schedules[1]?.installments).toEqual(preview.installments)
    expect(history.requests[0]).toMatchObject({ status: 'APPROVED', reason: /Market burned/ })
    expect(history.statementLines.map((l) => l.kind)).toEqual(['RESCHEDULE'])
    expect(await auditRows(t.db, 'LOAN_RESCHEDULE_APPROVE', loan.id)).toHaveLength(1)
    // The due list shows the first new installment, not the old ones the reschedule emptied.
    const due = await w.asCoA1.loan.dueList({ from: '2025-02-17', to: '2025-02-24', includeOverdue: true })
    const mine = due.items.find((i) => i.loanId === loan.id)
    expect(mine?.installments.map((i) => i.dueDate)).toEqual(['2025-02-24'])
    await expectLedgerEqualsReplay(loan.id)

    // Payments before the reschedule are settled: one dated before it is refused, naming the date.
    await expectTRPCError(
      w.asCoA1.repayment.record({
        loanId: loan.id,
        amount: 100_000,
        paidOn: '2025-02-10',
        method: 'CASH',
        idempotencyKey: newKey(),
      }),
      'BAD_REQUEST',
      /2025-02-17/,
    )
    // On the reschedule's own day a new payment comes after it (the member pays at that day's meeting).
    await w.asCoA1.repayment.record({
      loanId: loan.id,
      mode: 'AMOUNT',
      amount: 100_000,
      paidOn: '2025-02-17',
      method: 'CASH',
      idempotencyKey: newKey(),
    })
    await expectLedgerEqualsReplay(loan.id)
    // Later: the first new installment paid, then days on with nothing: still the replay.
    w.clock.today = '2025-02-24'
    await w.asCoA1.repayment.record({
      loanId: loan.id,
      mode: 'DUE_NOW',
      paidOn: '2025-02-24',
      method: 'CASH',
      idempotencyKey: newKey(),
    })
    await expectLedgerEqualsReplay(loan.id)
    w.clock.today = '2025-03-20'
    await expectLedgerEqualsReplay(loan.id)
  })
})

describe('maker-checker and waiver limits', () => {
  it('refuses self-approval and officers approving; limits waivers by role', async () => {
    const loan = await lateLoan()
    const position = (await w.asCoA1.loan.get({ id: loan.id })).position
    const penalty = position?.totals.outstanding.penalty ?? 0
    expect(penalty).toBeGreaterThan(1_000)
    const own = await w.asSupA.loanChange.request({
      loanId: loan.id,
      terms: { kind: 'WAIVER', date: '2025-02-17', penalty },
      reason: 'Illness in the family',
    })
    await expectTRPCError(w.asSupA.loanChange.approve({ id: own.id }), 'FORBIDDEN', /someone else/)
    await expectTRPCError(w.asCoA1.loanChange.approve({ id: own.id }), 'FORBIDDEN')
    // Another team's supervisor does not see the loan.
    await expectTRPCError(w.asSupB.loanChange.approve({ id: own.id }), 'NOT_FOUND')
    await w.asSupA.loanChange.reject({ id: own.id, note: 'Ask the officer to request it' })

    const asked = await w.asCoA1.loanChange.request({
      loanId: loan.id,
      terms: { kind: 'WAIVER', date: '2025-02-17', penalty },
      reason: 'Illness in the family',
    })
    // Supervisors may approve waivers up to ₦10.00 here.
    const error = await expectTRPCError(
      w.asSupA.loanChange.approve({ id: asked.id }),
      'FORBIDDEN',
      /above your role's limit of ₦10\.00/,
    )
    expect(error.cause).toMatchObject({ details: { field: 'amount', limit: 1_000, amount: penalty } })
    const approved = await w.asAdmin.loanChange.approve({ id: asked.id })
    expect(approved.waived).toBe(penalty)
    const after = (await w.asCoA1.loan.get({ id: loan.id })).position
    expect(after?.totals.outstanding.penalty).toBe(0)
    expect(after?.payoffAmount).toBe((position?.payoffAmount ?? 0) - penalty)
    await expectLedgerEqualsReplay(loan.id)
    // Penalties keep accruing on what is still overdue; the ledger follows them in SQL.
    w.clock.today = '2025-02-27'
    await expectLedgerEqualsReplay(loan.id)

    const report = await w.asAdmin.loanChange.waiverReport({
      from: '2025-02-01',
      to: '2025-02-28',
      page: 1,
      pageSize: 50,
    })
    expect(report.rows.items.find((r) => r.id === asked.id)).toMatchObject({
      penalty,
      interest: 0,
      amount: penalty,
      officerName: 'Chidi Obi',
    })
    expect(report.totals.amount).toBeGreaterThanOrEqual(penalty)
  })

  it('lets exactly one of two concurrent approvals win', async () => {
    const loan = await lateLoan()
    const asked = await w.asCoA1.loanChange.request({
      loanId: loan.id,
      terms: { kind: 'WAIVER', date: '2025-02-17', interest: 500 },
      reason: 'Goodwill after a posting delay',
    })
    const results = await Promise.allSettled([
      w.asSupA.loanChange.approve({ id: asked.id }),
      w.asAdmin.loanChange.approve({ id: asked.id }),
    ])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const rejected = results.find((r) => r.status === 'rejected')
    expect((rejected?.reason as { code?: string }).code).toBe('CONFLICT')
    const events = await t.db
      .selectFrom('loan_change')
      .select('status')
      .where('loan_id', '=', loan.id)
      .execute()
    expect(events).toEqual([{ status: 'APPROVED' }])
    await expectLedgerEqualsReplay(loan.id)
  })
})

describe('hostile input', () => {
  it('answers 400 naming the field, never 500', async () => {
    const loan = await lateLoan()
    const bad = async (terms: unknown, message: RegExp, reason: unknown = 'A good reason') =>
      expectTRPCError(
        w.asCoA1.loanChange.request({ loanId: loan.id, terms, reason } as never),
        'BAD_REQUEST',
        message,
      )
    await bad({ kind: 'WRITE_UP', date: '2025-02-17' }, /Kind must be RESCHEDULE, RESTRUCTURE or WAIVER/)
    await bad({ kind: 'WAIVER', date: '2025-02-17', penalty: -5 }, /Penalty waived cannot be negative/)
    await bad({ kind: 'WAIVER', date: '2025-02-17', interest: 1e20 }, /Interest waived is too large/)
    await bad({ kind: 'WAIVER', date: '2025-02-17', interest: 1.5 }, /whole number of kobo/)
    await bad({ kind: 'WAIVER', date: '2025-02-17' }, /must waive some penalty or interest/)
    await bad({ kind: 'WAIVER', date: '2025-02-17', penalty: 10, extra: 1 }, /extra|Unrecognized/i)
    await bad({ ...RESCHEDULE, installmentCount: 0 }, /Number of new installments must be at least 1/)
    await bad({ ...RESCHEDULE, installmentCount: 5000 }, /Number of new installments must be at most 1200/)
    await bad({ ...RESCHEDULE, graceOnPrincipal: 10 }, /[Gg]race on principal/)
    await bad({ ...RESCHEDULE, termUnit: 'MONTH', firstDueDate: '2025-03-17' }, /frequency must stay WEEK/)
    await bad({ ...RESCHEDULE, firstDueDate: '2025-02-10' }, /first new due date must come after/)
    await bad({ ...RESCHEDULE, date: '2025-03-01' }, /cannot be in the future/)
    await bad(
      { ...RESCHEDULE, kind: 'RESCHEDULE', penalties: 'CAPITALISE' },
      /Penalties must be KEEP or WAIVE/,
    )
    await bad({ kind: 'WAIVER', date: '2025-02-17', interest: 900_000_000 }, /cannot exceed/)
    await bad({ kind: 'WAIVER', date: '2025-02-17', penalty: 10 }, /Reason/, '')
    const error = await bad({ kind: 'WAIVER', date: '2025-02-17', interest: 900_000_000 }, /interest/)
    expect(error.cause).toMatchObject({ details: { field: 'interest' } })
    expect(
      await t.db.selectFrom('loan_change').select('id').where('loan_id', '=', loan.id).execute(),
    ).toEqual([])
  })
})

describe('restructure and PAR with restructured loans', () => {
  it('capitalises the arrears, marks the loan restructured, and the ledger equals the replay', async () => {
    const loan = await lateLoan()
    const terms = { ...RESCHEDULE, kind: 'RESTRUCTURE' as const, penalties: 'CAPITALISE' as const }
    const preview = await w.asCoA1.loanChange.preview({ loanId: loan.id, terms })
    expect(preview.capitalised).toBeGreaterThan(0)
    // Capitalised: the ₦3,333.32 of interest due (installments 3-6, 4 × ₦833.33) and the penalties. No new
    // interest on the new principal (flat for the term, docs/lending.md "Restructuring"): the ₦5,000.02 of
    // installments 7-12 is kept, so what is owed is unchanged (the penalties moved into principal).
    expect(preview.capitalised).toBe(333_332 + preview.before.penaltiesAccrued)
    expect(preview.keptInterest).toBe(500_002)
    expect(preview.droppedInterest).toBe(0)
    expect(preview.after.outstandingPrincipal).toBe(preview.before.outstandingPrincipal + preview.capitalised)
    expect(preview.after.payoffAmount).toBe(preview.before.payoffAmount)
    const asked = await w.asCoA1.loanChange.request({ loanId: loan.id, terms, reason: 'Flooded shop' })
    await w.asSupA.loanChange.approve({ id: asked.id })
    const row = await t.db
      .selectFrom('loan')
      .select('restructured_at')
      .where('id', '=', loan.id)
      .executeTakeFirstOrThrow()
    expect(row.restructured_at).toBe('2025-02-17')
    const detail = await w.asCoA1.loan.get({ id: loan.id })
    const principal = detail.position?.outstandingPrincipal ?? 0
    expect(principal).toBe(preview.after.outstandingPrincipal)
    await expectLedgerEqualsReplay(loan.id)

    // Current again after the restructure: at risk only in PAR with restructured loans, by its principal.
    const atRisk = (kpi: { inputs: { value: number }[] } | undefined) => kpi?.inputs[0]?.value ?? 0
    const report = await w.asAdmin.report.portfolio({ page: 1, pageSize: 50 })
    for (const par of report.par) {
      expect(atRisk(par.with) - atRisk(par.without)).toBe(principal)
    }
    expect(report.rows?.items.find((r) => r.loanId === loan.id)?.restructured).toBe(true)
    const dashboard = await w.asAdmin.report.dashboard({})
    const kpi = (key: string) => dashboard.kpis.find((k) => k.key === key)
    expect(atRisk(kpi('par30WithRestructured')) - atRisk(kpi('par30'))).toBe(principal)
    w.clock.today = '2025-03-03'
    await expectLedgerEqualsReplay(loan.id)

    // A past day read from the daily close's snapshot alone shows the same difference: the close keeps
    // what PAR with restructured loans adds (migration 002000).
    expect((await closeDay(t.db, '2025-02-17', { isForced: true })).state).toBe('CLOSED')
    const closed = await w.asAdmin.report.portfolio({ asOf: '2025-02-17', page: 1, pageSize: 50 })
    expect(closed.source).toBe('SNAPSHOT')
    for (const par of closed.par) expect(atRisk(par.with) - atRisk(par.without)).toBe(principal)
    // A day closed before the close kept it (null) shows both the same, not a restructured figure of zero.
    await t.db
      .updateTable('portfolio_snapshot')
      .set({ restructured_par30_principal: null })
      .where('snapshot_date', '=', '2025-02-17')
      .execute()
    const older = await w.asAdmin.report.portfolio({ asOf: '2025-02-17', page: 1, pageSize: 50 })
    for (const par of older.par) expect(atRisk(par.with)).toBe(atRisk(par.without))
  })
})
