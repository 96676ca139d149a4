import { z } from 'zod'
import { cleanText } from './fields.js'

export const ZDocumentOwnerType = z.enum(['MEMBER', 'GUARANTOR', 'LOAN'], {
  error: 'Applies to must be MEMBER, GUARANTOR or LOAN',
})

const ZDocumentTypeId = z.uuid({ error: 'Document type id must be a valid id' })

const ZName = z
  .string({ error: 'Name is required' })
  .trim()
  .min(1, { error: 'Name is required' })
  .max(120, { error: 'Name must be at most 120 characters' })
  .refine(...cleanText('Name'))

// An empty description means none.
const ZDescription = z
  .string({ error: 'Description must be text' })
  .trim()
  .max(500, { error: 'Description must be at most 500 characters' })
  .refine(...cleanText('Description', { multiline: true }))
  .transform((value) => (value === '' ? null : value))

const ZAppliesTo = z
  .array(ZDocumentOwnerType, { error: 'Applies to must be a list' })
  .min(1, { error: 'Choose at least one record the type applies to' })
  .transform((values) => [...new Set(values)])

const ZRequiresExpiry = z.boolean({ error: 'Requires expiry must be true or false' })

export const ZDocumentTypeListInput = z
  .object({ includeInactive: z.boolean({ error: 'includeInactive must be true or false' }).default(false) })
  .prefault({})
export type TDocumentTypeListInput = z.infer<typeof ZDocumentTypeListInput>

export const ZDocumentTypeCreateInput = z.object({
  name: ZName,
  description: ZDescription.nullish(),
  appliesTo: ZAppliesTo,
  requiresExpiry: ZRequiresExpiry.default(false),
})
export type TDocumentTypeCreateInput = z.infer<typeof ZDocumentTypeCreateInput>

export const ZDocumentTypeUpdateInput = z.object({
  id: ZDocumentTypeId,
  name: ZName.optional(),
  description: ZDescription.nullish(),
  appliesTo: ZAppliesTo.optional(),
  requiresExpiry: ZRequiresExpiry.optional(),
})
export type TDocumentTypeUpdateInput = z.infer<typeof ZDocumentTypeUpdateInput>

export const ZDocumentTypeSetActiveInput = z.object({
  id: ZDocumentTypeId,
  isActive: z.boolean({ error: 'isActive must be true or false' }),
})
export type TDocumentTypeSetActiveInput = z.infer<typeof ZDocumentTypeSetActiveInput>
