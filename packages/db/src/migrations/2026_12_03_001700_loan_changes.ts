import { sql, type Kysely } from 'kysely'

// Reschedules, restructures and waivers (docs/lending.md "Rescheduling", "Restructuring", "Waivers").
//
// - loan_change: one request, maker-checker. The terms asked for (versioned JSON), a reason, who asked;
//   PENDING until someone else approves or rejects it. On approval the @mp/domain event it produced
//   (`event`, with the new installments of a reschedule) is kept and replayed with the loan's repayments,
//   ordered among them by `posting_sequence` (taken from the repayments' own sequence). `amount` is what a
//   waiver waives (penalty + interest, kobo) or what a restructure waives or capitalises: the figure the
//   approver's limit is checked against and the waiver report sums.
// - loan_installment: the rows a reschedule adds carry its `change_id` (they are not part of the schedule
//   booked at disbursement). `principal`, `interest`, `fee` are what each installment is owed now (a
//   reschedule moves the unpaid part to the new rows, a waiver of interest lowers it); `original_*` keep
//   the amounts booked when a change altered them, so the old schedule is never lost and the replay starts
//   from it. `settled_penalty` is the penalty waived or capitalised (paid_penalty stays what was paid).
// - loan.restructured_at: the day of the loan's first restructure, for PAR "with restructured loans".
// - company_settings.waiver_limits: the largest waiver (kobo) each role may approve alone; a role not
//   listed may not approve waivers.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('loan_change')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('loan_id', 'uuid', (col) => col.notNull().references('loan.id').onDelete('cascade'))
    .addColumn('kind', 'text', (col) =>
      col.notNull().check(sql`kind in ('RESCHEDULE','RESTRUCTURE','WAIVER')`),
    )
    .addColumn('effective_on', 'date', (col) => col.notNull())
    .addColumn('terms', 'jsonb', (col) => col.notNull())
    .addColumn('amount', 'bigint', (col) =>
      col
        .notNull()
        .defaultTo(0)
        .check(sql`amount >= 0`),
    )
    .addColumn('reason', 'text', (col) => col.notNull().check(sql`char_length(reason) between 3 and 500`))
    .addColumn('status', 'text', (col) =>
      col
        .notNull()
        .defaultTo('PENDING')
        .check(sql`status in ('PENDING','APPROVED','REJECTED')`),
    )
    .addColumn('requested_by', 'uuid', (col) => col.notNull().references('staff_user.id'))
    .addColumn('requested_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('decided_by', 'uuid', (col) => col.references('staff_user.id'))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('decision_note', 'text', (col) => col.check(sql`char_length(decision_note) <= 500`))
    .addColumn('event', 'jsonb')
    .addColumn('posting_sequence', 'bigint')
    .addCheckConstraint(
      'loan_change_decision_check',
      sql`(status = 'PENDING' and decided_by is null and decided_at is null)
        or (status <> 'PENDING' and decided_by is not null and decided_at is not null)`,
    )
    .addCheckConstraint(
      'loan_change_event_check',
      sql`(status = 'APPROVED') = (event is not null and posting_sequence is not null)`,
    )
    .execute()
  await sql`create index loan_change_loan_idx on loan_change (loan_id, requested_at)`.execute(db)
  // At most one pending request per loan: a second would be computed from a state the first changes.
  await sql`create unique index loan_change_pending_idx on loan_change (loan_id) where status = 'PENDING'`.execute(
    db,
  )
  await sql`create index loan_change_pending_list_idx on loan_change (requested_at) where status = 'PENDING'`.execute(
    db,
  )
  // The waiver report: approved changes that waived something, by their date.
  await sql`create index loan_change_waived_idx on loan_change (effective_on) where status = 'APPROVED' and amount > 0`.execute(
    db,
  )

  await db.schema
    .alterTable('loan_installment')
    .addColumn('change_id', 'uuid', (col) => col.references('loan_change.id'))
    .addColumn('original_principal', 'bigint')
    .addColumn('original_interest', 'bigint')
    .addColumn('original_fee', 'bigint')
    .addColumn('settled_penalty', 'bigint', (col) => col.notNull().defaultTo(0))
    .execute()

  await db.schema.alterTable('loan').addColumn('restructured_at', 'date').execute()
  await sql`create index loan_restructured_idx on loan (restructured_at) where restructured_at is not null`.execute(
    db,
  )

  await db.schema
    .alterTable('company_settings')
    .addColumn('waiver_limits', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('company_settings').dropColumn('waiver_limits').execute()
  await sql`drop index loan_restructured_idx`.execute(db)
  await db.schema.alterTable('loan').dropColumn('restructured_at').execute()
  await db.schema
    .alterTable('loan_installment')
    .dropColumn('change_id')
    .dropColumn('original_principal')
    .dropColumn('original_interest')
    .dropColumn('original_fee')
    .dropColumn('settled_penalty')
    .execute()
  await db.schema.dropTable('loan_change').execute()
}
