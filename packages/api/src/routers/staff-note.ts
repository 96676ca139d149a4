import { z } from 'zod'
import { cleanText } from './fields.js'
import { createStaffNote, deleteStaffNote, listStaffNotes, updateStaffNote } from '../services/staff-note.js'
import { protectedProcedure, router } from '../trpc.js'

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

/**
 * Notes about staff users. Any signed-in role, but only about staff in the caller's scope; private
 * notes are seen by their author and admins only (docs/product.md §2; the old system listed them to everyone).
 */
export const staffNoteRouter = router({
  list: protectedProcedure
    .input(ZStaffNoteListInput)
    .query(({ ctx, input }) => listStaffNotes(ctx, input.staffId)),
  create: protectedProcedure
    .input(ZStaffNoteCreateInput)
    .mutation(({ ctx, input }) => createStaffNote(ctx, input)),
  update: protectedProcedure
    .input(ZStaffNoteUpdateInput)
    .mutation(({ ctx, input }) => updateStaffNote(ctx, input)),
  delete: protectedProcedure
    .input(ZStaffNoteDeleteInput)
    .mutation(({ ctx, input }) => deleteStaffNote(ctx, input.id)),
})
