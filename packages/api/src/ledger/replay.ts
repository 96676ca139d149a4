import { sql, type Database, type Kysely, type Transaction } from '@mp/db'
import { loanPosition, type LoanPosition, type LoanStatus } from '@mp/domain'
import { approvedChangeEvents } from '../services/loan-change-events.js'
import {
  bookedInstallments,
  positionInput,
  scheduledOf,
  termsOf,
  type LoanHistory,
  type LoanTerms,
} from '../services/loan-core.js'
import type { LedgerRepayment } from './state.js'

type Db = Kysely<Database> | Transaction<Database>

/**
 * Loads and replays a batch of disbursed loans with @mp/domain (the oracle): four queries per batch
 * whatever its size (loans, installments, repayments, approved changes), never one per loan. Used by `ledger rebuild`,
 * `ledger verify` and the property tests.
 */
export type ReplayedLoan = {
  id: string
  loanNumber: string
  createdAt: Date
  closedAt: Date | null
  storedStatus: LoanStatus
  terms: LoanTerms
  history: LoanHistory
  repayments: LedgerRepayment[]
  position: LoanPosition
}

export async function replayBatch(
  db: Db,
  loanIds: readonly string[],
  options: {
    asOf: string
    defaultAfterDays: number
    lock?: boolean
    /**
     * Replay each loan as of its latest event when that comes after `asOf`: a ledger must include every
     * event (ADR 0004), and a long rebuild started before midnight meets payments dated the next day.
     */
    isAsOfRaisedToLastEvent?: boolean
  },
): Promise<ReplayedLoan[]> {
  if (loanIds.length === 0) return []
  let loanQuery = db
    .selectFrom('loan')
    .selectAll()
    .where('id', 'in', [...loanIds])
    .where('disbursed_on', 'is not', null)
    .orderBy('id')
  if (options.lock) loanQuery = loanQuery.forUpdate()
  const loans = await loanQuery.execute()
  const [installments, repayments, changes] = await Promise.all([
    bookedInstallments(db, loanIds),
    db
      .selectFrom('repayment')
      .select(['loan_id', 'id', 'paid_on', 'amount', 'posting_sequence', 'reversed_on'])
      .where('loan_id', 'in', [...loanIds])
      .orderBy('posting_sequence')
      .execute(),
    approvedChangeEvents(db, loanIds),
  ])
  const byLoan = new Map<string, LoanHistory>()
  for (const loan of loans) byLoan.set(loan.id, { installments: [], repayments: [], changes: [] })
  for (const row of installments) byLoan.get(row.loan_id)?.installments.push(scheduledOf(row))
  for (const { loan_id: loanId, ...repayment } of repayments) byLoan.get(loanId)?.repayments.push(repayment)
  for (const change of changes) byLoan.get(change.loanId)?.changes.push(change.event)
  const replayed: ReplayedLoan[] = []
  for (const loan of loans) {
    const history = byLoan.get(loan.id)
    if (history === undefined || history.installments.length === 0) continue
    const terms = termsOf(loan)
    let asOf = options.asOf
    if (options.isAsOfRaisedToLastEvent) {
      for (const r of history.repayments) {
        if (r.paid_on > asOf) asOf = r.paid_on
        if (r.reversed_on !== null && r.reversed_on > asOf) asOf = r.reversed_on
      }
      for (const c of history.changes) if (c.date > asOf) asOf = c.date
    }
    replayed.push({
      id: loan.id,
      loanNumber: loan.loan_number,
      createdAt: loan.created_at,
      closedAt: loan.closed_at,
      storedStatus: loan.status,
      terms,
      history,
      repayments: history.repayments,
      position: loanPosition(positionInput(terms, history, asOf, options.defaultAfterDays)),
    })
  }
  return replayed
}

/** Disbursed loan ids after `after` in id order: the batches of a rebuild or a full verify. */
export async function disbursedLoanIds(db: Db, after: string | null, limit: number): Promise<string[]> {
  let query = db
    .selectFrom('loan')
    .select('id')
    .where('disbursed_on', 'is not', null)
    .orderBy('id')
    .limit(limit)
  if (after !== null) query = query.where('id', '>', after)
  return (await query.execute()).map((r) => r.id)
}

/** A random sample of disbursed loans (for a quick verify of a big portfolio). */
export async function sampleLoanIds(db: Db, size: number): Promise<string[]> {
  const rows = await db
    .selectFrom('loan')
    .select('id')
    .where('disbursed_on', 'is not', null)
    .orderBy(sql`random()`)
    .limit(size)
    .execute()
  return rows.map((r) => r.id).sort()
}
