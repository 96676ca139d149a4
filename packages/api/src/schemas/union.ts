import { z } from 'zod'
import { zOptionalText, zSearch, zText } from './fields.js'
import { ZPage, ZPageSize } from './list.js'

export const ZDirection = z.enum(['asc', 'desc'], { error: 'Direction must be asc or desc' }).default('asc')

export const ZUnionId = z.uuid({ error: 'Union id must be a valid id' })
export const ZCreditOfficerId = z.uuid({ error: 'Credit officer id must be a valid id' })

export const ZMeetingDay = z.enum(
  ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'],
  { error: 'Meeting day must be a day of the week, MONDAY to SUNDAY' },
)

const ZUnionName = zText('Union name', 120)

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
  creditOfficerId: ZCreditOfficerId,
})
export type TUnionCreateInput = z.infer<typeof ZUnionCreateInput>

export const ZUnionUpdateInput = z.object({
  id: ZUnionId,
  name: ZUnionName.optional(),
  location: ZLocation.nullish(),
  address: ZAddress.nullish(),
  meetingDay: ZMeetingDay.nullish(),
})
export type TUnionUpdateInput = z.infer<typeof ZUnionUpdateInput>
