import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TLoanTypeInput } from '../src/schemas/loan-type.js'
import { addStaff, expectTRPCError, openTestDatabase, signInAs } from './staff-fixtures.js'

const WEEKLY_FLAT: TLoanTypeInput = {
  name: 'Weekly trader loan',
  description: '12 weeks, 10% flat for the term',
  minPrincipal: 5_000_000,
  maxPrincipal: 50_000_000,
  termUnit: 'WEEK',
  minTerm: 4,
  maxTerm: 24,
  interest: { method: 'FLAT', rate: '0.10', basis: 'PER_TERM' },
  processingFee: { kind: 'PERCENT_OF_PRINCIPAL', rate: '0.01' },
  penalty: { kind: 'PERCENT_PER_DAY', ratePerDay: '0.005', graceDays: 3, mode: 'FORGIVE' },
  allocationOrder: 'VERTICAL',
  rounding: 'HALF_EVEN',
  installmentMultiple: null,
}

describe('loan types', () => {
  let t: Awaited<ReturnType<typeof openTestDatabase>>
  let asAdmin: Awaited<ReturnType<typeof signInAs>>['caller']
  let asOfficer: Awaited<ReturnType<typeof signInAs>>['caller']
  beforeAll(async () => {
    t = await openTestDatabase()
    asAdmin = (await signInAs(t.db, await addStaff(t.db, { email: 'admin@example.com', role: 'ADMIN' })))
      .caller
    asOfficer = (
      await signInAs(t.db, await addStaff(t.db, { email: 'officer@example.com', role: 'CREDIT_OFFICER' }))
    ).caller
  })
  afterAll(async () => {
    await t.close()
  })

  it('creates a product that previews exactly like golden vector A, and audits it', async () => {
    const created = await asAdmin.loanType.create(WEEKLY_FLAT)
    expect(created).toMatchObject({ name: 'Weekly trader loan', minPrincipal: 5_000_000, isActive: true })
    const preview = await asOfficer.loanType.previewSchedule({
      id: created.id,
      principal: 10_000_000,
      termCount: 12,
      startDate: '2025-01-06',
    })
    expect(preview.installments[0]).toMatchObject({
      dueDate: '2025-01-13',
      principal: 833_333,
      interest: 83_333,
    })
    expect(preview.installments[11]).toMatchObject({
      dueDate: '2025-03-31',
      principal: 833_337,
      interest: 83_337,
    })
    expect(preview.totalPrincipal).toBe(10_000_000)
    expect(preview.totalInterest).toBe(1_000_000)
    const audit = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', created.id)
      .execute()
    expect(audit.map((row) => row.action)).toEqual(['LOAN_TYPE_CREATE'])
  })

  it('enforces the ranges with messages naming the field and the limit', async () => {
    const [type] = await asOfficer.loanType.list()
    const id = type?.id ?? ''
    await expectTRPCError(
      asOfficer.loanType.previewSchedule({
        id,
        principal: 4_999_999,
        termCount: 12,
        startDate: '2025-01-06',
      }),
      'BAD_REQUEST',
      /Principal must be between ₦50,000\.00 and ₦500,000\.00/,
    )
    await expectTRPCError(
      asOfficer.loanType.previewSchedule({
        id,
        principal: 10_000_000,
        termCount: 30,
        startDate: '2025-01-06',
      }),
      'BAD_REQUEST',
      /Term must be between 4 and 24/,
    )
    await expectTRPCError(
      asAdmin.loanType.create({ ...WEEKLY_FLAT, name: 'Backwards', maxPrincipal: 1_000 }),
      'BAD_REQUEST',
      /Maximum principal must be at least the minimum principal/,
    )
    await expectTRPCError(
      asAdmin.loanType.create({ ...WEEKLY_FLAT, name: 'Fractional', minPrincipal: 10.5 }),
      'BAD_REQUEST',
      /Minimum principal must be a whole number of kobo/,
    )
    await expectTRPCError(
      asAdmin.loanType.create({
        ...WEEKLY_FLAT,
        name: 'Float rate',
        interest: { method: 'FLAT', rate: '10%', basis: 'PER_TERM' },
      }),
      'BAD_REQUEST',
      /Flat rate must be a decimal like 0.10/,
    )
    await expectTRPCError(
      asAdmin.loanType.create({
        ...WEEKLY_FLAT,
        name: 'Fee backwards',
        processingFee: { kind: 'PERCENT_OF_PRINCIPAL', rate: '0.01', min: 50_000, max: 10_000 },
      }),
      'BAD_REQUEST',
      /Maximum processing fee must be at least the minimum processing fee/,
    )
    // A product that cannot book its own smallest loan is refused up front.
    await expectTRPCError(
      asAdmin.loanType.create({ ...WEEKLY_FLAT, name: 'Huge multiple', installmentMultiple: 40_000_000 }),
      'BAD_REQUEST',
      /cannot be booked/,
    )
    await expectTRPCError(
      asAdmin.loanType.create({ ...WEEKLY_FLAT, name: 'weekly TRADER loan' }),
      'CONFLICT',
      /already exists/,
    )
    await expectTRPCError(asOfficer.loanType.create({ ...WEEKLY_FLAT, name: 'Officer product' }), 'FORBIDDEN')
  })

  it('hides deactivated products from officers, keeps them for admins, and updates only for the future', async () => {
    const [type] = await asAdmin.loanType.list({ includeInactive: true })
    const id = type?.id ?? ''
    const updated = await asAdmin.loanType.update({ id, ...WEEKLY_FLAT, maxTerm: 16 })
    expect(updated.maxTerm).toBe(16)
    await asAdmin.loanType.setActive({ id, isActive: false })
    expect(await asOfficer.loanType.list({ includeInactive: true })).toEqual([])
    expect((await asAdmin.loanType.list({ includeInactive: true })).map((item) => item.isActive)).toEqual([
      false,
    ])
    const actions = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', id)
      .orderBy('created_at')
      .execute()
    expect(actions.map((row) => row.action)).toEqual([
      'LOAN_TYPE_CREATE',
      'LOAN_TYPE_UPDATE',
      'LOAN_TYPE_DEACTIVATE',
    ])
  })
})
