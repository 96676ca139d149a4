import type { Database, Kysely } from '@mp/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addStaff, expectTRPCError } from './staff-fixtures.js'
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

beforeAll(async () => {
  ;({ db, close } = await openUnionTestDatabase())
  t = await addTeams(db)
})
afterAll(async () => {
  await close()
})

describe('union.create', () => {
  it('lets an admin create a union for any active credit officer, with history and an audit row', async () => {
    const union = await t.asAdmin.union.create({
      name: '  Ojota Traders ',
      location: 'Ojota',
      address: '',
      meetingDay: 'TUESDAY',
      creditOfficerId: t.coB1.id,
    })
    expect(union).toMatchObject({
      name: 'Ojota Traders',
      location: 'Ojota',
      address: null,
      meetingDay: 'TUESDAY',
      creditOfficerId: t.coB1.id,
      creditOfficerName: 'Emeka Nwosu',
      memberCount: 0,
      loanCount: 0,
    })
    expect(union.assignments).toEqual([
      expect.objectContaining({
        fromOfficerName: null,
        toOfficerName: 'Emeka Nwosu',
        reason: 'Union created',
        actorName: 'Amaka Eze',
      }),
    ])
    const audit = await auditRows(db, 'UNION_CREATE', union.id)
    expect(audit).toHaveLength(1)
    expect(audit[0]?.after).toMatchObject({ name: 'Ojota Traders', creditOfficerId: t.coB1.id })
  })

  it('lets a supervisor pick only officers of their own team', async () => {
    const union = await t.asSupA.union.create({ name: 'Ikeja Market Women', creditOfficerId: t.coA1.id })
    expect(union.creditOfficerName).toBe('Chidi Obi')
    await expectTRPCError(
      t.asSupA.union.create({ name: 'Not my officer', creditOfficerId: t.coB1.id }),
      'NOT_FOUND',
      /Credit officer not found/,
    )
    // A supervisor is not a credit officer: unions belong to field staff.
    await expectTRPCError(
      t.asSupA.union.create({ name: 'Mine', creditOfficerId: t.supA.id }),
      'BAD_REQUEST',
      /active credit officer/,
    )
  })

  it('refuses credit officers (FORBIDDEN)', async () => {
    await expectTRPCError(t.asCoA1.union.create({ name: 'Rogue', creditOfficerId: t.coA1.id }), 'FORBIDDEN')
  })

  it('refuses an inactive officer', async () => {
    const gone = await addStaff(db, {
      email: 'gone@example.com',
      role: 'CREDIT_OFFICER',
      supervisorId: t.supA.id,
      isActive: false,
    })
    await expectTRPCError(
      t.asAdmin.union.create({ name: 'Ghost union', creditOfficerId: gone.id }),
      'BAD_REQUEST',
      /active credit officer/,
    )
  })

  it('keeps names unique among live unions, whatever the case', async () => {
    await expectTRPCError(
      t.asAdmin.union.create({ name: 'OJOTA traders', creditOfficerId: t.coA1.id }),
      'CONFLICT',
      /already exists/,
    )
  })

  it('maps a race on the unique name to the same CONFLICT', async () => {
    const results = await Promise.allSettled([
      t.asAdmin.union.create({ name: 'Race Union', creditOfficerId: t.coA1.id }),
      t.asSupA.union.create({ name: 'race union', creditOfficerId: t.coA2.id }),
    ])
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1)
    const rejected = results.find((result) => result.status === 'rejected')
    expect(rejected?.status === 'rejected' && (rejected.reason as { code: string }).code).toBe('CONFLICT')
  })

  it('validates input with messages that name the field and the limit', async () => {
    const error = await expectTRPCError(
      t.asAdmin.union.create({ name: 'x'.repeat(121), creditOfficerId: t.coA1.id }),
      'BAD_REQUEST',
    )
    expect(error.message).toMatch(/Union name must be at most 120 characters/)
    await expectTRPCError(
      t.asAdmin.union.create({ name: 'Day', creditOfficerId: t.coA1.id, meetingDay: 'FUNDAY' as 'MONDAY' }),
      'BAD_REQUEST',
      /Meeting day/,
    )
  })
})

describe('union.list and union.get', () => {
  let listDb: { a1: string; a2: string; b1: string }
  beforeAll(async () => {
    const a1 = await addUnion(db, { name: 'Alaba Tailors', officerId: t.coA1.id })
    const a2 = await addUnion(db, { name: 'Agege Bakers', officerId: t.coA2.id })
    const b1 = await addUnion(db, { name: 'Badagry 50% Fishers', officerId: t.coB1.id })
    await addMember(db, { unionId: a1.id, firstName: 'Ngozi', lastName: 'Okafor' })
    await addMember(db, { unionId: a1.id, firstName: 'Tunde', lastName: 'Bello' })
    listDb = { a1: a1.id, a2: a2.id, b1: b1.id }
  })

  it('shows an officer only their own unions, a supervisor their team’s, an admin all', async () => {
    const own = await t.asCoA1.union.list({ pageSize: 100 })
    expect(own.items.every((item) => item.creditOfficerId === t.coA1.id)).toBe(true)
    expect(own.items.map((item) => item.id)).toContain(listDb.a1)
    expect(own.items.map((item) => item.id)).not.toContain(listDb.a2)

    const team = await t.asSupA.union.list({ pageSize: 100 })
    const teamIds = team.items.map((item) => item.id)
    expect(teamIds).toEqual(expect.arrayContaining([listDb.a1, listDb.a2]))
    expect(teamIds).not.toContain(listDb.b1)
    expect(team.total).toBe(team.items.length)

    const all = await t.asAdmin.union.list({ pageSize: 100 })
    expect(all.items.map((item) => item.id)).toEqual(
      expect.arrayContaining([listDb.a1, listDb.a2, listDb.b1]),
    )
  })

  it('counts live members, searches name/location literally, sorts and paginates on the server', async () => {
    const page = await t.asAdmin.union.list({ search: 'alaba' })
    expect(page.items).toEqual([
      expect.objectContaining({ name: 'Alaba Tailors', memberCount: 2, creditOfficerName: 'Chidi Obi' }),
    ])
    const literal = await t.asAdmin.union.list({ search: '50%' })
    expect(literal.items.map((item) => item.name)).toEqual(['Badagry 50% Fishers'])

    const byMembers = await t.asAdmin.union.list({ sort: 'memberCount', direction: 'desc', pageSize: 1 })
    expect(byMembers.items[0]?.name).toBe('Alaba Tailors')
    expect(byMembers.pageSize).toBe(1)
    expect(byMembers.total).toBeGreaterThan(1)
    const second = await t.asAdmin.union.list({ sort: 'name', page: 2, pageSize: 1 })
    const first = await t.asAdmin.union.list({ sort: 'name', page: 1, pageSize: 1 })
    expect(second.items[0]?.name).not.toBe(first.items[0]?.name)
    expect(first.items[0]?.name).toBe('Agege Bakers')

    const filtered = await t.asAdmin.union.list({ creditOfficerId: t.coA2.id })
    expect(filtered.items.map((item) => item.id)).toEqual([listDb.a2])
  })

  it('answers NOT_FOUND for a union outside the caller’s scope', async () => {
    await expectTRPCError(t.asCoA1.union.get({ id: listDb.b1 }), 'NOT_FOUND', /Union not found/)
    await expectTRPCError(t.asSupB.union.get({ id: listDb.a1 }), 'NOT_FOUND')
    await expectTRPCError(t.asCoA2.union.get({ id: listDb.a1 }), 'NOT_FOUND')
    const union = await t.asSupA.union.get({ id: listDb.a1 })
    expect(union).toMatchObject({ name: 'Alaba Tailors', memberCount: 2 })
  })

  it('lists the officers a caller may assign', async () => {
    const forAdmin = await t.asAdmin.union.officers()
    // Active credit officers only, by last name.
    expect(forAdmin.map((officer) => officer.name)).toEqual(['Funke Lawal', 'Emeka Nwosu', 'Chidi Obi'])
    const forSupA = await t.asSupA.union.officers()
    expect(forSupA.map((officer) => officer.id).sort()).toEqual([t.coA1.id, t.coA2.id].sort())
    const forOfficer = await t.asCoB1.union.officers()
    expect(forOfficer).toEqual([{ id: t.coB1.id, name: 'Emeka Nwosu' }])
  })
})

describe('union.update', () => {
  it('lets a supervisor edit a team union, and clears a field with null', async () => {
    const union = await addUnion(db, { name: 'Yaba Cobblers', officerId: t.coA1.id })
    const updated = await t.asSupA.union.update({
      id: union.id,
      name: 'Yaba Shoemakers',
      location: 'Yaba',
      meetingDay: 'FRIDAY',
    })
    expect(updated).toMatchObject({ name: 'Yaba Shoemakers', location: 'Yaba', meetingDay: 'FRIDAY' })
    const cleared = await t.asAdmin.union.update({ id: union.id, location: null })
    expect(cleared.location).toBeNull()
    expect(cleared.meetingDay).toBe('FRIDAY')
    const audit = await auditRows(db, 'UNION_UPDATE', union.id)
    expect(audit).toHaveLength(2)
    expect(audit[0]?.before).toMatchObject({ name: 'Yaba Cobblers' })
    expect(audit[0]?.after).toMatchObject({ name: 'Yaba Shoemakers' })
  })

  it('answers NOT_FOUND to another team and FORBIDDEN to a credit officer', async () => {
    const union = await addUnion(db, { name: 'Surulere Barbers', officerId: t.coA1.id })
    await expectTRPCError(t.asSupB.union.update({ id: union.id, name: 'Hijacked' }), 'NOT_FOUND')
    await expectTRPCError(t.asCoA1.union.update({ id: union.id, name: 'Mine now' }), 'FORBIDDEN')
    const row = await db
      .selectFrom('union')
      .select('name')
      .where('id', '=', union.id)
      .executeTakeFirstOrThrow()
    expect(row.name).toBe('Surulere Barbers')
  })

  it('refuses a name another live union has', async () => {
    const union = await addUnion(db, { name: 'Oshodi Welders', officerId: t.coA1.id })
    await expectTRPCError(t.asAdmin.union.update({ id: union.id, name: 'alaba tailors' }), 'CONFLICT')
    // Changing only the case of its own name is fine.
    const renamed = await t.asAdmin.union.update({ id: union.id, name: 'OSHODI Welders' })
    expect(renamed.name).toBe('OSHODI Welders')
  })
})

describe('union.delete', () => {
  it('refuses a union with live members, naming how many', async () => {
    const union = await addUnion(db, { name: 'Mushin Carpenters', officerId: t.coA1.id })
    await addMember(db, { unionId: union.id, firstName: 'Kemi', lastName: 'Ade' })
    await addMember(db, { unionId: union.id, firstName: 'Segun', lastName: 'Ade' })
    await expectTRPCError(t.asAdmin.union.delete({ id: union.id }), 'CONFLICT', /still has 2 members/)
    const row = await db
      .selectFrom('union')
      .select('deleted_at')
      .where('id', '=', union.id)
      .executeTakeFirstOrThrow()
    expect(row.deleted_at).toBeNull()
  })

  it('soft-deletes an empty union (admin only); its name becomes free again', async () => {
    const union = await addUnion(db, { name: 'Empty Union', officerId: t.coA1.id })
    await expectTRPCError(t.asSupA.union.delete({ id: union.id }), 'FORBIDDEN')
    expect(await t.asAdmin.union.delete({ id: union.id })).toEqual({ isDeleted: true })
    const row = await db
      .selectFrom('union')
      .select('deleted_at')
      .where('id', '=', union.id)
      .executeTakeFirstOrThrow()
    expect(row.deleted_at).toBeInstanceOf(Date)
    await expectTRPCError(t.asAdmin.union.get({ id: union.id }), 'NOT_FOUND')
    const list = await t.asAdmin.union.list({ search: 'Empty Union' })
    expect(list.total).toBe(0)
    expect(await auditRows(db, 'UNION_DELETE', union.id)).toHaveLength(1)
    const again = await t.asAdmin.union.create({ name: 'Empty Union', creditOfficerId: t.coA1.id })
    expect(again.id).not.toBe(union.id)
  })

  it('counts only live members: a union whose members were deleted can go', async () => {
    const union = await addUnion(db, { name: 'Former Members Union', officerId: t.coA2.id })
    const member = await addMember(db, { unionId: union.id, firstName: 'Late', lastName: 'Leaver' })
    await t.asAdmin.member.delete({ id: member.id, reason: 'Left the union' })
    expect(await t.asAdmin.union.delete({ id: union.id })).toEqual({ isDeleted: true })
  })
})
