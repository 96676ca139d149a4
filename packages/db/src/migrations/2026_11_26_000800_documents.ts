import { sql, type Kysely } from 'kysely'

// Document types and the documents of members and guarantors (loans add theirs later) — docs/product.md §6.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create sequence document_type_code_seq start 1`.execute(db)
  await db.schema
    .createTable('document_type')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('code', 'text', (col) =>
      col
        .notNull()
        .unique()
        .defaultTo(sql`'DOC' || lpad(nextval('document_type_code_seq')::text, 3, '0')`),
    )
    .addColumn('name', 'text', (col) => col.notNull().check(sql`char_length(name) between 1 and 120`))
    .addColumn('description', 'text')
    // Which records the type applies to: any of MEMBER, GUARANTOR, LOAN.
    .addColumn('applies_to', sql`text[]`, (col) => col.notNull().defaultTo(sql`array['MEMBER']::text[]`))
    .addColumn('requires_expiry', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('is_active', 'boolean', (col) => col.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute()
  await sql`create unique index document_type_name_idx on document_type (lower(name))`.execute(db)

  await db.schema
    .createTable('document')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('owner_type', 'text', (col) =>
      col.notNull().check(sql`owner_type in ('MEMBER','GUARANTOR','LOAN')`),
    )
    .addColumn('member_id', 'uuid', (col) => col.references('member.id').onDelete('restrict'))
    .addColumn('guarantor_id', 'uuid', (col) => col.references('guarantor.id').onDelete('restrict'))
    .addColumn('loan_id', 'uuid')
    .addColumn('document_type_id', 'uuid', (col) =>
      col.notNull().references('document_type.id').onDelete('restrict'),
    )
    .addColumn('file_name', 'text', (col) => col.notNull())
    .addColumn('mime_type', 'text', (col) => col.notNull())
    .addColumn('size_bytes', 'integer', (col) => col.notNull().check(sql`size_bytes between 1 and 5242880`))
    .addColumn('sha256', 'text', (col) => col.notNull())
    .addColumn('storage', 'text', (col) => col.notNull().check(sql`storage in ('LOCAL','CLOUDINARY')`))
    .addColumn('storage_key', 'text', (col) => col.notNull())
    .addColumn('issuer', 'text')
    .addColumn('issue_date', 'date')
    .addColumn('expiry_date', 'date')
    .addColumn('is_verified', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('verified_by', 'uuid', (col) => col.references('staff_user.id').onDelete('set null'))
    .addColumn('verified_at', 'timestamptz')
    .addColumn('verification_notes', 'text')
    .addColumn('uploaded_by', 'uuid', (col) => col.references('staff_user.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('deleted_at', 'timestamptz')
    .addCheckConstraint(
      'document_owner_matches',
      sql`(owner_type = 'MEMBER' and member_id is not null and guarantor_id is null)
       or (owner_type = 'GUARANTOR' and guarantor_id is not null)
       or (owner_type = 'LOAN' and loan_id is not null)`,
    )
    .addCheckConstraint(
      'document_dates_ordered',
      sql`expiry_date is null or issue_date is null or expiry_date >= issue_date`,
    )
    .execute()
  await db.schema.createIndex('document_member_idx').on('document').column('member_id').execute()
  await db.schema.createIndex('document_guarantor_idx').on('document').column('guarantor_id').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('document').execute()
  await db.schema.dropTable('document_type').execute()
  await sql`drop sequence document_type_code_seq`.execute(db)
}
