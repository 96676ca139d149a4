import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDatabase } from './staff-fixtures.js'
import { addLoanWorld, type LoanWorld } from './loan-fixtures.js'

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
