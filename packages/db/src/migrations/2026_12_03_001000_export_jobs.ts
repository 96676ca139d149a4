import { sql, type Kysely } from 'kysely'

// Export jobs kept in the database (docs/reliability.md "Two instances"): any instance may start one,
// the job queue runs it on whichever instance has a free worker, and the finished file (in document
// storage) is served by any instance. A restart loses nothing: a queued job waits, a running one is
// retried by the queue.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('export_job')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (col) => col.notNull().references('staff_user.id').onDelete('cascade'))
    // The session that asked: the export runs with its user's access, and not after it has ended.
    .addColumn('session_id', 'text', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull().check(sql`char_length(name) between 1 and 50`))
    .addColumn('format', 'text', (col) => col.notNull().check(sql`format in ('csv','xlsx','pdf')`))
    .addColumn('input', 'jsonb', (col) => col.notNull())
    // The moment the user asked: the file shows the list as it stood then (the screen's "today"), even
    // when a worker writes it a little later, across midnight.
    .addColumn('as_of', 'timestamptz', (col) => col.notNull())
    .addColumn('state', 'text', (col) =>
      col
        .notNull()
        .defaultTo('QUEUED')
        .check(sql`state in ('QUEUED','RUNNING','DONE','FAILED')`),
    )
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('rows_done', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('rows_total', 'integer')
    .addColumn('error', 'text')
    .addColumn('file_name', 'text', (col) => col.notNull())
    .addColumn('storage_key', 'text')
    .addColumn('size', 'bigint')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('started_at', 'timestamptz')
    .addColumn('finished_at', 'timestamptz')
    .execute()
  // A user's jobs in flight (the per-user limit) and the sweep of old files.
  await db.schema
    .createIndex('export_job_user_state_idx')
    .on('export_job')
    .columns(['user_id', 'state'])
    .execute()
  await db.schema.createIndex('export_job_finished_idx').on('export_job').column('finished_at').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('export_job').execute()
}
