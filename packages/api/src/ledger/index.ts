import type { Database, Kysely, Transaction } from '@mp/db'
import type { LoanPosition } from '@mp/domain'
import { companyFacts } from '../services/loan-core.js'
import { ledgerOf, type LedgerLoan, type LedgerRepayment, type LedgerTerms } from './state.js'
import { writeLedgers } from './write.js'

export {
  INSTALLMENT_LEDGER_FIELDS,
  LEDGER_STATE_FIELDS,
  ledgerLoanOf,
  ledgerOf,
  type LedgerLoan,
  type LedgerRepayment,
  type LedgerTerms,
  type LoanLedger,
} from './state.js'
export { writeLedgers } from './write.js'
export * from './sql.js'
export { ledgerFigures, ledgerStatus } from './read.js'

/**
 * Stores one loan's ledger from the position the caller just replayed, in the caller's transaction, under
 * the loan's row lock: every event that changes a loan (disbursement, posting, collection sheet,
 * reversal, backdating, recovery) ends here (ADR 0004).
 */
export async function storeLoanLedger(
  trx: Transaction<Database>,
  loan: LedgerLoan,
  terms: LedgerTerms,
  position: LoanPosition,
  repayments: readonly LedgerRepayment[],
): Promise<void> {
  await writeLedgers(trx, [ledgerOf(loan, terms, position, repayments)])
}
export { rebuildLedger, type LedgerRunOptions } from './rebuild.js'
export { verifyLedger, type LedgerDifference, type LedgerVerification } from './verify.js'
export { reconcileAllocations, type AllocationReconciliation } from './reconcile.js'

/** Today in the company timezone and the DEFAULTED threshold: what a CLI run of the ledger needs. */
export async function ledgerFacts(
  db: Kysely<Database>,
  now: Date = new Date(),
): Promise<{ today: string; defaultAfterDays: number; timeZone: string }> {
  const facts = await companyFacts(db, { now: () => now })
  return { today: facts.today, defaultAfterDays: facts.defaultAfterDays, timeZone: facts.timeZone }
}
