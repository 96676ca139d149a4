import type { Kysely } from 'kysely'

// Sign-in throttling counts failures per address and per (address, email) on every attempt
// (docs/reliability.md "Sign-in throttling"); without this index each attempt scans the whole history.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('login_history_ip_email_created_idx')
    .on('login_history')
    .columns(['ip', 'email', 'created_at'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('login_history_ip_email_created_idx').execute()
}
