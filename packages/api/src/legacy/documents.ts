import type { Database, Insertable } from '@mp/db'
import { dayOf, instantOf, isTrue, readTable } from './read.js'
import {
  countsOf,
  insertChunked,
  isNew,
  mapped,
  newId,
  note,
  refuse,
  remember,
  type ImportRun,
} from './run.js'

// Document types, member and loan documents, guarantors (docs/cutover.md, "Documents" and "Guarantors").

export async function importDocumentTypes(run: ImportRun): Promise<void> {
  const rows = await readTable(
    run.legacy,
    'DocumentType',
    ['id', 'code', 'name', 'description', 'isActive', 'createdAt', 'deletedAt'],
    '"createdAt", "id"',
  )
  const names = new Set(
    (await run.trx.selectFrom('document_type').select('name').execute()).map((t) => t.name.toLowerCase()),
  )
  for (const row of rows) {
    const legacyId = row.id ?? ''
    if (!isNew(run, 'document_type', legacyId)) continue
    let name = (row.name ?? '').trim().slice(0, 110) || (row.code ?? 'Document')
    const base = name
    for (let n = 2; names.has(name.toLowerCase()); n += 1) name = `${base} (${n})`
    if (name !== base) note(run, 'document_type', 'duplicate name given a number')
    names.add(name.toLowerCase())
    const id = newId()
    await run.trx
      .insertInto('document_type')
      .values({
        id,
        name,
        description: row.description,
        applies_to: ['MEMBER', 'GUARANTOR', 'LOAN'],
        is_active: isTrue(row.isActive) && row.deletedAt === null,
        created_at: instantOf(row.createdAt) ?? new Date(),
      })
      .execute()
    await remember(run, 'document_type', [[legacyId, id]])
  }
}

/** The old system's guarantor marker: a loan document whose verification notes start with this. */
const GUARANTOR_MARKER = 'GUARANTOR_ID:'

type DocumentRow = Record<string, string | null>

/** The old id of a document's owner, and why the document is refused when that owner was not imported. */
type Owner = { legacyId: string | null; missing: string }

/** Whose document it is, in the new table's owner columns. */
type Placed = Pick<
  Insertable<Database['legacy_document']>,
  'owner_type' | 'member_id' | 'guarantor_id' | 'loan_id'
>

const DOCUMENT_COLUMNS = [
  'id',
  'documentTypeId',
  'fileUrl',
  'issuingAuthority',
  'issueDate',
  'expiryDate',
  'verified',
  'verificationNotes',
  'uploadedByUserId',
  'uploadedAt',
  'deletedAt',
] as const

/**
 * Documents are kept by reference in `legacy_document`: the old file URL, owner, type and verification.
 * A loan document tagged with the guarantor marker belongs to a guarantor the old system never stored by
 * name: one guarantor per marker and loan is created on the loan's member, named "Guarantor <marker>",
 * for staff to complete, and linked to the loan.
 */
export async function importDocuments(run: ImportRun): Promise<void> {
  const memberDocs = await readTable(
    run.legacy,
    'UnionMemberDocument',
    [...DOCUMENT_COLUMNS, 'unionMemberId'],
    '"uploadedAt", "id"',
  )
  const loanDocs = await readTable(
    run.legacy,
    'LoanDocument',
    [...DOCUMENT_COLUMNS, 'loanId'],
    '"uploadedAt", "id"',
  )
  const values: Insertable<Database['legacy_document']>[] = []
  const pairs: [string, string][] = []
  const loanMembers = await run.trx.selectFrom('loan').select(['id', 'member_id']).execute()
  const batch: GuarantorBatch = {
    memberOf: new Map(loanMembers.map((l) => [l.id, l.member_id])),
    made: new Map(),
    guarantors: [],
    links: [],
    pairs: [],
  }
  const base = (row: DocumentRow, documentTypeId: string) => ({
    document_type_id: documentTypeId,
    file_url: row.fileUrl ?? '',
    issuer: row.issuingAuthority,
    issue_date: dayOf(row.issueDate, 'UTC'),
    expiry_date: dayOf(row.expiryDate, 'UTC'),
    is_verified: isTrue(row.verified),
    verification_notes: row.verificationNotes,
    uploaded_by: mapped(run, 'staff', row.uploadedByUserId),
    uploaded_at: instantOf(row.uploadedAt) ?? new Date(),
    deleted_at: instantOf(row.deletedAt),
  })
  // What both kinds share: the checks that refuse a row, and the columns every document carries.
  const accept = (
    prefix: 'member' | 'loan',
    row: DocumentRow,
    owner: Owner,
    place: (id: string) => Placed,
  ) => {
    const legacyId = `${prefix}:${row.id ?? ''}`
    if (!isNew(run, 'document', legacyId)) return
    const ownerId = mapped(run, prefix, owner.legacyId)
    const typeId = mapped(run, 'document_type', row.documentTypeId)
    if (ownerId === null || typeId === null || (row.fileUrl ?? '').trim() === '') {
      if (ownerId === null) refuse(run, 'document', legacyId, owner.missing, owner.legacyId ?? '')
      else if (typeId === null)
        refuse(run, 'document', legacyId, 'document type not imported', row.documentTypeId ?? '')
      else refuse(run, 'document', legacyId, 'no file URL')
      return
    }
    const id = newId()
    values.push({ id, ...place(ownerId), ...base(row, typeId) })
    pairs.push([legacyId, id])
  }
  for (const row of memberDocs) {
    accept('member', row, { legacyId: row.unionMemberId, missing: 'member not imported' }, (memberId) => ({
      owner_type: 'MEMBER',
      member_id: memberId,
      guarantor_id: null,
      loan_id: null,
    }))
  }
  for (const row of loanDocs) {
    const owner = { legacyId: row.loanId, missing: 'loan not imported (deleted, orphan or refused)' }
    accept('loan', row, owner, (loanId) => {
      const notes = row.verificationNotes ?? ''
      let guarantorId: string | null = null
      if (notes.startsWith(GUARANTOR_MARKER)) {
        const marker = notes.slice(GUARANTOR_MARKER.length).trim().split(/\s/)[0] ?? ''
        guarantorId = guarantorFor(run, batch, row.loanId ?? '', loanId, marker || 'unknown')
      }
      return {
        owner_type: guarantorId === null ? 'LOAN' : 'GUARANTOR',
        member_id: null,
        guarantor_id: guarantorId,
        loan_id: loanId,
      }
    })
  }
  await insertChunked(batch.guarantors, 2000, (chunk) =>
    run.trx.insertInto('guarantor').values(chunk).execute(),
  )
  await insertChunked(batch.links, 5000, (chunk) =>
    run.trx.insertInto('loan_guarantor').values(chunk).execute(),
  )
  await remember(run, 'guarantor', batch.pairs)
  await insertChunked(values, 1000, (chunk) => run.trx.insertInto('legacy_document').values(chunk).execute())
  await remember(run, 'document', pairs)
}

/**
 * Guarantors made from the old marker, one per marker and loan, written in batches after the documents
 * are read. The old system dropped their names and phones (only their documents reached its server).
 */
type GuarantorBatch = {
  memberOf: Map<string, string>
  made: Map<string, string>
  guarantors: Insertable<Database['guarantor']>[]
  links: Insertable<Database['loan_guarantor']>[]
  pairs: [string, string][]
}

function guarantorFor(
  run: ImportRun,
  batch: GuarantorBatch,
  legacyLoanId: string,
  loanId: string,
  marker: string,
): string | null {
  const key = `${legacyLoanId}:${marker}`
  const known = mapped(run, 'guarantor', key) ?? batch.made.get(key)
  if (known !== undefined) return known
  const memberId = batch.memberOf.get(loanId)
  if (memberId === undefined) return null
  const id = newId()
  batch.guarantors.push({
    id,
    member_id: memberId,
    first_name: 'Guarantor',
    last_name: marker.slice(0, 60),
    phone: '',
    relationship: 'Not recorded by the old system',
  })
  batch.links.push({ loan_id: loanId, guarantor_id: id })
  batch.made.set(key, id)
  batch.pairs.push([key, id])
  note(run, 'guarantor', 'name and phone not recorded by the old system: complete them')
  countsOf(run, 'guarantor').found += 1
  return id
}
