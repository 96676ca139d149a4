import type { Database, Kysely, Transaction } from '@mp/db'
import type { LoanHistoryEvent } from '@mp/domain'
import { storedChangeEvent } from '../schemas/loan-change.js'

type Db = Kysely<Database> | Transaction<Database>

/**
 * Approved reschedules, restructures and waivers as @mp/domain replays them (docs/lending.md
 * "Rescheduling", "Waivers"): each change's stored event, ordered among the loan's repayments by the
 * posting sequence it took when approved. One query for any number of loans.
 */
export async function approvedChangeEvents(
  db: Db,
  loanIds: readonly string[],
): Promise<{ loanId: string; event: LoanHistoryEvent }[]> {
  if (loanIds.length === 0) return []
  const rows = await db
    .selectFrom('loan_change')
    .select(['loan_id', 'event', 'posting_sequence'])
    .where('loan_id', 'in', [...loanIds])
    .where('status', '=', 'APPROVED')
    .orderBy('posting_sequence')
    .execute()
  return rows.map((row) => ({
    loanId: row.loan_id,
    event: { ...storedChangeEvent(row.event), sequence: Number(row.posting_sequence) },
  }))
}
