import { z } from 'zod'
import { cleanText } from './fields.js'
import { zDay } from './list.js'

const ZDocumentId = z.uuid({ error: 'Document id must be a valid id' })

/** Owners this issue handles; loan documents arrive with loans. */
export const ZUploadOwnerType = z.enum(['MEMBER', 'GUARANTOR', 'LOAN'], {
  error: 'Owner type must be MEMBER, GUARANTOR or LOAN',
})

const ZOwnerId = z.uuid({ error: 'Owner id must be a valid id' })

/** A file part of a multipart form (a File is a Blob with a name). */
const ZFilePart = z.custom<Blob & { name?: string }>((value) => value instanceof Blob, {
  error: 'Choose a file to upload',
})

const UPLOAD_FIELDS = [
  'ownerType',
  'ownerId',
  'documentTypeId',
  'file',
  'issuer',
  'issueDate',
  'expiryDate',
] as const

/**
 * The form's fields as a plain object: each field's first value, text trimmed, and an empty text
 * field treated as not filled in (a browser sends empty inputs as "").
 */
function formFields(form: FormData): Record<string, unknown> {
  const fields: Record<string, unknown> = {}
  for (const name of UPLOAD_FIELDS) {
    const value = form.get(name)
    if (value === null) continue
    if (typeof value === 'string') {
      const trimmed = value.trim()
      if (trimmed !== '') fields[name] = trimmed
    } else {
      fields[name] = value
    }
  }
  return fields
}

export const ZDocumentUploadFields = z
  .object({
    ownerType: ZUploadOwnerType,
    ownerId: ZOwnerId,
    documentTypeId: z.uuid({ error: 'Choose a document type' }),
    file: ZFilePart,
    issuer: z
      .string()
      .max(200, { error: 'Issuer must be at most 200 characters' })
      .refine(...cleanText('Issuer'))
      .optional(),
    issueDate: zDay('Issue date').optional(),
    expiryDate: zDay('Expiry date').optional(),
  })
  .refine(
    (input) =>
      input.issueDate === undefined || input.expiryDate === undefined || input.expiryDate >= input.issueDate,
    { error: 'Expiry date must be on or after the issue date', path: ['expiryDate'] },
  )

/**
 * The upload arrives as multipart FormData (STYLE.md): the web client sends it through httpLink
 * (a splitLink routes non-JSON inputs there), and the server route raises the body limit for this
 * path only. Fields: ownerType, ownerId, documentTypeId, file, and optional issuer, issueDate,
 * expiryDate ('YYYY-MM-DD').
 */
export const ZDocumentUploadInput = z
  // z.custom with the global FormData type (not z.instanceof, whose inferred undici class the
  // declaration build cannot name); the web client's FormData matches it.
  .custom<FormData>((value) => value instanceof FormData, { error: 'Send the upload as multipart form data' })
  .transform(formFields)
  .pipe(ZDocumentUploadFields)
export type TDocumentUploadInput = z.infer<typeof ZDocumentUploadInput>

export const ZDocumentListInput = z.object({ ownerType: ZUploadOwnerType, ownerId: ZOwnerId })
export type TDocumentListInput = z.infer<typeof ZDocumentListInput>

export const ZDocumentVerifyInput = z.object({
  id: ZDocumentId,
  isVerified: z.boolean({ error: 'isVerified must be true or false' }),
  notes: z
    .string({ error: 'Notes must be text' })
    .trim()
    .max(500, { error: 'Notes must be at most 500 characters' })
    .refine(...cleanText('Notes', { multiline: true }))
    .transform((value) => (value === '' ? null : value))
    .nullish(),
})
export type TDocumentVerifyInput = z.infer<typeof ZDocumentVerifyInput>

export const ZDocumentDeleteInput = z.object({
  id: ZDocumentId,
  reason: z
    .string({ error: 'Give a reason for removing the document' })
    .trim()
    .min(3, { error: 'Give a reason of at least 3 characters' })
    .max(500, { error: 'Reason must be at most 500 characters' })
    .refine(...cleanText('Reason', { multiline: true })),
})
export type TDocumentDeleteInput = z.infer<typeof ZDocumentDeleteInput>
