import { sql, type Database, type Kysely, type Transaction } from '@mp/db'
import type { LoanStatus } from '@mp/domain'
import { daysPastDueSql, installmentOutstandingSql, statusSql } from './sql.js'

type Db = Kysely<Database> | Transaction<Database>

export type LedgerFigures = {
  status: LoanStatus
  daysPastDue: number
  /** Everything still owed on the date, penalties included (the largest payment accepted). */
  payoff: number
  /** Everything owed on installments due on or before the date: the "due now" payment. */
  dueNow: number
  /** Latest repayment or reversal date: the figures are exact for dates on or after it. */
  lastEventOn: string | null
  isDisbursed: boolean
}

/**
 * One loan's date-dependent figures from its stored ledger, in SQL (no replay). Exact for any date on or
 * after the loan's latest event (ADR 0004); earlier dates need a replay.
 */
export async function ledgerFigures(
  db: Db,
  loanId: string,
  asOf: string,
  defaultAfterDays: number,
): Promise<LedgerFigures> {
  const row = await db
    .selectFrom('loan')
    .leftJoin('loan_state as ls', 'ls.loan_id', 'loan.id')
    .select([
      sql<LoanStatus>`${statusSql(asOf, defaultAfterDays)}`.as('status'),
      sql<number>`coalesce(${daysPastDueSql(asOf)}, 0)`.as('days_past_due'),
      'ls.last_event_on',
      sql<boolean>`ls.loan_id is not null`.as('is_disbursed'),
      (eb) =>
        eb
          .selectFrom('loan_installment as i')
          .select(sql<string>`coalesce(sum(${installmentOutstandingSql(asOf)}), 0)`.as('payoff'))
          .whereRef('i.loan_id', '=', 'loan.id')
          .as('payoff'),
      (eb) =>
        eb
          .selectFrom('loan_installment as i')
          .select(sql<string>`coalesce(sum(${installmentOutstandingSql(asOf)}), 0)`.as('due_now'))
          .whereRef('i.loan_id', '=', 'loan.id')
          .where('i.due_date', '<=', sql<string>`cast(${asOf} as date)`)
          .as('due_now'),
    ])
    .where('loan.id', '=', loanId)
    .executeTakeFirstOrThrow()
  return {
    status: row.status,
    daysPastDue: row.days_past_due,
    payoff: Number(row.payoff ?? 0),
    dueNow: Number(row.due_now ?? 0),
    lastEventOn: row.last_event_on,
    isDisbursed: row.is_disbursed,
  }
}
