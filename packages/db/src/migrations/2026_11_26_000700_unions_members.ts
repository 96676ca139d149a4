import { sql, type Kysely } from 'kysely'

// Unions (borrower groups), members, guarantors and the reassignment histories (docs/product.md §2, §6).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('union')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (col) => col.notNull().check(sql`char_length(name) between 1 and 120`))
    .addColumn('location', 'text')
    .addColumn('address', 'text')
    .addColumn('meeting_day', 'text', (col) =>
      col.check(sql`meeting_day in ('MONDAY','TUESDAY','WEDNESDAY','THURSDAY','FRIDAY','SATURDAY','SUNDAY')`),
    )
    // Every union has exactly one credit officer; scope (docs/product.md §1) hangs off this column.
    .addColumn('credit_officer_id', 'uuid', (col) =>
      col.notNull().references('staff_user.id').onDelete('restrict'),
    )
    .addColumn('created_by', 'uuid', (col) => col.references('staff_user.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('deleted_at', 'timestamptz')
    .execute()
  // Names are unique among live unions, whatever their case.
  await sql`create unique index union_name_live_idx on "union" (lower(name)) where deleted_at is null`.execute(
    db,
  )
  await db.schema.createIndex('union_officer_idx').on('union').column('credit_officer_id').execute()

  await db.schema
    .createTable('union_assignment')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('union_id', 'uuid', (col) => col.notNull().references('union.id').onDelete('restrict'))
    .addColumn('from_officer_id', 'uuid', (col) => col.references('staff_user.id').onDelete('restrict'))
    .addColumn('to_officer_id', 'uuid', (col) =>
      col.notNull().references('staff_user.id').onDelete('restrict'),
    )
    .addColumn('reason', 'text', (col) => col.notNull().check(sql`char_length(reason) between 3 and 500`))
    .addColumn('actor_id', 'uuid', (col) => col.references('staff_user.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema
    .createIndex('union_assignment_union_idx')
    .on('union_assignment')
    .columns(['union_id', 'created_at'])
    .execute()

  // Member codes MEM000001…: a sequence, so concurrent registrations never collide.
  await sql`create sequence member_code_seq start 1`.execute(db)
  await db.schema
    .createTable('member')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('code', 'text', (col) =>
      col
        .notNull()
        .unique()
        .defaultTo(sql`'MEM' || lpad(nextval('member_code_seq')::text, 6, '0')`),
    )
    .addColumn('union_id', 'uuid', (col) => col.notNull().references('union.id').onDelete('restrict'))
    .addColumn('first_name', 'text', (col) => col.notNull())
    .addColumn('middle_name', 'text')
    .addColumn('last_name', 'text', (col) => col.notNull())
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    .addColumn('address', 'text')
    .addColumn('date_of_birth', 'date')
    .addColumn('gender', 'text', (col) => col.check(sql`gender in ('MALE','FEMALE')`))
    .addColumn('marital_status', 'text', (col) =>
      col.check(sql`marital_status in ('SINGLE','MARRIED','DIVORCED','WIDOWED','SEPARATED')`),
    )
    .addColumn('profession', 'text')
    .addColumn('employer', 'text')
    .addColumn('city', 'text')
    .addColumn('state', 'text')
    .addColumn('country', 'text', (col) => col.notNull().defaultTo('Nigeria'))
    // CBN Bank Verification Number and NIMC National Identification Number: 11 digits each.
    .addColumn('bvn', 'text', (col) => col.check(sql`bvn ~ '^[0-9]{11}$'`))
    .addColumn('nin', 'text', (col) => col.check(sql`nin ~ '^[0-9]{11}$'`))
    .addColumn('photo_document_id', 'uuid')
    .addColumn('is_verified', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('verified_at', 'timestamptz')
    .addColumn('verified_by', 'uuid', (col) => col.references('staff_user.id').onDelete('set null'))
    .addColumn('created_by', 'uuid', (col) => col.references('staff_user.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('deleted_at', 'timestamptz')
    .execute()
  // BVN and NIN are unique across live members (docs/product.md §6 duplicate detection).
  await sql`create unique index member_bvn_live_idx on member (bvn) where deleted_at is null and bvn is not null`.execute(
    db,
  )
  await sql`create unique index member_nin_live_idx on member (nin) where deleted_at is null and nin is not null`.execute(
    db,
  )
  await db.schema.createIndex('member_union_idx').on('member').column('union_id').execute()
  await sql`create index member_name_idx on member (lower(last_name), lower(first_name))`.execute(db)
  await db.schema.createIndex('member_phone_idx').on('member').column('phone').execute()

  await db.schema
    .createTable('member_reassignment')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('member_id', 'uuid', (col) => col.notNull().references('member.id').onDelete('restrict'))
    .addColumn('from_union_id', 'uuid', (col) => col.notNull().references('union.id').onDelete('restrict'))
    .addColumn('to_union_id', 'uuid', (col) => col.notNull().references('union.id').onDelete('restrict'))
    .addColumn('reason', 'text', (col) => col.notNull().check(sql`char_length(reason) between 3 and 500`))
    .addColumn('actor_id', 'uuid', (col) => col.references('staff_user.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema
    .createIndex('member_reassignment_member_idx')
    .on('member_reassignment')
    .columns(['member_id', 'created_at'])
    .execute()

  await db.schema
    .createTable('guarantor')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    // The member whose loans this person guarantees.
    .addColumn('member_id', 'uuid', (col) => col.notNull().references('member.id').onDelete('restrict'))
    .addColumn('first_name', 'text', (col) => col.notNull())
    .addColumn('last_name', 'text', (col) => col.notNull())
    .addColumn('phone', 'text', (col) => col.notNull())
    .addColumn('address', 'text')
    .addColumn('relationship', 'text', (col) => col.notNull())
    .addColumn('created_by', 'uuid', (col) => col.references('staff_user.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('deleted_at', 'timestamptz')
    .execute()
  await db.schema.createIndex('guarantor_member_idx').on('guarantor').column('member_id').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('guarantor').execute()
  await db.schema.dropTable('member_reassignment').execute()
  await db.schema.dropTable('member').execute()
  await sql`drop sequence member_code_seq`.execute(db)
  await db.schema.dropTable('union_assignment').execute()
  await db.schema.dropTable('union').execute()
}
