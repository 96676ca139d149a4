import { verifyPassword } from '@mp/auth'
import { sql } from '@mp/db'
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

  it('adds demo lending that obeys the rules: loans in every stage, allocations reconciling', async () => {
    const db = testDb.db
    const byStatus = await db
      .selectFrom('loan')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute()
    const counts = Object.fromEntries(byStatus.map((row) => [row.status, row.n]))
    expect(counts.ACTIVE).toBeGreaterThanOrEqual(6)
    expect(counts.DRAFT).toBeGreaterThanOrEqual(1)
    expect(counts.PENDING_APPROVAL).toBeGreaterThanOrEqual(1)
    expect((await db.selectFrom('union').select('id').execute()).length).toBe(4)
    const sums = await db
      .selectFrom('repayment as r')
      .select((eb) => [eb.fn.sum<string>('r.amount').as('paid'), eb.fn.countAll<number>().as('n')])
      .executeTakeFirstOrThrow()
    const allocated = await db
      .selectFrom('repayment_allocation')
      .select((eb) => eb.fn.sum<string>(sql<number>`principal + interest + fee + penalty`).as('sum'))
      .executeTakeFirstOrThrow()
    expect(sums.n).toBeGreaterThan(20)
    expect(Number(allocated.sum)).toBe(Number(sums.paid))
    // The seed's sign-ins leave no sessions behind.
    expect(await db.selectFrom('session').select('id').execute()).toEqual([])
  })
})
