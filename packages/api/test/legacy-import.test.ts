import { randomBytes } from 'node:crypto'
import {
  createKysely,
  createPool,
  ensureDatabase,
  sql,
  withDatabase,
  type Database,
  type Kysely,
} from '@mp/db'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  differencesCsv,
  formatImportReport,
  importLegacy,
  legacyDocumentsCsv,
  type LegacyImportResult,
} from '../src/index.js'
import { verifyLedger } from '../src/ledger/index.js'
import { koboOf } from '../src/legacy/index.js'
import { dayOf, instantOf } from '../src/legacy/read.js'
import { openTestDatabase } from './staff-fixtures.js'
import { createLegacyDatabase, fillLegacyDatabase, type LegacyFixture } from './support/legacy-fixture.js'

// The cut-over (docs/cutover.md): a legacy database built in the test from our own DDL of the old schema,
// filled with generated data carrying the old system's known faults, imported with `importLegacy`.

const NOW = new Date('2026-12-01T12:00:00Z')
const TODAY = '2026-12-01'

/** Row count and a checksum of every row of every table of ours: "nothing changed" made checkable. */
async function fingerprint(
  db: Kysely<Database>,
  leaveOut: readonly string[] = [],
): Promise<Record<string, string>> {
  const tables = await sql<{ name: string }>`select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(db)
  const result: Record<string, string> = {}
  for (const { name } of tables.rows) {
    if (name.startsWith('kysely_') || leaveOut.includes(name)) continue
    const row = await sql<{ n: string; sum: string | null }>`select count(*)::text as n,
      md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as sum from ${sql.table(name)} as t`.execute(
      db,
    )
    result[name] = `${row.rows[0]?.n ?? '?'}:${row.rows[0]?.sum ?? ''}`
  }
  return result
}

describe('pnpm mp import-legacy', () => {
  let test: Awaited<ReturnType<typeof openTestDatabase>>
  let admin: Kysely<Database>
  let legacy: Kysely<Database>
  let legacyName: string
  let fixture: LegacyFixture
  let imported: LegacyImportResult

  beforeAll(async () => {
    test = await openTestDatabase()
    const { adminUrl } = inject('mpTestDb')
    legacyName = `mp_legacy_${randomBytes(4).toString('hex')}`
    await ensureDatabase(adminUrl, legacyName)
    admin = createKysely(createPool(adminUrl, { max: 1 }))
    legacy = createKysely(createPool(withDatabase(adminUrl, legacyName), { max: 2 }))
    await createLegacyDatabase(legacy)
    fixture = await fillLegacyDatabase(legacy, 7)
  })

  afterAll(async () => {
    await legacy.destroy()
    await sql`drop database if exists ${sql.id(legacyName)} with (force)`.execute(admin)
    await admin.destroy()
    await test.close()
  })

  const run = (isDryRun: boolean) =>
    importLegacy(test.db, legacy, { source: 'postgres://old:secret@legacy/db', isDryRun, now: NOW })

  it('converts naira to kobo exactly and refuses a fraction of a kobo', () => {
    expect(koboOf('1234.56')).toEqual({ kobo: 123456 })
    expect(koboOf('0.10')).toEqual({ kobo: 10 })
    expect(koboOf('333.330')).toEqual({ kobo: 33333 })
    expect(koboOf('333.333')).toEqual({ refusal: 'amount 333.333 has a fraction of a kobo' })
    expect(koboOf('12,00')).toHaveProperty('refusal')
  })

  it('reads the old zone-less timestamps as UTC and dates them in the company time zone', () => {
    expect(instantOf('2026-01-31 09:00:00.123')?.toISOString()).toBe('2026-01-31T09:00:00.123Z')
    expect(instantOf('2026-01-31 09:00:00+00')?.toISOString()).toBe('2026-01-31T09:00:00.000Z')
    // 23:30 UTC is already the next day in Lagos (UTC+1).
    expect(dayOf('2026-01-31 23:30:00', 'Africa/Lagos')).toBe('2026-02-01')
    expect(dayOf('2026-01-31 22:59:59', 'Africa/Lagos')).toBe('2026-01-31')
    expect(dayOf(null, 'Africa/Lagos')).toBeNull()
    expect(instantOf('not a date')).toBeNull()
    expect(instantOf('1985-04-12')?.toISOString()).toBe('1985-04-12T00:00:00.000Z')
    expect(instantOf('2026-01-31 10:00:00+0100')?.toISOString()).toBe('2026-01-31T09:00:00.000Z')
  })

  it('a dry run prints the counts and changes nothing', async () => {
    const before = await fingerprint(test.db)
    const dry = await run(true)
    expect(await fingerprint(test.db)).toEqual(before)
    expect(dry.isDryRun).toBe(true)
    expect(dry.passwords).toEqual([])
    expect(dry.counts.staff?.found).toBe(fixture.counts.staff)
    expect(dry.counts.loan?.found).toBe(fixture.counts.loans)
    expect(dry.counts.loan?.imported).toBeGreaterThan(0)
    const lines = formatImportReport(dry)
    expect(lines[0]).toBe('DRY RUN: nothing was changed.')
    expect(lines.some((l) => /^loan\s+\d+\s+\d+\s+0\s+1$/.test(l))).toBe(true)
  })

  it('imports, and the counts reconcile with the old database (deployment guide checklist)', async () => {
    imported = await run(false)
    const legacyCount = async (table: string, where = 'true') =>
      Number(
        (
          await sql<{
            n: string
          }>`select count(*)::text as n from ${sql.table(table)} where ${sql.raw(where)}`.execute(legacy)
        ).rows[0]?.n,
      )
    const ours = async (table: 'staff_user' | 'union' | 'loan' | 'member') =>
      Number(
        (
          await test.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    // Users, unions and loans before and after: equal once the refused records (each with its reason) are counted.
    const refusedStaff = imported.counts.staff?.refused ?? 0
    expect(await ours('staff_user')).toBe((await legacyCount('User')) - refusedStaff)
    expect(await ours('union')).toBe(await legacyCount('Union'))
    expect(await ours('loan')).toBe((await legacyCount('Loan')) - (imported.counts.loan?.refused ?? 0))
    expect(await ours('member')).toBe(
      (await legacyCount('UnionMember')) - (imported.counts.member?.refused ?? 0),
    )
    // Active accounts: one one-time password each, none for the inactive or deleted.
    expect(imported.passwords.length).toBe(
      (await legacyCount('User', `"isActive" and "deletedAt" is null`)) - refusedStaff,
    )
    expect(imported.passwords.map((p) => p.email)).toContain(fixture.officerEmail)
    const officer = await test.db
      .selectFrom('staff_user')
      .selectAll()
      .where('email', '=', fixture.officerEmail)
      .executeTakeFirstOrThrow()
    expect(officer.must_change_password).toBe(true)
    expect(officer.password_hash.startsWith('$argon2id$')).toBe(true)
  })

  it('refuses what it cannot bring across, each with its reason', () => {
    const reasons = new Map(imported.refusals.map((r) => [`${r.entity}:${r.legacyId}`, r.reason]))
    expect(reasons.get(`staff:${fixture.faults.malformedEmailUserId}`)).toBe('malformed email')
    expect(reasons.get(`staff:${fixture.faults.duplicateEmailUserId}`)).toMatch(/^duplicate email/)
    expect(reasons.get(`union_history:${fixture.faults.orphanHistoryId}`)).toMatch(/^orphan/)
    const deleted = imported.refusals.find(
      (r) => r.entity === 'loan' && r.detail === fixture.faults.deletedLoan,
    )
    expect(deleted?.reason).toBe('deleted in the old system')
    for (const refusal of imported.refusals) expect(refusal.reason.length).toBeGreaterThan(5)
    expect(imported.counts.member?.notes['malformed phone left empty']).toBeGreaterThan(0)
  })

  it('reports the old system’s known faults per loan, never changing them silently', () => {
    const kinds = (loan: string) =>
      imported.differences.filter((d) => d.loanNumber === loan).map((d) => d.kind)
    expect(kinds(fixture.faults.remainderLoan)).toContain('SCHEDULE_REMAINDER')
    expect(kinds(fixture.faults.overpaidLoan)).toContain('OVERPAID')
    expect(kinds(fixture.faults.movedLoan)).toContain('UNION')
    expect(kinds(fixture.faults.rolloverLoan)).toEqual(expect.arrayContaining(['DUE_DATES', 'DISBURSED_ON']))
    const remainder = imported.differences.find(
      (d) => d.loanNumber === fixture.faults.remainderLoan && d.kind === 'SCHEDULE_REMAINDER',
    )
    // ₦10,000 over 30 days: the old schedule held 30 × ₦333.33 = ₦9,999.90.
    expect(remainder?.old).toBe('₦9,999.90')
    expect(remainder?.new).toBe('₦10,000.00')
    const csv = differencesCsv(imported.differences).split('\n')
    expect(csv[0]).toBe('loan_number,legacy_id,kind,old_system,new_system,detail')
    expect(csv.length).toBe(imported.differences.length + 2)
  })

  it('keeps every payment: per-loan totals reconcile, a deleted one comes across reversed', async () => {
    const old = await sql<{
      loanNumber: string
      paid: string
    }>`select l."loanNumber", coalesce(sum(r."amount"), 0)::text as paid
      from "Loan" l left join "Repayment" r on r."loanId" = l."id" and r."deletedAt" is null
      where l."deletedAt" is null and l."status" in ('ACTIVE','COMPLETED','DEFAULTED','WRITTEN_OFF') group by l."loanNumber"`.execute(
      legacy,
    )
    const ours = await test.db
      .selectFrom('loan')
      .leftJoin('repayment', (join) =>
        join.onRef('repayment.loan_id', '=', 'loan.id').on('repayment.reversed_at', 'is', null),
      )
      .select([
        'loan.loan_number',
        (eb) => eb.fn.coalesce(eb.fn.sum<string>('repayment.amount'), sql<string>`0`).as('paid'),
      ])
      .where('loan.disbursed_on', 'is not', null)
      .groupBy('loan.loan_number')
      .execute()
    const paid = new Map(ours.map((r) => [r.loan_number, Number(r.paid)]))
    expect(old.rows.length).toBe(paid.size)
    for (const row of old.rows) {
      const kobo = koboOf(row.paid)
      expect('kobo' in kobo && kobo.kobo).toBe(paid.get(row.loanNumber))
    }
    // Where the engine's payoff differs from what the old system showed, the loan is in the report.
    const state = await test.db
      .selectFrom('loan')
      .innerJoin('loan_state', 'loan_state.loan_id', 'loan.id')
      .select(['loan.loan_number', 'loan.principal', 'loan_state.principal_paid'])
      .execute()
    const reported = new Set(
      imported.differences.filter((d) => d.kind === 'OUTSTANDING').map((d) => d.loanNumber),
    )
    const oldItemsPaid = await sql<{
      loanNumber: string
      paid: string
    }>`select l."loanNumber", coalesce(sum(i."paidAmount"), 0)::text as paid
      from "Loan" l join "RepaymentScheduleItem" i on i."loanId" = l."id" and i."deletedAt" is null group by l."loanNumber"`.execute(
      legacy,
    )
    const oldPaid = new Map(oldItemsPaid.rows.map((r) => [r.loanNumber, koboOf(r.paid)]))
    for (const loan of state) {
      const o = oldPaid.get(loan.loan_number)
      const oldOutstanding =
        o !== undefined && 'kobo' in o ? Math.max(0, loan.principal - o.kobo) : loan.principal
      if (oldOutstanding !== loan.principal - loan.principal_paid)
        expect(reported).toContain(loan.loan_number)
    }
    const deleted = await test.db
      .selectFrom('repayment')
      .select(['reversed_at', 'reversal_reason'])
      .where('idempotency_key', '=', `legacy:${fixture.faults.deletedRepaymentId}`)
      .executeTakeFirstOrThrow()
    expect(deleted.reversal_reason).toBe('Deleted in the old system')
  })

  it('keeps the old documents by reference, guarantors from the old marker on their loans', async () => {
    const csv = (await legacyDocumentsCsv(test.db)).trim().split('\n')
    expect(csv[0]).toBe(
      'owner,member_code,member_name,loan_number,guarantor,document_type,file_url,verified,uploaded_at,deleted_at',
    )
    expect(csv.length - 1).toBe(imported.counts.document?.imported)
    const guarantorRow = csv.find((line) => line.startsWith('GUARANTOR,'))
    expect(guarantorRow).toMatch(/,LN\d{8},Guarantor g\d+,National ID,https:\/\/res\.cloudinary\.com\//)
    const links = await test.db.selectFrom('loan_guarantor').select('loan_id').execute()
    expect(links.length).toBe(imported.counts.guarantor?.imported)
  })

  it('leaves a stored ledger that the engine’s replay verifies kobo for kobo', async () => {
    const verification = await verifyLedger(test.db, { today: TODAY, defaultAfterDays: 90 })
    expect(verification.checked).toBeGreaterThan(20)
    expect(verification.differences).toEqual([])
  })

  it('a re-run imports nothing again and leaves the same database', async () => {
    const before = await fingerprint(test.db, ['legacy_import_run', 'audit_log'])
    const audits = await test.db.selectFrom('audit_log').select('id').execute()
    const again = await run(false)
    expect(await fingerprint(test.db, ['legacy_import_run', 'audit_log'])).toEqual(before)
    for (const counts of Object.values(again.counts)) expect(counts.imported).toBe(0)
    expect(again.counts.loan?.existing).toBe(imported.counts.loan?.imported)
    expect(again.passwords).toEqual([])
    // Only the run's own audit entry is new.
    expect((await test.db.selectFrom('audit_log').select('id').execute()).length).toBe(audits.length + 1)
    expect((await test.db.selectFrom('legacy_import_run').select('id').execute()).length).toBe(2)
  })

  it('refuses a database that is not the old system’s', async () => {
    await expect(importLegacy(test.db, test.db, { source: 'x', isDryRun: true, now: NOW })).rejects.toThrow(
      /not the old system's database/,
    )
  })
})
