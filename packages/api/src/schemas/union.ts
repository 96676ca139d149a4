import { z } from 'zod'
import { zOptionalText, zSearch, zText } from './fields.js'
import { ZPage, ZPageSize, zDay } from './list.js'

export const ZDirection = z.enum(['asc', 'desc'], { error: 'Direction must be asc or desc' }).default('asc')

export const ZUnionId = z.uuid({ error: 'Union id must be a valid id' })
export const ZCreditOfficerId = z.uuid({ error: 'Credit officer id must be a valid id' })

export const ZMeetingDay = z.enum(
  ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'],
  { error: 'Meeting day must be a day of the week, MONDAY to SUNDAY' },
)

const ZUnionName = zText('Union name', 120)

/**
 * How often a union meets (docs/lending.md "Union meetings"): WEEKLY and BIWEEKLY on meetingDay (BIWEEKLY
 * counted from meetingAnchorDate, one meeting), MONTHLY_WEEKDAY on meetingDay of meetingWeek (1–4, or -1
 * for the last), MONTHLY_DATE on meetingDayOfMonth (1–28, or -1 for the last day). Which fields go with
 * which frequency is checked by the union service, naming the field.
 */
export const ZMeetingFrequency = z.enum(['WEEKLY', 'BIWEEKLY', 'MONTHLY_WEEKDAY', 'MONTHLY_DATE'], {
  error: 'Meeting frequency must be WEEKLY, BIWEEKLY, MONTHLY_WEEKDAY or MONTHLY_DATE',
})
export const ZMeetingWeek = z
  .number({ error: 'Meeting week must be 1, 2, 3, 4 or -1 (the last)' })
  .int({ error: 'Meeting week must be 1, 2, 3, 4 or -1 (the last)' })
  .refine((week) => [1, 2, 3, 4, -1].includes(week), {
    error: 'Meeting week must be 1, 2, 3, 4 or -1 (the last)',
  })
export const ZMeetingDayOfMonth = z
  .number({ error: 'Meeting day of month must be 1 to 28, or -1 for the last day' })
  .int({ error: 'Meeting day of month must be a whole number: 1 to 28, or -1 for the last day' })
  .refine((day) => (day >= 1 && day <= 28) || day === -1, {
    error: 'Meeting day of month must be 1 to 28, or -1 for the last day (29–31 are not in every month)',
  })

const meetingRuleFields = {
  meetingFrequency: ZMeetingFrequency.nullish(),
  meetingWeek: ZMeetingWeek.nullish(),
  meetingDayOfMonth: ZMeetingDayOfMonth.nullish(),
  meetingAnchorDate: zDay('Meeting anchor date').nullish(),
}

const ZLocation = zOptionalText('Location', 200)
const ZAddress = zOptionalText('Address', 500, { multiline: true })

export const ZUnionListInput = z
  .object({
    search: zSearch(),
    creditOfficerId: ZCreditOfficerId.optional(),
    page: ZPage,
    pageSize: ZPageSize,
    sort: z
      .enum(['name', 'createdAt', 'memberCount'], {
        error: 'Sort must be one of name, createdAt, memberCount',
      })
      .default('name'),
    direction: ZDirection,
  })
  .prefault({})
export type TUnionListInput = z.infer<typeof ZUnionListInput>

export const ZUnionIdInput = z.object({ id: ZUnionId })
export type TUnionIdInput = z.infer<typeof ZUnionIdInput>

export const ZUnionCreateInput = z.object({
  name: ZUnionName,
  location: ZLocation.nullish(),
  address: ZAddress.nullish(),
  meetingDay: ZMeetingDay.nullish(),
  ...meetingRuleFields,
  creditOfficerId: ZCreditOfficerId,
})
export type TUnionCreateInput = z.infer<typeof ZUnionCreateInput>

export const ZUnionUpdateInput = z.object({
  id: ZUnionId,
  name: ZUnionName.optional(),
  location: ZLocation.nullish(),
  address: ZAddress.nullish(),
  meetingDay: ZMeetingDay.nullish(),
  ...meetingRuleFields,
})
export type TUnionUpdateInput = z.infer<typeof ZUnionUpdateInput>
