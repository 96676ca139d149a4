import type { Database, Kysely, StaffUser } from '@mp/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
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
let coA2: StaffUser
let coB1: StaffUser
type Caller = Awaited<ReturnType<typeof signInAs>>['caller']
let asAdmin: Caller
let asSupA: Caller
let asSupB: Caller
let asCoA1: Caller
let asCoA2: Caller

beforeAll(async () => {
  ;({ db, close } = await openTestDatabase())
  ;({ admin, supA, supB } = await addAdminAndSupervisors(db))
  coA1 = await addStaff(db, { email: 'chidi@example.com', role: 'CREDIT_OFFICER', supervisorId: supA.id })
  coA2 = await addStaff(db, { email: 'funke@example.com', role: 'CREDIT_OFFICER', supervisorId: supA.id })
  coB1 = await addStaff(db, { email: 'emeka@example.com', role: 'CREDIT_OFFICER', supervisorId: supB.id })
  asAdmin = (await signInAs(db, admin)).caller
  asSupA = (await signInAs(db, supA)).caller
  asSupB = (await signInAs(db, supB)).caller
  asCoA1 = (await signInAs(db, coA1)).caller
  asCoA2 = (await signInAs(db, coA2)).caller
})
afterAll(async () => {
  await close()
})

describe('staffNote', () => {
  it('adds notes about staff in scope and lists them newest first with the author', async () => {
    const first = await asSupA.staffNote.create({
      staffId: coA1.id,
      body: '  Strong collections in March ',
      isPrivate: false,
    })
    expect(first).toMatchObject({
      staffId: coA1.id,
      authorId: supA.id,
      authorName: 'Sade Adeyemi',
      body: 'Strong collections in March',
      isPrivate: false,
      canEdit: true,
      canDelete: true,
    })
    const second = await asAdmin.staffNote.create({
      staffId: coA1.id,
      body: 'Promote next quarter',
      isPrivate: false,
    })
    const listed = await asSupA.staffNote.list({ staffId: coA1.id })
    expect(listed.map((note) => note.id)).toEqual([second.id, first.id])
    expect(listed.map((note) => [note.authorName, note.canEdit, note.canDelete])).toEqual([
      ['Amaka Eze', false, false],
      ['Sade Adeyemi', true, true],
    ])
    // An officer sees public notes about themselves.
    expect((await asCoA1.staffNote.list({ staffId: coA1.id })).map((note) => note.id)).toEqual([
      second.id,
      first.id,
    ])
    const audit = await db.selectFrom('audit_log').selectAll().where('entity_id', '=', first.id).execute()
    expect(audit.map((entry) => [entry.action, entry.entity_type, entry.actor_id])).toEqual([
      ['NOTE_CREATE', 'staff_note', supA.id],
    ])
  })

  it('shows private notes only to their author and admins, and keeps their text out of the audit trail', async () => {
    const secret = await asSupA.staffNote.create({
      staffId: coA2.id,
      body: 'Performance concern',
      isPrivate: true,
    })
    expect((await asSupA.staffNote.list({ staffId: coA2.id })).map((note) => note.id)).toEqual([secret.id])
    expect((await asAdmin.staffNote.list({ staffId: coA2.id })).map((note) => note.id)).toEqual([secret.id])
    expect(await asCoA2.staffNote.list({ staffId: coA2.id })).toEqual([])
    // Someone who cannot see it cannot touch it either: it answers like a missing note.
    await expectTRPCError(asCoA2.staffNote.delete({ id: secret.id }), 'NOT_FOUND')
    const [entry] = await db.selectFrom('audit_log').selectAll().where('entity_id', '=', secret.id).execute()
    expect(JSON.stringify(entry?.after)).not.toContain('Performance concern')
  })

  it('refuses notes about staff outside the caller’s scope with NOT_FOUND', async () => {
    await expectTRPCError(
      asSupA.staffNote.create({ staffId: coB1.id, body: 'Nosy', isPrivate: false }),
      'NOT_FOUND',
    )
    await expectTRPCError(asSupA.staffNote.list({ staffId: coB1.id }), 'NOT_FOUND')
    await expectTRPCError(asCoA1.staffNote.list({ staffId: coA2.id }), 'NOT_FOUND')
    const other = await asSupB.staffNote.create({ staffId: coB1.id, body: 'Team B only', isPrivate: false })
    await expectTRPCError(
      asSupA.staffNote.update({ id: other.id, body: 'Edited', isPrivate: false }),
      'NOT_FOUND',
    )
    await expectTRPCError(asSupA.staffNote.delete({ id: other.id }), 'NOT_FOUND')
    expect(await db.selectFrom('staff_note').select('id').where('body', '=', 'Nosy').execute()).toEqual([])
  })

  it('lets only the author edit, and the author or an admin delete (softly)', async () => {
    const note = await asSupA.staffNote.create({ staffId: coA1.id, body: 'Original', isPrivate: false })
    await expectTRPCError(
      asAdmin.staffNote.update({ id: note.id, body: 'Admin edit', isPrivate: false }),
      'FORBIDDEN',
      /Only the author/,
    )
    await expectTRPCError(asCoA1.staffNote.delete({ id: note.id }), 'FORBIDDEN')

    const edited = await asSupA.staffNote.update({ id: note.id, body: 'Revised', isPrivate: true })
    expect(edited).toMatchObject({ body: 'Revised', isPrivate: true })
    const [update] = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'NOTE_UPDATE')
      .execute()
    expect(update?.before).toMatchObject({ body: 'Original', isPrivate: false })
    expect(update?.after).toMatchObject({ body: '[private]', isPrivate: true })

    await expect(asAdmin.staffNote.delete({ id: note.id })).resolves.toEqual({ isDeleted: true })
    expect((await asSupA.staffNote.list({ staffId: coA1.id })).map((row) => row.id)).not.toContain(note.id)
    const row = await db
      .selectFrom('staff_note')
      .select('deleted_at')
      .where('id', '=', note.id)
      .executeTakeFirstOrThrow()
    expect(row.deleted_at).toBeInstanceOf(Date)
    await expectTRPCError(
      asSupA.staffNote.update({ id: note.id, body: 'Too late', isPrivate: false }),
      'NOT_FOUND',
    )
    expect(
      await db
        .selectFrom('audit_log')
        .select('action')
        .where('entity_id', '=', note.id)
        .orderBy('created_at')
        .execute(),
    ).toEqual([{ action: 'NOTE_CREATE' }, { action: 'NOTE_UPDATE' }, { action: 'NOTE_DELETE' }])
  })

  it('names the field and limit for a bad body', async () => {
    await expectTRPCError(
      asSupA.staffNote.create({ staffId: coA1.id, body: '   ', isPrivate: false }),
      'BAD_REQUEST',
      /Note text is required/,
    )
    await expectTRPCError(
      asSupA.staffNote.create({ staffId: coA1.id, body: 'x'.repeat(5001), isPrivate: false }),
      'BAD_REQUEST',
      /Note text must be at most 5000 characters/,
    )
  })
})
