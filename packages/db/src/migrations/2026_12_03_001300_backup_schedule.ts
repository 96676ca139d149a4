import { sql, type Kysely } from 'kysely'

// Scheduled backups and the weekly restore drill (docs/backups.md "Schedule"). One schedule for the
// company (a single row), read in the company's time zone; a lender starts with a daily backup at 02:00
// kept 30 days, which an admin can change or turn off.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('backup_schedule')
    .addColumn('id', 'smallint', (col) =>
      col
        .primaryKey()
        .defaultTo(1)
        .check(sql`id = 1`),
    )
    .addColumn('frequency', 'text', (col) =>
      col
        .notNull()
        .defaultTo('DAILY')
        .check(sql`frequency in ('OFF','DAILY','WEEKLY','MONTHLY')`),
    )
    .addColumn('hour', 'smallint', (col) =>
      col
        .notNull()
        .defaultTo(2)
        .check(sql`hour between 0 and 23`),
    )
    // Weekly: 0 = Sunday … 6 = Saturday. Monthly: day 1–28 (every month has it).
    .addColumn('weekday', 'smallint', (col) =>
      col
        .notNull()
        .defaultTo(0)
        .check(sql`weekday between 0 and 6`),
    )
    .addColumn('month_day', 'smallint', (col) =>
      col
        .notNull()
        .defaultTo(1)
        .check(sql`month_day between 1 and 28`),
    )
    .addColumn('retention_days', 'integer', (col) =>
      col
        .notNull()
        .defaultTo(30)
        .check(sql`retention_days between 1 and 3650`),
    )
    .addColumn('updated_by', 'uuid', (col) => col.references('staff_user.id').onDelete('set null'))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute()
  await db.insertInto('backup_schedule').values({ id: 1 }).execute()

  await db.schema
    .createTable('backup_drill')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('backup_id', 'uuid', (col) => col.references('backup.id').onDelete('set null'))
    .addColumn('backup_file_name', 'text')
    .addColumn('state', 'text', (col) =>
      col
        .notNull()
        .defaultTo('RUNNING')
        .check(sql`state in ('RUNNING','PASSED','FAILED')`),
    )
    .addColumn('tables', 'integer')
    .addColumn('rows', 'bigint')
    .addColumn('differences', 'jsonb')
    .addColumn('error', 'text')
    .addColumn('started_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .execute()
  await db.schema.createIndex('backup_drill_started_idx').on('backup_drill').column('started_at').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('backup_drill').execute()
  await db.schema.dropTable('backup_schedule').execute()
}
