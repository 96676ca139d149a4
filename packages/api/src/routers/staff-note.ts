import { createStaffNote, deleteStaffNote, listStaffNotes, updateStaffNote } from '../services/staff-note.js'
import { protectedProcedure, router } from '../trpc.js'
import {
  ZStaffNoteListInput,
  ZStaffNoteCreateInput,
  ZStaffNoteUpdateInput,
  ZStaffNoteDeleteInput,
} from '../schemas/staff-note.js'

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
