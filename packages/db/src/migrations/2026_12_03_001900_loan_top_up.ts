import { sql, type Kysely } from 'kysely'

// Top-ups (docs/lending.md "Top-ups"): a product may allow a new loan that pays off the member's running
// loan on its disbursement day. The new loan keeps the link, and once disbursed the payoff taken from its
// principal, the cash paid to the member and the repayment that closed the old loan (whose receipt and
// statement say "paid off by top-up"). At most one application (draft, pending or approved) tops up a
// loan at a time; the member row lock decides first, the index makes it hold whatever the code does.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('loan_type')
    .addColumn('allows_top_up', 'boolean', (col) => col.notNull().defaultTo(false))
    .execute()
  await db.schema
    .alterTable('loan')
    .addColumn('top_up_of_loan_id', 'uuid', (col) => col.references('loan.id').onDelete('restrict'))
    .addColumn('top_up_payoff', 'bigint', (col) => col.check(sql`top_up_payoff >= 0`))
    .addColumn('top_up_cash_to_member', 'bigint', (col) => col.check(sql`top_up_cash_to_member >= 0`))
    // A pointer to the payoff payment, not a foreign key: repayment.loan_id already refers to loan, and
    // a key back would make the two tables refer to each other, leaving a restore no order to load them
    // in (docs/backups.md). Written once in the disbursement's transaction; a payoff is never reversed.
    .addColumn('top_up_repayment_id', 'uuid')
    .execute()
  await db.schema
    .alterTable('loan')
    .addCheckConstraint('loan_top_up_not_self', sql`top_up_of_loan_id <> id`)
    .execute()
  await db.schema
    .createIndex('loan_one_pending_top_up_idx')
    .on('loan')
    .column('top_up_of_loan_id')
    .unique()
    .where(sql<boolean>`status in ('DRAFT','PENDING_APPROVAL','APPROVED')`)
    .execute()
  await db.schema.createIndex('loan_top_up_of_idx').on('loan').column('top_up_of_loan_id').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('loan_top_up_of_idx').execute()
  await db.schema.dropIndex('loan_one_pending_top_up_idx').execute()
  await db.schema.alterTable('loan').dropConstraint('loan_top_up_not_self').execute()
  await db.schema
    .alterTable('loan')
    .dropColumn('top_up_repayment_id')
    .dropColumn('top_up_cash_to_member')
    .dropColumn('top_up_payoff')
    .dropColumn('top_up_of_loan_id')
    .execute()
  await db.schema.alterTable('loan_type').dropColumn('allows_top_up').execute()
}
