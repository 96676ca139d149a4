import { deleteDocument, listDocuments, uploadDocument, verifyDocument } from '../services/document.js'
import { protectedProcedure, router, supervisorProcedure } from '../trpc.js'
import {
  ZDocumentUploadInput,
  ZDocumentListInput,
  ZDocumentVerifyInput,
  ZDocumentDeleteInput,
} from '../schemas/document.js'

/**
 * Member and guarantor documents (docs/product.md §6). Every call checks that the owner is in the caller's
 * scope (the old system checked none); the bytes are served only by the server's /files route,
 * which applies the same check.
 */
export const documentRouter = router({
  upload: protectedProcedure
    .input(ZDocumentUploadInput)
    .mutation(({ ctx, input }) => uploadDocument(ctx, input)),
  list: protectedProcedure.input(ZDocumentListInput).query(({ ctx, input }) => listDocuments(ctx, input)),
  verify: supervisorProcedure
    .input(ZDocumentVerifyInput)
    .mutation(({ ctx, input }) => verifyDocument(ctx, input)),
  delete: protectedProcedure
    .input(ZDocumentDeleteInput)
    .mutation(({ ctx, input }) => deleteDocument(ctx, input)),
})
