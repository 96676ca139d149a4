import { inTransaction, type Database, type Kysely, type Transaction } from '@mp/db'
import { recordAudit, recordChange } from '../audit.js'
import type { AuthedContext } from '../context.js'
import { AppError } from '../errors.js'
import type { TStaffNoteCreateInput, TStaffNoteUpdateInput } from '../schemas/staff-note.js'
import { assertStaffInScope, found, isInScope, notFound, staffScope } from '../scope.js'

type Db = Kysely<Database> | Transaction<Database>

const NOTE = 'Note'

export type StaffNoteItem = {
  id: string
  staffId: string
  authorId: string
  authorName: string
  body: string
  isPrivate: boolean
  createdAt: Date
  updatedAt: Date
  /** Only the author edits a note. */
  canEdit: boolean
  /** The author or an admin deletes it. */
  canDelete: boolean
}

type NoteRow = {
  id: string
  staff_id: string
  author_id: string
  author_first_name: string
  author_last_name: string
  body: string
  is_private: boolean
  created_at: Date
  updated_at: Date
}

function selectNotes(db: Db) {
  return db
    .selectFrom('staff_note as n')
    .innerJoin('staff_user as a', 'a.id', 'n.author_id')
    .select([
      'n.id',
      'n.staff_id',
      'n.author_id',
      'a.first_name as author_first_name',
      'a.last_name as author_last_name',
      'n.body',
      'n.is_private',
      'n.created_at',
      'n.updated_at',
    ])
    .where('n.deleted_at', 'is', null)
}

function toItem(ctx: AuthedContext, row: NoteRow): StaffNoteItem {
  const isAuthor = row.author_id === ctx.user.id
  return {
    id: row.id,
    staffId: row.staff_id,
    authorId: row.author_id,
    authorName: `${row.author_first_name} ${row.author_last_name}`,
    body: row.body,
    isPrivate: row.is_private,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    canEdit: isAuthor,
    canDelete: isAuthor || ctx.user.role === 'ADMIN',
  }
}

/** docs/product.md §2: a private note is visible only to its author and to admins. */
function isVisible(ctx: AuthedContext, row: Pick<NoteRow, 'is_private' | 'author_id'>): boolean {
  return !row.is_private || row.author_id === ctx.user.id || ctx.user.role === 'ADMIN'
}

/**
 * What the audit trail keeps of a note. Audit entries are shown to supervisors for their team, so a
 * private note's text stays out of it (the note itself is the record).
 */
function auditSnapshot(row: Pick<NoteRow, 'staff_id' | 'body' | 'is_private'>) {
  return {
    staffId: row.staff_id,
    isPrivate: row.is_private,
    body: row.is_private ? '[private]' : row.body,
  }
}

/** A note the actor may see (subject in scope, not deleted, not someone else's private note), locked. */
async function loadVisibleNote(ctx: AuthedContext, trx: Transaction<Database>, id: string): Promise<NoteRow> {
  const row = found(await selectNotes(trx).where('n.id', '=', id).forUpdate('n').executeTakeFirst(), NOTE)
  if (!isInScope(await staffScope(trx, ctx.user), row.staff_id) || !isVisible(ctx, row)) throw notFound(NOTE)
  return row
}

async function assertSubject(ctx: AuthedContext, db: Db, staffId: string) {
  await assertStaffInScope(db, ctx.user, staffId, 'Staff member')
  found(
    await db.selectFrom('staff_user').select('id').where('id', '=', staffId).executeTakeFirst(),
    'Staff member',
  )
}

export async function listStaffNotes(ctx: AuthedContext, staffId: string): Promise<StaffNoteItem[]> {
  await assertSubject(ctx, ctx.db, staffId)
  let query = selectNotes(ctx.db).where('n.staff_id', '=', staffId)
  if (ctx.user.role !== 'ADMIN') {
    query = query.where((eb) => eb.or([eb('n.is_private', '=', false), eb('n.author_id', '=', ctx.user.id)]))
  }
  const rows = await query.orderBy('n.created_at', 'desc').orderBy('n.id', 'desc').execute()
  return rows.map((row) => toItem(ctx, row))
}

export async function createStaffNote(
  ctx: AuthedContext,
  input: TStaffNoteCreateInput,
): Promise<StaffNoteItem> {
  return inTransaction(ctx.db, async (trx) => {
    await assertSubject(ctx, trx, input.staffId)
    const now = ctx.now()
    const inserted = await trx
      .insertInto('staff_note')
      .values({
        staff_id: input.staffId,
        author_id: ctx.user.id,
        body: input.body,
        is_private: input.isPrivate,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const row = found(await selectNotes(trx).where('n.id', '=', inserted.id).executeTakeFirst(), NOTE)
    await recordChange(trx, ctx, {
      action: 'NOTE_CREATE',
      entityType: 'staff_note',
      after: row,
      keep: auditSnapshot,
    })
    return toItem(ctx, row)
  })
}

export async function updateStaffNote(
  ctx: AuthedContext,
  input: TStaffNoteUpdateInput,
): Promise<StaffNoteItem> {
  return inTransaction(ctx.db, async (trx) => {
    const before = await loadVisibleNote(ctx, trx, input.id)
    if (before.author_id !== ctx.user.id) {
      throw new AppError('FORBIDDEN', 'Only the author can edit a note', 'NOT_AUTHOR')
    }
    if (before.body === input.body && before.is_private === input.isPrivate) return toItem(ctx, before)
    await trx
      .updateTable('staff_note')
      .set({ body: input.body, is_private: input.isPrivate, updated_at: ctx.now() })
      .where('id', '=', before.id)
      .execute()
    const after = found(await selectNotes(trx).where('n.id', '=', before.id).executeTakeFirst(), NOTE)
    // Each side's text is recorded only if it was public at that moment.
    await recordChange(trx, ctx, {
      action: 'NOTE_UPDATE',
      entityType: 'staff_note',
      before,
      after: after,
      keep: auditSnapshot,
    })
    return toItem(ctx, after)
  })
}

export async function deleteStaffNote(ctx: AuthedContext, id: string): Promise<{ isDeleted: true }> {
  return inTransaction(ctx.db, async (trx) => {
    const before = await loadVisibleNote(ctx, trx, id)
    if (before.author_id !== ctx.user.id && ctx.user.role !== 'ADMIN') {
      throw new AppError('FORBIDDEN', 'Only the author or an administrator can delete a note', 'NOT_AUTHOR')
    }
    await trx.updateTable('staff_note').set({ deleted_at: ctx.now() }).where('id', '=', before.id).execute()
    await recordAudit(trx, ctx, {
      action: 'NOTE_DELETE',
      entityType: 'staff_note',
      entityId: before.id,
      before: auditSnapshot(before),
    })
    return { isDeleted: true as const }
  })
}
