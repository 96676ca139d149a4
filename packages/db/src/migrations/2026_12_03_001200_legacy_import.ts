import { sql, type Kysely } from 'kysely'

// The cut-over from the old system (docs/cutover.md, docs/product.md §8).
//
// - `legacy_map` keys every imported record by the old system's id: a re-run finds what is already here and
//   leaves it as it is, so importing twice gives the same database.
// - `legacy_import_run` records each real run: who, when, from where (password removed) and the counts.
// - `legacy_document` keeps the old system's documents by reference: their file URL on the old Cloudinary
//   account (or disk), owner, type and verification. The files themselves are not copied (docs/cutover.md).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('legacy_map')
    .addColumn('entity', 'text', (col) => col.notNull())
    .addColumn('legacy_id', 'text', (col) => col.notNull())
    .addColumn('new_id', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('legacy_map_pk', ['entity', 'legacy_id'])
    .execute()

  await db.schema
    .createTable('legacy_import_run')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('source', 'text', (col) => col.notNull())
    .addColumn('started_at', 'timestamptz', (col) => col.notNull())
    .addColumn('finished_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('counts', 'jsonb', (col) => col.notNull())
    .addColumn('loan_differences', 'integer', (col) => col.notNull())
    .execute()

  await db.schema
    .createTable('legacy_document')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('owner_type', 'text', (col) =>
      col.notNull().check(sql`owner_type in ('MEMBER','GUARANTOR','LOAN')`),
    )
    .addColumn('member_id', 'uuid', (col) => col.references('member.id').onDelete('restrict'))
    .addColumn('guarantor_id', 'uuid', (col) => col.references('guarantor.id').onDelete('restrict'))
    .addColumn('loan_id', 'uuid', (col) => col.references('loan.id').onDelete('restrict'))
    .addColumn('document_type_id', 'uuid', (col) =>
      col.notNull().references('document_type.id').onDelete('restrict'),
    )
    .addColumn('file_url', 'text', (col) => col.notNull())
    .addColumn('issuer', 'text')
    .addColumn('issue_date', 'date')
    .addColumn('expiry_date', 'date')
    .addColumn('is_verified', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('verification_notes', 'text')
    .addColumn('uploaded_by', 'uuid', (col) => col.references('staff_user.id').onDelete('set null'))
    .addColumn('uploaded_at', 'timestamptz', (col) => col.notNull())
    .addColumn('deleted_at', 'timestamptz')
    .execute()
  await db.schema
    .createIndex('legacy_document_member_idx')
    .on('legacy_document')
    .column('member_id')
    .execute()
  await db.schema.createIndex('legacy_document_loan_idx').on('legacy_document').column('loan_id').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('legacy_document').execute()
  await db.schema.dropTable('legacy_import_run').execute()
  await db.schema.dropTable('legacy_map').execute()
}
