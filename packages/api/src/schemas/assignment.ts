import { z } from 'zod'
import { zReason } from './fields.js'
import { ZPage, ZPageSize } from './list.js'
import { ZMemberId } from './member.js'
import { ZCreditOfficerId, ZUnionId } from './union.js'

export const ZReassignUnionInput = z.object({
  unionId: ZUnionId,
  toOfficerId: ZCreditOfficerId,
  reason: zReason(),
})
export type TReassignUnionInput = z.infer<typeof ZReassignUnionInput>

export const ZBulkReassignUnionsInput = z.object({
  unionIds: z
    .array(ZUnionId, { error: 'Union ids must be a list' })
    .min(1, { error: 'Choose at least 1 union' })
    .max(200, { error: 'Reassign at most 200 unions at once' }),
  toOfficerId: ZCreditOfficerId,
  reason: zReason(),
})
export type TBulkReassignUnionsInput = z.infer<typeof ZBulkReassignUnionsInput>

export const ZUnionHistoryInput = z
  .object({
    unionId: ZUnionId.optional(),
    officerId: ZCreditOfficerId.optional(),
    page: ZPage,
    pageSize: ZPageSize,
  })
  .prefault({})
export type TUnionHistoryInput = z.infer<typeof ZUnionHistoryInput>

export const ZMemberHistoryInput = z
  .object({
    memberId: ZMemberId.optional(),
    unionId: ZUnionId.optional(),
    page: ZPage,
    pageSize: ZPageSize,
  })
  .prefault({})
export type TMemberHistoryInput = z.infer<typeof ZMemberHistoryInput>
