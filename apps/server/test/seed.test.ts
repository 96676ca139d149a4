import { verifyPassword } from '@mp/auth'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resetDemoPasswords, seedDemo } from '../src/seed.js'
import { openTestDb, type TestDb } from './helpers.js'

describe('demo seed', () => {
  let testDb: TestDb
  beforeAll(async () => {
    testDb = await openTestDb()
  })
  afterAll(async () => {
    await testDb.close()
  })

  it('creates the company and seven staff once, with working random passwords', async () => {
    const first = await seedDemo(testDb.db)
    expect(first.isSeeded).toBe(true)
    expect(first.accounts.map((account) => account.role)).toEqual([
      'ADMIN',
      'SUPERVISOR',
      'SUPERVISOR',
      'CREDIT_OFFICER',
      'CREDIT_OFFICER',
      'CREDIT_OFFICER',
      'CREDIT_OFFICER',
    ])
    expect(new Set(first.accounts.map((account) => account.password)).size).toBe(7)

    const settings = await testDb.db.selectFrom('company_settings').selectAll().executeTakeFirstOrThrow()
    expect(settings).toMatchObject({
      name: 'Millennium Potters',
      currency: 'NGN',
      currency_symbol: '₦',
      date_format: 'DD/MM/YYYY',
      timezone: 'Africa/Lagos',
    })

    const officers = await testDb.db
      .selectFrom('staff_user as officer')
      .innerJoin('staff_user as supervisor', 'supervisor.id', 'officer.supervisor_id')
      .select(['officer.email', 'supervisor.role as supervisorRole'])
      .execute()
    expect(officers).toHaveLength(4)
    expect(officers.every((row) => row.supervisorRole === 'SUPERVISOR')).toBe(true)

    const admin = first.accounts[0]
    const stored = await testDb.db
      .selectFrom('staff_user')
      .select('password_hash')
      .where('email', '=', admin?.email ?? '')
      .executeTakeFirstOrThrow()
    expect(await verifyPassword(stored.password_hash, admin?.password ?? '')).toBe(true)

    const second = await seedDemo(testDb.db)
    expect(second).toEqual({ isSeeded: false, accounts: [] })
    expect((await testDb.db.selectFrom('staff_user').select('id').execute()).length).toBe(7)

    const reset = await resetDemoPasswords(testDb.db)
    expect(reset).toHaveLength(7)
    const after = await testDb.db
      .selectFrom('staff_user')
      .select('password_hash')
      .where('email', '=', admin?.email ?? '')
      .executeTakeFirstOrThrow()
    expect(await verifyPassword(after.password_hash, admin?.password ?? '')).toBe(false)
  })
})
