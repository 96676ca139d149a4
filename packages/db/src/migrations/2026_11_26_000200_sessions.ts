import { sql, type Kysely } from 'kysely'

// Lucia's session design: the id is the SHA-256 of the random token the browser holds, so a
// leaked database row cannot be replayed as a cookie.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('session')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('user_id', 'uuid', (col) => col.notNull().references('staff_user.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
    // Absolute cap: a session is never renewed past this instant.
    .addColumn('absolute_expires_at', 'timestamptz', (col) => col.notNull())
    .addColumn('is_persistent', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('last_seen_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('session_user_idx').on('session').column('user_id').execute()
  await db.schema.createIndex('session_expires_idx').on('session').column('expires_at').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('session').execute()
}
