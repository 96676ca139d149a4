import { sql, type Database, type Kysely, type Transaction } from '@mp/db'
import type { LoanStatus } from '@mp/domain'
import { daysPastDueSql, installmentOutstandingSql, statusSql } from './sql.js'

type Db = Kysely<Database> | Transaction<Database>

export type LedgerStatus = {
  status: LoanStatus
  daysPastDue: number
  /** Latest repayment or reversal date: the figures are exact for dates on or after it. */
  lastEventOn: string | null
  isDisbursed: boolean
}

export type LedgerFigures = LedgerStatus & {
  /** Everything still owed on the date, penalties included (the largest payment accepted). */
  payoff: number
  /** Everything owed on installments due on or before the date: the "due now" payment. */
  dueNow: number
}

/**
 * One loan's status and days past due on `asOf` from its stored ledger, in SQL (no replay): one row
 * read. Exact for any date on or after the loan's latest event (ADR 0004).
 */
export async function ledgerStatus(
  db: Db,
  loanId: string,
  asOf: string,
  defaultAfterDays: number,
  options: { idempotencyKey?: string } = {},
): Promise<LedgerStatus & { seen: { id: string; request_hash: string; loan_id: string } | null }> {
  // A posting also asks, in the same round trip, whether its idempotency key was used before.
  const key = options.idempotencyKey ?? null
  const row = await db
    .selectFrom('loan')
    .leftJoin('loan_state as ls', 'ls.loan_id', 'loan.id')
    .leftJoin('repayment as seen', (join) =>
      join.on(sql<boolean>`${key}::text is not null and seen.idempotency_key = ${key}`),
    )
    .select([
      sql<LoanStatus>`${statusSql(asOf, defaultAfterDays)}`.as('status'),
      sql<number>`coalesce(${daysPastDueSql(asOf)}, 0)`.as('days_past_due'),
      'ls.last_event_on',
      sql<boolean>`ls.loan_id is not null`.as('is_disbursed'),
      'seen.id as seen_id',
      'seen.request_hash as seen_request_hash',
      'seen.loan_id as seen_loan_id',
    ])
    .where('loan.id', '=', loanId)
    .executeTakeFirstOrThrow()
  return {
    status: row.status,
    daysPastDue: row.days_past_due,
    lastEventOn: row.last_event_on,
    isDisbursed: row.is_disbursed,
    seen:
      row.seen_id === null || row.seen_request_hash === null || row.seen_loan_id === null
        ? null
        : { id: row.seen_id, request_hash: row.seen_request_hash, loan_id: row.seen_loan_id },
  }
}

/** `ledgerStatus` plus the payoff and "due now" on `asOf`, penalties included, summed in SQL. */
export async function ledgerFigures(
  db: Db,
  loanId: string,
  asOf: string,
  defaultAfterDays: number,
): Promise<LedgerFigures> {
  const [status, amounts] = await Promise.all([
    ledgerStatus(db, loanId, asOf, defaultAfterDays),
    db
      .selectFrom('loan_installment as i')
      .innerJoin('loan_state as ls', 'ls.loan_id', 'i.loan_id')
      .select([
        sql<string>`coalesce(sum(${installmentOutstandingSql(asOf)}), 0)`.as('payoff'),
        sql<string>`coalesce(sum(${installmentOutstandingSql(asOf)}) filter (where i.due_date <= cast(${asOf} as date)), 0)`.as(
          'due_now',
        ),
      ])
      .where('i.loan_id', '=', loanId)
      .executeTakeFirstOrThrow(),
  ])
  const { seen: _unused, ...figures } = status
  return { ...figures, payoff: Number(amounts.payoff), dueNow: Number(amounts.due_now) }
}
