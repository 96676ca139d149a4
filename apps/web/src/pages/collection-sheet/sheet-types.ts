import type { RouterOutputs } from '../../lib/trpc'

/** collectionSheet.get: the union, the date, each running loan's row and the sheets already posted. */
export type Sheet = RouterOutputs['collectionSheet']['get']
export type SheetRowData = Sheet['rows'][number]
/** collectionSheet.post: what was posted, with a receipt for each payment. */
export type PostSummary = RouterOutputs['collectionSheet']['post']

/** The amount field of a loan's row: a failed post scrolls it into view. */
export function amountInputId(loanId: string): string {
  return `sheet-amount-${loanId}`
}
