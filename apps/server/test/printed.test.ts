import { formatNaira, todayIn } from '@mp/domain'
import type { FastifyInstance } from 'fastify'
import { getDocumentProxy } from 'unpdf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../src/app.js'
import { openTestDb, signedIn, WEEKLY_FLAT_TYPE, type TestDb } from './helpers.js'

type Run = { text: string; x: number; y: number; width: number }

/** The text runs of a PDF (pdf.js through unpdf) and the size of its first page, in points. */
async function readPdf(bytes: Uint8Array) {
  const pdf = await getDocumentProxy(new Uint8Array(bytes))
  const runs: Run[] = []
  for (let number = 1; number <= pdf.numPages; number++) {
    const content = await (await pdf.getPage(number)).getTextContent()
    for (const item of content.items) {
      if ('str' in item && item.str.trim() !== '') {
        runs.push({
          text: item.str,
          x: Number(item.transform[4]),
          y: Number(item.transform[5]),
          width: item.width,
        })
      }
    }
  }
  const [, , width = 0, height = 0] = (await pdf.getPage(1)).view
  return { pages: pdf.numPages, width, height, runs, text: runs.map((run) => run.text).join(' ') }
}

/** All the text of a PDF, as a reader would copy it out. */
async function pdfText(bytes: Uint8Array): Promise<string> {
  return (await readPdf(bytes)).text
}

const naira = (kobo: number) => formatNaira(kobo)

describe('receipt and statement PDFs over HTTP', () => {
  let testDb: TestDb
  let app: FastifyInstance
  const cookies = { officerA: '', officerB: '' }
  let asAdmin: Awaited<ReturnType<typeof signedIn>>['caller']
  let asOfficerA: Awaited<ReturnType<typeof signedIn>>['caller']
  const ids = { loan: '', repayment: '', receiptNumber: '', loanNumber: '', today: '' }
  let firstLines: { principal: number; interest: number; fee: number; penalty: number }[] = []
  const get = (url: string) => app.inject({ method: 'GET', url, headers: { cookie: cookies.officerA } })
  const receiptOf = (id: string, query = '') => get(`/files/repayments/${id}/receipt.pdf${query}`)

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
    const admins = await callerFor(admin)
    const asSupervisor = await callerFor(supervisor)
    const officers = await callerFor(officerA)
    asAdmin = admins.caller
    asOfficerA = officers.caller
    cookies.officerA = officers.cookie
    cookies.officerB = (await callerFor(officerB)).cookie
    const union = await db
      .insertInto('union')
      .values({ name: 'Alaba Potters', credit_officer_id: officerA })
      .returning('id')
      .executeTakeFirstOrThrow()
    const member = await asOfficerA.member.create({
      unionId: union.id,
      firstName: 'Ngozi',
      lastName: 'Okafor',
    })
    const type = await asAdmin.loanType.create(WEEKLY_FLAT_TYPE)
    const today = todayIn('Africa/Lagos')
    const loan = await asOfficerA.loan.create({
      memberId: member.id,
      loanTypeId: type.id,
      principal: 10_000_000,
      termCount: 12,
      startDate: today,
      guarantorIds: [],
    })
    await asOfficerA.loan.submit({ id: loan.id })
    await asSupervisor.caller.loan.approve({ id: loan.id })
    await asAdmin.loan.disburse({ id: loan.id, disbursedOn: loan.today })
    const paid = await asOfficerA.repayment.record({
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
    ids.today = loan.today
    firstLines = paid.lines
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
  it('prints the receipt on 58 mm and 80 mm rolls: narrow, as long as its content, the same figures as A4', async () => {
    const a4 = await readPdf((await receiptOf(ids.repayment)).rawPayload)
    const figures = (text: string) => new Set(text.match(/-?₦[\d,]+\.\d{2}/g))
    expect(a4.width).toBeCloseTo(595.28, 1)
    for (const [format, width] of [
      ['thermal58', 164],
      ['thermal80', 227],
    ] as const) {
      const response = await receiptOf(ids.repayment, `?format=${format}`)
      expect(response.statusCode, format).toBe(200)
      expect(response.headers['content-type']).toBe('application/pdf')
      expect(response.headers['content-disposition']).toContain(
        `receipt-${ids.receiptNumber}-${format.slice(-2)}mm.pdf`,
      )
      const roll = await readPdf(response.rawPayload)
      expect(roll.pages).toBe(1)
      expect(roll.width).toBe(width)
      // As long as its content: the last line sits just above the bottom edge, no blank paper after it.
      const lowest = Math.min(...roll.runs.map((run) => run.y))
      expect(lowest, format).toBeGreaterThan(8)
      expect(lowest, format).toBeLessThan(30)
      // Wrapped to the paper: nothing runs past either edge.
      for (const run of roll.runs) {
        expect(run.x, run.text).toBeGreaterThanOrEqual(0)
        expect(run.x + run.width, run.text).toBeLessThanOrEqual(width)
      }
      expect(figures(roll.text)).toEqual(figures(a4.text))
      expect(figures(roll.text).size).toBeGreaterThan(3)
      for (const text of [ids.receiptNumber, ids.loanNumber, 'Ngozi Okafor', 'GTB-778812', '₦97,654.33']) {
        expect(roll.text, text).toContain(text)
      }
    }
  })

  it('answers 400 naming the field and the formats it takes for an unknown format', async () => {
    const response = await receiptOf(ids.repayment, '?format=thermal57')
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({
      field: 'format',
      message: 'format must be one of a4, thermal58, thermal80',
      allowed: ['a4', 'thermal58', 'thermal80'],
    })
  })

  it('a reversed payment: the statement shows what it had paid and its reversal; its receipt prints REVERSED cleanly', async () => {
    const second = await asOfficerA.repayment.record({
      loanId: ids.loan,
      amount: 500_000,
      paidOn: ids.today,
      method: 'CASH',
      idempotencyKey: 'printed-test-2',
    })
    await asAdmin.repayment.reverse({ id: second.id, reason: 'Posted to the wrong loan' })
    const sum = (lines: typeof firstLines, key: keyof (typeof firstLines)[number], sign = 1) =>
      naira(sign * lines.reduce((total, line) => total + line[key], 0))
    const split = (lines: typeof firstLines, sign = 1) =>
      (['principal', 'interest', 'fee', 'penalty'] as const).map((key) => sum(lines, key, sign)).join(' ')

    const statement = await pdfText((await get(`/files/loans/${ids.loan}/statement.pdf`)).rawPayload)
    // The payment keeps the split it had (not ₦0.00) and is marked; its reversal takes the same back.
    expect(statement).toContain(
      `${second.receiptNumber} Cash · REVERSED ${naira(500_000)} ${split(second.lines)}`,
    )
    expect(statement).toContain(
      `${second.receiptNumber} Reversal: Posted to the wrong loan ${naira(-500_000)} ${split(second.lines, -1)}`,
    )
    // Totals count the first payment only, and the running balance ends on what is still owed.
    expect(statement).toContain(`Totals ${naira(1_234_567)} ${split(firstLines)} ${naira(9_765_433)}`)

    for (const query of ['', '?format=thermal58']) {
      const receipt = await readPdf((await receiptOf(second.id, query)).rawPayload)
      expect(receipt.text).toMatch(/REVERSED on \d{2}\/\d{2}\/\d{4}/)
      expect(receipt.text.replace(/\s+/g, '')).toContain('Reason:Postedtothewrongloan')
      expect(receipt.text).toContain(naira(500_000))
      // Amounts intact: what it had paid on each installment.
      for (const line of second.lines) expect(receipt.text).toContain(split([line]).split(' ')[0])
      // Printed cleanly: no run drawn over another on the same line, nothing rotated across the page.
      const clashes = receipt.runs.filter((a, index) =>
        receipt.runs.some(
          (b, other) =>
            other !== index &&
            Math.abs(a.y - b.y) < 4 &&
            a.x < b.x + b.width - 0.5 &&
            b.x < a.x + a.width - 0.5,
        ),
      )
      expect(clashes.map((run) => run.text)).toEqual([])
    }
  })
})
