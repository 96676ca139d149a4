import {
  createDocumentType,
  listDocumentTypes,
  setDocumentTypeActive,
  updateDocumentType,
} from '../services/document-type.js'
import { adminProcedure, protectedProcedure, router } from '../trpc.js'
import {
  ZDocumentTypeListInput,
  ZDocumentTypeCreateInput,
  ZDocumentTypeUpdateInput,
  ZDocumentTypeSetActiveInput,
} from '../schemas/document-type.js'

/**
 * Document types (passport, utility bill, guarantor form…): everyone signed in reads them for the
 * upload form; head office maintains them (old system §2.8). A type in use is deactivated, never
 * deleted, so existing documents keep their type.
 */
export const documentTypeRouter = router({
  list: protectedProcedure
    .input(ZDocumentTypeListInput)
    .query(({ ctx, input }) => listDocumentTypes(ctx, input)),
  create: adminProcedure
    .input(ZDocumentTypeCreateInput)
    .mutation(({ ctx, input }) => createDocumentType(ctx, input)),
  update: adminProcedure
    .input(ZDocumentTypeUpdateInput)
    .mutation(({ ctx, input }) => updateDocumentType(ctx, input)),
  setActive: adminProcedure
    .input(ZDocumentTypeSetActiveInput)
    .mutation(({ ctx, input }) => setDocumentTypeActive(ctx, input)),
})
