import { sql, type Kysely } from 'kysely'

// A loan copies its product's meeting and calendar settings when it is booked, like its other terms
// (docs/lending.md "Products (loan types)", "Union meetings"): changing the product later never changes
// the dates of a loan already booked. The dates themselves are fixed at disbursement in
// loan_installment.due_date, from the union's meeting rule and the company calendar of that day.
// Loans booked before this migration did not follow meetings and move non-working days forward.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('loan')
    .addColumn('follows_meetings', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('meeting_min_gap_days', 'smallint', (col) =>
      col
        .notNull()
        .defaultTo(7)
        .check(sql`meeting_min_gap_days between 0 and 365`),
    )
    .addColumn('non_working_day_rule', 'text', (col) =>
      col
        .notNull()
        .defaultTo('next')
        .check(sql`non_working_day_rule in ('next','previous')`),
    )
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('loan')
    .dropColumn('non_working_day_rule')
    .dropColumn('meeting_min_gap_days')
    .dropColumn('follows_meetings')
    .execute()
}
