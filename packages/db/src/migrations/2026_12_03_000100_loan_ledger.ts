import { sql, type Kysely } from 'kysely'

// The stored loan ledger (docs/decisions/0004-stored-loan-ledger.md): where each disbursed loan stands,
// written in the same transaction as every event that changes it (disbursement, posting, collection
// sheet, reversal, backdating, write-off, recovery). Everything that depends on the date (days past
// due, overdue amounts, penalties accrued, DEFAULTED, aging, PAR) is computed in SQL from this state
// and the date asked, so it is right at any moment with no nightly job. @mp/domain's replay is the
// oracle the state is tested against (`pnpm mp ledger verify`), and `pnpm mp ledger rebuild` rewrites
// it from history.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('loan_state')
    .addColumn('loan_id', 'uuid', (col) => col.primaryKey().references('loan.id').onDelete('restrict'))
    // Scheduled totals (fixed at disbursement) and what the standing repayments paid of each part.
    .addColumn('principal_due', 'bigint', (col) => col.notNull())
    .addColumn('interest_due', 'bigint', (col) => col.notNull())
    .addColumn('fee_due', 'bigint', (col) => col.notNull())
    .addColumn('principal_paid', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('interest_paid', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('fee_paid', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('penalty_paid', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('principal_outstanding', 'bigint', (col) => col.notNull())
    // Due date of the oldest installment whose principal+interest is not fully paid: days past due on
    // a date D is D − arrears_from when arrears_from < D (penalties alone never make a loan late).
    .addColumn('arrears_from', 'date')
    // The oldest installment not fully paid (principal, interest and fee): the one the next payment
    // goes to, and what it still needs (penalties excluded; they depend on the date).
    .addColumn('next_due_date', 'date')
    .addColumn('next_due_amount', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('last_payment_on', 'date')
    .addColumn('last_payment_amount', 'bigint')
    // Date of the latest repayment or reversal: the state is exact for any date on or after it.
    .addColumn('last_event_on', 'date')
    .addColumn('repayment_count', 'integer', (col) => col.notNull().defaultTo(0))
    // Days past due reached in the current delinquency episode before the latest payment: DEFAULTED
    // sticks until a payment brings the loan current (the domain's rule), whatever the threshold.
    .addColumn('episode_peak_dpd', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('paid_off_on', 'date')
    .addColumn('credit_balance', 'bigint', (col) => col.notNull().defaultTo(0))
    // The loan's penalty rule in columns SQL can use (null kind = no penalty).
    .addColumn('penalty_kind', 'text', (col) =>
      col.check(sql`penalty_kind is null or penalty_kind in ('PERCENT_PER_DAY','FIXED_PER_DAY')`),
    )
    .addColumn('penalty_rate_num', 'numeric')
    .addColumn('penalty_rate_den', 'numeric')
    .addColumn('penalty_amount_per_day', 'bigint')
    .addColumn('penalty_grace_days', 'integer')
    .addColumn('penalty_mode', 'text', (col) =>
      col.check(sql`penalty_mode is null or penalty_mode in ('FORGIVE','BACKDATE')`),
    )
    .addColumn('penalty_cap', 'bigint')
    .addColumn('rounding', 'text', (col) => col.notNull().check(sql`rounding in ('HALF_EVEN','HALF_UP')`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute()
  // "Overdue" and aging filters: loans with arrears, by how old they are.
  await sql`create index loan_state_arrears_idx on loan_state (arrears_from) where arrears_from is not null`.execute(
    db,
  )
  await sql`create index loan_state_next_due_idx on loan_state (next_due_date) where next_due_date is not null`.execute(
    db,
  )

  // Per installment: what the standing repayments paid, when it was paid off, what was paid on time,
  // and the penalty in closed form (the stretches of days already closed by payments, and the open one),
  // so the penalty accrued on any later date is one SQL expression (ADR 0004).
  await db.schema
    .alterTable('loan_installment')
    .addColumn('paid_principal', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('paid_interest', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('paid_fee', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('paid_penalty', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('paid_on_time', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('paid_off_on', 'date')
    .addColumn('penalty_closed', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('penalty_closed_breached', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('penalty_open_from', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('penalty_open_base', 'bigint', (col) => col.notNull().defaultTo(0))
    .execute()
  await sql`create index loan_installment_open_due_idx on loan_installment (due_date, loan_id) where paid_off_on is null`.execute(
    db,
  )
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index loan_installment_open_due_idx`.execute(db)
  await db.schema
    .alterTable('loan_installment')
    .dropColumn('paid_principal')
    .dropColumn('paid_interest')
    .dropColumn('paid_fee')
    .dropColumn('paid_penalty')
    .dropColumn('paid_on_time')
    .dropColumn('paid_off_on')
    .dropColumn('penalty_closed')
    .dropColumn('penalty_closed_breached')
    .dropColumn('penalty_open_from')
    .dropColumn('penalty_open_base')
    .execute()
  await db.schema.dropTable('loan_state').execute()
}
