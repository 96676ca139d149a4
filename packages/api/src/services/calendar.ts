import { inTransaction, type Database, type Kysely, type Transaction } from '@mp/db'
import {
  MONTH_NAMES,
  NIGERIAN_FIXED_HOLIDAYS,
  addDays,
  isoWeekday,
  type IsoDate,
  type WorkingCalendar,
} from '@mp/domain'
import { recordAudit, recordChange } from '../audit.js'
import type { AuthedContext, Context } from '../context.js'
import { AppError } from '../errors.js'
import type {
  THolidayCreateInput,
  THolidayListInput,
  THolidayUpdateInput,
  TNonWorkingDaysInput,
  TWeekendDaysInput,
} from '../schemas/calendar.js'
import { found } from '../scope.js'
import { loadSettings } from './settings.js'

/**
 * The company calendar (docs/lending.md "Working days and holidays"): weekend days on company_settings,
 * holidays in the `holiday` table. Admins write, every signed-in role reads; every write is audited in
 * its transaction, as settings writes are. The rules that use it live in @mp/domain (working-days.ts).
 */
type Db = Kysely<Database> | Transaction<Database>

const HOLIDAY = 'Holiday'

export type HolidayView = {
  id: string
  name: string
  /** 'YYYY-MM-DD' for a holiday on one date; null for a holiday every year. */
  date: IsoDate | null
  /** Month (1–12) and day of a holiday every year; null for a dated one. */
  month: number | null
  day: number | null
  createdAt: Date
}

type HolidayRow = {
  id: string
  name: string
  holiday_date: IsoDate | null
  month: number | null
  day: number | null
  created_at: Date
}

function toView(row: HolidayRow): HolidayView {
  return {
    id: row.id,
    name: row.name,
    date: row.holiday_date,
    month: row.month,
    day: row.day,
    createdAt: row.created_at,
  }
}

function auditSnapshot(view: HolidayView) {
  return { name: view.name, date: view.date, month: view.month, day: view.day }
}

async function readWeekendDays(db: Db): Promise<number[]> {
  const row = await loadSettings(db)
  return [...row.weekend_days].map(Number).sort((a, b) => a - b)
}

/** The company's calendar as @mp/domain takes it (isWorkingDay, adjustDueDates, nextMeeting …). */
export async function loadCompanyCalendar(db: Db): Promise<WorkingCalendar> {
  const [weekendDays, rows] = await Promise.all([
    readWeekendDays(db),
    db.selectFrom('holiday').select(['name', 'holiday_date', 'month', 'day']).execute(),
  ])
  const holidays: IsoDate[] = []
  const annualHolidays: { month: number; day: number; name: string }[] = []
  for (const row of rows) {
    if (row.holiday_date !== null) holidays.push(row.holiday_date)
    else if (row.month !== null && row.day !== null)
      annualHolidays.push({ month: row.month, day: row.day, name: row.name })
  }
  return { weekendDays, holidays, annualHolidays }
}

export async function getWeekendDays(ctx: Pick<Context, 'db'>): Promise<{ weekendDays: number[] }> {
  return { weekendDays: await readWeekendDays(ctx.db) }
}

export async function setWeekendDays(
  ctx: AuthedContext,
  input: TWeekendDaysInput,
): Promise<{ weekendDays: number[] }> {
  const weekendDays = [...input.weekendDays].sort((a, b) => a - b)
  return inTransaction(ctx.db, async (trx) => {
    const before = await loadSettings(trx, { forUpdate: true })
    await trx
      .updateTable('company_settings')
      .set({ weekend_days: weekendDays, updated_at: ctx.now(), updated_by: ctx.user.id })
      .where('id', '=', 'default')
      .execute()
    await recordAudit(trx, ctx, {
      action: 'WEEKEND_DAYS_UPDATE',
      entityType: 'company_settings',
      entityId: 'default',
      before: { weekendDays: [...before.weekend_days].map(Number).sort((a, b) => a - b) },
      after: { weekendDays },
    })
    return { weekendDays }
  })
}

/** Holidays on dates within the years, and every yearly holiday; dated ones by date, yearly by month and day. */
export async function listHolidays(ctx: Pick<Context, 'db'>, input: THolidayListInput) {
  const from = `${input.fromYear}-01-01`
  const to = `${input.toYear}-12-31`
  const rows = await ctx.db
    .selectFrom('holiday')
    .select(['id', 'name', 'holiday_date', 'month', 'day', 'created_at'])
    .where((eb) =>
      eb.or([
        eb.and([eb('holiday_date', '>=', from), eb('holiday_date', '<=', to)]),
        eb('holiday_date', 'is', null),
      ]),
    )
    .orderBy('holiday_date', 'asc')
    .orderBy('month', 'asc')
    .orderBy('day', 'asc')
    .orderBy('id')
    .execute()
  const views = rows.map(toView)
  return {
    dated: views.filter((view) => view.date !== null),
    yearly: views.filter((view) => view.date === null),
  }
}

function yearlyLabel(month: number, day: number): string {
  return `${day} ${MONTH_NAMES[month - 1] ?? month}`
}

/**
 * The same day twice is refused with 409: a dated holiday on a date already taken, or on the month and
 * day of a yearly one (it would add nothing); a yearly one on a month and day already yearly.
 */
async function assertHolidayFree(
  db: Db,
  kind: { date: IsoDate } | { month: number; day: number },
  exceptId?: string,
) {
  const month = 'date' in kind ? Number(kind.date.slice(5, 7)) : kind.month
  const day = 'date' in kind ? Number(kind.date.slice(8, 10)) : kind.day
  let yearly = db
    .selectFrom('holiday')
    .select(['id', 'name'])
    .where('month', '=', month)
    .where('day', '=', day)
  if (exceptId) yearly = yearly.where('id', '<>', exceptId)
  const sameYearly = await yearly.executeTakeFirst()
  if (sameYearly) {
    throw new AppError(
      'CONFLICT',
      `${yearlyLabel(month, day)} is already a holiday every year (${sameYearly.name})`,
      'HOLIDAY_EXISTS',
      { field: 'date' in kind ? 'date' : 'day' },
    )
  }
  if ('date' in kind) {
    let dated = db.selectFrom('holiday').select(['id', 'name']).where('holiday_date', '=', kind.date)
    if (exceptId) dated = dated.where('id', '<>', exceptId)
    const sameDate = await dated.executeTakeFirst()
    if (sameDate) {
      throw new AppError(
        'CONFLICT',
        `${kind.date} is already a holiday (${sameDate.name})`,
        'HOLIDAY_EXISTS',
        { field: 'date' },
      )
    }
  }
}

const HOLIDAY_CONFLICTS: Readonly<Record<string, string>> = {
  holiday_date_idx: 'That date is already a holiday',
  holiday_annual_idx: 'That month and day is already a holiday every year',
}

/** A unique index that loses a race answers the same 409 as the check before it, never a 500. */
async function withHolidayConflicts<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === '23505' && 'constraint' in error) {
      const message = HOLIDAY_CONFLICTS[String(error.constraint)]
      if (message) throw new AppError('CONFLICT', message, 'HOLIDAY_EXISTS')
    }
    throw error
  }
}

function kindOf(input: THolidayCreateInput): { date: IsoDate } | { month: number; day: number } {
  if (input.date != null) return { date: input.date }
  return { month: input.month as number, day: input.day as number }
}

function columnsOf(kind: { date: IsoDate } | { month: number; day: number }) {
  return 'date' in kind
    ? { holiday_date: kind.date, month: null, day: null }
    : { holiday_date: null, month: kind.month, day: kind.day }
}

const HOLIDAY_COLUMNS = ['id', 'name', 'holiday_date', 'month', 'day', 'created_at'] as const

export async function createHoliday(ctx: AuthedContext, input: THolidayCreateInput): Promise<HolidayView> {
  const kind = kindOf(input)
  return withHolidayConflicts(() =>
    inTransaction(ctx.db, async (trx) => {
      await assertHolidayFree(trx, kind)
      const row = await trx
        .insertInto('holiday')
        .values({ name: input.name, ...columnsOf(kind), created_by: ctx.user.id, created_at: ctx.now() })
        .returning(HOLIDAY_COLUMNS)
        .executeTakeFirstOrThrow()
      const view = toView(row)
      await recordChange(trx, ctx, {
        action: 'HOLIDAY_CREATE',
        entityType: 'holiday',
        after: view,
        keep: auditSnapshot,
      })
      return view
    }),
  )
}

export async function updateHoliday(ctx: AuthedContext, input: THolidayUpdateInput): Promise<HolidayView> {
  const kind = kindOf(input)
  return withHolidayConflicts(() =>
    inTransaction(ctx.db, async (trx) => {
      const before = toView(
        found(
          await trx
            .selectFrom('holiday')
            .select(HOLIDAY_COLUMNS)
            .where('id', '=', input.id)
            .forUpdate()
            .executeTakeFirst(),
          HOLIDAY,
        ),
      )
      await assertHolidayFree(trx, kind, before.id)
      const row = await trx
        .updateTable('holiday')
        .set({ name: input.name, ...columnsOf(kind) })
        .where('id', '=', before.id)
        .returning(HOLIDAY_COLUMNS)
        .executeTakeFirstOrThrow()
      const after = toView(row)
      await recordChange(trx, ctx, {
        action: 'HOLIDAY_UPDATE',
        entityType: 'holiday',
        before,
        after: after,
        keep: auditSnapshot,
      })
      return after
    }),
  )
}

export async function deleteHoliday(ctx: AuthedContext, id: string): Promise<{ isDeleted: true }> {
  return inTransaction(ctx.db, async (trx) => {
    const row = found(
      await trx.deleteFrom('holiday').where('id', '=', id).returning(HOLIDAY_COLUMNS).executeTakeFirst(),
      HOLIDAY,
    )
    await recordAudit(trx, ctx, {
      action: 'HOLIDAY_DELETE',
      entityType: 'holiday',
      entityId: id,
      before: auditSnapshot(toView(row)),
    })
    return { isDeleted: true as const }
  })
}

/**
 * Adds Nigeria's fixed-date public holidays (Public Holidays Act, Cap P40 LFN 2004, as amended 2019; the
 * list is @mp/domain NIGERIAN_FIXED_HOLIDAYS) as yearly holidays. Idempotent: only the month-and-days not
 * yet yearly holidays are added, so running it twice adds nothing the second time.
 */
export async function addNigerianHolidays(ctx: AuthedContext): Promise<{ added: HolidayView[] }> {
  return withHolidayConflicts(() =>
    inTransaction(ctx.db, async (trx) => {
      // One admin at a time: the settings row lock orders two clicks on the button.
      await trx.selectFrom('company_settings').select('id').where('id', '=', 'default').forUpdate().execute()
      const existing = await trx
        .selectFrom('holiday')
        .select(['month', 'day'])
        .where('month', 'is not', null)
        .execute()
      const taken = new Set(existing.map((row) => `${row.month}-${row.day}`))
      const missing = NIGERIAN_FIXED_HOLIDAYS.filter((h) => !taken.has(`${h.month}-${h.day}`))
      if (missing.length === 0) return { added: [] }
      const rows = await trx
        .insertInto('holiday')
        .values(
          missing.map((h) => ({
            name: h.name,
            holiday_date: null,
            month: h.month,
            day: h.day,
            created_by: ctx.user.id,
            created_at: ctx.now(),
          })),
        )
        .returning(HOLIDAY_COLUMNS)
        .execute()
      const added = rows
        .map(toView)
        .sort((a, b) => (a.month ?? 0) * 40 + (a.day ?? 0) - ((b.month ?? 0) * 40 + (b.day ?? 0)))
      await recordAudit(trx, ctx, {
        action: 'HOLIDAYS_ADD_NIGERIAN',
        entityType: 'holiday',
        entityId: null,
        after: { added: added.map(auditSnapshot) },
      })
      return { added }
    }),
  )
}

export type NonWorkingDay = { date: IsoDate; reasons: ('WEEKEND' | 'HOLIDAY')[]; names: string[] }

/** Each non-working day from `from` to `to` (inclusive), for the web app's calendar. */
export async function listNonWorkingDays(
  ctx: Pick<Context, 'db'>,
  input: TNonWorkingDaysInput,
): Promise<NonWorkingDay[]> {
  const calendar = await loadCompanyCalendar(ctx.db)
  const rows = await ctx.db.selectFrom('holiday').select(['name', 'holiday_date', 'month', 'day']).execute()
  const weekend = new Set(calendar.weekendDays)
  const named = new Map<string, string[]>()
  const push = (key: string, name: string) => named.set(key, [...(named.get(key) ?? []), name])
  for (const row of rows) {
    if (row.holiday_date !== null) push(row.holiday_date, row.name)
    else push(`--${String(row.month).padStart(2, '0')}-${String(row.day).padStart(2, '0')}`, row.name)
  }
  const days: NonWorkingDay[] = []
  for (let date = input.from; date <= input.to; date = addDays(date, 1)) {
    const names = [...(named.get(date) ?? []), ...(named.get(`--${date.slice(5)}`) ?? [])]
    const reasons: NonWorkingDay['reasons'] = []
    if (weekend.has(isoWeekday(date))) reasons.push('WEEKEND')
    if (names.length > 0) reasons.push('HOLIDAY')
    if (reasons.length > 0) days.push({ date, reasons, names })
  }
  return days
}
