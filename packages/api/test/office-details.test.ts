import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AuthedContext } from '../src/context.js'
import { streamed } from '../src/exports/registry.js'
import { auditListSource } from '../src/services/audit.js'
import { streamWithEntityLabels } from '../src/services/audit-labels.js'
import { openTestDatabase, signInAs } from './staff-fixtures.js'
import { addMember } from './union-fixtures.js'
import { activeLoan, addLoanWorld, newKey, type LoanWorld } from './loan-fixtures.js'

// The small states and details of the office screens (issue 15 item 6), each as the user meets it.
let t: Awaited<ReturnType<typeof openTestDatabase>>
let w: LoanWorld

beforeAll(async () => {
  t = await openTestDatabase({ poolSize: 8 })
  w = await addLoanWorld(t.db)
})
afterAll(async () => {
  await t.close()
})

describe('the maker-checker hint on a loan waiting for approval', () => {
  it('tells the submitter why there is no Approve button, and no one else', async () => {
    const draft = await w.asSupA.loan.create({
      memberId: w.memberA2.id,
      loanTypeId: w.loanTypeId,
      principal: 2_000_000,
      termCount: 4,
      startDate: '2025-01-06',
      guarantorIds: [],
    })
    expect(draft.approvalNote).toBeNull()
    await w.asSupA.loan.submit({ id: draft.id })

    const asMaker = await w.asSupA.loan.get({ id: draft.id })
    expect(asMaker.actions).not.toContain('APPROVE')
    expect(asMaker.approvalNote).toBe(
      'You submitted this application; another supervisor or admin must approve it.',
    )
    const asAdmin = await w.asAdmin.loan.get({ id: draft.id })
    expect(asAdmin.actions).toContain('APPROVE')
    expect(asAdmin.approvalNote).toBeNull()
    const asOfficer = await w.asCoA1.loan.get({ id: draft.id })
    expect(asOfficer.approvalNote).toBe("Waiting for approval by the officer's supervisor or an admin.")

    await w.asAdmin.loan.approve({ id: draft.id })
    expect((await w.asSupA.loan.get({ id: draft.id })).approvalNote).toBeNull()
  })
})

describe('audit entries named by what people call the record', () => {
  it('shows receipt, loan, member and union names instead of ids, on the list, the entry and the export', async () => {
    const loan = await activeLoan(w, { memberId: w.memberA.id })
    const paid = await w.asCoA1.repayment.record({
      loanId: loan.id,
      paidOn: '2025-01-06',
      method: 'CASH',
      amount: 100_000,
      idempotencyKey: newKey(),
    })
    const union = await w.asAdmin.union.create({
      name: 'Oja Oba Dyers',
      creditOfficerId: w.coA2.id,
      meetingDay: 'MONDAY',
    })

    const repayments = await w.asAdmin.audit.list({ entityType: 'repayment' })
    const receipt = repayments.items.find((item) => item.entityId === paid.id)
    expect(receipt?.entityLabel).toBe(`Receipt ${paid.receiptNumber} · ${loan.loanNumber}`)
    const loans = await w.asAdmin.audit.list({ entityType: 'loan', entityId: loan.id })
    expect(loans.items.length).toBeGreaterThanOrEqual(3)
    for (const item of loans.items) expect(item.entityLabel).toBe(`${loan.loanNumber} · Ngozi Okafor`)
    const unions = await w.asAdmin.audit.list({ entityType: 'union', entityId: union.id })
    expect(unions.items.map((item) => item.entityLabel)).toEqual(['Oja Oba Dyers'])
    const staff = await w.asAdmin.audit.list({ entityType: 'staff_user' })
    for (const item of staff.items) expect(item.entityLabel ?? '').not.toMatch(/^[0-9a-f]{8}-/)

    const entry = await w.asAdmin.audit.get({ id: unions.items[0]?.id ?? '' })
    expect(entry.entityLabel).toBe('Oja Oba Dyers')

    // The export names them the same way (batched as it streams).
    const ctx = (await signInAs(t.db, w.admin)).ctx as AuthedContext
    const exported = []
    for await (const item of streamWithEntityLabels(
      t.db,
      streamed(
        ctx,
        await auditListSource(ctx, { action: undefined, entityType: 'loan', entityId: loan.id }),
        () => undefined,
      ),
    ))
      exported.push(item.entityLabel)
    expect(exported).toEqual(loans.items.map((item) => item.entityLabel))
  })
})

describe('BVN and NIN masked, revealed only to those who may', () => {
  it('answers •••••••1234 to everyone; admins and supervisors in scope reveal the full numbers, audited', async () => {
    const created = await w.asCoA1.member.create({
      unionId: w.unionA.id,
      firstName: 'Bisola',
      lastName: 'Ajayi',
      bvn: '22299911234',
      nin: '70012345678',
    })
    expect(created).toMatchObject({ bvn: '•••••••1234', nin: '•••••••5678' })
    for (const caller of [w.asCoA1, w.asSupA, w.asAdmin]) {
      expect(await caller.member.get({ id: created.id })).toMatchObject({
        bvn: '•••••••1234',
        nin: '•••••••5678',
      })
    }
    const edited = await w.asCoA1.member.update({ id: created.id, city: 'Ibadan' })
    expect(edited).toMatchObject({ city: 'Ibadan', bvn: '•••••••1234' })
    // An edit that leaves the numbers out keeps them.
    expect(await w.asSupA.member.revealIdentifiers({ id: created.id })).toEqual({
      bvn: '22299911234',
      nin: '70012345678',
    })
    expect(await w.asAdmin.member.revealIdentifiers({ id: created.id })).toMatchObject({ bvn: '22299911234' })
    // Officers may not; a supervisor of another team does not see the member at all.
    await expect(w.asCoA1.member.revealIdentifiers({ id: created.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    })
    await expect(w.asSupB.member.revealIdentifiers({ id: created.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    })

    const reveals = await w.asAdmin.audit.list({ action: 'MEMBER_IDENTIFIERS_REVEAL', entityId: created.id })
    expect(reveals.items.map((item) => item.actorId).sort()).toEqual([w.admin.id, w.supA.id].sort())
    expect(reveals.items[0]?.entityLabel).toMatch(/^Bisola Ajayi \(MEM\d+\)$/)
    const entry = await w.asAdmin.audit.get({ id: reveals.items[0]?.id ?? '' })
    expect(JSON.stringify(entry.after)).not.toMatch(/22299911234|70012345678/)
  })
})

describe('written-off loans in collection efficiency (docs/reports.md)', () => {
  it('keeps their dues in the denominator, counts recoveries in the numerator, and leaves the portfolio', async () => {
    const loan = await activeLoan(w, { team: 'B', memberId: w.memberB.id, startDate: '2025-01-06' })
    w.clock.today = '2025-02-10'
    try {
      await w.asCoB1.repayment.record({
        loanId: loan.id,
        paidOn: '2025-02-10',
        method: 'CASH',
        amount: 500_000,
        idempotencyKey: newKey(),
      })
      const period = { from: '2025-01-01', to: '2025-02-10' }
      const figures = async () => {
        const board = await w.asAdmin.report.dashboard(period)
        const efficiency = board.kpis.find((kpi) => kpi.key === 'collectionEfficiency')
        const portfolio = board.kpis.find((kpi) => kpi.key === 'portfolio')
        return {
          efficiency: efficiency?.inputs.map((input) => input.value),
          portfolio: portfolio?.value ?? 0,
        }
      }
      const before = await figures()
      await w.asAdmin.loan.writeOff({ id: loan.id, reason: 'Member left the union' })
      const after = await figures()
      expect(after.efficiency).toEqual(before.efficiency)
      expect(after.portfolio).toBeLessThan(before.portfolio)

      await w.asCoB1.repayment.record({
        loanId: loan.id,
        paidOn: '2025-02-10',
        method: 'CASH',
        amount: 300_000,
        idempotencyKey: newKey(),
      })
      const recovered = await figures()
      const [collected = 0, due = 0] = before.efficiency ?? []
      expect(recovered.efficiency).toEqual([collected + 300_000, due])
    } finally {
      w.clock.today = '2025-01-06'
    }
  })
})

describe('bulk approval from the loans list', () => {
  it('approves each loan as a single approval would, maker-checker per loan, and reports every id', async () => {
    const application = async (
      caller: LoanWorld['asCoA1'],
      unionId: string,
      firstName: string,
    ): Promise<{ id: string; loanNumber: string }> => {
      const member = await addMember(t.db, { unionId, firstName, lastName: 'Bulk' })
      const draft = await caller.loan.create({
        memberId: member.id,
        loanTypeId: w.loanTypeId,
        principal: 2_000_000,
        termCount: 4,
        startDate: '2025-01-06',
        guarantorIds: [],
      })
      await caller.loan.submit({ id: draft.id })
      return draft
    }
    const first = await application(w.asCoA1, w.unionA.id, 'Ada')
    const second = await application(w.asCoA1, w.unionA.id, 'Bola')
    const ownSubmission = await application(w.asSupA, w.unionA.id, 'Chika')
    const otherTeam = await application(w.asCoB1, w.unionB.id, 'Dayo')

    const summary = await w.asSupA.loan.bulkApprove({
      ids: [first.id, ownSubmission.id, second.id, otherTeam.id, first.id],
    })
    expect(summary).toMatchObject({ approved: 2, refused: 2 })
    expect(summary.results.map((result) => [result.id, result.isApproved])).toEqual([
      [first.id, true],
      [ownSubmission.id, false],
      [second.id, true],
      [otherTeam.id, false],
    ])
    expect(summary.results[0]?.loanNumber).toBe(first.loanNumber)
    expect(summary.results[1]?.message).toMatch(/You submitted this loan/)
    expect(summary.results[3]?.message).toMatch(/not found/i)
    expect((await w.asSupA.loan.get({ id: second.id })).status).toBe('APPROVED')
    expect((await w.asSupA.loan.get({ id: ownSubmission.id })).status).toBe('PENDING_APPROVAL')
    const audits = await w.asAdmin.audit.list({ action: 'LOAN_APPROVE', entityId: first.id })
    expect(audits.total).toBe(1)

    // Again: the approved ones now refuse (wrong status), nothing is approved twice.
    const again = await w.asSupA.loan.bulkApprove({ ids: [first.id] })
    expect(again).toMatchObject({ approved: 0, refused: 1 })
    await expect(w.asCoA1.loan.bulkApprove({ ids: [first.id] })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(
      w.asSupA.loan.bulkApprove({ ids: Array.from({ length: 51 }, () => first.id) }),
    ).rejects.toThrow(/At most 50 loans/)
    await expect(w.asSupA.loan.bulkApprove({ ids: [] })).rejects.toThrow(/at least one loan/)
  })
})
