import {
  inTransaction as retryingTransaction,
  sql,
  type Database,
  type DocumentOwnerType,
  type Kysely,
  type Transaction,
} from '@mp/db'
import { recordAudit, recordChange } from '../audit.js'
import type { AuthedContext } from '../context.js'
import { AppError } from '../errors.js'
import type {
  TDocumentTypeCreateInput,
  TDocumentTypeListInput,
  TDocumentTypeSetActiveInput,
  TDocumentTypeUpdateInput,
} from '../schemas/document-type.js'
import { found } from '../scope.js'

type Db = Kysely<Database> | Transaction<Database>

const DOCUMENT_TYPE = 'Document type'
const NAME_TAKEN = 'A document type with this name already exists'

export type DocumentTypeItem = {
  id: string
  code: string
  name: string
  description: string | null
  appliesTo: DocumentOwnerType[]
  requiresExpiry: boolean
  isActive: boolean
}

const COLUMNS = ['id', 'code', 'name', 'description', 'applies_to', 'requires_expiry', 'is_active'] as const

type Row = {
  id: string
  code: string
  name: string
  description: string | null
  applies_to: DocumentOwnerType[]
  requires_expiry: boolean
  is_active: boolean
}

// Stable order for forms and the audit trail, whatever order the admin ticked them in.
const OWNER_ORDER: readonly DocumentOwnerType[] = ['MEMBER', 'GUARANTOR', 'LOAN']
function ordered(values: readonly DocumentOwnerType[]): DocumentOwnerType[] {
  return OWNER_ORDER.filter((value) => values.includes(value))
}

function toItem(row: Row): DocumentTypeItem {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    description: row.description,
    appliesTo: ordered(row.applies_to),
    requiresExpiry: row.requires_expiry,
    isActive: row.is_active,
  }
}

export async function listDocumentTypes(
  ctx: AuthedContext,
  input: TDocumentTypeListInput,
): Promise<DocumentTypeItem[]> {
  let query = ctx.db.selectFrom('document_type').select(COLUMNS)
  if (!input.includeInactive) query = query.where('is_active', '=', true)
  const rows = await query
    .orderBy(sql`lower(name)`)
    .orderBy('id')
    .execute()
  return rows.map(toItem)
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === '23505'
}

/** Names are unique ignoring case (a unique index on lower(name)); a race answers the same CONFLICT. */
async function inTransaction<T>(
  ctx: AuthedContext,
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  try {
    return await retryingTransaction(ctx.db, work)
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('CONFLICT', NAME_TAKEN, 'NAME_TAKEN')
    throw error
  }
}

async function assertNameFree(db: Db, name: string, exceptId?: string) {
  let query = db
    .selectFrom('document_type')
    .select('id')
    .where(sql<string>`lower(name)`, '=', name.toLowerCase())
  if (exceptId) query = query.where('id', '<>', exceptId)
  if (await query.executeTakeFirst()) throw new AppError('CONFLICT', NAME_TAKEN, 'NAME_TAKEN')
}

export async function createDocumentType(
  ctx: AuthedContext,
  input: TDocumentTypeCreateInput,
): Promise<DocumentTypeItem> {
  return inTransaction(ctx, async (trx) => {
    await assertNameFree(trx, input.name)
    const now = ctx.now()
    // The code (DOC001…) comes from the database sequence, so two admins never get the same one.
    const row = await trx
      .insertInto('document_type')
      .values({
        name: input.name,
        description: input.description ?? null,
        applies_to: ordered(input.appliesTo),
        requires_expiry: input.requiresExpiry,
        created_at: now,
        updated_at: now,
      })
      .returning(COLUMNS)
      .executeTakeFirstOrThrow()
    const item = toItem(row)
    await recordAudit(trx, ctx, {
      action: 'DOCUMENT_TYPE_CREATE',
      entityType: 'document_type',
      entityId: item.id,
      after: item,
    })
    return item
  })
}

async function loadForUpdate(trx: Transaction<Database>, id: string): Promise<DocumentTypeItem> {
  const row = await trx
    .selectFrom('document_type')
    .select(COLUMNS)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst()
  return toItem(found(row, DOCUMENT_TYPE))
}

export async function updateDocumentType(
  ctx: AuthedContext,
  input: TDocumentTypeUpdateInput,
): Promise<DocumentTypeItem> {
  return inTransaction(ctx, async (trx) => {
    const before = await loadForUpdate(trx, input.id)
    const name = input.name ?? before.name
    const description = input.description === undefined ? before.description : input.description
    const appliesTo = input.appliesTo ? ordered(input.appliesTo) : before.appliesTo
    const requiresExpiry = input.requiresExpiry ?? before.requiresExpiry
    const isChanged =
      name !== before.name ||
      description !== before.description ||
      appliesTo.join() !== before.appliesTo.join() ||
      requiresExpiry !== before.requiresExpiry
    if (!isChanged) return before
    if (name.toLowerCase() !== before.name.toLowerCase()) await assertNameFree(trx, name, before.id)
    // Existing documents keep their place: narrowing appliesTo or requiring an expiry only
    // constrains new uploads.
    const row = await trx
      .updateTable('document_type')
      .set({
        name,
        description,
        applies_to: appliesTo,
        requires_expiry: requiresExpiry,
        updated_at: ctx.now(),
      })
      .where('id', '=', before.id)
      .returning(COLUMNS)
      .executeTakeFirstOrThrow()
    return recordChange(trx, ctx, {
      action: 'DOCUMENT_TYPE_UPDATE',
      entityType: 'document_type',
      before,
      after: toItem(row),
      keep: (type) => type,
    })
  })
}

export async function setDocumentTypeActive(
  ctx: AuthedContext,
  input: TDocumentTypeSetActiveInput,
): Promise<DocumentTypeItem> {
  return inTransaction(ctx, async (trx) => {
    const before = await loadForUpdate(trx, input.id)
    if (before.isActive === input.isActive) return before
    const row = await trx
      .updateTable('document_type')
      .set({ is_active: input.isActive, updated_at: ctx.now() })
      .where('id', '=', before.id)
      .returning(COLUMNS)
      .executeTakeFirstOrThrow()
    return recordChange(trx, ctx, {
      action: input.isActive ? 'DOCUMENT_TYPE_ACTIVATE' : 'DOCUMENT_TYPE_DEACTIVATE',
      entityType: 'document_type',
      before,
      after: toItem(row),
      keep: (type) => ({ isActive: type.isActive }),
    })
  })
}
