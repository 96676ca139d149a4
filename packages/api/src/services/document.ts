import { createHash, randomUUID } from 'node:crypto'
import {
  inTransaction,
  type Database,
  type DocumentOwnerType,
  type Kysely,
  type StoredDocument,
  type Transaction,
} from '@mp/db'
import { todayIn } from '@mp/domain'
import { recordAudit } from '../audit.js'
import type { AuthedContext } from '../context.js'
import { AppError } from '../errors.js'
import type {
  TDocumentDeleteInput,
  TDocumentListInput,
  TDocumentUploadInput,
  TDocumentVerifyInput,
} from '../schemas/document.js'
import { found, staffScope, type Actor, type StaffScope } from '../scope.js'
import {
  checkDocumentFile,
  cleanFileName,
  fileTooLargeMessage,
  MAX_DOCUMENT_BYTES,
} from '../storage/file-type.js'
import { companyTimezone } from './list-query.js'

type Db = Kysely<Database> | Transaction<Database>

const DOCUMENT = 'Document'
const OWNER_LABEL = { MEMBER: 'Member', GUARANTOR: 'Guarantor', LOAN: 'Loan' } as const
/** How long the uploader may remove their own upload without a supervisor. */
const UPLOADER_DELETE_WINDOW_MS = 24 * 60 * 60 * 1000

export type DocumentItem = {
  id: string
  ownerType: DocumentOwnerType
  documentTypeId: string
  documentTypeName: string
  fileName: string
  mimeType: string
  sizeBytes: number
  issuer: string | null
  issueDate: string | null
  expiryDate: string | null
  /** The expiry date has passed (today in the company time zone). */
  isExpired: boolean
  isVerified: boolean
  verifiedByName: string | null
  verifiedAt: Date | null
  verificationNotes: string | null
  uploadedByName: string | null
  createdAt: Date
  /** Served by the server's scope-checked route; `?download=1` saves instead of opening. */
  downloadUrl: string
  /** Whether the caller may remove it (supervisors and admins; the uploader within 24 hours). */
  canDelete: boolean
}

// ---------------------------------------------------------------------------------------------
// Scope: a member's documents belong to the credit officer of the member's union (read now, so a
// moved member or union takes effect on the next request); a guarantor's follow their member.

type Owner = { memberId: string; guarantorId: string | null; loanId: string | null; creditOfficerId: string }

// A loan's documents also carry its member, so they follow the member's union officer like the rest.
async function loadOwner(
  db: Db,
  actor: Actor,
  ownerType: 'MEMBER' | 'GUARANTOR' | 'LOAN',
  ownerId: string,
): Promise<Owner> {
  const scope = await staffScope(db, actor)
  let query = db
    .selectFrom('member as m')
    .innerJoin('union as u', 'u.id', 'm.union_id')
    .select(['m.id as member_id', 'u.credit_officer_id'])
    .where('m.deleted_at', 'is', null)
  if (!scope.isAll) query = query.where('u.credit_officer_id', 'in', scope.staffIds)
  if (ownerType === 'MEMBER') {
    const row = found(await query.where('m.id', '=', ownerId).executeTakeFirst(), OWNER_LABEL.MEMBER)
    return {
      memberId: row.member_id,
      guarantorId: null,
      loanId: null,
      creditOfficerId: row.credit_officer_id,
    }
  }
  if (ownerType === 'LOAN') {
    const row = found(
      await query
        .innerJoin('loan as l', 'l.member_id', 'm.id')
        .where('l.id', '=', ownerId)
        .executeTakeFirst(),
      OWNER_LABEL.LOAN,
    )
    return {
      memberId: row.member_id,
      guarantorId: null,
      loanId: ownerId,
      creditOfficerId: row.credit_officer_id,
    }
  }
  const row = found(
    await query
      .innerJoin('guarantor as g', 'g.member_id', 'm.id')
      .where('g.id', '=', ownerId)
      .where('g.deleted_at', 'is', null)
      .executeTakeFirst(),
    OWNER_LABEL.GUARANTOR,
  )
  return {
    memberId: row.member_id,
    guarantorId: ownerId,
    loanId: null,
    creditOfficerId: row.credit_officer_id,
  }
}

/** Documents whose owner is alive and in the actor's scope (guarantor documents carry their member). */
function selectDocuments(db: Db, scope: StaffScope) {
  let query = db
    .selectFrom('document as d')
    .innerJoin('member as m', 'm.id', 'd.member_id')
    .innerJoin('union as u', 'u.id', 'm.union_id')
    .leftJoin('guarantor as g', 'g.id', 'd.guarantor_id')
    .where('d.deleted_at', 'is', null)
    .where('m.deleted_at', 'is', null)
    .where((eb) => eb.or([eb('d.guarantor_id', 'is', null), eb('g.deleted_at', 'is', null)]))
  if (!scope.isAll) query = query.where('u.credit_officer_id', 'in', scope.staffIds)
  return query
}

function selectDocumentItems(db: Db, scope: StaffScope) {
  return selectDocuments(db, scope)
    .innerJoin('document_type as t', 't.id', 'd.document_type_id')
    .leftJoin('staff_user as up', 'up.id', 'd.uploaded_by')
    .leftJoin('staff_user as vb', 'vb.id', 'd.verified_by')
    .select([
      'd.id',
      'd.owner_type',
      'd.member_id',
      'd.guarantor_id',
      'd.document_type_id',
      't.name as document_type_name',
      'd.file_name',
      'd.mime_type',
      'd.size_bytes',
      'd.sha256',
      'd.issuer',
      'd.issue_date',
      'd.expiry_date',
      'd.is_verified',
      'd.verified_at',
      'd.verification_notes',
      'd.uploaded_by',
      'd.created_at',
      'up.first_name as uploader_first_name',
      'up.last_name as uploader_last_name',
      'vb.first_name as verifier_first_name',
      'vb.last_name as verifier_last_name',
    ])
}

type ItemRow = Awaited<ReturnType<ReturnType<typeof selectDocumentItems>['executeTakeFirstOrThrow']>>

function fullName(first: string | null, last: string | null): string | null {
  return first === null || last === null ? null : `${first} ${last}`
}

function canDelete(ctx: AuthedContext, row: Pick<ItemRow, 'uploaded_by' | 'created_at' | 'is_verified'>) {
  if (ctx.user.role === 'ADMIN' || ctx.user.role === 'SUPERVISOR') return true
  return (
    row.uploaded_by === ctx.user.id &&
    !row.is_verified &&
    ctx.now().getTime() - row.created_at.getTime() < UPLOADER_DELETE_WINDOW_MS
  )
}

function toItem(ctx: AuthedContext, row: ItemRow, today: string): DocumentItem {
  return {
    id: row.id,
    ownerType: row.owner_type,
    documentTypeId: row.document_type_id,
    documentTypeName: row.document_type_name,
    fileName: row.file_name,
    mimeType: row.mime_type,
    sizeBytes: row.size_bytes,
    issuer: row.issuer,
    issueDate: row.issue_date,
    expiryDate: row.expiry_date,
    isExpired: row.expiry_date !== null && row.expiry_date < today,
    isVerified: row.is_verified,
    verifiedByName: fullName(row.verifier_first_name, row.verifier_last_name),
    verifiedAt: row.verified_at,
    verificationNotes: row.verification_notes,
    uploadedByName: fullName(row.uploader_first_name, row.uploader_last_name),
    createdAt: row.created_at,
    downloadUrl: `/files/documents/${row.id}`,
    canDelete: canDelete(ctx, row),
  }
}

async function today(ctx: AuthedContext, db: Db): Promise<string> {
  return todayIn(await companyTimezone(db), ctx.now())
}

/** What the audit trail keeps of a document (never its bytes or storage location). */
function auditSnapshot(row: ItemRow) {
  return {
    ownerType: row.owner_type,
    memberId: row.member_id,
    guarantorId: row.guarantor_id,
    documentType: row.document_type_name,
    fileName: row.file_name,
    mimeType: row.mime_type,
    sizeBytes: row.size_bytes,
    sha256: row.sha256,
    issuer: row.issuer,
    issueDate: row.issue_date,
    expiryDate: row.expiry_date,
    isVerified: row.is_verified,
    verificationNotes: row.verification_notes,
  }
}

// ---------------------------------------------------------------------------------------------
// Reading

export async function listDocuments(ctx: AuthedContext, input: TDocumentListInput): Promise<DocumentItem[]> {
  const owner = await loadOwner(ctx.db, ctx.user, input.ownerType, input.ownerId)
  const scope = await staffScope(ctx.db, ctx.user)
  let query = selectDocumentItems(ctx.db, scope).where('d.owner_type', '=', input.ownerType)
  query =
    input.ownerType === 'MEMBER'
      ? query.where('d.member_id', '=', owner.memberId)
      : query.where(input.ownerType === 'LOAN' ? 'd.loan_id' : 'd.guarantor_id', '=', input.ownerId)
  const rows = await query.orderBy('d.created_at', 'desc').orderBy('d.id', 'desc').execute()
  const day = await today(ctx, ctx.db)
  return rows.map((row) => toItem(ctx, row, day))
}

export type DocumentDownload = Pick<
  StoredDocument,
  'id' | 'file_name' | 'mime_type' | 'size_bytes' | 'sha256' | 'storage' | 'storage_key'
>

/**
 * The stored file behind a document the actor may see, for the server's download route; undefined
 * for a document that does not exist, was removed, or is outside the actor's scope (all answer 404).
 */
export async function findDocumentForDownload(
  db: Kysely<Database>,
  actor: Actor,
  id: string,
): Promise<DocumentDownload | undefined> {
  const scope = await staffScope(db, actor)
  const row = await selectDocuments(db, scope)
    .select(['d.id', 'd.file_name', 'd.mime_type', 'd.size_bytes', 'd.sha256', 'd.storage', 'd.storage_key'])
    .where('d.id', '=', id)
    .executeTakeFirst()
  // Names stored before uploads were cleaned of bidi overrides are cleaned on the way out too, so no
  // Content-Disposition carries one.
  return row && { ...row, file_name: cleanFileName(row.file_name) || 'document' }
}

// ---------------------------------------------------------------------------------------------
// Uploading

export async function uploadDocument(ctx: AuthedContext, input: TDocumentUploadInput): Promise<DocumentItem> {
  const owner = await loadOwner(ctx.db, ctx.user, input.ownerType, input.ownerId)

  const type = await ctx.db
    .selectFrom('document_type')
    .select(['id', 'name', 'applies_to', 'requires_expiry', 'is_active'])
    .where('id', '=', input.documentTypeId)
    .executeTakeFirst()
  if (!type)
    throw new AppError('BAD_REQUEST', 'The chosen document type does not exist', 'UNKNOWN_DOCUMENT_TYPE')
  if (!type.is_active) {
    throw new AppError(
      'BAD_REQUEST',
      `The document type "${type.name}" is no longer in use`,
      'DOCUMENT_TYPE_INACTIVE',
    )
  }
  if (!type.applies_to.includes(input.ownerType)) {
    throw new AppError(
      'BAD_REQUEST',
      `A "${type.name}" cannot be attached to a ${OWNER_LABEL[input.ownerType].toLowerCase()}`,
      'DOCUMENT_TYPE_NOT_APPLICABLE',
    )
  }
  if (type.requires_expiry && input.expiryDate === undefined) {
    throw new AppError('BAD_REQUEST', `A "${type.name}" needs its expiry date`, 'EXPIRY_DATE_REQUIRED')
  }
  const day = await today(ctx, ctx.db)
  if (input.issueDate !== undefined && input.issueDate > day) {
    throw new AppError('BAD_REQUEST', 'Issue date cannot be in the future', 'ISSUE_DATE_IN_FUTURE')
  }

  // Refuse an oversized file before reading it into memory.
  if (input.file.size > MAX_DOCUMENT_BYTES) {
    throw new AppError('PAYLOAD_TOO_LARGE', fileTooLargeMessage(input.file.size), 'FILE_TOO_LARGE')
  }
  const bytes = new Uint8Array(await input.file.arrayBuffer())
  const checked = checkDocumentFile({ bytes, fileName: input.file.name ?? '' })
  const sha256 = createHash('sha256').update(bytes).digest('hex')

  const duplicate = await ctx.db
    .selectFrom('document as d')
    .innerJoin('document_type as t', 't.id', 'd.document_type_id')
    .select(['t.name'])
    .where('d.deleted_at', 'is', null)
    .where('d.sha256', '=', sha256)
    .where(
      input.ownerType === 'MEMBER'
        ? 'd.member_id'
        : input.ownerType === 'LOAN'
          ? 'd.loan_id'
          : 'd.guarantor_id',
      '=',
      input.ownerId,
    )
    .where('d.owner_type', '=', input.ownerType)
    .executeTakeFirst()
  if (duplicate) {
    throw new AppError(
      'CONFLICT',
      `This file is already attached as "${duplicate.name}"`,
      'DUPLICATE_DOCUMENT',
    )
  }

  const storage = ctx.storage
  if (!storage) {
    throw new AppError(
      'SERVICE_UNAVAILABLE',
      'Document storage is not configured on this server',
      'NO_STORAGE',
    )
  }
  // A random key, never the user's file name (no path tricks, no guessing).
  const { storageKey } = await storage.put({
    key: `documents/${randomUUID()}`,
    bytes,
    mimeType: checked.type.mimeType,
  })

  try {
    return await inTransaction(ctx.db, async (trx) => {
      // The owner may have been removed or moved out of scope while the bytes were stored.
      await loadOwner(trx, ctx.user, input.ownerType, input.ownerId)
      const inserted = await trx
        .insertInto('document')
        .values({
          owner_type: input.ownerType,
          member_id: owner.memberId,
          guarantor_id: owner.guarantorId,
          loan_id: owner.loanId,
          document_type_id: type.id,
          file_name: checked.fileName,
          mime_type: checked.type.mimeType,
          size_bytes: bytes.byteLength,
          sha256,
          storage: storage.kind,
          storage_key: storageKey,
          issuer: input.issuer ?? null,
          issue_date: input.issueDate ?? null,
          expiry_date: input.expiryDate ?? null,
          uploaded_by: ctx.user.id,
          created_at: ctx.now(),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      const scope = await staffScope(trx, ctx.user)
      const row = found(
        await selectDocumentItems(trx, scope).where('d.id', '=', inserted.id).executeTakeFirst(),
        DOCUMENT,
      )
      await recordAudit(trx, ctx, {
        action: 'DOCUMENT_UPLOAD',
        entityType: 'document',
        entityId: row.id,
        after: auditSnapshot(row),
      })
      return toItem(ctx, row, day)
    })
  } catch (error) {
    // Nothing half-written: without its row the stored object would be an orphan nobody can reach.
    await storage.delete(storageKey).catch((cleanupError: unknown) => {
      ctx.logger.error(
        { err: cleanupError, storageKey },
        'could not remove the stored file of a failed upload',
      )
    })
    throw error
  }
}

// ---------------------------------------------------------------------------------------------
// Verifying and removing

/** A document the actor may see, its row locked for the rest of the transaction. */
async function loadForUpdate(ctx: AuthedContext, trx: Transaction<Database>, id: string): Promise<ItemRow> {
  const scope = await staffScope(trx, ctx.user)
  const row = await selectDocumentItems(trx, scope).where('d.id', '=', id).forUpdate('d').executeTakeFirst()
  return found(row, DOCUMENT)
}

export async function verifyDocument(ctx: AuthedContext, input: TDocumentVerifyInput): Promise<DocumentItem> {
  return inTransaction(ctx.db, async (trx) => {
    const before = await loadForUpdate(ctx, trx, input.id)
    const now = ctx.now()
    await trx
      .updateTable('document')
      .set({
        is_verified: input.isVerified,
        // Who verified and when describe a verified document; un-verifying clears them (the audit
        // trail keeps the history) and the notes say why.
        verified_by: input.isVerified ? ctx.user.id : null,
        verified_at: input.isVerified ? now : null,
        verification_notes: input.notes ?? null,
      })
      .where('id', '=', before.id)
      .execute()
    const scope = await staffScope(trx, ctx.user)
    const after = found(
      await selectDocumentItems(trx, scope).where('d.id', '=', before.id).executeTakeFirst(),
      DOCUMENT,
    )
    await recordAudit(trx, ctx, {
      action: input.isVerified ? 'DOCUMENT_VERIFY' : 'DOCUMENT_UNVERIFY',
      entityType: 'document',
      entityId: before.id,
      before: { isVerified: before.is_verified, verificationNotes: before.verification_notes },
      after: { isVerified: after.is_verified, verificationNotes: after.verification_notes },
    })
    return toItem(ctx, after, await today(ctx, trx))
  })
}

export async function deleteDocument(
  ctx: AuthedContext,
  input: TDocumentDeleteInput,
): Promise<{ isDeleted: true }> {
  return inTransaction(ctx.db, async (trx) => {
    const before = await loadForUpdate(ctx, trx, input.id)
    if (!canDelete(ctx, before)) {
      let why: string
      if (before.uploaded_by !== ctx.user.id) why = 'you did not upload it'
      else if (before.is_verified) why = 'it has been verified'
      else why = 'it was uploaded more than 24 hours ago'
      throw new AppError(
        'FORBIDDEN',
        `Only a supervisor or administrator can remove this document: ${why}`,
        'DOCUMENT_DELETE_NOT_ALLOWED',
      )
    }
    // A soft delete: the row and the stored file stay for the audit trail.
    await trx.updateTable('document').set({ deleted_at: ctx.now() }).where('id', '=', before.id).execute()
    await recordAudit(trx, ctx, {
      action: 'DOCUMENT_DELETE',
      entityType: 'document',
      entityId: before.id,
      before: auditSnapshot(before),
      after: { reason: input.reason },
    })
    return { isDeleted: true as const }
  })
}
