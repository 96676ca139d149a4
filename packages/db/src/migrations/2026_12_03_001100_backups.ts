import { sql, type Kysely } from 'kysely'

// Backups (docs/backups.md): one row per run, manual, scheduled or taken before a restore. The table is
// never itself backed up or restored (it describes the archives, which must outlive a restore), so it has
// no foreign key: who started a run is kept as an id and an email that survive a restore of staff.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('backup')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('trigger', 'text', (col) =>
      col.notNull().check(sql`trigger in ('MANUAL','SCHEDULED','PRE_RESTORE')`),
    )
    .addColumn('state', 'text', (col) =>
      col
        .notNull()
        .defaultTo('RUNNING')
        .check(sql`state in ('RUNNING','DONE','FAILED')`),
    )
    .addColumn('error', 'text')
    .addColumn('storage', 'text', (col) => col.notNull().check(sql`storage in ('LOCAL','CLOUDINARY')`))
    .addColumn('storage_key', 'text', (col) => col.notNull().unique())
    .addColumn('file_name', 'text', (col) => col.notNull())
    .addColumn('format_version', 'integer', (col) => col.notNull())
    .addColumn('schema_version', 'text', (col) => col.notNull())
    .addColumn('size', 'bigint')
    .addColumn('checksum', 'text')
    .addColumn('table_counts', 'jsonb')
    .addColumn('tables_total', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('tables_done', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('rows_done', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('created_by', 'uuid')
    .addColumn('created_by_email', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('heartbeat_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .execute()
  await db.schema.createIndex('backup_created_at_idx').on('backup').column('created_at').execute()
  // One run at a time, across every instance: a second start while one runs hits this index.
  await sql`create unique index backup_one_running_idx on backup (state) where state = 'RUNNING'`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('backup').execute()
}
