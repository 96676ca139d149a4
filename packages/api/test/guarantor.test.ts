import type { Database, Kysely } from '@mp/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectTRPCError } from './staff-fixtures.js'
import {
  addMember,
  addTeams,
  addUnion,
  auditRows,
  openUnionTestDatabase,
  type Teams,
} from './union-fixtures.js'

let db: Kysely<Database>
let close: () => Promise<void>
let t: Teams
let memberA: string
let memberB: string

beforeAll(async () => {
  ;({ db, close } = await openUnionTestDatabase())
  t = await addTeams(db)
  const unionA = await addUnion(db, { name: 'Alaba Tailors', officerId: t.coA1.id })
  const unionB = await addUnion(db, { name: 'Badagry Fishers', officerId: t.coB1.id })
  memberA = (await addMember(db, { unionId: unionA.id, firstName: 'Ngozi', lastName: 'Okafor' })).id
  memberB = (await addMember(db, { unionId: unionB.id, firstName: 'Tunde', lastName: 'Bello' })).id
})
afterAll(async () => {
  await close()
})

describe('guarantors', () => {
  it('adds, lists, edits and soft-deletes a member’s guarantors, each with an audit row', async () => {
    const created = await t.asCoA1.guarantor.create({
      memberId: memberA,
      firstName: 'Ifeanyi',
      lastName: 'Okafor',
      phone: '0803 555 1234',
      address: '',
      relationship: 'Husband',
    })
    expect(created).toMatchObject({
      memberId: memberA,
      firstName: 'Ifeanyi',
      lastName: 'Okafor',
      phone: '+2348035551234',
      address: null,
      relationship: 'Husband',
    })
    expect(await auditRows(db, 'GUARANTOR_CREATE', created.id)).toHaveLength(1)

    const second = await t.asSupA.guarantor.create({
      memberId: memberA,
      firstName: 'Adaeze',
      lastName: 'Nwafor',
      phone: '+2348099990000',
      relationship: 'Sister',
    })
    const list = await t.asCoA1.guarantor.list({ memberId: memberA })
    expect(list.map((item) => item.id)).toEqual([created.id, second.id])

    const updated = await t.asCoA1.guarantor.update({
      id: created.id,
      address: '12 Allen Avenue',
      relationship: 'Spouse',
    })
    expect(updated).toMatchObject({
      address: '12 Allen Avenue',
      relationship: 'Spouse',
      phone: '+2348035551234',
    })
    const audit = await auditRows(db, 'GUARANTOR_UPDATE', created.id)
    expect(audit[0]?.before).toMatchObject({ relationship: 'Husband' })
    expect(audit[0]?.after).toMatchObject({ relationship: 'Spouse' })

    expect(await t.asCoA1.guarantor.delete({ id: second.id })).toEqual({ isDeleted: true })
    expect((await t.asCoA1.guarantor.list({ memberId: memberA })).map((item) => item.id)).toEqual([
      created.id,
    ])
    expect(await auditRows(db, 'GUARANTOR_DELETE', second.id)).toHaveLength(1)
    const row = await db
      .selectFrom('guarantor')
      .select('deleted_at')
      .where('id', '=', second.id)
      .executeTakeFirstOrThrow()
    expect(row.deleted_at).toBeInstanceOf(Date)
    await expectTRPCError(t.asCoA1.guarantor.update({ id: second.id, firstName: 'Ghost' }), 'NOT_FOUND')
  })

  it('needs a phone and a relationship, with messages naming the field and limit', async () => {
    await expectTRPCError(
      t.asCoA1.guarantor.create({
        memberId: memberA,
        firstName: 'No',
        lastName: 'Phone',
        phone: '',
        relationship: 'Friend',
      }),
      'BAD_REQUEST',
      /Phone is required/,
    )
    await expectTRPCError(
      t.asCoA1.guarantor.create({
        memberId: memberA,
        firstName: 'Long',
        lastName: 'Relation',
        phone: '08030000000',
        relationship: 'x'.repeat(61),
      }),
      'BAD_REQUEST',
      /Relationship must be at most 60 characters/,
    )
    await expectTRPCError(
      t.asCoA1.guarantor.create({
        memberId: memberA,
        firstName: 'Bad',
        lastName: 'Phone',
        phone: '12345',
        relationship: 'Friend',
      }),
      'BAD_REQUEST',
      /Phone must be a Nigerian number/,
    )
  })

  it('answers NOT_FOUND for a member or guarantor outside the caller’s scope', async () => {
    const other = await t.asCoB1.guarantor.create({
      memberId: memberB,
      firstName: 'Other',
      lastName: 'Team',
      phone: '08031112222',
      relationship: 'Friend',
    })
    await expectTRPCError(t.asCoA1.guarantor.list({ memberId: memberB }), 'NOT_FOUND', /Member not found/)
    await expectTRPCError(
      t.asCoA1.guarantor.create({
        memberId: memberB,
        firstName: 'X',
        lastName: 'Y',
        phone: '08031112223',
        relationship: 'Friend',
      }),
      'NOT_FOUND',
    )
    await expectTRPCError(
      t.asSupA.guarantor.update({ id: other.id, firstName: 'Hijack' }),
      'NOT_FOUND',
      /Guarantor not found/,
    )
    await expectTRPCError(t.asCoA2.guarantor.delete({ id: other.id }), 'NOT_FOUND')
    expect((await t.asSupB.guarantor.list({ memberId: memberB })).map((item) => item.id)).toEqual([other.id])
  })
})
