import { sql } from '@mp/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findDocumentForDownload } from '../src/services/document.js'
import { samples, signInWithStorage, tempStorage, uploadForm } from './document-fixtures.js'
import { activeLoan, addLoanWorld, newKey, type LoanWorld } from './loan-fixtures.js'
import { expectTRPCError, openTestDatabase } from './staff-fixtures.js'

/**
 * Issue 12, item 2: every text input refuses NUL, other control characters and bidi overrides with a
 * 400 naming the field, and nothing is written; uploaded file names are cleaned; report periods are
 * bounded. The rule lives in routers/fields.ts; these are representative procedures over it.
 */
let t: Awaited<ReturnType<typeof openTestDatabase>>
let w: LoanWorld
let files: Awaited<ReturnType<typeof tempStorage>>
let loanId: string
let repaymentId: string

/** A NUL, a C0 control character, and a right-to-left override, each inside ordinary text. */
const HOSTILE = [
  { what: 'a NUL', text: 'Ada\u0000Obi' },
  { what: 'a control character', text: 'Ada\u0007Obi' },
  { what: 'a bidi override', text: 'Ada\u202eObi' },
] as const

const WRITTEN_TABLES = [
  'member',
  'union',
  'loan',
  'repayment',
  'staff_user',
  'staff_note',
  'document',
  'audit_log',
] as const

/** Row counts of every table a refused call could have written to, and the company name. */
async function snapshot() {
  const counts: Record<string, number> = {}
  for (const table of WRITTEN_TABLES) {
    const result = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.db)
    counts[table] = result.rows[0]?.n ?? -1
  }
  const reversed = await sql<{ n: number }>`
    select count(*)::int as n from repayment where reversed_at is not null`.execute(t.db)
  const settings = await t.db.selectFrom('company_settings').select('name').executeTakeFirst()
  const names = await t.db
    .selectFrom('member')
    .select(['first_name', 'address'])
    .where('id', '=', w.memberA.id)
    .executeTakeFirstOrThrow()
  return { counts, reversed: reversed.rows[0]?.n, company: settings?.name, memberA: names }
}

/** The call is a 400 whose message names the field, and the database is unchanged. */
async function refused(call: () => Promise<unknown>, field: RegExp) {
  const before = await snapshot()
  await expectTRPCError(call(), 'BAD_REQUEST', field)
  expect(await snapshot()).toEqual(before)
}

beforeAll(async () => {
  t = await openTestDatabase({ poolSize: 4 })
  w = await addLoanWorld(t.db, '2025-01-06')
  files = await tempStorage()
  const loan = await activeLoan(w, { startDate: '2025-01-06' })
  loanId = loan.id
  const repayment = await w.asCoA1.repayment.record({
    loanId,
    mode: 'AMOUNT',
    amount: 100_000,
    paidOn: '2025-01-06',
    method: 'CASH',
    idempotencyKey: newKey('hygiene'),
  })
  repaymentId = repayment.id
})

afterAll(async () => {
  await t.close()
  await files.remove()
})

describe.each(HOSTILE)('$what in a text field is a 400 naming the field, nothing written', ({ text }) => {
  it('member create and update: name and address', async () => {
    const create = { unionId: w.unionA.id, firstName: 'Ada', lastName: 'Obi' }
    await refused(() => w.asCoA1.member.create({ ...create, firstName: text }), /First name cannot contain/)
    await refused(() => w.asCoA1.member.create({ ...create, address: text }), /Address cannot contain/)
    await refused(
      () => w.asCoA1.member.update({ id: w.memberA.id, lastName: text }),
      /Last name cannot contain/,
    )
    await refused(() => w.asCoA1.member.update({ id: w.memberA.id, address: text }), /Address cannot contain/)
  })

  it('union name, loan purpose', async () => {
    await refused(
      () => w.asAdmin.union.create({ name: text, creditOfficerId: w.coA1.id }),
      /Union name cannot contain/,
    )
    await refused(
      () =>
        w.asCoA1.loan.create({
          memberId: w.memberA2.id,
          loanTypeId: w.loanTypeId,
          principal: 1_000_000,
          termCount: 12,
          startDate: '2025-01-06',
          purpose: text,
          guarantorIds: [],
        }),
      /Purpose cannot contain/,
    )
  })

  it('repayment reference and notes, reversal reason', async () => {
    const pay = {
      loanId,
      mode: 'AMOUNT' as const,
      amount: 100,
      paidOn: '2025-01-06',
      method: 'CASH' as const,
    }
    await refused(
      () => w.asCoA1.repayment.record({ ...pay, reference: text, idempotencyKey: newKey('hygiene') }),
      /Reference cannot contain/,
    )
    await refused(
      () => w.asCoA1.repayment.record({ ...pay, notes: text, idempotencyKey: newKey('hygiene') }),
      /Notes cannot contain/,
    )
    await refused(
      () => w.asAdmin.repayment.reverse({ id: repaymentId, reason: `Typo ${text}` }),
      /Reason cannot contain/,
    )
  })

  it('staff names, staff note, company name', async () => {
    const staff = {
      email: 'new.officer@example.com',
      role: 'CREDIT_OFFICER' as const,
      supervisorId: w.supA.id,
    }
    await refused(
      () => w.asAdmin.staff.create({ ...staff, firstName: text, lastName: 'Obi' }),
      /First name cannot contain/,
    )
    await refused(() => w.asAdmin.staff.update({ id: w.coA1.id, lastName: text }), /Last name cannot contain/)
    await refused(
      () => w.asAdmin.staffNote.create({ staffId: w.coA1.id, body: text }),
      /Note text cannot contain/,
    )
    await refused(() => w.asAdmin.settings.update({ name: text }), /Company name cannot contain/)
  })

  it('the search box of every list', async () => {
    await refused(() => w.asAdmin.member.list({ search: text }), /Search cannot contain/)
    await refused(() => w.asAdmin.loan.list({ search: text }), /Search cannot contain/)
    await refused(() => w.asAdmin.repayment.list({ search: text }), /Search cannot contain/)
    await refused(() => w.asAdmin.union.list({ search: text }), /Search cannot contain/)
    await refused(() => w.asAdmin.staff.list({ search: text }), /Search cannot contain/)
  })
})

describe('multi-line fields', () => {
  it('keep tabs and line breaks in an address, refuse them in a name', async () => {
    const updated = await w.asCoA1.member.update({ id: w.memberA.id, address: '12 Kiln Road\nIbadan' })
    expect(updated).toMatchObject({ address: '12 Kiln Road\nIbadan' })
    await refused(
      () => w.asCoA1.member.update({ id: w.memberA.id, firstName: 'Ada\nObi' }),
      /First name cannot contain/,
    )
  })
})

describe('uploaded file names', () => {
  it('lose bidi overrides and control characters before they are stored and served', async () => {
    const admin = await signInWithStorage(t.db, w.admin, files.storage)
    const type = await admin.documentType.create({ name: 'Utility bill', appliesTo: ['MEMBER'] })
    // "bill‮gnp.pdf" shows as "billfdp.png" with the override; the bytes are a PDF.
    const item = await admin.document.upload(
      uploadForm({
        ownerType: 'MEMBER',
        ownerId: w.memberA.id,
        documentTypeId: type.id,
        file: { bytes: samples.pdf(), name: 'bill\u202e\u0007gnp\u0085\u2066.pdf' },
      }),
    )
    expect(item.fileName).toBe('billgnp.pdf')
    const stored = await t.db
      .selectFrom('document')
      .select('file_name')
      .where('id', '=', item.id)
      .executeTakeFirstOrThrow()
    expect(stored.file_name).toBe('billgnp.pdf')
    expect((await findDocumentForDownload(t.db, w.admin, item.id))?.file_name).toBe('billgnp.pdf')

    // A name stored before the cleaning existed is cleaned on its way out (Content-Disposition).
    await t.db
      .updateTable('document')
      .set({ file_name: 'old\u202egnp.pdf' })
      .where('id', '=', item.id)
      .execute()
    expect((await findDocumentForDownload(t.db, w.admin, item.id))?.file_name).toBe('oldgnp.pdf')
  })
})

describe('report periods are bounded', () => {
  it('at most 5 years, between 2000-01-01 and a year from today, each a 400 naming field and limit', async () => {
    await expectTRPCError(
      w.asAdmin.report.disbursements({ from: '2015-01-01', to: '2024-12-31' }),
      'BAD_REQUEST',
      /at most 5 years \(1,827 days\)/,
    )
    await expectTRPCError(
      w.asAdmin.report.dashboard({ from: '0001-01-01', to: '9999-12-31' }),
      'BAD_REQUEST',
      /From date must be on or after 2000-01-01/,
    )
    await expectTRPCError(
      w.asAdmin.report.repaymentsByMethod({ from: '2025-01-01', to: '9999-12-31' }),
      'BAD_REQUEST',
      /To date must be at most one year from today/,
    )
    await expectTRPCError(
      w.asAdmin.report.dashboard({ from: '2001-01-01' }),
      'BAD_REQUEST',
      /at most 5 years/,
    )
    await expectTRPCError(
      w.asAdmin.report.portfolio({ asOf: '1999-12-31' }),
      'BAD_REQUEST',
      /As-of date must be on or after 2000-01-01/,
    )
    // Exactly five years (1,827 days, inclusive) is accepted.
    const fine = await w.asAdmin.report.disbursements({ from: '2020-01-01', to: '2024-12-31' })
    expect(fine).toBeDefined()
  })
})
