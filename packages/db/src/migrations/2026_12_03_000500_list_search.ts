import { sql, type Kysely } from 'kysely'

// Lists and search at 100,000 loans (issue 11 part 4).
//
// - One normalised search column per searched table, with a pg_trgm GIN index, so a substring search
//   ("obi", "0803 123", "mem0001") is one index scan instead of seven ILIKEs joined by OR:
//   member.search_text = code | "first last" | "last first" | middle | phone digits, lower-cased with runs of
//   white space made one; repayment.search_text = receipt number | reference. Loans are found through
//   their member's column (loan.member_id) and a trigram index on the loan number.
// - The columns are STORED GENERATED columns, not trigger-maintained: PostgreSQL recomputes them on every
//   insert and update (COPY included), so no write path — the app, the load generator, a manual fix in
//   psql — can leave them stale, and there is no trigger code to keep in step with the columns. A
//   generated column sees only its own row, which is why loans get no copy of their member's name (that
//   would need triggers on two tables); the member's index finds the member, loan_member_idx the loans.
// - Keyset pagination: every list sorts by (key, id) so a page starts where the last one ended with an
//   index range scan, and no page counts the whole list. Keys with many ties (principal, start date,
//   payment date and amount, member registration time) get (key, id) indexes; where ties are rare
//   (loan created_at, member names) the existing one-column indexes plus an incremental sort suffice.
export async function up(db: Kysely<any>): Promise<void> {
  // Trusted extension since PostgreSQL 13 (the database owner may create it); CockroachDB has trigram
  // indexes built in and accepts the statement.
  await sql`create extension if not exists pg_trgm`.execute(db)

  await db.schema
    .alterTable('member')
    .addColumn('search_text', 'text', (col) =>
      col
        .notNull()
        .generatedAlwaysAs(
          sql`lower(regexp_replace(code || ' | ' || first_name || ' ' || last_name || ' | ' || last_name || ' ' || first_name
            || coalesce(' | ' || middle_name, '') || coalesce(' | ' || regexp_replace(phone, '[^0-9]', '', 'g'), ''),
            '[[:space:]]+', ' ', 'g'))`,
        )
        .stored(),
    )
    .execute()
  await sql`create index member_search_trgm_idx on member using gin (search_text gin_trgm_ops)`.execute(db)
  await sql`create index member_created_idx on member (created_at, id)`.execute(db)

  await sql`create index loan_number_trgm_idx on loan using gin (loan_number gin_trgm_ops)`.execute(db)
  await sql`create index loan_principal_idx on loan (principal, id)`.execute(db)
  await sql`create index loan_start_date_idx on loan (start_date, id)`.execute(db)

  await db.schema
    .alterTable('repayment')
    .addColumn('search_text', 'text', (col) =>
      col
        .notNull()
        .generatedAlwaysAs(sql`lower(receipt_number || coalesce(' | ' || reference, ''))`)
        .stored(),
    )
    .execute()
  await sql`create index repayment_search_trgm_idx on repayment using gin (search_text gin_trgm_ops)`.execute(
    db,
  )
  await sql`create index repayment_paid_on_seq_idx on repayment (paid_on, posting_sequence)`.execute(db)
  await sql`create index repayment_amount_idx on repayment (amount, posting_sequence)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index repayment_amount_idx`.execute(db)
  await sql`drop index repayment_paid_on_seq_idx`.execute(db)
  await sql`drop index repayment_search_trgm_idx`.execute(db)
  await db.schema.alterTable('repayment').dropColumn('search_text').execute()

  await sql`drop index loan_start_date_idx`.execute(db)
  await sql`drop index loan_principal_idx`.execute(db)
  await sql`drop index loan_number_trgm_idx`.execute(db)

  await sql`drop index member_created_idx`.execute(db)
  await sql`drop index member_search_trgm_idx`.execute(db)
  await db.schema.alterTable('member').dropColumn('search_text').execute()
  // pg_trgm stays: other database objects may use it, and `up` creates it only if missing.
}
