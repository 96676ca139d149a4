import { sql, type Kysely } from 'kysely'

// Collection facts and report indexes (docs/reports.md "Collection efficiency and on-time rate").
//
// Collection efficiency and on-time rate look at every installment due in a period and every allocation
// paid in it: at 100,000 loans a month is ~100,000 installments and allocations, scattered over two big,
// often-updated tables. The close copies what those KPIs need into two narrow tables ordered by due date;
// a report reads the copy for loans unchanged since it was taken and the live tables for the few loans
// changed since (`loan_state.updated_at`, written with every event), so the answer stays exact.
//
// - `due_fact`: per installment, its amount due (principal + interest + fee) and what was paid on time.
// - `allocation_fact`: per installment and payment date, what standing repayments allocated to principal,
//   interest and fees (penalties left out, as in @mp/domain `installmentDues`).
// - `fact_refresh`: when the copy was taken (one row).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('due_fact')
    .addColumn('loan_id', 'uuid', (col) => col.notNull())
    .addColumn('sequence', 'integer', (col) => col.notNull())
    .addColumn('due_date', 'date', (col) => col.notNull())
    .addColumn('amount_due', 'bigint', (col) => col.notNull())
    .addColumn('paid_on_time', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('due_fact_pk', ['loan_id', 'sequence'])
    .execute()
  await sql`create index due_fact_due_idx on due_fact (due_date) include (loan_id, amount_due, paid_on_time)`.execute(
    db,
  )

  await db.schema
    .createTable('allocation_fact')
    .addColumn('loan_id', 'uuid', (col) => col.notNull())
    .addColumn('sequence', 'integer', (col) => col.notNull())
    .addColumn('due_date', 'date', (col) => col.notNull())
    .addColumn('paid_on', 'date', (col) => col.notNull())
    .addColumn('amount', 'bigint', (col) => col.notNull())
    // The installment's amount due, for the per-installment cap without a second lookup.
    .addColumn('amount_due', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('allocation_fact_pk', ['loan_id', 'sequence', 'paid_on'])
    .execute()
  await sql`create index allocation_fact_due_idx on allocation_fact (due_date, loan_id, sequence) include (paid_on, amount, amount_due)`.execute(
    db,
  )

  await db.schema
    .createTable('fact_refresh')
    .addColumn('id', 'text', (col) => col.primaryKey().check(sql`id = 'default'`))
    .addColumn('refreshed_at', 'timestamptz', (col) => col.notNull())
    .execute()

  // Loans changed since the facts were taken.
  await sql`create index loan_state_updated_idx on loan_state (updated_at)`.execute(db)
  // Money received per day and month, read from the index alone.
  await sql`create index repayment_standing_paid_on_idx on repayment (paid_on) include (amount, loan_id) where reversed_at is null`.execute(
    db,
  )
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index repayment_standing_paid_on_idx`.execute(db)
  await sql`drop index loan_state_updated_idx`.execute(db)
  await db.schema.dropTable('fact_refresh').execute()
  await db.schema.dropTable('allocation_fact').execute()
  await db.schema.dropTable('due_fact').execute()
}
