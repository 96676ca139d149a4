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

const officerOf = async (unionId: string) =>
  (
    await db
      .selectFrom('union')
      .select('credit_officer_id')
      .where('id', '=', unionId)
      .executeTakeFirstOrThrow()
  ).credit_officer_id

describe('assignment.reassignUnion', () => {
  it('moves a union and its members to the new officer on the very next call, with history', async () => {
    const union = await t.asAdmin.union.create({ name: 'Ikeja Traders', creditOfficerId: t.coA1.id })
    const member = await addMember(db, { unionId: union.id, firstName: 'Ngozi', lastName: 'Okafor' })
    expect((await t.asCoA1.union.get({ id: union.id })).name).toBe('Ikeja Traders')
    expect((await t.asCoA1.member.list({ unionId: union.id })).total).toBe(1)

    const moved = await t.asAdmin.assignment.reassignUnion({
      unionId: union.id,
      toOfficerId: t.coB1.id,
      reason: '  Chidi moved to the Ikorodu branch ',
    })
    expect(moved).toMatchObject({
      creditOfficerId: t.coB1.id,
      creditOfficerName: 'Emeka Nwosu',
      memberCount: 1,
    })
    expect(moved.assignments[0]).toMatchObject({
      fromOfficerName: 'Chidi Obi',
      toOfficerName: 'Emeka Nwosu',
      reason: 'Chidi moved to the Ikorodu branch',
      actorName: 'Amaka Eze',
    })

    // The old officer (and their supervisor) lose it at once, without signing out; the new ones gain it.
    await expectTRPCError(t.asCoA1.union.get({ id: union.id }), 'NOT_FOUND')
    await expectTRPCError(t.asCoA1.member.get({ id: member.id }), 'NOT_FOUND')
    expect((await t.asCoA1.union.list({})).items.map((item) => item.id)).not.toContain(union.id)
    expect((await t.asCoA1.member.list({})).items.map((item) => item.id)).not.toContain(member.id)
    await expectTRPCError(t.asSupA.union.get({ id: union.id }), 'NOT_FOUND')
    expect((await t.asCoB1.union.get({ id: union.id })).creditOfficerId).toBe(t.coB1.id)
    expect((await t.asCoB1.member.get({ id: member.id })).creditOfficerName).toBe('Emeka Nwosu')
    expect((await t.asSupB.member.list({ unionId: union.id })).total).toBe(1)

    const history = await t.asCoB1.assignment.unionHistory({ unionId: union.id })
    expect(history.total).toBe(2)
    expect(history.items).toContainEqual(
      expect.objectContaining({
        unionId: union.id,
        unionName: 'Ikeja Traders',
        fromOfficerName: 'Chidi Obi',
        toOfficerName: 'Emeka Nwosu',
        reason: 'Chidi moved to the Ikorodu branch',
      }),
    )
    // History follows the union: the old officer no longer sees it.
    expect((await t.asCoA1.assignment.unionHistory({ unionId: union.id })).total).toBe(0)

    const audit = await auditRows(db, 'UNION_REASSIGN', union.id)
    expect(audit).toHaveLength(1)
    expect(audit[0]?.before).toMatchObject({ creditOfficerId: t.coA1.id, creditOfficerName: 'Chidi Obi' })
    expect(audit[0]?.after).toMatchObject({
      creditOfficerId: t.coB1.id,
      reason: 'Chidi moved to the Ikorodu branch',
    })
  })

  it('lets a supervisor reassign only within their own team, both ways', async () => {
    const union = await addUnion(db, { name: 'Team A Union', officerId: t.coA1.id })
    const moved = await t.asSupA.assignment.reassignUnion({
      unionId: union.id,
      toOfficerId: t.coA2.id,
      reason: 'Balancing the workload',
    })
    expect(moved.creditOfficerId).toBe(t.coA2.id)
    await expectTRPCError(
      t.asSupA.assignment.reassignUnion({
        unionId: union.id,
        toOfficerId: t.coB1.id,
        reason: 'Give it away',
      }),
      'NOT_FOUND',
      /Credit officer not found/,
    )
    await expectTRPCError(
      t.asSupB.assignment.reassignUnion({
        unionId: union.id,
        toOfficerId: t.coB1.id,
        reason: 'Take it over',
      }),
      'NOT_FOUND',
      /Union not found/,
    )
    await expectTRPCError(
      t.asCoA2.assignment.reassignUnion({ unionId: union.id, toOfficerId: t.coA1.id, reason: 'Swap' }),
      'FORBIDDEN',
    )
    expect(await officerOf(union.id)).toBe(t.coA2.id)
  })

  it('refuses the same officer, an inactive officer, a non-officer, and a short reason', async () => {
    const union = await addUnion(db, { name: 'Checks Union', officerId: t.coA1.id })
    await expectTRPCError(
      t.asAdmin.assignment.reassignUnion({ unionId: union.id, toOfficerId: t.coA1.id, reason: 'Same again' }),
      'BAD_REQUEST',
      /already assigned/,
    )
    const inactive = await addStaff(db, { email: 'old@example.com', role: 'CREDIT_OFFICER', isActive: false })
    await expectTRPCError(
      t.asAdmin.assignment.reassignUnion({ unionId: union.id, toOfficerId: inactive.id, reason: 'Retired' }),
      'BAD_REQUEST',
      /active credit officer/,
    )
    await expectTRPCError(
      t.asAdmin.assignment.reassignUnion({ unionId: union.id, toOfficerId: t.supA.id, reason: 'Supervisor' }),
      'BAD_REQUEST',
      /active credit officer/,
    )
    await expectTRPCError(
      t.asAdmin.assignment.reassignUnion({ unionId: union.id, toOfficerId: t.coA2.id, reason: 'ok' }),
      'BAD_REQUEST',
      /Reason must be at least 3 characters/,
    )
    expect(await officerOf(union.id)).toBe(t.coA1.id)
  })
})

describe('assignment.bulkReassignUnions', () => {
  it('is all or nothing: one unknown or deleted id and nothing moves', async () => {
    const unions = await Promise.all(
      ['Bulk One', 'Bulk Two', 'Bulk Three'].map((name) => addUnion(db, { name, officerId: t.coA1.id })),
    )
    const ids = unions.map((union) => union.id)
    await expectTRPCError(
      t.asAdmin.assignment.bulkReassignUnions({
        unionIds: [...ids, '00000000-0000-4000-8000-000000000000'],
        toOfficerId: t.coB1.id,
        reason: 'Territory change',
      }),
      'NOT_FOUND',
      /1 of the selected unions could not be found. Nothing was reassigned/,
    )
    const deleted = await addUnion(db, { name: 'Bulk Deleted', officerId: t.coA1.id })
    await t.asAdmin.union.delete({ id: deleted.id })
    await expectTRPCError(
      t.asAdmin.assignment.bulkReassignUnions({
        unionIds: [...ids, deleted.id],
        toOfficerId: t.coB1.id,
        reason: 'Territory change',
      }),
      'NOT_FOUND',
    )
    for (const id of ids) expect(await officerOf(id)).toBe(t.coA1.id)
    const rows = await db.selectFrom('union_assignment').select('id').where('union_id', 'in', ids).execute()
    expect(rows).toEqual([])
    expect(await auditRows(db, 'UNION_REASSIGN', ids[0])).toEqual([])
  })

  it('moves every union in one go, skipping those the officer already has', async () => {
    const unions = await Promise.all(
      ['Bulk Four', 'Bulk Five'].map((name) => addUnion(db, { name, officerId: t.coA1.id })),
    )
    const already = await addUnion(db, { name: 'Bulk Six', officerId: t.coB1.id })
    const ids = [...unions.map((union) => union.id), already.id]
    expect(
      await t.asAdmin.assignment.bulkReassignUnions({
        unionIds: [...ids, ids[0] ?? ''],
        toOfficerId: t.coB1.id,
        reason: 'Territory change',
      }),
    ).toEqual({ reassigned: 2 })
    for (const id of ids) expect(await officerOf(id)).toBe(t.coB1.id)
    const forB = await t.asCoB1.union.list({ search: 'Bulk', pageSize: 100 })
    expect(forB.items.map((item) => item.name)).toEqual(
      expect.arrayContaining(['Bulk Four', 'Bulk Five', 'Bulk Six']),
    )
    expect((await t.asCoA1.union.list({ search: 'Bulk Four' })).total).toBe(0)
    const history = await t.asAdmin.assignment.unionHistory({ officerId: t.coB1.id, pageSize: 100 })
    const bulkRows = history.items.filter((item) => item.reason === 'Territory change')
    expect(bulkRows.map((item) => item.unionName).sort()).toEqual(['Bulk Five', 'Bulk Four'])
    for (const union of unions) expect(await auditRows(db, 'UNION_REASSIGN', union.id)).toHaveLength(1)
  })

  it('is for admins only, and limits the batch', async () => {
    const union = await addUnion(db, { name: 'Bulk Seven', officerId: t.coA1.id })
    await expectTRPCError(
      t.asSupA.assignment.bulkReassignUnions({
        unionIds: [union.id],
        toOfficerId: t.coA2.id,
        reason: 'Mine',
      }),
      'FORBIDDEN',
    )
    await expectTRPCError(
      t.asAdmin.assignment.bulkReassignUnions({ unionIds: [], toOfficerId: t.coA2.id, reason: 'Nothing' }),
      'BAD_REQUEST',
      /Choose at least 1 union/,
    )
    await expectTRPCError(
      t.asAdmin.assignment.bulkReassignUnions({
        unionIds: Array.from({ length: 201 }, () => union.id),
        toOfficerId: t.coA2.id,
        reason: 'Too many',
      }),
      'BAD_REQUEST',
      /at most 200 unions/,
    )
  })
})

describe('assignment history lists', () => {
  it('are scoped, filtered and paginated on the server', async () => {
    const union = await t.asAdmin.union.create({ name: 'History Union', creditOfficerId: t.coA1.id })
    for (const [to, reason] of [
      [t.coA2.id, 'First move'],
      [t.coA1.id, 'Second move'],
      [t.coA2.id, 'Third move'],
    ] as const) {
      await t.asSupA.assignment.reassignUnion({ unionId: union.id, toOfficerId: to, reason })
    }
    const page = await t.asSupA.assignment.unionHistory({ unionId: union.id, pageSize: 2 })
    expect(page).toMatchObject({ total: 4, page: 1, pageSize: 2 })
    expect(page.items).toHaveLength(2)
    const rest = await t.asSupA.assignment.unionHistory({ unionId: union.id, pageSize: 2, page: 2 })
    expect([...page.items, ...rest.items].map((item) => item.reason).sort()).toEqual(
      ['First move', 'Second move', 'Third move', 'Union created'].sort(),
    )
    // Another team sees none of it, whatever the filter.
    expect((await t.asSupB.assignment.unionHistory({ unionId: union.id })).total).toBe(0)
    const forSupB = await t.asSupB.assignment.unionHistory({ pageSize: 100 })
    expect(forSupB.items.some((item) => item.unionId === union.id)).toBe(false)

    const from = await addUnion(db, { name: 'History From', officerId: t.coA2.id })
    const member = await addMember(db, { unionId: from.id, firstName: 'Moved', lastName: 'Member' })
    await t.asAdmin.member.move({ memberId: member.id, toUnionId: union.id, reason: 'Joined a bigger union' })
    const moves = await t.asCoA2.assignment.memberHistory({ unionId: from.id })
    expect(moves.items).toEqual([
      expect.objectContaining({
        memberId: member.id,
        memberName: 'Moved Member',
        fromUnionName: 'History From',
        toUnionName: 'History Union',
        reason: 'Joined a bigger union',
        actorName: 'Amaka Eze',
      }),
    ])
    expect((await t.asCoB1.assignment.memberHistory({ memberId: member.id })).total).toBe(0)
    expect((await t.asCoA1.assignment.memberHistory({ memberId: member.id })).total).toBe(0)
  })
})
