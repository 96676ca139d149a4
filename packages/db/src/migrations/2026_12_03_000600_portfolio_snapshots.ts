import { sql, type Kysely } from 'kysely'

// Portfolio snapshots and the daily close (docs/reports.md "The close").
//
// - `close_run`: one row per closed day, claimed with INSERT … ON CONFLICT DO NOTHING so that several
//   server instances racing to close the same day write one snapshot (no advisory locks: CockroachDB).
// - `portfolio_snapshot`: the portfolio at the end of a day, per union (the union's officer at close
//   time kept for the record; reports scope by the union's officer now, as for loans).
// - `portfolio_run` / `portfolio_run_loan`: the portfolio as of one date, loan by loan, computed in the
//   background (a date no snapshot covers, and the loan rows of any past date); the close aggregates its
//   snapshot from such a run. Rows of finished runs are deleted after a while.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('close_run')
    .addColumn('run_date', 'date', (col) => col.primaryKey())
    .addColumn('state', 'text', (col) => col.notNull().check(sql`state in ('RUNNING','DONE','FAILED')`))
    .addColumn('claimed_by', 'text', (col) => col.notNull())
    .addColumn('heartbeat_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('started_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .addColumn('loans_from_state', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('loans_replayed', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .execute()

  await db.schema
    .createTable('portfolio_snapshot')
    .addColumn('snapshot_date', 'date', (col) => col.notNull())
    .addColumn('union_id', 'uuid', (col) => col.notNull().references('union.id').onDelete('cascade'))
    .addColumn('officer_id', 'uuid', (col) => col.references('staff_user.id').onDelete('set null'))
    // Loans disbursed by the date, by their status on it.
    .addColumn('loans_active', 'integer', (col) => col.notNull())
    .addColumn('loans_defaulted', 'integer', (col) => col.notNull())
    .addColumn('loans_completed', 'integer', (col) => col.notNull())
    .addColumn('loans_written_off', 'integer', (col) => col.notNull())
    // Running loans (active or defaulted) only, in kobo.
    .addColumn('outstanding_principal', 'bigint', (col) => col.notNull())
    .addColumn('outstanding', 'bigint', (col) => col.notNull())
    .addColumn('overdue', 'bigint', (col) => col.notNull())
    .addColumn('overdue_principal', 'bigint', (col) => col.notNull())
    .addColumn('penalties_accrued', 'bigint', (col) => col.notNull())
    .addColumn('par1_principal', 'bigint', (col) => col.notNull())
    .addColumn('par30_principal', 'bigint', (col) => col.notNull())
    .addColumn('par60_principal', 'bigint', (col) => col.notNull())
    .addColumn('par90_principal', 'bigint', (col) => col.notNull())
    // Aging buckets (days past due: 0, 1–30, 31–60, 61–90, 91+), which are also the CBN provisioning
    // classes, so provisioning is computed from these balances.
    .addColumn('aging_current_amount', 'bigint', (col) => col.notNull())
    .addColumn('aging_1_30_amount', 'bigint', (col) => col.notNull())
    .addColumn('aging_31_60_amount', 'bigint', (col) => col.notNull())
    .addColumn('aging_61_90_amount', 'bigint', (col) => col.notNull())
    .addColumn('aging_90_plus_amount', 'bigint', (col) => col.notNull())
    .addColumn('aging_current_count', 'integer', (col) => col.notNull())
    .addColumn('aging_1_30_count', 'integer', (col) => col.notNull())
    .addColumn('aging_31_60_count', 'integer', (col) => col.notNull())
    .addColumn('aging_61_90_count', 'integer', (col) => col.notNull())
    .addColumn('aging_90_plus_count', 'integer', (col) => col.notNull())
    .addColumn('computed_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('portfolio_snapshot_pk', ['snapshot_date', 'union_id'])
    .execute()
  await db.schema
    .createIndex('portfolio_snapshot_union_idx')
    .on('portfolio_snapshot')
    .columns(['union_id', 'snapshot_date'])
    .execute()

  await db.schema
    .createTable('portfolio_run')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('as_of', 'date', (col) => col.notNull())
    .addColumn('purpose', 'text', (col) => col.notNull().check(sql`purpose in ('AS_OF','CLOSE')`))
    .addColumn('state', 'text', (col) => col.notNull().check(sql`state in ('RUNNING','DONE','FAILED')`))
    .addColumn('requested_by', 'uuid', (col) => col.references('staff_user.id').onDelete('set null'))
    .addColumn('claimed_by', 'text', (col) => col.notNull())
    .addColumn('heartbeat_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('loans_total', 'integer')
    .addColumn('loans_done', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('loans_replayed', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .execute()
  await db.schema
    .createIndex('portfolio_run_as_of_idx')
    .on('portfolio_run')
    .columns(['as_of', 'created_at'])
    .execute()

  await db.schema
    .createTable('portfolio_run_loan')
    .addColumn('run_id', 'uuid', (col) => col.notNull().references('portfolio_run.id').onDelete('cascade'))
    .addColumn('loan_id', 'uuid', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('days_past_due', 'integer', (col) => col.notNull())
    .addColumn('outstanding_principal', 'bigint', (col) => col.notNull())
    .addColumn('overdue_principal', 'bigint', (col) => col.notNull())
    .addColumn('outstanding', 'bigint', (col) => col.notNull())
    .addColumn('overdue', 'bigint', (col) => col.notNull())
    .addColumn('due_now', 'bigint', (col) => col.notNull())
    .addColumn('penalties_accrued', 'bigint', (col) => col.notNull())
    .addColumn('paid', 'bigint', (col) => col.notNull())
    .addColumn('is_replayed', 'boolean', (col) => col.notNull().defaultTo(false))
    .addPrimaryKeyConstraint('portfolio_run_loan_pk', ['run_id', 'loan_id'])
    .execute()

  // Running loans (not paid off): dashboard and portfolio aggregates read these without the others.
  await sql`create index loan_state_running_idx on loan_state (loan_id) include (principal_outstanding, arrears_from, episode_peak_dpd) where paid_off_on is null`.execute(
    db,
  )
  // Loans changed after a day: the few a catch-up close replays instead of reading the state.
  await sql`create index loan_state_last_event_idx on loan_state (last_event_on)`.execute(db)
  // Disbursed in a period (dashboard flows, disbursement report), summed from the index alone.
  await sql`create index loan_disbursed_on_idx on loan (disbursed_on) include (principal, processing_fee, member_id) where disbursed_on is not null`.execute(
    db,
  )
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index loan_disbursed_on_idx`.execute(db)
  await sql`drop index loan_state_last_event_idx`.execute(db)
  await sql`drop index loan_state_running_idx`.execute(db)
  await db.schema.dropTable('portfolio_run_loan').execute()
  await db.schema.dropTable('portfolio_run').execute()
  await db.schema.dropTable('portfolio_snapshot').execute()
  await db.schema.dropTable('close_run').execute()
}
