import { todayIn } from '@mp/domain'
import type { FastifyInstance } from 'fastify'
import { getDocumentProxy } from 'unpdf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../src/app.js'
import { openTestDb, signedIn, WEEKLY_FLAT_TYPE, type TestDb } from './helpers.js'

/** All the text of a PDF, as a reader would copy it out (pdf.js through unpdf). */
async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes))
  const parts: string[] = []
  for (let number = 1; number <= pdf.numPages; number++) {
    const content = await (await pdf.getPage(number)).getTextContent()
    for (const item of content.items) if ('str' in item) parts.push(item.str)
  }
  return parts.join(' ')
}

describe('receipt and statement PDFs over HTTP', () => {
  let testDb: TestDb
  let app: FastifyInstance
  const cookies = { officerA: '', officerB: '' }
  const ids = { loan: '', repayment: '', receiptNumber: '', loanNumber: '' }

  beforeAll(async () => {
    testDb = await openTestDb()
    const { db } = testDb
    await db
      .insertInto('company_settings')
      .values({ name: 'Millennium Potters', address: '12 Kiln Road, Ibadan' })
      .execute()
    const staff = await db
      .insertInto('staff_user')
      .values(
        (['ADMIN', 'SUPERVISOR', 'CREDIT_OFFICER', 'CREDIT_OFFICER'] as const).map((role, index) => ({
          email: `staff${String(index)}@example.com`,
          first_name: ['Amaka', 'Sade', 'Chidi', 'Emeka'][index] ?? 'Staff',
          last_name: 'Tester',
          role,
          password_hash: 'not-used',
          must_change_password: false,
        })),
      )
      .returning(['id', 'role'])
      .execute()
    const [admin, supervisor, officerA, officerB] = staff.map((row) => row.id)
    if (!admin || !supervisor || !officerA || !officerB) throw new Error('staff missing')
    await db.updateTable('staff_user').set({ supervisor_id: supervisor }).where('id', '=', officerA).execute()
    const callerFor = (userId: string) => signedIn(db, userId)
    const asAdmin = await callerFor(admin)
    const asSupervisor = await callerFor(supervisor)
    const asOfficerA = await callerFor(officerA)
    cookies.officerA = asOfficerA.cookie
    cookies.officerB = (await callerFor(officerB)).cookie
    const union = await db
      .insertInto('union')
      .values({ name: 'Alaba Potters', credit_officer_id: officerA })
      .returning('id')
      .executeTakeFirstOrThrow()
    const member = await asOfficerA.caller.member.create({
      unionId: union.id,
      firstName: 'Ngozi',
      lastName: 'Okafor',
    })
    const type = await asAdmin.caller.loanType.create(WEEKLY_FLAT_TYPE)
    const today = todayIn('Africa/Lagos')
    const loan = await asOfficerA.caller.loan.create({
      memberId: member.id,
      loanTypeId: type.id,
      principal: 10_000_000,
      termCount: 12,
      startDate: today,
      guarantorIds: [],
    })
    await asOfficerA.caller.loan.submit({ id: loan.id })
    await asSupervisor.caller.loan.approve({ id: loan.id })
    await asAdmin.caller.loan.disburse({ id: loan.id, disbursedOn: loan.today })
    const paid = await asOfficerA.caller.repayment.record({
      loanId: loan.id,
      amount: 1_234_567,
      paidOn: loan.today,
      method: 'TRANSFER',
      reference: 'GTB-778812',
      idempotencyKey: 'printed-test-1',
    })
    ids.loan = loan.id
    ids.loanNumber = loan.loanNumber
    ids.repayment = paid.id
    ids.receiptNumber = paid.receiptNumber
    app = await buildApp({ db })
  })
  afterAll(async () => {
    await app.close()
    await testDb.close()
  })

  it('serves the receipt as a PDF with the payment, its allocation and the balance', async () => {
    const response = await app.inject({
      method: 'GET',
      url: `/files/repayments/${ids.repayment}/receipt.pdf`,
      headers: { cookie: cookies.officerA },
    })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('application/pdf')
    expect(response.headers['content-disposition']).toContain(`receipt-${ids.receiptNumber}.pdf`)
    expect(response.headers['cache-control']).toBe('private, no-store')
    const text = await pdfText(response.rawPayload)
    expect(text).toContain(ids.receiptNumber)
    expect(text).toContain(ids.loanNumber)
    expect(text).toContain('₦12,345.67')
    expect(text).toContain('GTB-778812')
    // 11,000,000 − 1,234,567 kobo still owed after it.
    expect(text).toContain('₦97,654.33')
  })

  it('serves the statement with the schedule and the payment', async () => {
    const response = await app.inject({
      method: 'GET',
      url: `/files/loans/${ids.loan}/statement.pdf?download=1`,
      headers: { cookie: cookies.officerA },
    })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-disposition']).toMatch(/^attachment/)
    const text = await pdfText(response.rawPayload)
    expect(text).toContain(ids.loanNumber)
    expect(text).toContain(ids.receiptNumber)
    expect(text).toContain('Ngozi Okafor')
    expect(text).toContain('₦110,000.00')
  })

  it('answers 404 out of scope or unknown, 401 without a session', async () => {
    for (const url of [
      `/files/repayments/${ids.repayment}/receipt.pdf`,
      `/files/loans/${ids.loan}/statement.pdf`,
    ]) {
      const other = await app.inject({ method: 'GET', url, headers: { cookie: cookies.officerB } })
      expect(other.statusCode, url).toBe(404)
      const anonymous = await app.inject({ method: 'GET', url })
      expect(anonymous.statusCode, url).toBe(401)
    }
    const unknown = await app.inject({
      method: 'GET',
      url: '/files/loans/00000000-0000-4000-8000-000000000000/statement.pdf',
      headers: { cookie: cookies.officerA },
    })
    expect(unknown.statusCode).toBe(404)
    const garbage = await app.inject({
      method: 'GET',
      url: '/files/loans/not-a-uuid/statement.pdf',
      headers: { cookie: cookies.officerA },
    })
    expect(garbage.statusCode).toBe(404)
  })
})
