import { sql, type Kysely } from 'kysely'

// Loan products (docs/product.md §3). Rules are stored as JSON in the shapes of @mp/domain's types
// (InterestTerms, ProcessingFeeRule, PenaltyRule), validated by the API before they are written.
// A loan copies its product's terms when booked, so editing a product never changes booked loans.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('loan_type')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (col) => col.notNull().check(sql`char_length(name) between 1 and 120`))
    .addColumn('description', 'text')
    .addColumn('min_principal', 'bigint', (col) => col.notNull().check(sql`min_principal >= 1`))
    .addColumn('max_principal', 'bigint', (col) => col.notNull())
    .addColumn('term_unit', 'text', (col) => col.notNull().check(sql`term_unit in ('DAY','WEEK','MONTH')`))
    .addColumn('min_term', 'integer', (col) => col.notNull().check(sql`min_term >= 1`))
    .addColumn('max_term', 'integer', (col) => col.notNull())
    .addColumn('interest', 'jsonb', (col) => col.notNull())
    .addColumn('processing_fee', 'jsonb')
    .addColumn('penalty', 'jsonb')
    .addColumn('allocation_order', 'text', (col) =>
      col
        .notNull()
        .defaultTo('VERTICAL')
        .check(sql`allocation_order in ('VERTICAL','HORIZONTAL','PRINCIPAL_FIRST')`),
    )
    .addColumn('rounding', 'text', (col) =>
      col
        .notNull()
        .defaultTo('HALF_EVEN')
        .check(sql`rounding in ('HALF_EVEN','HALF_UP')`),
    )
    .addColumn('installment_multiple', 'bigint', (col) =>
      col.check(sql`installment_multiple is null or installment_multiple >= 1`),
    )
    .addColumn('is_active', 'boolean', (col) => col.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('loan_type_principal_range', sql`max_principal >= min_principal`)
    .addCheckConstraint('loan_type_term_range', sql`max_term >= min_term`)
    .execute()
  await sql`create unique index loan_type_name_idx on loan_type (lower(name))`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('loan_type').execute()
}
