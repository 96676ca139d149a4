import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addStaff, expectTRPCError, openTestDatabase, signInAs } from './staff-fixtures.js'

describe('document types', () => {
  let t: Awaited<ReturnType<typeof openTestDatabase>>
  let admin: Awaited<ReturnType<typeof signInAs>>['caller']
  let officer: Awaited<ReturnType<typeof signInAs>>['caller']

  beforeAll(async () => {
    t = await openTestDatabase()
    const adminUser = await addStaff(t.db, { email: 'admin@example.com', role: 'ADMIN' })
    const officerUser = await addStaff(t.db, { email: 'officer@example.com', role: 'CREDIT_OFFICER' })
    admin = (await signInAs(t.db, adminUser)).caller
    officer = (await signInAs(t.db, officerUser)).caller
  })
  afterAll(async () => {
    await t.close()
  })

  it('creates types with sequential DOC codes and lists them by name', async () => {
    const passport = await admin.documentType.create({
      name: '  International passport ',
      description: 'Data page',
      appliesTo: ['GUARANTOR', 'MEMBER', 'MEMBER'],
      requiresExpiry: true,
    })
    expect(passport).toMatchObject({
      code: 'DOC001',
      name: 'International passport',
      description: 'Data page',
      appliesTo: ['MEMBER', 'GUARANTOR'],
      requiresExpiry: true,
      isActive: true,
    })
    const bill = await admin.documentType.create({ name: 'Utility bill', appliesTo: ['MEMBER'] })
    expect(bill).toMatchObject({ code: 'DOC002', description: null, requiresExpiry: false })

    const list = await officer.documentType.list()
    expect(list.map((type) => type.name)).toEqual(['International passport', 'Utility bill'])

    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'after'])
      .where('entity_id', '=', passport.id)
      .execute()
    expect(audit).toEqual([
      { action: 'DOCUMENT_TYPE_CREATE', after: expect.objectContaining({ code: 'DOC001' }) as unknown },
    ])
  })

  it('refuses a name already used, whatever its case', async () => {
    await expectTRPCError(
      admin.documentType.create({ name: 'UTILITY BILL', appliesTo: ['MEMBER'] }),
      'CONFLICT',
      /already exists/,
    )
    const other = await admin.documentType.create({ name: 'Bank statement', appliesTo: ['MEMBER'] })
    await expectTRPCError(
      admin.documentType.update({ id: other.id, name: 'utility bill' }),
      'CONFLICT',
      /already exists/,
    )
    // Renaming to a different case of its own name is fine.
    expect((await admin.documentType.update({ id: other.id, name: 'BANK STATEMENT' })).name).toBe(
      'BANK STATEMENT',
    )
  })

  it('validates its input with messages per field', async () => {
    const noTarget = await expectTRPCError(
      admin.documentType.create({ name: 'Payslip', appliesTo: [] }),
      'BAD_REQUEST',
    )
    expect(noTarget.message).toMatch(/at least one/)
    await expectTRPCError(
      admin.documentType.create({ name: 'Payslip', appliesTo: ['CUSTOMER' as 'MEMBER'] }),
      'BAD_REQUEST',
      /MEMBER, GUARANTOR or LOAN/,
    )
    await expectTRPCError(
      admin.documentType.create({ name: '   ', appliesTo: ['MEMBER'] }),
      'BAD_REQUEST',
      /Name is required/,
    )
    await expectTRPCError(
      admin.documentType.create({ name: 'x'.repeat(121), appliesTo: ['MEMBER'] }),
      'BAD_REQUEST',
      /at most 120/,
    )
  })

  it('updates, deactivates and reactivates; inactive types leave the default list', async () => {
    const type = await admin.documentType.create({ name: 'Voter card', appliesTo: ['MEMBER'] })
    const updated = await admin.documentType.update({
      id: type.id,
      description: 'Permanent voter card',
      appliesTo: ['GUARANTOR'],
      requiresExpiry: true,
    })
    expect(updated).toMatchObject({
      description: 'Permanent voter card',
      appliesTo: ['GUARANTOR'],
      requiresExpiry: true,
    })
    expect((await admin.documentType.update({ id: type.id, description: '' })).description).toBeNull()

    await admin.documentType.setActive({ id: type.id, isActive: false })
    expect((await officer.documentType.list()).map((item) => item.id)).not.toContain(type.id)
    const all = await officer.documentType.list({ includeInactive: true })
    expect(all.find((item) => item.id === type.id)).toMatchObject({ isActive: false })
    await admin.documentType.setActive({ id: type.id, isActive: true })
    expect((await officer.documentType.list()).map((item) => item.id)).toContain(type.id)

    const actions = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', type.id)
      .orderBy('created_at')
      .orderBy('id')
      .execute()
    expect(actions.map((row) => row.action).sort()).toEqual(
      [
        'DOCUMENT_TYPE_ACTIVATE',
        'DOCUMENT_TYPE_CREATE',
        'DOCUMENT_TYPE_DEACTIVATE',
        'DOCUMENT_TYPE_UPDATE',
        'DOCUMENT_TYPE_UPDATE',
      ].sort(),
    )
  })

  it('answers NOT_FOUND for an unknown type and FORBIDDEN for non-admins', async () => {
    await expectTRPCError(
      admin.documentType.update({ id: '00000000-0000-4000-8000-000000000000', name: 'X' }),
      'NOT_FOUND',
    )
    await expectTRPCError(officer.documentType.create({ name: 'Sneaky', appliesTo: ['MEMBER'] }), 'FORBIDDEN')
  })
})
