import { sql, type Kysely } from 'kysely'

// Notes about a staff user (docs/product.md §2): private notes are visible only to their author and admins.
// Soft-deleted so the audit trail can still point at them.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('staff_note')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    // Staff users are deactivated, never deleted; restrict keeps a note's subject and author real.
    .addColumn('staff_id', 'uuid', (col) => col.notNull().references('staff_user.id').onDelete('restrict'))
    .addColumn('author_id', 'uuid', (col) => col.notNull().references('staff_user.id').onDelete('restrict'))
    .addColumn('body', 'text', (col) => col.notNull().check(sql`char_length(body) between 1 and 5000`))
    .addColumn('is_private', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('deleted_at', 'timestamptz')
    .execute()
  await db.schema
    .createIndex('staff_note_staff_created_idx')
    .on('staff_note')
    .columns(['staff_id', 'created_at'])
    .execute()
  await db.schema.createIndex('staff_note_author_idx').on('staff_note').column('author_id').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('staff_note').execute()
}
