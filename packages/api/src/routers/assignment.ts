import { z } from 'zod'
import {
  bulkReassignUnions,
  listMemberHistory,
  listUnionHistory,
  reassignUnion,
} from '../services/assignment.js'
import { ZPage, ZPageSize } from '../services/list-query.js'
import { adminProcedure, protectedProcedure, router, supervisorProcedure } from '../trpc.js'
import { ZMemberId } from './member.js'
import { ZCreditOfficerId, ZUnionId, zReason } from './union.js'

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

/**
 * Assignments (docs/product.md §6, owner requests #7, #8, #14): a union moves to another officer with a reason,
 * alone or in bulk in one transaction, and the history of union and member moves is visible (the
 * old system recorded it but never exposed it). Members and loans follow the union because scope
 * derives from it; nobody has to sign out.
 */
export const assignmentRouter = router({
  reassignUnion: supervisorProcedure
    .input(ZReassignUnionInput)
    .mutation(({ ctx, input }) => reassignUnion(ctx, input)),
  bulkReassignUnions: adminProcedure
    .input(ZBulkReassignUnionsInput)
    .mutation(({ ctx, input }) => bulkReassignUnions(ctx, input)),
  unionHistory: protectedProcedure
    .input(ZUnionHistoryInput)
    .query(({ ctx, input }) => listUnionHistory(ctx, input)),
  memberHistory: protectedProcedure
    .input(ZMemberHistoryInput)
    .query(({ ctx, input }) => listMemberHistory(ctx, input)),
})
