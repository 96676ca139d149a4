import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getDocumentProxy } from 'unpdf'
import { verifyLedger } from '../src/ledger/index.js'
import { loanStatement, repaymentReceipt } from '../src/services/loan-print.js'
import { expectTRPCError, openTestDatabase } from './staff-fixtures.js'
import {
  WEEKLY_FLAT,
  activeLoan,
  addLoanWorld,
  newKey,
  reconciliation,
  type LoanWorld,
} from './loan-fixtures.js'

// Top-ups (docs/lending.md "Top-ups", issue 16 item 5): a new loan pays off the member's running loan at
// disbursement, in one transaction, the stored ledgers of both loans staying equal to the replay.

let t: Awaited<ReturnType<typeof openTestDatabase>>
let w: LoanWorld
let topUpTypeId: string

async function freshMember(name: string) {
  return t.db
    .insertInto('member')
    .values({ union_id: w.unionA.id, first_name: name, last_name: 'Topup' })
    .returning('id')
    .executeTakeFirstOrThrow()
}

/** Officer applies (as a top-up of `oldId`) and submits, supervisor approves. */
async function approvedTopUp(memberId: string, oldId: string, principal: number) {
  const draft = await w.asCoA1.loan.create({
    memberId,
    loanTypeId: topUpTypeId,
    principal,
    termCount: 12,
    startDate: w.clock.today,
    guarantorIds: [],
    topUpOfLoanId: oldId,
  })
  await w.asCoA1.loan.submit({ id: draft.id })
  await w.asSupA.loan.approve({ id: draft.id })
  return draft
}

async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes))
  const texts: string[] = []
  for (let number = 1; number <= pdf.numPages; number++) {
    const content = await (await pdf.getPage(number)).getTextContent()
    for (const item of content.items) if ('str' in item) texts.push(item.str)
  }
  return texts.join(' ').replace(/\s+/g, ' ')
}

async function expectLedgerEqualsReplay(loanIds: string[]) {
  const result = await verifyLedger(t.db, { today: w.clock.today, defaultAfterDays: 90, loanIds })
  expect(result.differences).toEqual([])
  expect(result.checked).toBe(loanIds.length)
}

beforeAll(async () => {
  t = await openTestDatabase({ poolSize: 12 })
  w = await addLoanWorld(t.db, '2025-01-06')
  const type = await w.asAdmin.loanType.create({ ...WEEKLY_FLAT, name: 'Top-up weekly', allowsTopUp: true })
  topUpTypeId = type.id
})
afterAll(async () => {
  await t.close()
})

describe('the product setting', () => {
  it('is false unless set, kept by an update that leaves it out, and read back', async () => {
    expect((await w.asAdmin.loanType.get({ id: w.loanTypeId })).allowsTopUp).toBe(false)
    expect((await w.asAdmin.loanType.get({ id: topUpTypeId })).allowsTopUp).toBe(true)
    const list = await w.asCoA1.loanType.list({ includeInactive: false })
    expect(list.find((x) => x.id === topUpTypeId)?.allowsTopUp).toBe(true)
    const created = await w.asAdmin.loanType.create({ ...WEEKLY_FLAT, name: 'Toggle', allowsTopUp: true })
    const kept = await w.asAdmin.loanType.update({ id: created.id, ...WEEKLY_FLAT, name: 'Toggle' })
    expect(kept.allowsTopUp).toBe(true)
    const off = await w.asAdmin.loanType.update({
      id: created.id,
      ...WEEKLY_FLAT,
      name: 'Toggle',
      allowsTopUp: false,
    })
    expect(off.allowsTopUp).toBe(false)
  })
})

describe('a top-up', () => {
  it('pays off the old loan at disbursement: both loans, the receipt and the ledgers say so', async () => {
    w.clock.today = '2025-01-06'
    const member = await freshMember('Amaka')
    const old = await activeLoan(w, { memberId: member.id })
    w.clock.today = '2025-01-20'
    await w.asCoA1.repayment.record({
      loanId: old.id,
      mode: 'DUE_NOW',
      paidOn: '2025-01-20',
      method: 'CASH',
      idempotencyKey: newKey(),
    })
    const draft = await approvedTopUp(member.id, old.id, 20_000_000)
    expect(draft.topUp).toEqual({
      loanId: old.id,
      loanNumber: old.loanNumber,
      payoff: null,
      cashToMember: null,
    })
    const quote = (await w.asAdmin.loan.get({ id: old.id })).position?.payoffAmount ?? 0
    expect(quote).toBe(11_000_000 - 2 * 916_666)

    const disbursed = await w.asAdmin.loan.disburse({ id: draft.id, disbursedOn: '2025-01-20' })
    expect(disbursed.status).toBe('ACTIVE')
    // The member receives the principal less its 1 % processing fee (₦2,000.00) and the payoff.
    expect(disbursed.processingFee).toBe(200_000)
    expect(disbursed.topUp).toEqual({
      loanId: old.id,
      loanNumber: old.loanNumber,
      payoff: quote,
      cashToMember: 20_000_000 - 200_000 - quote,
    })
    expect(disbursed.timeline.at(-1)?.details).toMatchObject({
      payoff: quote,
      cashToMember: 20_000_000 - 200_000 - quote,
    })

    const closed = await w.asAdmin.loan.get({ id: old.id })
    expect(closed.status).toBe('COMPLETED')
    expect(closed.position?.payoffAmount).toBe(0)
    expect(closed.paidOffBy).toEqual({
      loanId: draft.id,
      loanNumber: draft.loanNumber,
      amount: quote,
      date: '2025-01-20',
    })
    const payoff = closed.repayments[0]
    expect(payoff).toMatchObject({
      amount: quote,
      method: 'OTHER',
      reference: `Top-up ${draft.loanNumber}`,
      notes: `Paid off by top-up ${draft.loanNumber}`,
    })
    const receipt = await w.asAdmin.repayment.get({ id: payoff!.id })
    expect(receipt.balanceAfter).toBe(0)
    expect(receipt.lines.reduce((sum, l) => sum + l.total, 0)).toBe(quote)
    expect(await reconciliation(t.db, old.id)).toMatchObject({ allocated: 2 * 916_666 + quote })
    await expectLedgerEqualsReplay([old.id, draft.id])
    // The printed receipt and both statements say it.
    const print = { db: t.db, now: w.clock.now, user: { id: w.admin.id, role: w.admin.role } }
    const receiptText = await pdfText((await repaymentReceipt(print, payoff!.id)).bytes)
    expect(receiptText).toContain(`Paid off by top-up ${draft.loanNumber}`)
    const oldStatement = await pdfText((await loanStatement(print, old.id)).bytes)
    expect(oldStatement).toContain(`Top-up ${draft.loanNumber} on`)
    expect(oldStatement).toContain(`Paid off by top-up ${draft.loanNumber}`)
    const newStatement = await pdfText((await loanStatement(print, draft.id)).bytes)
    expect(newStatement).toContain(`Loan ${old.loanNumber}`)
    expect(newStatement).toContain('Cash to member')
    // The payoff is the new loan's money: it is not reversed on its own.
    await expectTRPCError(
      w.asAdmin.repayment.reverse({ id: payoff!.id, reason: 'Wrong loan' }),
      'CONFLICT',
      /payoff of top-up/,
    )
    // The old loan is closed: it takes no more money, and cannot be topped up again.
    await expectTRPCError(
      w.asCoA1.repayment.record({
        loanId: old.id,
        mode: 'AMOUNT',
        amount: 100,
        paidOn: '2025-01-20',
        method: 'CASH',
        idempotencyKey: newKey(),
      }),
      'CONFLICT',
    )
  })

  it('refuses a top-up the product does not allow, of another member, of a loan not active, or twice', async () => {
    w.clock.today = '2025-01-06'
    const member = await freshMember('Bisi')
    const other = await freshMember('Chidi')
    const old = await activeLoan(w, { memberId: member.id })
    const othersLoan = await activeLoan(w, { memberId: other.id })
    const base = {
      memberId: member.id,
      principal: 20_000_000,
      termCount: 12,
      startDate: w.clock.today,
      guarantorIds: [],
    }
    const notAllowed = await expectTRPCError(
      w.asCoA1.loan.create({ ...base, loanTypeId: w.loanTypeId, topUpOfLoanId: old.id }),
      'BAD_REQUEST',
      /does not allow top-ups/,
    )
    expect(notAllowed.cause).toMatchObject({ details: { field: 'topUpOfLoanId' } })
    const otherMember = await expectTRPCError(
      w.asCoA1.loan.create({ ...base, loanTypeId: topUpTypeId, topUpOfLoanId: othersLoan.id }),
      'BAD_REQUEST',
      /this member's own loans/,
    )
    expect(otherMember.cause).toMatchObject({ details: { field: 'topUpOfLoanId' } })
    // Without naming the loan to pay off, the one-live-loan rule is as before.
    await expectTRPCError(w.asCoA1.loan.create({ ...base, loanTypeId: topUpTypeId }), 'CONFLICT', /live loan/)

    const first = await w.asCoA1.loan.create({ ...base, loanTypeId: topUpTypeId, topUpOfLoanId: old.id })
    const twice = await expectTRPCError(
      w.asCoA1.loan.create({ ...base, loanTypeId: topUpTypeId, topUpOfLoanId: old.id }),
      'CONFLICT',
      new RegExp(`already has a top-up application \\(${first.loanNumber}\\)`),
    )
    expect(twice.cause).toMatchObject({ details: { field: 'topUpOfLoanId' } })
    // Editing the one application is not a second one.
    const edited = await w.asCoA1.loan.update({
      id: first.id,
      ...base,
      principal: 25_000_000,
      loanTypeId: topUpTypeId,
      topUpOfLoanId: old.id,
    })
    expect(edited.principal).toBe(25_000_000)
    await w.asCoA1.loan.withdraw({ id: first.id, reason: 'Member changed her mind' })

    // A completed loan cannot be topped up.
    await w.asCoA1.repayment.record({
      loanId: old.id,
      mode: 'AMOUNT',
      amount: 11_000_000,
      paidOn: w.clock.today,
      method: 'CASH',
      idempotencyKey: newKey(),
    })
    const completed = await expectTRPCError(
      w.asCoA1.loan.create({ ...base, loanTypeId: topUpTypeId, topUpOfLoanId: old.id }),
      'BAD_REQUEST',
      /completed; only an active loan/,
    )
    expect(completed.cause).toMatchObject({ details: { field: 'topUpOfLoanId' } })
  })

  it('refuses at disbursement a principal below the payoff and the fee (naming principal, both as the limit)', async () => {
    w.clock.today = '2025-01-06'
    const member = await freshMember('Dayo')
    const old = await activeLoan(w, { memberId: member.id, principal: 50_000_000 })
    const draft = await approvedTopUp(member.id, old.id, 20_000_000)
    const error = await expectTRPCError(
      w.asAdmin.loan.disburse({ id: draft.id, disbursedOn: w.clock.today }),
      'BAD_REQUEST',
      /at least the ₦550,000\.00 needed to pay off the current loan and its ₦2,000\.00 processing fee/,
    )
    // The payoff (₦550,000.00) and the new loan's 1 % fee on ₦200,000.00 (₦2,000.00).
    expect(error.cause).toMatchObject({ details: { field: 'principal', limit: 55_200_000 } })
    // Nothing happened: the old loan still runs, the new one is still approved.
    expect((await w.asAdmin.loan.get({ id: old.id })).status).toBe('ACTIVE')
    expect((await w.asAdmin.loan.get({ id: draft.id })).status).toBe('APPROVED')
    await expectLedgerEqualsReplay([old.id])
  })

  it('refuses at disbursement when the old loan was paid off in the meantime', async () => {
    w.clock.today = '2025-01-06'
    const member = await freshMember('Efe')
    const old = await activeLoan(w, { memberId: member.id })
    const draft = await approvedTopUp(member.id, old.id, 20_000_000)
    await w.asCoA1.repayment.record({
      loanId: old.id,
      mode: 'AMOUNT',
      amount: 11_000_000,
      paidOn: w.clock.today,
      method: 'CASH',
      idempotencyKey: newKey(),
    })
    const error = await expectTRPCError(
      w.asAdmin.loan.disburse({ id: draft.id, disbursedOn: w.clock.today }),
      'CONFLICT',
      /is completed; only an active loan can be paid off/,
    )
    expect(error.cause).toMatchObject({ details: { field: 'topUpOfLoanId' } })
  })

  it('pays off a loan rescheduled the same day (the payoff is quoted after the reschedule)', async () => {
    w.clock.today = '2025-01-06'
    const member = await freshMember('Ngozi')
    const old = await activeLoan(w, { memberId: member.id })
    w.clock.today = '2025-01-27'
    const asked = await w.asCoA1.loanChange.request({
      loanId: old.id,
      terms: {
        kind: 'RESCHEDULE',
        date: '2025-01-27',
        installmentCount: 8,
        firstDueDate: '2025-02-03',
        termUnit: 'WEEK',
      },
      reason: 'Sick for two weeks; trading again now',
    })
    await w.asSupA.loanChange.approve({ id: asked.id })
    const quote = (await w.asAdmin.loan.get({ id: old.id })).position?.payoffAmount ?? 0
    expect(quote).toBeGreaterThan(0)
    const draft = await approvedTopUp(member.id, old.id, 20_000_000)
    const disbursed = await w.asAdmin.loan.disburse({ id: draft.id, disbursedOn: '2025-01-27' })
    expect(disbursed.topUp?.payoff).toBe(quote)
    expect((await w.asAdmin.loan.get({ id: old.id })).status).toBe('COMPLETED')
    await expectLedgerEqualsReplay([old.id, draft.id])
  })

  it('a payment racing the disbursement never leaves the old loan over- or under-paid', async () => {
    for (let round = 0; round < 3; round += 1) {
      w.clock.today = '2025-01-06'
      const member = await freshMember(`Race${String(round)}`)
      const old = await activeLoan(w, { memberId: member.id })
      w.clock.today = '2025-01-13'
      const draft = await approvedTopUp(member.id, old.id, 20_000_000)
      const [disbursed, paid] = await Promise.allSettled([
        w.asAdmin.loan.disburse({ id: draft.id, disbursedOn: '2025-01-13' }),
        w.asCoA1.repayment.record({
          loanId: old.id,
          mode: 'AMOUNT',
          amount: 916_666,
          paidOn: '2025-01-13',
          method: 'CASH',
          idempotencyKey: newKey(),
        }),
      ])
      // Whichever took the old loan's lock first, the other saw what it did (or was told to try again).
      expect(disbursed.status === 'fulfilled' || paid.status === 'fulfilled').toBe(true)
      const oldNow = await w.asAdmin.loan.get({ id: old.id })
      const standing = oldNow.repayments.filter((r) => r.reversal === null)
      const total = standing.reduce((sum, r) => sum + r.amount, 0)
      if (disbursed.status === 'fulfilled') {
        expect(oldNow.status).toBe('COMPLETED')
        expect(total).toBe(11_000_000)
        expect(disbursed.value.topUp?.payoff).toBe(11_000_000 - (paid.status === 'fulfilled' ? 916_666 : 0))
        expect(oldNow.position?.payoffAmount).toBe(0)
      } else {
        expect(oldNow.status).toBe('ACTIVE')
        expect(total).toBe(916_666)
      }
      expect(await reconciliation(t.db, old.id)).toMatchObject({ allocated: total, paid: total })
      await expectLedgerEqualsReplay([old.id, draft.id])
    }
  })
})
