import { sql, type Kysely } from 'kysely'

// Saved report snapshots (docs/product.md §7 supervisor reports): the figures as computed when saved, with the period
// and officers they cover, so a snapshot reopens exactly as it was even after later postings.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('saved_report')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('title', 'text', (col) => col.notNull().check(sql`char_length(title) between 1 and 200`))
    .addColumn('type', 'text', (col) =>
      col.notNull().check(sql`type in ('DAILY','WEEKLY','MONTHLY','QUARTERLY','CUSTOM')`),
    )
    .addColumn('report', 'text', (col) => col.notNull().defaultTo('OFFICER_PERFORMANCE'))
    .addColumn('period_from', 'date', (col) => col.notNull())
    .addColumn('period_to', 'date', (col) => col.notNull())
    .addColumn('officer_ids', sql`uuid[]`, (col) => col.notNull().defaultTo(sql`'{}'::uuid[]`))
    .addColumn('snapshot', 'jsonb', (col) => col.notNull())
    .addColumn('created_by', 'uuid', (col) => col.references('staff_user.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('deleted_at', 'timestamptz')
    .addCheckConstraint('saved_report_period_ordered', sql`period_to >= period_from`)
    .execute()
  await db.schema
    .createIndex('saved_report_created_by_idx')
    .on('saved_report')
    .columns(['created_by', 'created_at'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('saved_report').execute()
}
