import type { Kysely } from 'kysely'

// The web app's guided tour (docs/web-app.md "The tour"): when a staff user finished or skipped it, kept
// on the server because office PCs are shared, so the tour shows once per person, not once per browser.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('staff_user').addColumn('tour_seen_at', 'timestamptz').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('staff_user').dropColumn('tour_seen_at').execute()
}
