import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertAdmin } from '../src/index.js'
import { anonymousCaller, callerFor, openTestDb, type TestDb } from './support/db.js'

const DEFAULT_NAMES = [
  'Guarantor form',
  'National ID card',
  'Passport photograph',
  'Utility bill',
  "Voter's card",
]

describe('default document types on a fresh install', () => {
  let t: TestDb
  beforeAll(async () => {
    t = await openTestDb()
  })
  afterAll(async () => {
    await t.close()
  })

  it('the first admin of the setup screen finds five types, editable and deactivatable like any other', async () => {
    expect(await t.db.selectFrom('document_type').select('id').execute()).toHaveLength(0)
    const admin = await anonymousCaller(t.db).caller.setup.createFirstAdmin({
      email: 'first@example.com',
      firstName: 'Amaka',
      lastName: 'Eze',
      password: 'blue-Harmattan-97',
    })
    const { caller } = await callerFor(t.db, admin.id)
    const types = await caller.documentType.list({})
    expect(types.map((type) => type.name)).toEqual(DEFAULT_NAMES)
    expect(types.map((type) => type.code).sort()).toEqual(['DOC001', 'DOC002', 'DOC003', 'DOC004', 'DOC005'])
    const form = types.find((type) => type.name === 'Guarantor form')
    expect(form?.appliesTo).toEqual(['GUARANTOR', 'LOAN'])
    expect(types.find((type) => type.name === 'National ID card')?.appliesTo).toEqual(['MEMBER', 'GUARANTOR'])

    const voters = types.find((type) => type.name === "Voter's card")
    if (!voters) throw new Error('no voter card type')
    const renamed = await caller.documentType.update({ id: voters.id, name: 'Permanent voter card' })
    expect(renamed.name).toBe('Permanent voter card')
    await caller.documentType.setActive({ id: voters.id, isActive: false })
    expect((await caller.documentType.list({})).map((type) => type.name)).toEqual([
      'Guarantor form',
      'National ID card',
      'Passport photograph',
      'Utility bill',
    ])
  })

  it('a later admin (create-admin on a running install) seeds nothing, even after the types were removed', async () => {
    await t.db.deleteFrom('document_type').execute()
    await t.db.transaction().execute((trx) =>
      insertAdmin(trx, {
        email: 'second@example.com',
        firstName: 'Bola',
        lastName: 'Ade',
        passwordHash: 'x',
        mustChangePassword: true,
      }),
    )
    expect(await t.db.selectFrom('document_type').select('id').execute()).toHaveLength(0)
  })

  it('an install whose admin already made its own types keeps only those', async () => {
    const fresh = await openTestDb()
    try {
      await fresh.db
        .insertInto('document_type')
        .values({ name: 'Our own form', applies_to: ['MEMBER'] })
        .execute()
      await anonymousCaller(fresh.db).caller.setup.createFirstAdmin({
        email: 'boss@example.com',
        firstName: 'Ngozi',
        lastName: 'Ade',
        password: 'blue-Harmattan-97',
      })
      const names = await fresh.db.selectFrom('document_type').select('name').execute()
      expect(names.map((row) => row.name)).toEqual(['Our own form'])
    } finally {
      await fresh.close()
    }
  })
})
