import { z } from 'zod'
import { zDay } from '../services/list-query.js'
import { getCollectionSheet, postCollectionSheet } from '../services/collection-sheet.js'
import { protectedProcedure, router } from '../trpc.js'
import { ZLoanId, zKoboAmount } from './loan.js'
import { ZIdempotencyKey, ZRepaymentMethod } from './repayment.js'
import { zOptionalText } from './union.js'

const ZUnion = z.uuid({ error: 'Union id must be a valid id' })

export const ZCollectionSheetPost = z.object({
  unionId: ZUnion,
  date: zDay('Sheet date'),
  method: ZRepaymentMethod.default('CASH'),
  idempotencyKey: ZIdempotencyKey,
  rows: z
    .array(
      z.object({
        loanId: ZLoanId,
        amount: zKoboAmount('Amount'),
        reference: zOptionalText('Reference', 100).nullable().optional(),
        notes: zOptionalText('Notes', 500, { multiline: true }).nullable().optional(),
      }),
    )
    .min(1, { error: 'Enter at least one payment' })
    .max(500, { error: 'A sheet holds at most 500 payments' }),
})
export type TCollectionSheetPost = z.infer<typeof ZCollectionSheetPost>

export const ZCollectionSheetGetInput = z.object({ unionId: ZUnion, date: zDay('Sheet date') })

export const collectionSheetRouter = router({
  /** Every member of the union with a running loan and what they owe on the date (docs/product.md §5). */
  get: protectedProcedure
    .input(ZCollectionSheetGetInput)
    .query(({ ctx, input }) => getCollectionSheet(ctx, input)),
  /** Posts every row at once: all or nothing, and idempotent under its key. */
  post: protectedProcedure
    .input(ZCollectionSheetPost)
    .mutation(({ ctx, input }) => postCollectionSheet(ctx, input)),
})
