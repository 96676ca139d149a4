import { sql, type Kysely } from 'kysely'

// The loan list's ledger filters (OVERDUE, DEFAULTED) served from loan_state alone (ADR 0004): the loan's
// creation time (the list's default order, fixed for life) and the day it was written off (a write-off
// is a ledger event) sit beside the arrears date, so the newest overdue loans are found by walking one
// index instead of probing thousands of current loans one by one.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('loan_state')
    .addColumn('loan_created_at', 'timestamptz')
    .addColumn('written_off_on', 'date')
    .execute()
  await sql`update loan_state as ls set loan_created_at = l.created_at,
      written_off_on = case when l.status = 'WRITTEN_OFF'
        then (l.closed_at at time zone coalesce((select timezone from company_settings where id = 'default'), 'Africa/Lagos'))::date
        end
    from loan as l where l.id = ls.loan_id`.execute(db)
  // Required from now on. A CHECK added NOT VALID and then validated scans the table without the
  // exclusive lock SET NOT NULL would hold for the whole scan (postings keep flowing on a big ledger).
  await sql`alter table loan_state add constraint loan_state_created_at_present check (loan_created_at is not null) not valid`.execute(
    db,
  )
  await sql`alter table loan_state validate constraint loan_state_created_at_present`.execute(db)
  await sql`create index loan_state_running_order_idx on loan_state (loan_created_at, loan_id) include (arrears_from)
    where written_off_on is null and arrears_from is not null`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index loan_state_running_order_idx`.execute(db)
  await sql`alter table loan_state drop constraint loan_state_created_at_present`.execute(db)
  await db.schema
    .alterTable('loan_state')
    .dropColumn('loan_created_at')
    .dropColumn('written_off_on')
    .execute()
}
