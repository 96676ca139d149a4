import type { Database, Kysely, MeetingDay, MeetingFrequency, Transaction } from '@mp/db'
import { isoWeekday, nextMeeting, todayIn, type IsoDate, type MeetingRule } from '@mp/domain'
import { AppError } from '../errors.js'
import { ZMeetingDay } from '../schemas/union.js'
import { loadCompanyCalendar } from './calendar.js'
import { companyTimezone } from './list-query.js'

/**
 * A union's meeting rule (docs/lending.md "Union meetings"), checked here field by field so a bad
 * combination answers 400 naming the field, never the database's union_meeting_rule_check. The rule
 * itself (which dates are meetings) is @mp/domain meetings.ts.
 */
type Db = Kysely<Database> | Transaction<Database>

export const MEETING_RULE_NOTE = 'Changing the meeting rule affects new loans only.'

export type MeetingFields = {
  meetingDay: MeetingDay | null
  meetingFrequency: MeetingFrequency | null
  meetingWeek: number | null
  meetingDayOfMonth: number | null
  meetingAnchorDate: IsoDate | null
}

export type MeetingInput = { [K in keyof MeetingFields]?: MeetingFields[K] | null | undefined }

/** Monday first, as ISO weekdays count (1 = Monday). */
const WEEKDAYS: readonly MeetingDay[] = ZMeetingDay.options

const LABELS: Record<keyof MeetingFields, string> = {
  meetingDay: 'Meeting day',
  meetingFrequency: 'Meeting frequency',
  meetingWeek: 'Meeting week',
  meetingDayOfMonth: 'Meeting day of month',
  meetingAnchorDate: 'Meeting anchor date',
}

/** Which of the optional rule fields each frequency uses (meetingDay is checked on its own). */
const USES: Record<MeetingFrequency | 'NONE', readonly (keyof MeetingFields)[]> = {
  NONE: [],
  WEEKLY: ['meetingDay'],
  BIWEEKLY: ['meetingDay', 'meetingAnchorDate'],
  MONTHLY_WEEKDAY: ['meetingDay', 'meetingWeek'],
  MONTHLY_DATE: ['meetingDayOfMonth'],
}

function refuse(field: keyof MeetingFields, message: string): AppError {
  return new AppError('BAD_REQUEST', message, 'INVALID_MEETING_RULE', { field })
}

/**
 * The union's meeting fields after a create (no `before`) or an update. Giving `meetingFrequency`
 * (even null) replaces the whole rule: the fields it does not name are cleared. Without it, each given
 * field changes alone and the result must still be a whole rule.
 */
export function resolveMeetingFields(before: MeetingFields | undefined, input: MeetingInput): MeetingFields {
  const pick = <K extends keyof MeetingFields>(key: K, replaceAll: boolean): MeetingFields[K] => {
    const given = input[key]
    if (given !== undefined) return given
    if (!before || replaceAll) return null
    return before[key]
  }
  const replaceAll = input.meetingFrequency !== undefined
  const fields: MeetingFields = {
    meetingDay: pick('meetingDay', false),
    meetingFrequency: pick('meetingFrequency', false),
    meetingWeek: pick('meetingWeek', replaceAll),
    meetingDayOfMonth: pick('meetingDayOfMonth', replaceAll),
    meetingAnchorDate: pick('meetingAnchorDate', replaceAll),
  }
  checkMeetingFields(fields)
  return fields
}

function checkMeetingFields(fields: MeetingFields): void {
  const frequency = fields.meetingFrequency
  const uses = USES[frequency ?? 'NONE']
  for (const key of ['meetingWeek', 'meetingDayOfMonth', 'meetingAnchorDate'] as const) {
    if (fields[key] !== null && !uses.includes(key)) {
      const owner = (Object.keys(USES) as (MeetingFrequency | 'NONE')[]).find(
        (f) => f !== 'NONE' && USES[f].includes(key) && f !== 'WEEKLY',
      )
      throw refuse(
        key,
        frequency === null
          ? `${LABELS[key]} needs a meeting frequency (${owner}): choose one, or leave ${LABELS[key].toLowerCase()} empty`
          : `${LABELS[key]} is not used by ${frequency} meetings: leave it empty (it is for ${owner})`,
      )
    }
  }
  for (const key of uses) {
    if (fields[key] === null) throw refuse(key, `${LABELS[key]} is required for ${frequency} meetings`)
  }
  if (frequency === 'BIWEEKLY' && fields.meetingDay !== null && fields.meetingAnchorDate !== null) {
    const weekday = WEEKDAYS[isoWeekday(fields.meetingAnchorDate) - 1]
    if (weekday !== fields.meetingDay) {
      throw refuse(
        'meetingAnchorDate',
        `Meeting anchor date ${fields.meetingAnchorDate} is a ${weekday}, not a ${fields.meetingDay}: it must be one of the meetings`,
      )
    }
  }
}

function weekdayOf(day: MeetingDay): number {
  return WEEKDAYS.indexOf(day) + 1
}

/**
 * The @mp/domain rule for the fields; null when the union has no meeting day. A union recorded before
 * meeting frequencies (only a meeting day) meets on that day every week.
 */
function meetingRuleOf(fields: MeetingFields): MeetingRule | null {
  const day = fields.meetingDay
  switch (fields.meetingFrequency) {
    case null:
    case 'WEEKLY':
      return day === null ? null : { frequency: 'WEEKLY', weekday: weekdayOf(day) }
    case 'BIWEEKLY':
      return day === null || fields.meetingAnchorDate === null
        ? null
        : { frequency: 'BIWEEKLY', weekday: weekdayOf(day), anchorDate: fields.meetingAnchorDate }
    case 'MONTHLY_WEEKDAY': {
      const week = fields.meetingWeek
      if (day === null || week === null) return null
      return {
        frequency: 'MONTHLY_WEEKDAY',
        weekday: weekdayOf(day),
        week: week === -1 ? 'LAST' : (week as 1 | 2 | 3 | 4),
      }
    }
    case 'MONTHLY_DATE':
      return fields.meetingDayOfMonth === null
        ? null
        : {
            frequency: 'MONTHLY_DATE',
            dayOfMonth: fields.meetingDayOfMonth === -1 ? 'LAST' : fields.meetingDayOfMonth,
          }
  }
}

/**
 * The union's next meeting on or after today in the company's time zone. A meeting that falls on a
 * non-working day (weekend or holiday of the company calendar) is shown moved to the next working day,
 * as the 'next' rule moves an installment due that day (@mp/domain nextMeeting), so the date shown is
 * the day the union really meets to repay. Null when the union has no meeting day.
 */
export async function unionNextMeeting(db: Db, fields: MeetingFields, now: Date): Promise<IsoDate | null> {
  const rule = meetingRuleOf(fields)
  if (rule === null) return null
  const [timezone, calendar] = await Promise.all([companyTimezone(db), loadCompanyCalendar(db)])
  return nextMeeting(rule, todayIn(timezone, now), { calendar, nonWorkingDayRule: 'next' })
}

/** The union's meeting rule as @mp/domain takes it; null for a union without a meeting day (or none found). */
export async function unionMeetingRule(db: Db, unionId: string): Promise<MeetingRule | null> {
  const row = await db
    .selectFrom('union')
    .select([
      'meeting_day',
      'meeting_frequency',
      'meeting_week',
      'meeting_day_of_month',
      'meeting_anchor_date',
    ])
    .where('id', '=', unionId)
    .executeTakeFirst()
  if (!row) return null
  return meetingRuleOf({
    meetingDay: row.meeting_day,
    meetingFrequency: row.meeting_frequency,
    meetingWeek: row.meeting_week,
    meetingDayOfMonth: row.meeting_day_of_month,
    meetingAnchorDate: row.meeting_anchor_date,
  })
}

/**
 * The day the collection sheet and the due list open on for a union when no date is asked for: its
 * next meeting on or after `today`, moved off non-working days as `unionNextMeeting` moves it; null
 * when the union has no meeting day (the caller then uses today).
 */
export async function unionNextMeetingOn(db: Db, unionId: string, today: IsoDate): Promise<IsoDate | null> {
  const rule = await unionMeetingRule(db, unionId)
  if (rule === null) return null
  return nextMeeting(rule, today, { calendar: await loadCompanyCalendar(db), nonWorkingDayRule: 'next' })
}
