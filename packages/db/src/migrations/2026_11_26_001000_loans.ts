import { sql, type Kysely } from 'kysely'

// Loans, their fixed schedules, repayments, allocations, collection sheets and timelines (docs/product.md §3–§5).
//
// - A loan copies its product's terms when booked (interest, fee, penalty, order, rounding, multiple), so
//   editing a product never changes a booked loan.
// - The schedule rows are written once, at disbursement, and never change afterwards.
// - Repayments are never edited or deleted: a reversal marks one as reversed. `repayment_allocation`
//   always holds the allocations of the repayments still standing, exactly as @mp/domain replays them;
//   the API rewrites a loan's rows (under the loan's row lock) whenever history changes.
// - Overdue, days past due and DEFAULTED are computed from the date when read, never by a nightly job.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create sequence loan_number_seq start 1`.execute(db)
  await sql`create sequence receipt_number_seq start 1`.execute(db)
  await db.schema
    .createTable('loan')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('loan_number', 'text', (col) =>
      col
        .notNull()
        .unique()
        .defaultTo(sql`'LN' || lpad(nextval('loan_number_seq')::text, 8, '0')`),
    )
    .addColumn('member_id', 'uuid', (col) => col.notNull().references('member.id').onDelete('restrict'))
    .addColumn('loan_type_id', 'uuid', (col) => col.notNull().references('loan_type.id').onDelete('restrict'))
    .addColumn('loan_type_name', 'text', (col) => col.notNull())
    .addColumn('principal', 'bigint', (col) => col.notNull().check(sql`principal >= 1`))
    .addColumn('term_count', 'integer', (col) => col.notNull().check(sql`term_count between 1 and 1200`))
    .addColumn('term_unit', 'text', (col) => col.notNull().check(sql`term_unit in ('DAY','WEEK','MONTH')`))
    .addColumn('start_date', 'date', (col) => col.notNull())
    .addColumn('purpose', 'text', (col) => col.check(sql`purpose is null or char_length(purpose) <= 500`))
    .addColumn('interest', 'jsonb', (col) => col.notNull())
    .addColumn('processing_fee_rule', 'jsonb')
    .addColumn('penalty', 'jsonb')
    .addColumn('allocation_order', 'text', (col) =>
      col.notNull().check(sql`allocation_order in ('VERTICAL','HORIZONTAL','PRINCIPAL_FIRST')`),
    )
    .addColumn('rounding', 'text', (col) => col.notNull().check(sql`rounding in ('HALF_EVEN','HALF_UP')`))
    .addColumn('installment_multiple', 'bigint')
    .addColumn('processing_fee', 'bigint', (col) =>
      col
        .notNull()
        .defaultTo(0)
        .check(sql`processing_fee >= 0`),
    )
    .addColumn('status', 'text', (col) =>
      col
        .notNull()
        .defaultTo('DRAFT')
        .check(
          sql`status in ('DRAFT','PENDING_APPROVAL','APPROVED','ACTIVE','COMPLETED','CANCELED','DEFAULTED','WRITTEN_OFF')`,
        ),
    )
    // One live loan per member unless an admin overrides with a reason (docs/product.md §4).
    .addColumn('live_loan_override_reason', 'text')
    .addColumn('created_by', 'uuid', (col) => col.references('staff_user.id').onDelete('set null'))
    .addColumn('submitted_by', 'uuid', (col) => col.references('staff_user.id').onDelete('set null'))
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('decided_by', 'uuid', (col) => col.references('staff_user.id').onDelete('set null'))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('disbursed_by', 'uuid', (col) => col.references('staff_user.id').onDelete('set null'))
    .addColumn('disbursed_at', 'timestamptz')
    .addColumn('disbursed_on', 'date')
    .addColumn('closed_reason', 'text')
    .addColumn('closed_by', 'uuid', (col) => col.references('staff_user.id').onDelete('set null'))
    .addColumn('closed_at', 'timestamptz')
    .addColumn('completed_on', 'date')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'loan_disbursed_has_schedule_facts',
      sql`status in ('DRAFT','PENDING_APPROVAL','APPROVED','CANCELED') or disbursed_on is not null`,
    )
    .execute()
  await db.schema.createIndex('loan_member_idx').on('loan').column('member_id').execute()
  await db.schema.createIndex('loan_status_idx').on('loan').column('status').execute()
  await db.schema.createIndex('loan_created_idx').on('loan').column('created_at').execute()

  await db.schema
    .createTable('loan_guarantor')
    .addColumn('loan_id', 'uuid', (col) => col.notNull().references('loan.id').onDelete('cascade'))
    .addColumn('guarantor_id', 'uuid', (col) => col.notNull().references('guarantor.id').onDelete('restrict'))
    .addPrimaryKeyConstraint('loan_guarantor_pk', ['loan_id', 'guarantor_id'])
    .execute()

  await db.schema
    .createTable('loan_installment')
    .addColumn('loan_id', 'uuid', (col) => col.notNull().references('loan.id').onDelete('restrict'))
    .addColumn('sequence', 'integer', (col) => col.notNull().check(sql`sequence >= 1`))
    .addColumn('due_date', 'date', (col) => col.notNull())
    .addColumn('principal', 'bigint', (col) => col.notNull().check(sql`principal >= 0`))
    .addColumn('interest', 'bigint', (col) => col.notNull().check(sql`interest >= 0`))
    .addColumn('fee', 'bigint', (col) =>
      col
        .notNull()
        .defaultTo(0)
        .check(sql`fee >= 0`),
    )
    .addPrimaryKeyConstraint('loan_installment_pk', ['loan_id', 'sequence'])
    .execute()
  await db.schema
    .createIndex('loan_installment_due_idx')
    .on('loan_installment')
    .columns(['due_date', 'loan_id'])
    .execute()

  await db.schema
    .createTable('collection_sheet')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('union_id', 'uuid', (col) => col.notNull().references('union.id').onDelete('restrict'))
    .addColumn('sheet_date', 'date', (col) => col.notNull())
    .addColumn('idempotency_key', 'text', (col) => col.notNull().unique())
    .addColumn('request_hash', 'text', (col) => col.notNull())
    .addColumn('posted_by', 'uuid', (col) => col.references('staff_user.id').onDelete('set null'))
    .addColumn('total', 'bigint', (col) => col.notNull().check(sql`total >= 0`))
    .addColumn('payment_count', 'integer', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema
    .createTable('repayment')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('receipt_number', 'text', (col) =>
      col
        .notNull()
        .unique()
        .defaultTo(sql`'RCP' || lpad(nextval('receipt_number_seq')::text, 8, '0')`),
    )
    .addColumn('loan_id', 'uuid', (col) => col.notNull().references('loan.id').onDelete('restrict'))
    // Posting order: breaks ties between payments on one date (the domain replays by date, then this).
    .addColumn('posting_sequence', 'bigserial', (col) => col.notNull())
    .addColumn('amount', 'bigint', (col) => col.notNull().check(sql`amount >= 1`))
    .addColumn('paid_on', 'date', (col) => col.notNull())
    .addColumn('method', 'text', (col) =>
      col.notNull().check(sql`method in ('CASH','TRANSFER','POS','MOBILE','USSD','OTHER')`),
    )
    .addColumn('reference', 'text')
    .addColumn('notes', 'text')
    .addColumn('received_by', 'uuid', (col) => col.references('staff_user.id').onDelete('set null'))
    .addColumn('idempotency_key', 'text', (col) => col.notNull().unique())
    .addColumn('request_hash', 'text', (col) => col.notNull())
    .addColumn('collection_sheet_id', 'uuid', (col) =>
      col.references('collection_sheet.id').onDelete('restrict'),
    )
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('reversed_at', 'timestamptz')
    .addColumn('reversed_on', 'date')
    .addColumn('reversed_by', 'uuid', (col) => col.references('staff_user.id').onDelete('set null'))
    .addColumn('reversal_reason', 'text')
    // What the payment paid before it was reversed (kept for the record; it pays nothing any more).
    .addColumn('reversed_allocation', 'jsonb')
    .addCheckConstraint(
      'repayment_reversal_complete',
      sql`(reversed_at is null and reversed_on is null and reversal_reason is null)
       or (reversed_at is not null and reversed_on is not null and reversal_reason is not null)`,
    )
    .execute()
  await db.schema.createIndex('repayment_loan_idx').on('repayment').columns(['loan_id', 'paid_on']).execute()
  await db.schema.createIndex('repayment_paid_on_idx').on('repayment').column('paid_on').execute()

  await db.schema
    .createTable('repayment_allocation')
    .addColumn('repayment_id', 'uuid', (col) => col.notNull().references('repayment.id').onDelete('restrict'))
    .addColumn('loan_id', 'uuid', (col) => col.notNull())
    .addColumn('sequence', 'integer', (col) => col.notNull())
    .addColumn('principal', 'bigint', (col) => col.notNull().check(sql`principal >= 0`))
    .addColumn('interest', 'bigint', (col) => col.notNull().check(sql`interest >= 0`))
    .addColumn('fee', 'bigint', (col) => col.notNull().check(sql`fee >= 0`))
    .addColumn('penalty', 'bigint', (col) => col.notNull().check(sql`penalty >= 0`))
    .addPrimaryKeyConstraint('repayment_allocation_pk', ['repayment_id', 'sequence'])
    .addForeignKeyConstraint(
      'repayment_allocation_installment_fk',
      ['loan_id', 'sequence'],
      'loan_installment',
      ['loan_id', 'sequence'],
    )
    .execute()
  await db.schema
    .createIndex('repayment_allocation_loan_idx')
    .on('repayment_allocation')
    .columns(['loan_id', 'sequence'])
    .execute()

  // The loan's timeline: every transition and money event, with who, when and why.
  await db.schema
    .createTable('loan_event')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('loan_id', 'uuid', (col) => col.notNull().references('loan.id').onDelete('restrict'))
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text')
    .addColumn('actor_id', 'uuid', (col) => col.references('staff_user.id').onDelete('set null'))
    .addColumn('reason', 'text')
    .addColumn('details', 'jsonb')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('loan_event_loan_idx').on('loan_event').columns(['loan_id', 'id']).execute()

  await db.schema
    .alterTable('document')
    .addForeignKeyConstraint('document_loan_fk', ['loan_id'], 'loan', ['id'])
    .onDelete('restrict')
    .execute()
  await db.schema.createIndex('document_loan_idx').on('document').column('loan_id').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('document_loan_idx').execute()
  await db.schema.alterTable('document').dropConstraint('document_loan_fk').execute()
  await db.schema.dropTable('loan_event').execute()
  await db.schema.dropTable('repayment_allocation').execute()
  await db.schema.dropTable('repayment').execute()
  await db.schema.dropTable('collection_sheet').execute()
  await db.schema.dropTable('loan_installment').execute()
  await db.schema.dropTable('loan_guarantor').execute()
  await db.schema.dropTable('loan').execute()
  await sql`drop sequence receipt_number_seq`.execute(db)
  await sql`drop sequence loan_number_seq`.execute(db)
}
