import { getCollectionSheet, postCollectionSheet } from '../services/collection-sheet.js'
import { protectedProcedure, router, outputOf } from '../trpc.js'
import { ZCollectionSheetOutput, ZCollectionSheetPostOutput } from '../schemas/output.js'
import { ZCollectionSheetPost, ZCollectionSheetGetInput } from '../schemas/collection-sheet.js'

export const collectionSheetRouter = router({
  /** Every member of the union with a running loan and what they owe on the date (docs/product.md §5). */
  get: protectedProcedure
    .input(ZCollectionSheetGetInput)
    .output(outputOf(ZCollectionSheetOutput, getCollectionSheet))
    .query(({ ctx, input }) => getCollectionSheet(ctx, input)),
  /** Posts every row at once: all or nothing, and idempotent under its key. */
  post: protectedProcedure
    .input(ZCollectionSheetPost)
    .output(outputOf(ZCollectionSheetPostOutput, postCollectionSheet))
    .mutation(({ ctx, input }) => postCollectionSheet(ctx, input)),
})
