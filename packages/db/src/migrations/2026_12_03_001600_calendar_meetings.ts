import { sql, type Kysely } from 'kysely'

// Working days, holidays and union meetings (docs/lending.md "Working days and holidays", "Union
// meetings"; the rules are @mp/domain's working-days.ts and meetings.ts).
//
// - company_settings.weekend_days: ISO weekdays never worked (1 = Monday … 7 = Sunday), Saturday and
//   Sunday by default; never all seven.
// - holiday: a non-working day on one date (Easter, the Eids, a declared substitute day) or on the same
//   month and day every year (1 January …); admins enter them, the fixed-date Nigerian ones are offered.
// - union: how often it meets. `meeting_day` (the weekday, since the first migration) stays; frequency
//   WEEKLY, BIWEEKLY (with an anchor meeting date), MONTHLY_WEEKDAY (week 1–4, or -1 for the last, as
//   iCalendar's BYDAY=-1FR, RFC 5545 §3.3.10) or MONTHLY_DATE (day 1–28, or -1 for the last). No frequency
//   with a meeting day is how unions were recorded so far (they meet on it every week); it is left so,
//   and the app may still clear or change that day without a frequency.
// - loan_type: whether its loans follow the union's meetings, the minimum days from disbursement to the
//   first installment, and where a due date on a non-working day goes ('next' or 'previous').
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('company_settings')
    .addColumn('weekend_days', sql`smallint[]`, (col) =>
      col
        .notNull()
        .defaultTo(sql`'{6,7}'::smallint[]`)
        .check(
          sql`weekend_days <@ '{1,2,3,4,5,6,7}'::smallint[] and cardinality(weekend_days) between 0 and 6`,
        ),
    )
    .execute()

  await db.schema
    .createTable('holiday')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('name', 'text', (col) => col.notNull().check(sql`char_length(name) between 1 and 100`))
    .addColumn('holiday_date', 'date')
    .addColumn('month', 'smallint', (col) => col.check(sql`month between 1 and 12`))
    // 29 February is allowed (a holiday in leap years only); 30 February never exists.
    .addColumn('day', 'smallint', (col) =>
      col.check(
        sql`day between 1 and (case month when 2 then 29 when 4 then 30 when 6 then 30 when 9 then 30 when 11 then 30 else 31 end)`,
      ),
    )
    .addColumn('created_by', 'uuid', (col) => col.references('staff_user.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'holiday_kind_check',
      sql`(holiday_date is not null and month is null and day is null)
        or (holiday_date is null and month is not null and day is not null)`,
    )
    .execute()
  await sql`create unique index holiday_date_idx on holiday (holiday_date) where holiday_date is not null`.execute(
    db,
  )
  await sql`create unique index holiday_annual_idx on holiday (month, day) where month is not null`.execute(
    db,
  )

  await db.schema
    .alterTable('union')
    .addColumn('meeting_frequency', 'text', (col) =>
      col.check(sql`meeting_frequency in ('WEEKLY','BIWEEKLY','MONTHLY_WEEKDAY','MONTHLY_DATE')`),
    )
    .addColumn('meeting_week', 'smallint', (col) => col.check(sql`meeting_week in (1, 2, 3, 4, -1)`))
    .addColumn('meeting_day_of_month', 'smallint', (col) =>
      col.check(sql`meeting_day_of_month between 1 and 28 or meeting_day_of_month = -1`),
    )
    .addColumn('meeting_anchor_date', 'date')
    .execute()
  // Each frequency has exactly the columns it needs (the weekday is meeting_day).
  await sql`alter table "union" add constraint union_meeting_rule_check check (
    (meeting_frequency is null and meeting_week is null and meeting_day_of_month is null
      and meeting_anchor_date is null)
    or (meeting_frequency = 'WEEKLY' and meeting_day is not null and meeting_week is null
      and meeting_day_of_month is null and meeting_anchor_date is null)
    or (meeting_frequency = 'BIWEEKLY' and meeting_day is not null and meeting_anchor_date is not null
      and meeting_week is null and meeting_day_of_month is null)
    or (meeting_frequency = 'MONTHLY_WEEKDAY' and meeting_day is not null and meeting_week is not null
      and meeting_day_of_month is null and meeting_anchor_date is null)
    or (meeting_frequency = 'MONTHLY_DATE' and meeting_day_of_month is not null and meeting_week is null
      and meeting_anchor_date is null)
  )`.execute(db)

  await db.schema
    .alterTable('loan_type')
    .addColumn('follows_meetings', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('meeting_min_gap_days', 'smallint', (col) =>
      col
        .notNull()
        .defaultTo(7)
        .check(sql`meeting_min_gap_days between 0 and 365`),
    )
    .addColumn('non_working_day_rule', 'text', (col) =>
      col
        .notNull()
        .defaultTo('next')
        .check(sql`non_working_day_rule in ('next','previous')`),
    )
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('loan_type')
    .dropColumn('non_working_day_rule')
    .dropColumn('meeting_min_gap_days')
    .dropColumn('follows_meetings')
    .execute()
  await sql`alter table "union" drop constraint union_meeting_rule_check`.execute(db)
  await db.schema
    .alterTable('union')
    .dropColumn('meeting_anchor_date')
    .dropColumn('meeting_day_of_month')
    .dropColumn('meeting_week')
    .dropColumn('meeting_frequency')
    .execute()
  await db.schema.dropTable('holiday').execute()
  await db.schema.alterTable('company_settings').dropColumn('weekend_days').execute()
}
