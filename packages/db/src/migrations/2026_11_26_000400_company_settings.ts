import { sql, type Kysely } from 'kysely'

// One row of company-wide settings (docs/product.md §8). The check pins the single row's id.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('company_settings')
    .addColumn('id', 'text', (col) =>
      col
        .primaryKey()
        .defaultTo('default')
        .check(sql`id = 'default'`),
    )
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('contact_email', 'text')
    .addColumn('contact_phone', 'text')
    .addColumn('address', 'text')
    .addColumn('logo_url', 'text')
    .addColumn('currency', 'text', (col) => col.notNull().defaultTo('NGN'))
    .addColumn('currency_symbol', 'text', (col) => col.notNull().defaultTo('₦'))
    .addColumn('date_format', 'text', (col) => col.notNull().defaultTo('DD/MM/YYYY'))
    .addColumn('timezone', 'text', (col) => col.notNull().defaultTo('Africa/Lagos'))
    .addColumn('primary_color', 'text', (col) => col.notNull().defaultTo('#0b7285'))
    .addColumn('secondary_color', 'text', (col) => col.notNull().defaultTo('#e67700'))
    .addColumn('is_maintenance_mode', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('maintenance_message', 'text')
    // A loan with more days past due than this becomes DEFAULTED (docs/product.md §4, default 90).
    .addColumn('default_after_days_past_due', 'integer', (col) =>
      col
        .notNull()
        .defaultTo(90)
        .check(sql`default_after_days_past_due between 1 and 3650`),
    )
    .addColumn('penalty_grace_days', 'integer', (col) =>
      col
        .notNull()
        .defaultTo(0)
        .check(sql`penalty_grace_days between 0 and 365`),
    )
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_by', 'uuid', (col) => col.references('staff_user.id').onDelete('set null'))
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('company_settings').execute()
}
