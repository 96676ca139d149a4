import { z } from 'zod'
import { zText } from './fields.js'
import { zDay } from './list.js'

/**
 * The company calendar of non-working days (docs/lending.md "Working days and holidays"): the weekend
 * days and the holidays admins enter, either on one date (Easter, the Eids, a declared substitute day)
 * or on the same month and day every year (1 January …).
 */

/** Holidays are listed and shown for at most this many years at once. */
export const MAX_HOLIDAY_YEARS = 10
/** The calendar strip the web app draws asks for at most this many days. */
export const MAX_NON_WORKING_RANGE_DAYS = 400
export const HOLIDAY_NAME_MAX = 80

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

const ZIsoWeekday = z
  .number({ error: 'Weekend days must be numbers from 1 (Monday) to 7 (Sunday)' })
  .int({ error: 'Weekend days must be whole numbers from 1 (Monday) to 7 (Sunday)' })
  .min(1, { error: 'Weekend days must be from 1 (Monday) to 7 (Sunday)' })
  .max(7, { error: 'Weekend days must be from 1 (Monday) to 7 (Sunday)' })

export const ZWeekendDaysInput = z.object({
  weekendDays: z
    .array(ZIsoWeekday, { error: 'Weekend days must be a list of weekdays' })
    .max(7, { error: 'Weekend days can list each weekday once' })
    .refine((days) => new Set(days).size === days.length, {
      error: 'Weekend days can list each weekday once',
    })
    .refine((days) => days.length < 7, {
      error: 'Weekend days cannot be all seven days: at least one day of the week must be a working day',
    }),
})
export type TWeekendDaysInput = z.infer<typeof ZWeekendDaysInput>

const ZYear = (label: string) =>
  z
    .number({ error: `${label} must be a number` })
    .int({ error: `${label} must be a whole number` })
    .min(2000, { error: `${label} must be 2000 or later` })
    .max(2100, { error: `${label} must be 2100 or earlier` })

export const ZHolidayListInput = z
  .object({ fromYear: ZYear('From year'), toYear: ZYear('To year') })
  .refine((input) => input.toYear >= input.fromYear, {
    error: 'To year must be the same as or after From year',
    path: ['toYear'],
  })
  .refine((input) => input.toYear - input.fromYear < MAX_HOLIDAY_YEARS, {
    error: `Holidays can be listed for at most ${MAX_HOLIDAY_YEARS} years at once`,
    path: ['toYear'],
  })
export type THolidayListInput = z.infer<typeof ZHolidayListInput>

const ZMonth = z
  .number({ error: 'Month must be a number from 1 to 12' })
  .int({ error: 'Month must be a whole number from 1 to 12' })
  .min(1, { error: 'Month must be from 1 to 12' })
  .max(12, { error: 'Month must be from 1 to 12' })
const ZDayOfMonth = z
  .number({ error: 'Day must be a number from 1 to 31' })
  .int({ error: 'Day must be a whole number from 1 to 31' })
  .min(1, { error: 'Day must be from 1 to 31' })
  .max(31, { error: 'Day must be from 1 to 31' })

/**
 * A holiday on one date, or every year on a month and day (29 February: leap years only). Exactly one of
 * the two kinds: `date`, or `month` with `day`.
 */
const holidayFields = {
  name: zText('Holiday name', HOLIDAY_NAME_MAX),
  date: zDay('Holiday date').nullish(),
  month: ZMonth.nullish(),
  day: ZDayOfMonth.nullish(),
}

type HolidayFields = {
  date?: string | null | undefined
  month?: number | null | undefined
  day?: number | null | undefined
}

function checkHolidayKind(input: HolidayFields, ctx: z.RefinementCtx) {
  const hasDate = input.date != null
  const hasMonth = input.month != null
  const hasDay = input.day != null
  if (hasDate && (hasMonth || hasDay)) {
    ctx.addIssue({
      code: 'custom',
      message: 'A holiday is either on one date or every year on a month and day, not both',
      path: [hasMonth ? 'month' : 'day'],
    })
    return
  }
  if (hasDate) return
  if (!hasMonth && !hasDay) {
    ctx.addIssue({
      code: 'custom',
      message: 'Holiday date is required (or a month and day for a holiday every year)',
      path: ['date'],
    })
    return
  }
  if (!hasMonth) {
    ctx.addIssue({ code: 'custom', message: 'Month is required for a holiday every year', path: ['month'] })
    return
  }
  if (!hasDay) {
    ctx.addIssue({ code: 'custom', message: 'Day is required for a holiday every year', path: ['day'] })
    return
  }
  const last = DAYS_IN_MONTH[(input.month as number) - 1] ?? 31
  if ((input.day as number) > last) {
    ctx.addIssue({
      code: 'custom',
      message: `Day must be from 1 to ${last} in month ${input.month}`,
      path: ['day'],
    })
  }
}

export const ZHolidayCreateInput = z.object(holidayFields).superRefine(checkHolidayKind)
export type THolidayCreateInput = z.infer<typeof ZHolidayCreateInput>

export const ZHolidayId = z.uuid({ error: 'Holiday id must be a valid id' })
export const ZHolidayIdInput = z.object({ id: ZHolidayId })
export type THolidayIdInput = z.infer<typeof ZHolidayIdInput>

/** An edit replaces the holiday's name and its date (or month and day). */
export const ZHolidayUpdateInput = z
  .object({ id: ZHolidayId, ...holidayFields })
  .superRefine(checkHolidayKind)
export type THolidayUpdateInput = z.infer<typeof ZHolidayUpdateInput>

export const ZNonWorkingDaysInput = z
  .object({ from: zDay('From'), to: zDay('To') })
  .refine((input) => input.to >= input.from, { error: 'To must be on or after From', path: ['to'] })
  .refine(
    (input) =>
      (Date.parse(`${input.to}T00:00:00Z`) - Date.parse(`${input.from}T00:00:00Z`)) / 86_400_000 <
      MAX_NON_WORKING_RANGE_DAYS,
    { error: `From and To can be at most ${MAX_NON_WORKING_RANGE_DAYS} days apart`, path: ['to'] },
  )
export type TNonWorkingDaysInput = z.infer<typeof ZNonWorkingDaysInput>
