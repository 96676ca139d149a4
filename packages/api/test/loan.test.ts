import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditRows } from './union-fixtures.js'
import { expectTRPCError, openTestDatabase } from './staff-fixtures.js'
import { activeLoan, addLoanWorld, newKey, type LoanWorld } from './loan-fixtures.js'

let t: Awaited<ReturnType<typeof openTestDatabase>>
let w: LoanWorld

beforeAll(async () => {
  t = await openTestDatabase({ poolSize: 8 })
  w = await addLoanWorld(t.db)
})
afterAll(async () => {
  await t.close()
})

describe('applications', () => {
  it('books a draft with the product terms copied, a loan number and the fee', async () => {
    const loan = await w.asCoA1.loan.create({
      memberId: w.memberA2.id,
      loanTypeId: w.loanTypeId,
      principal: 5_000_000,
      termCount: 8,
      startDate: '2025-01-06',
      purpose: 'Glaze',
      guarantorIds: [],
    })
    expect(loan.loanNumber).toMatch(/^LN\d{8}$/)
    expect(loan.status).toBe('DRAFT')
    expect(loan.processingFee).toBe(50_000)
    expect(loan.previewSchedule?.installments).toHaveLength(8)
    expect(loan.terms.interest).toEqual({ method: 'FLAT', rate: '0.10', basis: 'PER_TERM' })
    expect(loan.actions).toEqual(expect.arrayContaining(['EDIT', 'SUBMIT', 'WITHDRAW']))
    expect(loan.timeline.map((e) => e.kind)).toEqual(['CREATED'])
    expect(await auditRows(t.db, 'LOAN_CREATE', loan.id)).toHaveLength(1)
    // Changing the product later never changes the booked loan.
    await w.asAdmin.loanType.update({
      ...(await w.asAdmin.loanType.get({ id: w.loanTypeId })),
      id: w.loanTypeId,
      interest: { method: 'FLAT', rate: '0.20', basis: 'PER_TERM' },
    })
    expect((await w.asCoA1.loan.get({ id: loan.id })).terms.interest).toEqual({
      method: 'FLAT',
      rate: '0.10',
      basis: 'PER_TERM',
    })
    await w.asAdmin.loanType.update({
      ...(await w.asAdmin.loanType.get({ id: w.loanTypeId })),
      id: w.loanTypeId,
      interest: { method: 'FLAT', rate: '0.10', basis: 'PER_TERM' },
    })
    await w.asCoA1.loan.withdraw({ id: loan.id, reason: 'Test over' })
  })

  it('enforces the product ranges with the limit in the message', async () => {
    const base = {
      memberId: w.memberA2.id,
      loanTypeId: w.loanTypeId,
      startDate: '2025-01-06',
      guarantorIds: [],
    }
    await expectTRPCError(
      w.asCoA1.loan.create({ ...base, principal: 999_999, termCount: 12 }),
      'BAD_REQUEST',
      /Principal must be between ₦10,000\.00 and ₦1,000,000\.00/,
    )
    await expectTRPCError(
      w.asCoA1.loan.create({ ...base, principal: 5_000_000, termCount: 53 }),
      'BAD_REQUEST',
      /Term must be between 4 and 52 weeks/,
    )
    await expectTRPCError(
      w.asCoA1.loan.preview({
        loanTypeId: w.loanTypeId,
        principal: 5_000_000,
        termCount: 3,
        startDate: '2025-01-06',
      }),
      'BAD_REQUEST',
      /Term must be between 4 and 52/,
    )
  })

  it('previews the schedule, fee and APR without writing anything', async () => {
    const before = await t.db
      .selectFrom('loan')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
    const preview = await w.asCoA1.loan.preview({
      loanTypeId: w.loanTypeId,
      principal: 10_000_000,
      termCount: 12,
      startDate: '2025-01-06',
    })
    expect(preview.schedule.installments[0]).toMatchObject({
      dueDate: '2025-01-13',
      principal: 833_333,
      interest: 83_333,
    })
    expect(preview.processingFee).toBe(100_000)
    // 10 % flat for 12 weeks costs far more than 10 % a year.
    expect(preview.apr).toBeGreaterThan(0.7)
    const after = await t.db
      .selectFrom('loan')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
    expect(after.n).toBe(before.n)
  })

  it('keeps one live loan per member unless an admin overrides with a reason', async () => {
    const loan = await activeLoan(w, { memberId: w.memberA2.id })
    const input = {
      memberId: w.memberA2.id,
      loanTypeId: w.loanTypeId,
      principal: 2_000_000,
      termCount: 4,
      startDate: '2025-01-06',
      guarantorIds: [],
    }
    await expectTRPCError(
      w.asCoA1.loan.create(input),
      'CONFLICT',
      new RegExp(`live loan \\(${loan.loanNumber}, active\\)`),
    )
    await expectTRPCError(w.asSupA.loan.create(input), 'CONFLICT', /Only an admin/)
    await expectTRPCError(w.asAdmin.loan.create(input), 'CONFLICT', /override reason/)
    const second = await w.asAdmin.loan.create({
      ...input,
      overrideReason: 'Emergency stock top-up, approved by MD',
    })
    expect(second.liveLoanOverrideReason).toBe('Emergency stock top-up, approved by MD')
    expect(await auditRows(t.db, 'LOAN_CREATE_OVERRIDE', second.id)).toHaveLength(1)
    await w.asAdmin.loan.withdraw({ id: second.id, reason: 'Test over' })
  })

  it('gives 20 concurrent applications 20 distinct loan numbers, and one live loan per member under a race', async () => {
    const members = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.db
          .insertInto('member')
          .values({ union_id: w.unionA.id, first_name: `Racer${String(i)}`, last_name: 'Test' })
          .returning('id')
          .executeTakeFirstOrThrow(),
      ),
    )
    const created = await Promise.all(
      members.map((m) =>
        w.asCoA1.loan.create({
          memberId: m.id,
          loanTypeId: w.loanTypeId,
          principal: 2_000_000,
          termCount: 4,
          startDate: '2025-01-06',
          guarantorIds: [],
        }),
      ),
    )
    expect(new Set(created.map((l) => l.loanNumber)).size).toBe(20)
    // Ten applications for one member at the same moment: exactly one gets through.
    const target = members[0]?.id ?? ''
    const race = await Promise.allSettled(
      Array.from({ length: 10 }, () =>
        w.asCoA1.loan.create({
          memberId: target,
          loanTypeId: w.loanTypeId,
          principal: 2_000_000,
          termCount: 4,
          startDate: '2025-01-06',
          guarantorIds: [],
        }),
      ),
    )
    expect(race.filter((r) => r.status === 'fulfilled')).toHaveLength(0)
    const live = await t.db.selectFrom('loan').select('id').where('member_id', '=', target).execute()
    expect(live).toHaveLength(1)
  })

  it('attaches only the member’s own guarantors', async () => {
    const guarantor = await w.asCoA1.guarantor.create({
      memberId: w.memberA.id,
      firstName: 'Ifeanyi',
      lastName: 'Okafor',
      phone: '08035551234',
      relationship: 'Husband',
    })
    const stranger = await w.asCoB1.guarantor.create({
      memberId: w.memberB.id,
      firstName: 'Other',
      lastName: 'Person',
      phone: '08035559999',
      relationship: 'Friend',
    })
    const input = {
      memberId: w.memberA.id,
      loanTypeId: w.loanTypeId,
      principal: 2_000_000,
      termCount: 4,
      startDate: '2025-01-06',
    }
    await expectTRPCError(
      w.asCoA1.loan.create({ ...input, guarantorIds: [stranger.id] }),
      'BAD_REQUEST',
      /member's own guarantors/,
    )
    const loan = await w.asCoA1.loan.create({ ...input, guarantorIds: [guarantor.id] })
    expect(loan.guarantors.map((g) => g.name)).toEqual(['Ifeanyi Okafor'])
    await w.asCoA1.loan.withdraw({ id: loan.id, reason: 'Test over' })
  })
})

describe('workflow and maker-checker', () => {
  it('walks DRAFT → PENDING → APPROVED → ACTIVE with each step on the timeline and in the audit log', async () => {
    const draft = await w.asCoA1.loan.create({
      memberId: w.memberA.id,
      loanTypeId: w.loanTypeId,
      principal: 10_000_000,
      termCount: 12,
      startDate: '2025-01-06',
      guarantorIds: [],
    })
    // Edits only before approval; editing a submitted application sends it back to DRAFT.
    await w.asCoA1.loan.submit({ id: draft.id })
    const edited = await w.asCoA1.loan.update({
      id: draft.id,
      memberId: w.memberA.id,
      loanTypeId: w.loanTypeId,
      principal: 12_000_000,
      termCount: 12,
      startDate: '2025-01-06',
      guarantorIds: [],
    })
    expect(edited.status).toBe('DRAFT')
    expect(edited.principal).toBe(12_000_000)
    await w.asCoA1.loan.submit({ id: draft.id })
    // Officers never approve; another team's supervisor cannot see it; the submitter cannot approve.
    await expectTRPCError(w.asCoA1.loan.approve({ id: draft.id }), 'FORBIDDEN')
    await expectTRPCError(w.asSupB.loan.approve({ id: draft.id }), 'NOT_FOUND')
    await expectTRPCError(w.asSupA.loan.reject({ id: draft.id, reason: ' ' }), 'BAD_REQUEST', /Reason/)
    const approved = await w.asSupA.loan.approve({ id: draft.id })
    expect(approved.status).toBe('APPROVED')
    await expectTRPCError(
      w.asCoA1.loan.update({
        id: draft.id,
        memberId: w.memberA.id,
        loanTypeId: w.loanTypeId,
        principal: 1_000_000,
        termCount: 12,
        startDate: '2025-01-06',
        guarantorIds: [],
      }),
      'CONFLICT',
      /cannot be edited/,
    )
    await expectTRPCError(w.asCoA1.loan.disburse({ id: draft.id, disbursedOn: '2025-01-06' }), 'FORBIDDEN')
    await expectTRPCError(
      w.asAdmin.loan.disburse({ id: draft.id, disbursedOn: '2025-01-07' }),
      'BAD_REQUEST',
      /future/,
    )
    const active = await w.asAdmin.loan.disburse({ id: draft.id, disbursedOn: '2025-01-06' })
    expect(active.status).toBe('ACTIVE')
    expect(active.disbursedOn).toBe('2025-01-06')
    expect(active.processingFee).toBe(120_000)
    expect(active.position?.installments).toHaveLength(12)
    expect(active.position?.payoffAmount).toBe(13_200_000)
    expect(active.timeline.map((e) => e.kind)).toEqual([
      'CREATED',
      'SUBMITTED',
      'UPDATED',
      'SUBMITTED',
      'APPROVED',
      'DISBURSED',
    ])
    for (const action of ['LOAN_SUBMIT', 'LOAN_APPROVE', 'LOAN_DISBURSE']) {
      expect((await auditRows(t.db, action, draft.id)).length, action).toBeGreaterThan(0)
    }
    // The schedule is fixed at disbursement: stored rows equal the preview.
    const rows = await t.db
      .selectFrom('loan_installment')
      .selectAll()
      .where('loan_id', '=', draft.id)
      .execute()
    expect(rows).toHaveLength(12)
    expect(rows.reduce((sum, r) => sum + r.principal, 0)).toBe(12_000_000)
    await expectTRPCError(w.asAdmin.loan.disburse({ id: draft.id, disbursedOn: '2025-01-06' }), 'CONFLICT')
  })

  it('the maker can never be the checker, even an admin who submitted', async () => {
    const draft = await w.asAdmin.loan.create({
      memberId: w.memberB.id,
      loanTypeId: w.loanTypeId,
      principal: 2_000_000,
      termCount: 4,
      startDate: '2025-01-06',
      guarantorIds: [],
    })
    await w.asAdmin.loan.submit({ id: draft.id })
    await expectTRPCError(w.asAdmin.loan.approve({ id: draft.id }), 'FORBIDDEN', /You submitted this loan/)
    await expectTRPCError(w.asSupA.loan.approve({ id: draft.id }), 'NOT_FOUND')
    const rejected = await w.asSupB.loan.reject({ id: draft.id, reason: 'Income not verified' })
    expect(rejected.status).toBe('CANCELED')
    expect(rejected.closedReason).toBe('Income not verified')
    expect(rejected.timeline.at(-1)).toMatchObject({ kind: 'REJECTED', reason: 'Income not verified' })
  })

  it('write-off is admin-only with a reason; later payments are recoveries', async () => {
    const loan = await activeLoan(w, { memberId: w.memberB.id, team: 'B' })
    await expectTRPCError(w.asSupA.loan.writeOff({ id: loan.id, reason: 'x' }), 'FORBIDDEN')
    await expectTRPCError(w.asAdmin.loan.writeOff({ id: loan.id, reason: '' }), 'BAD_REQUEST')
    const off = await w.asAdmin.loan.writeOff({ id: loan.id, reason: 'Borrower relocated, untraceable' })
    expect(off.status).toBe('WRITTEN_OFF')
    const recovery = await w.asCoB1.repayment.record({
      loanId: loan.id,
      amount: 100_000,
      paidOn: '2025-01-06',
      method: 'CASH',
      idempotencyKey: newKey(),
    })
    expect(recovery.loanStatus).toBe('WRITTEN_OFF')
    const detail = await w.asAdmin.loan.get({ id: loan.id })
    expect(detail.timeline.at(-1)?.kind).toBe('RECOVERY')
  })
})

describe('status from the date', () => {
  it('overdue, days past due and DEFAULTED follow the clock with no write', async () => {
    const member = await t.db
      .insertInto('member')
      .values({ union_id: w.unionA.id, first_name: 'Clock', last_name: 'Watcher' })
      .returning('id')
      .executeTakeFirstOrThrow()
    const loan = await activeLoan(w, { memberId: member.id, termCount: 4 })
    const saved = w.clock.today
    try {
      w.clock.today = '2025-01-14'
      let detail = await w.asCoA1.loan.get({ id: loan.id })
      expect(detail.position?.daysPastDue).toBe(1)
      expect(detail.position?.isOverdue).toBe(true)
      expect(detail.status).toBe('ACTIVE')
      let list = await w.asCoA1.loan.list({ status: 'OVERDUE', search: loan.loanNumber })
      expect(list.items.map((i) => i.daysPastDue)).toEqual([1])
      // Default after 90 days past due (company setting).
      w.clock.today = '2025-04-14'
      detail = await w.asCoA1.loan.get({ id: loan.id })
      expect(detail.position?.daysPastDue).toBe(91)
      expect(detail.status).toBe('DEFAULTED')
      expect(detail.timeline.at(-1)?.kind).toBe('DEFAULTED')
      list = await w.asCoA1.loan.list({ status: 'DEFAULTED', search: loan.loanNumber })
      expect(list.items.map((i) => i.status)).toEqual(['DEFAULTED'])
      // Payments on a defaulted loan are accepted (recovery of arrears), and clearing them cures it.
      const paid = await w.asCoA1.repayment.record({
        loanId: loan.id,
        mode: 'DUE_NOW',
        paidOn: '2025-04-14',
        method: 'TRANSFER',
        idempotencyKey: newKey(),
      })
      expect(paid.loanStatus).toBe('COMPLETED')
      const stored = await t.db
        .selectFrom('loan')
        .select(['status', 'completed_on'])
        .where('id', '=', loan.id)
        .executeTakeFirstOrThrow()
      expect(stored).toEqual({ status: 'COMPLETED', completed_on: '2025-04-14' })
    } finally {
      w.clock.today = saved
    }
  })
})

describe('lists', () => {
  it('filters, sorts and paginates on the server, within scope', async () => {
    const all = await w.asAdmin.loan.list({ pageSize: 100 })
    expect(all.total).toBeGreaterThan(20)
    const teamB = await w.asCoB1.loan.list({ pageSize: 100 })
    expect(teamB.items.every((i) => i.unionId === w.unionB.id)).toBe(true)
    const page1 = await w.asAdmin.loan.list({ pageSize: 5, sort: 'loanNumber', direction: 'asc' })
    const page2 = await w.asAdmin.loan.list({
      cursor: page1.nextCursor ?? undefined,
      pageSize: 5,
      sort: 'loanNumber',
      direction: 'asc',
    })
    expect(page2.items).toHaveLength(5)
    const sorted = [...page1.items, ...page2.items].map((i) => i.loanNumber)
    expect([...sorted].sort()).toEqual(sorted)
    expect(new Set(sorted).size).toBe(10)
    const big = await w.asAdmin.loan.list({ minPrincipal: 10_000_000, pageSize: 100 })
    expect(big.items.every((i) => i.principal >= 10_000_000)).toBe(true)
    const canceled = await w.asAdmin.loan.list({ status: 'CANCELED', pageSize: 100 })
    expect(canceled.items.every((i) => i.status === 'CANCELED')).toBe(true)
    await expectTRPCError(
      w.asAdmin.loan.list({ minPrincipal: 5, maxPrincipal: 1 }),
      'BAD_REQUEST',
      /Maximum amount/,
    )
  })
})

describe('live loans guard members and unions', () => {
  it('refuses to delete a member or union with a live loan and counts live loans per union', async () => {
    const union = await w.asSupA.union.create({ name: 'Guarded Union', creditOfficerId: w.coA1.id })
    const member = await w.asCoA1.member.create({
      unionId: union.id,
      firstName: 'Guarded',
      lastName: 'Member',
    })
    const loan = await w.asCoA1.loan.create({
      memberId: member.id,
      loanTypeId: w.loanTypeId,
      principal: 2_000_000,
      termCount: 4,
      startDate: '2025-01-06',
      guarantorIds: [],
    })
    expect((await w.asCoA1.union.get({ id: union.id })).loanCount).toBe(1)
    await expectTRPCError(
      w.asSupA.member.delete({ id: member.id, reason: 'Left the union' }),
      'CONFLICT',
      /live loan/,
    )
    await expectTRPCError(w.asAdmin.union.delete({ id: union.id }), 'CONFLICT')
    await w.asCoA1.loan.withdraw({ id: loan.id, reason: 'Changed her mind' })
    expect((await w.asCoA1.union.get({ id: union.id })).loanCount).toBe(0)
    await w.asSupA.member.delete({ id: member.id, reason: 'Left the union' })
  })
})
