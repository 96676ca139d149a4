import ExcelJS from 'exceljs'
import { getDocumentProxy } from 'unpdf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AuthedContext } from '../src/context.js'
import { waitForExport } from '../src/exports/jobs.js'
import { startTestJobs } from './support/jobs.js'
import { streamed } from '../src/exports/registry.js'
import { ZLoanListInput } from '../src/schemas/loan.js'
import { loanListSource } from '../src/services/loan-list.js'
import { expectTRPCError, openTestDatabase, signInAs } from './staff-fixtures.js'
import { activeLoan, addLoanWorld, newKey, type LoanWorld } from './loan-fixtures.js'

/**
 * Exports hold exactly the rows and filters of the screen: the same input as the list procedure, every
 * page of it. Each format is read back with a real reader (CSV parsed here, XLSX by ExcelJS, PDF by pdf.js)
 * and its row count and money total compared with what the screen's procedure returns.
 */
let t: Awaited<ReturnType<typeof openTestDatabase>>
let queue: Awaited<ReturnType<typeof startTestJobs>>
let w: LoanWorld

beforeAll(async () => {
  t = await openTestDatabase({ poolSize: 8 })
  queue = await startTestJobs(t)
  w = await addLoanWorld(t.db, '2025-03-03', queue)
  // 30 loans, 24 of team A, with 2 payments each (one reversed on every fifth loan): > 1 export page.
  for (let i = 0; i < 30; i++) {
    const team = i % 5 === 4 ? 'B' : 'A'
    const member = await t.db
      .insertInto('member')
      .values({
        union_id: team === 'B' ? w.unionB.id : w.unionA.id,
        first_name: i === 0 ? '=SUM(1)' : `Export${String(i)}`,
        last_name: 'Row',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const loan = await activeLoan(w, { memberId: member.id, team, startDate: '2025-01-06' })
    const caller = team === 'B' ? w.asCoB1 : w.asCoA1
    for (const paidOn of ['2025-01-13', '2025-01-20']) {
      const paid = await caller.repayment.record({
        loanId: loan.id,
        amount: 916_666 + i,
        paidOn,
        method: i % 2 === 0 ? 'CASH' : 'TRANSFER',
        idempotencyKey: newKey('exp'),
      })
      if (i % 5 === 0 && paidOn === '2025-01-20')
        await w.asAdmin.repayment.reverse({ id: paid.id, reason: 'Test reversal' })
    }
  }
}, 300_000)

afterAll(async () => {
  await queue.stop()
  await t.close()
})

function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let field = ''
  let row: string[] = []
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i)
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      row.push(field)
      field = ''
    } else if (c === '\n') {
      row.push(field.replace(/\r$/, ''))
      rows.push(row)
      row = []
      field = ''
    } else field += c
  }
  return rows
}

async function run(
  caller: LoanWorld['asAdmin'],
  userId: string,
  name: 'repayments' | 'loans' | 'portfolio' | 'waivers',
  format: 'csv' | 'xlsx' | 'pdf',
  input: unknown,
) {
  const started = await caller.export.start({ name, format, input })
  expect(started.state).toBe('QUEUED')
  const job = await waitForExport(t.db, userId, started.id)
  expect(job.state, job.error ?? '').toBe('DONE')
  const status = await caller.export.status({ id: started.id })
  expect(status).toMatchObject({ state: 'DONE', rowsDone: job.rowsDone, rowsTotal: job.rowsDone })
  return { job, bytes: await queue.read(job.storageKey ?? '') }
}

describe('exports equal the screen', () => {
  const filters = {
    method: 'CASH' as const,
    includeReversed: false,
    sort: 'amount' as const,
    direction: 'asc' as const,
  }

  it('CSV: every row of every page, the same order and total, money exact, formulas defused', async () => {
    const screen = await w.asSupA.repayment.list({ ...filters, pageSize: 100 })
    const totals = await w.asSupA.repayment.totals({ method: filters.method, includeReversed: false })
    expect(screen.total).toBeGreaterThan(10)
    expect(screen.nextCursor).toBeNull()
    expect(totals.count).toBe(screen.total)
    const { bytes, job } = await run(w.asSupA, w.supA.id, 'repayments', 'csv', filters)
    const rows = parseCsv(bytes.toString('utf8').replace(/^\uFEFF/, ''))
    const [header, ...data] = rows
    expect(header?.slice(0, 3)).toEqual(['Receipt', 'Date paid', 'Loan number'])
    expect(data).toHaveLength(screen.total)
    expect(job.rowsDone).toBe(screen.total)
    expect(data.map((r) => r[0])).toEqual(screen.items.map((i) => i.receiptNumber))
    const amountColumn = header?.indexOf('Amount') ?? -1
    const total = data.reduce((s, r) => s + Math.round(Number(r[amountColumn]) * 100), 0)
    expect(total).toBe(totals.amount)
    expect(total).toBe(screen.items.reduce((sum, item) => sum + item.amount, 0))
    // A name that a spreadsheet would run as a formula is written as text.
    const memberColumn = header?.indexOf('Member') ?? -1
    expect(data.some((r) => r[memberColumn] === "'=SUM(1) Row")).toBe(true)
    // Team B's payments never appear in supervisor A's export.
    const all = await w.asAdmin.repayment.list({ ...filters, pageSize: 100 })
    expect(data.length).toBeLessThan(all.total)
  })

  it("Waivers: the report's rows over the period, the same total, money exact", async () => {
    await w.asAdmin.loanChange.setWaiverLimits({ SUPERVISOR: 100_000, ADMIN: 50_000_000 })
    const loans = await w.asSupA.loan.list({ status: 'ACTIVE', pageSize: 3 })
    for (const [index, loan] of loans.items.entries()) {
      const asked = await w.asCoA1.loanChange.request({
        loanId: loan.id,
        terms: { kind: 'WAIVER', date: '2025-03-03', interest: 1_001 + index },
        reason: `Goodwill ${String(index)}`,
      })
      await w.asSupA.loanChange.approve({ id: asked.id })
    }
    const period = { from: '2025-03-01', to: '2025-03-31' }
    const screen = await w.asSupA.loanChange.waiverReport({ ...period, page: 1, pageSize: 100 })
    expect(screen.totals.count).toBe(loans.items.length)
    const { bytes } = await run(w.asSupA, w.supA.id, 'waivers', 'csv', period)
    const [header, ...data] = parseCsv(bytes.toString('utf8').replace(/^\uFEFF/, ''))
    expect(data.map((r) => r[1])).toEqual(screen.rows.items.map((r) => r.loanNumber))
    const column = header?.indexOf('Total waived') ?? -1
    expect(data.reduce((sum, r) => sum + Math.round(Number(r[column]) * 100), 0)).toBe(screen.totals.amount)
    expect(screen.totals.amount).toBe(1_001 + 1_002 + 1_003)
  })

  it('XLSX: a real workbook with number cells for money and the same rows', async () => {
    const screen = await w.asAdmin.loan.list({ sort: 'loanNumber', direction: 'asc', pageSize: 100 })
    const { bytes } = await run(w.asAdmin, w.admin.id, 'loans', 'xlsx', {
      sort: 'loanNumber',
      direction: 'asc',
    })
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer)
    const sheet = workbook.worksheets[0]
    if (!sheet) throw new Error('no sheet')
    const header = (sheet.getRow(3).values as unknown[]).slice(1)
    expect(header[0]).toBe('Loan number')
    const numbers: string[] = []
    let principal = 0
    const principalColumn = header.indexOf('Principal') + 1
    sheet.eachRow((row, index) => {
      if (index <= 3) return
      numbers.push(row.getCell(1).text)
      const value = row.getCell(principalColumn).value
      expect(typeof value).toBe('number')
      principal += Math.round(Number(value) * 100)
    })
    expect(numbers).toEqual(screen.items.map((i) => i.loanNumber))
    expect(principal).toBe(screen.items.reduce((s, i) => s + i.principal, 0))
    expect(sheet.getRow(1).getCell(1).value).toBe('Loans')
  })

  it('PDF: every row printed, read back by pdf.js', async () => {
    const screen = await w.asAdmin.report.portfolio({})
    const { bytes } = await run(w.asAdmin, w.admin.id, 'portfolio', 'pdf', {})
    const pdf = await getDocumentProxy(new Uint8Array(bytes))
    let text = ''
    for (let n = 1; n <= pdf.numPages; n++) {
      const content = await (await pdf.getPage(n)).getTextContent()
      text += content.items.map((item) => ('str' in item ? item.str : '')).join(' ')
    }
    const printed = text.match(/LN\d{8}/g) ?? []
    expect(new Set(printed).size).toBe(screen.rows?.total)
    expect(text).toContain('Portfolio')
    expect(text).toMatch(/₦\d/)
    // Printed in the company's time zone and date format, never in UTC.
    expect(text).toMatch(/printed \d{2}\/\d{2}\/\d{4} \d{2}:\d{2} \(Africa\/Lagos\)/)
    expect(text).not.toContain('UTC')
  })

  it("reads the whole list in the screen's order through one cursor, whatever the batch size", async () => {
    const screen = await w.asAdmin.loan.list({ sort: 'loanNumber', direction: 'asc', pageSize: 100 })
    const ctx = await signInAs(t.db, w.admin)
    const authed = ctx.ctx as AuthedContext
    const input = ZLoanListInput.parse({ sort: 'loanNumber', direction: 'asc' })
    const seen: string[] = []
    let total = -1
    for await (const row of streamed(authed, await loanListSource(authed, input), (n) => (total = n), 7)) {
      seen.push(row.loanNumber)
    }
    expect(total).toBe(screen.total)
    expect(seen).toEqual(screen.items.map((i) => i.loanNumber))
    // The screen's own pages, walked 7 at a time by cursor, give the same rows in the same order.
    const walked: string[] = []
    let cursor: string | undefined
    do {
      const page = await w.asAdmin.loan.list({ sort: 'loanNumber', direction: 'asc', pageSize: 7, cursor })
      walked.push(...page.items.map((i) => i.loanNumber))
      cursor = page.nextCursor ?? undefined
    } while (cursor !== undefined)
    expect(walked).toEqual(seen)
  })

  it('refuses bad filters with the field named, other users’ jobs and forbidden exports', async () => {
    await expectTRPCError(
      w.asAdmin.export.start({ name: 'repayments', format: 'csv', input: { method: 'CHEQUE' } }),
      'BAD_REQUEST',
      /method: Method must be/,
    )
    await expectTRPCError(w.asCoA1.export.start({ name: 'audit', format: 'csv', input: {} }), 'FORBIDDEN')
    const started = await w.asAdmin.export.start({ name: 'loans', format: 'csv', input: {} })
    await expectTRPCError(w.asCoA1.export.status({ id: started.id }), 'NOT_FOUND')
    await waitForExport(t.db, w.admin.id, started.id)
  })
})
