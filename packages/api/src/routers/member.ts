import { z } from 'zod'
import {
  createMember,
  deleteMember,
  setMemberPhoto,
  setMemberVerified,
  updateMember,
} from '../services/member-commands.js'
import { checkDuplicateMembers } from '../services/member-duplicates.js'
import { bulkMoveMembers, moveMember } from '../services/member-moves.js'
import { getMember, listMembers } from '../services/member-queries.js'
import { adminProcedure, protectedProcedure, router, supervisorProcedure } from '../trpc.js'
import {
  ZMemberCreateInput,
  ZMemberUpdateInput,
  ZMemberListInput,
  ZMemberIdInput,
  ZMemberCheckDuplicatesInput,
  ZMemberSetVerifiedInput,
  ZMemberMoveInput,
  ZMemberBulkMoveInput,
  ZMemberDeleteInput,
} from '../schemas/member.js'

/**
 * Members, the borrowers (docs/product.md §6). Everyone registers and edits members of the unions in their
 * scope; admins and supervisors verify and delete; only an admin moves a member to another union
 * (owner request #9), and the member's officer and loans follow the union.
 */
export const memberRouter = router({
  list: protectedProcedure.input(ZMemberListInput).query(({ ctx, input }) => listMembers(ctx, input)),
  get: protectedProcedure.input(ZMemberIdInput).query(({ ctx, input }) => getMember(ctx, input.id)),
  checkDuplicates: protectedProcedure
    .input(ZMemberCheckDuplicatesInput)
    .query(({ ctx, input }) => checkDuplicateMembers(ctx, input)),
  create: protectedProcedure.input(ZMemberCreateInput).mutation(({ ctx, input }) => createMember(ctx, input)),
  update: protectedProcedure.input(ZMemberUpdateInput).mutation(({ ctx, input }) => updateMember(ctx, input)),
  setPhoto: protectedProcedure
    .input(
      z.object({
        id: z.uuid({ error: 'Member id must be a UUID' }),
        documentId: z.uuid({ error: 'Document id must be a UUID' }).nullable(),
      }),
    )
    .mutation(({ ctx, input }) => setMemberPhoto(ctx, input)),
  setVerified: supervisorProcedure
    .input(ZMemberSetVerifiedInput)
    .mutation(({ ctx, input }) => setMemberVerified(ctx, input)),
  move: adminProcedure.input(ZMemberMoveInput).mutation(({ ctx, input }) => moveMember(ctx, input)),
  bulkMove: adminProcedure
    .input(ZMemberBulkMoveInput)
    .mutation(({ ctx, input }) => bulkMoveMembers(ctx, input)),
  delete: supervisorProcedure
    .input(ZMemberDeleteInput)
    .mutation(({ ctx, input }) => deleteMember(ctx, input)),
})
