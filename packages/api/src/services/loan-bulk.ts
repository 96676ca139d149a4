import type { AuthedContext } from '../context.js'
import { AppError } from '../errors.js'
import { loanTransition } from './loan-workflow.js'

/** At most this many loans in one bulk approval (one request, each loan in its own transaction). */
export const BULK_APPROVE_LIMIT = 50

export type BulkApproveResult = {
  id: string
  isApproved: boolean
  /** The loan number when the loan was approved. */
  loanNumber: string | null
  /** Why a loan was not approved (maker-checker, wrong status, not found…), as the single approval says it. */
  message: string | null
  reason: string | null
}

/**
 * Bulk approval from the loans list (docs/product.md §4): each loan goes through exactly the single
 * approval — same rules, maker-checker per loan, its own transaction, audit entry and timeline event —
 * so one refusal never undoes or blocks the others. Loans are taken in the order given; an id given
 * twice is approved once. A business refusal is reported per id; anything else is a bug and fails the call.
 */
export async function bulkApproveLoans(
  ctx: AuthedContext,
  input: { ids: readonly string[]; note?: string | null },
): Promise<{ approved: number; refused: number; results: BulkApproveResult[] }> {
  const results: BulkApproveResult[] = []
  for (const id of new Set(input.ids)) {
    try {
      const loan = await loanTransition(ctx, id, 'APPROVE', { reason: input.note ?? null })
      results.push({ id, isApproved: true, loanNumber: loan.loanNumber, message: null, reason: null })
    } catch (error) {
      if (!(error instanceof AppError)) throw error
      results.push({
        id,
        isApproved: false,
        loanNumber: null,
        message: error.message,
        reason: error.reason ?? null,
      })
    }
  }
  const approved = results.filter((result) => result.isApproved).length
  return { approved, refused: results.length - approved, results }
}
