import { sql, type Kysely } from 'kysely'

// Every sign-in attempt, successful or not, also for unknown emails (docs/product.md §2, §9).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('login_history')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (col) => col.references('staff_user.id').onDelete('set null'))
    .addColumn('email', 'text', (col) => col.notNull())
    .addColumn('is_success', 'boolean', (col) => col.notNull())
    .addColumn('failure_reason', 'text')
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema
    .createIndex('login_history_user_created_idx')
    .on('login_history')
    .columns(['user_id', 'created_at'])
    .execute()
  await db.schema
    .createIndex('login_history_email_created_idx')
    .on('login_history')
    .columns(['email', 'created_at'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('login_history').execute()
}
