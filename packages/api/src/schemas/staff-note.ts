import { z } from 'zod'
import { cleanText } from './fields.js'

const ZNoteBody = z
  .string({ error: 'Note text is required' })
  .trim()
  .min(1, { error: 'Note text is required' })
  .max(5000, { error: 'Note text must be at most 5000 characters' })
  .refine(...cleanText('Note text', { multiline: true }))

const ZNoteId = z.uuid({ error: 'Note id must be a valid id' })
const ZStaffId = z.uuid({ error: 'Staff id must be a valid id' })

export const ZStaffNoteListInput = z.object({ staffId: ZStaffId })
export type TStaffNoteListInput = z.infer<typeof ZStaffNoteListInput>

export const ZStaffNoteCreateInput = z.object({
  staffId: ZStaffId,
  body: ZNoteBody,
  isPrivate: z.boolean({ error: 'isPrivate must be true or false' }).default(false),
})
export type TStaffNoteCreateInput = z.infer<typeof ZStaffNoteCreateInput>

export const ZStaffNoteUpdateInput = z.object({
  id: ZNoteId,
  body: ZNoteBody,
  isPrivate: z.boolean({ error: 'isPrivate must be true or false' }),
})
export type TStaffNoteUpdateInput = z.infer<typeof ZStaffNoteUpdateInput>

export const ZStaffNoteDeleteInput = z.object({ id: ZNoteId })
export type TStaffNoteDeleteInput = z.infer<typeof ZStaffNoteDeleteInput>
