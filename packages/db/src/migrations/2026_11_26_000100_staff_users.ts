import { sql, type Kysely } from 'kysely'

// Staff who sign in: ADMIN, SUPERVISOR, CREDIT_OFFICER (docs/product.md §1, §2).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('staff_user')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    // Stored lower-cased so uniqueness is case-insensitive without citext (CockroachDB has none).
    .addColumn('email', 'text', (col) =>
      col
        .notNull()
        .unique()
        .check(sql`email = lower(email)`),
    )
    .addColumn('first_name', 'text', (col) => col.notNull())
    .addColumn('last_name', 'text', (col) => col.notNull())
    .addColumn('phone', 'text')
    .addColumn('role', 'text', (col) =>
      col.notNull().check(sql`role in ('ADMIN', 'SUPERVISOR', 'CREDIT_OFFICER')`),
    )
    .addColumn('supervisor_id', 'uuid', (col) => col.references('staff_user.id').onDelete('restrict'))
    .addColumn('password_hash', 'text', (col) => col.notNull())
    .addColumn('must_change_password', 'boolean', (col) => col.notNull().defaultTo(true))
    .addColumn('is_active', 'boolean', (col) => col.notNull().defaultTo(true))
    .addColumn('failed_login_count', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('locked_until', 'timestamptz')
    .addColumn('last_login_at', 'timestamptz')
    .addColumn('last_activity_at', 'timestamptz')
    .addColumn('login_count', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('staff_user_supervisor_not_self', sql`supervisor_id is null or supervisor_id <> id`)
    .execute()
  await db.schema.createIndex('staff_user_supervisor_idx').on('staff_user').column('supervisor_id').execute()
  await db.schema.createIndex('staff_user_role_idx').on('staff_user').column('role').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('staff_user').execute()
}
