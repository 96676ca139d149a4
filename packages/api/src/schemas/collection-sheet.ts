import { z } from 'zod'
import { zOptionalText } from './fields.js'
import { zDay } from './list.js'
import { ZLoanId, zKoboAmount } from './loan.js'
import { ZIdempotencyKey, ZRepaymentMethod } from './repayment.js'

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

/** Without a date, the sheet opens on the union's next meeting (or today when it has no meeting day). */
export const ZCollectionSheetGetInput = z.object({ unionId: ZUnion, date: zDay('Sheet date').optional() })
export type TCollectionSheetGetInput = z.infer<typeof ZCollectionSheetGetInput>
