import type { Database, Kysely, StaffUser } from '@mp/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditChanges } from '../src/services/audit.js'
import {
  addAdminAndSupervisors,
  addStaff,
  expectTRPCError,
  openTestDatabase,
  signInAs,
} from './staff-fixtures.js'

let db: Kysely<Database>
let close: () => Promise<void>
let admin: StaffUser
let supA: StaffUser
let supB: StaffUser
let coA1: StaffUser
type Caller = Awaited<ReturnType<typeof signInAs>>['caller']
let asAdmin: Caller
let asSupA: Caller
let asSupB: Caller
let asCoA1: Caller
let createdId: string

beforeAll(async () => {
  ;({ db, close } = await openTestDatabase())
  ;({ admin, supA, supB } = await addAdminAndSupervisors(db))
  coA1 = await addStaff(db, {
    email: 'chidi@example.com',
    role: 'CREDIT_OFFICER',
    firstName: 'Chidi',
    supervisorId: supA.id,
  })
  asAdmin = (await signInAs(db, admin)).caller
  asSupA = (await signInAs(db, supA)).caller
  asSupB = (await signInAs(db, supB)).caller
  asCoA1 = (await signInAs(db, coA1)).caller

  // Real actions by different people.
  createdId = (
    await asSupA.staff.create({
      email: 'kemi@example.com',
      firstName: 'Kemi',
      lastName: 'Bakare',
      role: 'CREDIT_OFFICER',
    })
  ).user.id
  await asSupA.staff.update({ id: createdId, firstName: 'Kemisola', phone: '08031112222' })
  const note = await asCoA1.staffNote.create({ staffId: coA1.id, body: 'Field visit log', isPrivate: false })
  await asCoA1.staffNote.delete({ id: note.id })
  await asAdmin.staff.update({ id: coA1.id, lastName: 'Obi' })
  await asSupB.staffNote.create({ staffId: supB.id, body: 'Own note', isPrivate: false })
  // An entry without an actor (a system job) and two dated entries for the day filters.
  await db
    .insertInto('audit_log')
    .values([
      {
        actor_id: null,
        actor_email: null,
        action: 'SYSTEM_JOB',
        entity_type: 'system',
        created_at: '2024-03-10T12:00:00Z',
      },
      {
        actor_id: supA.id,
        actor_email: supA.email,
        action: 'OLD_ACTION',
        entity_type: 'loan',
        entity_id: 'LN1',
        created_at: '2024-03-09T23:30:00Z',
      },
      {
        actor_id: supA.id,
        actor_email: supA.email,
        action: 'OLD_ACTION',
        entity_type: 'loan',
        entity_id: 'LN2',
        created_at: '2024-03-10T23:30:00Z',
      },
    ])
    .execute()
})
afterAll(async () => {
  await close()
})

describe('audit.list', () => {
  it('shows an admin everything, newest first, with the actor’s name', async () => {
    const page = await asAdmin.audit.list({})
    expect(page.total).toBe(9)
    expect(page.items.map((item) => [item.action, item.actorName])).toEqual([
      ['NOTE_CREATE', 'Bola Okoro'],
      ['STAFF_UPDATE', 'Amaka Eze'],
      ['NOTE_DELETE', 'Chidi Obi'],
      ['NOTE_CREATE', 'Chidi Obi'],
      ['STAFF_UPDATE', 'Sade Adeyemi'],
      ['STAFF_CREATE', 'Sade Adeyemi'],
      ['OLD_ACTION', 'Sade Adeyemi'],
      ['SYSTEM_JOB', null],
      ['OLD_ACTION', 'Sade Adeyemi'],
    ])
    const system = page.items.find((item) => item.action === 'SYSTEM_JOB')
    expect(system).toMatchObject({ actorId: null, actorName: null })
    const create = page.items.find((item) => item.action === 'STAFF_CREATE')
    expect(create).toMatchObject({
      entityType: 'staff_user',
      entityId: createdId,
      ip: '10.1.1.1',
      userAgent: 'vitest',
      requestId: 'req-test',
    })
  })

  it('shows a supervisor only what they and their officers did', async () => {
    const page = await asSupA.audit.list({})
    const actors = new Set(page.items.map((item) => item.actorId))
    expect([...actors].sort()).toEqual([supA.id, coA1.id].sort())
    // The admin's edit of Chidi is not the supervisor's to see; neither is supervisor B's note.
    expect(page.items.map((item) => item.action).sort()).toEqual([
      'NOTE_CREATE',
      'NOTE_DELETE',
      'OLD_ACTION',
      'OLD_ACTION',
      'STAFF_CREATE',
      'STAFF_UPDATE',
    ])
    expect((await asSupA.audit.list({ actorId: supB.id })).total).toBe(0)
    await expectTRPCError(asCoA1.audit.list({}), 'FORBIDDEN')
  })

  it('filters by action, entity, actor and company-timezone days', async () => {
    expect((await asAdmin.audit.list({ action: 'NOTE_CREATE' })).total).toBe(2)
    expect(
      (await asAdmin.audit.list({ entityType: 'staff_user', entityId: createdId })).items.map(
        (item) => item.action,
      ),
    ).toEqual(['STAFF_UPDATE', 'STAFF_CREATE'])
    expect((await asAdmin.audit.list({ actorId: coA1.id })).total).toBe(2)
    // 09T23:30Z is 10 March in Lagos; 10T23:30Z is already 11 March.
    const day = await asAdmin.audit.list({ from: '2024-03-10', to: '2024-03-10' })
    expect(day.items.map((item) => item.entityId ?? item.action)).toEqual(['SYSTEM_JOB', 'LN1'])
    const paged = await asAdmin.audit.list({ page: 3, pageSize: 4 })
    expect(paged).toMatchObject({ total: 9, page: 3, pageSize: 4 })
    expect(paged.items).toHaveLength(1)
  })
})

describe('audit.get', () => {
  const find = async (action: string, entityId?: string) => {
    let query = db.selectFrom('audit_log').select('id').where('action', '=', action)
    if (entityId) query = query.where('entity_id', '=', entityId)
    return (await query.executeTakeFirstOrThrow()).id
  }

  it('lists only the fields an update changed', async () => {
    const entry = await asSupA.audit.get({ id: await find('STAFF_UPDATE', createdId) })
    expect(entry.changes).toEqual([
      { field: 'firstName', before: 'Kemi', after: 'Kemisola' },
      { field: 'phone', before: null, after: '+2348031112222' },
    ])
    expect(entry.before).toMatchObject({ firstName: 'Kemi', email: 'kemi@example.com' })
    expect(entry.after).toMatchObject({ firstName: 'Kemisola' })
  })

  it('lists every field for a create and for a delete', async () => {
    const created = await asAdmin.audit.get({ id: await find('STAFF_CREATE', createdId) })
    expect(created.changes.map((change) => change.field)).toEqual([
      'email',
      'firstName',
      'isActive',
      'lastName',
      'phone',
      'role',
      'supervisorId',
    ])
    expect(created.changes.find((change) => change.field === 'supervisorId')).toEqual({
      field: 'supervisorId',
      before: null,
      after: supA.id,
    })
    const deleted = await asAdmin.audit.get({ id: await find('NOTE_DELETE') })
    expect(deleted.after).toBeNull()
    expect(deleted.changes).toEqual([
      { field: 'body', before: 'Field visit log', after: null },
      { field: 'isPrivate', before: false, after: null },
      { field: 'staffId', before: coA1.id, after: null },
    ])
  })

  it('answers NOT_FOUND for entries outside the supervisor’s scope', async () => {
    const otherTeam = await db
      .selectFrom('audit_log')
      .select('id')
      .where('actor_id', '=', supB.id)
      .executeTakeFirstOrThrow()
    await expectTRPCError(asSupA.audit.get({ id: otherTeam.id }), 'NOT_FOUND')
    await expect(asSupB.audit.get({ id: otherTeam.id })).resolves.toMatchObject({ action: 'NOTE_CREATE' })
    await expectTRPCError(asSupA.audit.get({ id: await find('SYSTEM_JOB') }), 'NOT_FOUND')
    await expectTRPCError(
      asAdmin.audit.get({ id: crypto.randomUUID() }),
      'NOT_FOUND',
      /Audit entry not found/,
    )
  })
})

describe('auditChanges', () => {
  it('compares nested values by their JSON and keeps removed fields', () => {
    expect(auditChanges({ a: 1, b: { x: [1, 2] }, c: 'gone' }, { a: 1, b: { x: [1, 3] }, d: null })).toEqual([
      { field: 'b', before: { x: [1, 2] }, after: { x: [1, 3] } },
      { field: 'c', before: 'gone', after: null },
      { field: 'd', before: null, after: null },
    ])
    expect(auditChanges(null, null)).toEqual([])
  })
})

describe('audit.facets', () => {
  it('offers the actions and entity types that exist in scope', async () => {
    expect(await asSupA.audit.facets()).toEqual({
      actions: ['NOTE_CREATE', 'NOTE_DELETE', 'OLD_ACTION', 'STAFF_CREATE', 'STAFF_UPDATE'],
      entityTypes: ['loan', 'staff_note', 'staff_user'],
    })
    const all = await asAdmin.audit.facets()
    expect(all.actions).toContain('SYSTEM_JOB')
    expect(all.entityTypes).toContain('system')
  })
})
