import {
  bulkReassignUnions,
  listMemberHistory,
  listUnionHistory,
  reassignUnion,
} from '../services/assignment.js'
import { adminProcedure, protectedProcedure, router, supervisorProcedure } from '../trpc.js'
import {
  ZReassignUnionInput,
  ZBulkReassignUnionsInput,
  ZUnionHistoryInput,
  ZMemberHistoryInput,
} from '../schemas/assignment.js'

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
