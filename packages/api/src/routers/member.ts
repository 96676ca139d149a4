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
import { revealMemberIdentifiers, withMaskedIdentifiers } from '../services/identity-mask.js'
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
  // BVN and NIN leave the server masked; revealIdentifiers gives them in full to those who may (audited).
  get: protectedProcedure
    .input(ZMemberIdInput)
    .query(async ({ ctx, input }) => withMaskedIdentifiers(await getMember(ctx, input.id))),
  revealIdentifiers: supervisorProcedure
    .input(ZMemberIdInput)
    .mutation(({ ctx, input }) => revealMemberIdentifiers(ctx, input.id)),
  checkDuplicates: protectedProcedure
    .input(ZMemberCheckDuplicatesInput)
    .query(({ ctx, input }) => checkDuplicateMembers(ctx, input)),
  create: protectedProcedure
    .input(ZMemberCreateInput)
    .mutation(async ({ ctx, input }) => withMaskedIdentifiers(await createMember(ctx, input))),
  update: protectedProcedure
    .input(ZMemberUpdateInput)
    .mutation(async ({ ctx, input }) => withMaskedIdentifiers(await updateMember(ctx, input))),
  setPhoto: protectedProcedure
    .input(
      z.object({
        id: z.uuid({ error: 'Member id must be a UUID' }),
        documentId: z.uuid({ error: 'Document id must be a UUID' }).nullable(),
      }),
    )
    .mutation(async ({ ctx, input }) => withMaskedIdentifiers(await setMemberPhoto(ctx, input))),
  setVerified: supervisorProcedure
    .input(ZMemberSetVerifiedInput)
    .mutation(async ({ ctx, input }) => withMaskedIdentifiers(await setMemberVerified(ctx, input))),
  move: adminProcedure
    .input(ZMemberMoveInput)
    .mutation(async ({ ctx, input }) => withMaskedIdentifiers(await moveMember(ctx, input))),
  bulkMove: adminProcedure
    .input(ZMemberBulkMoveInput)
    .mutation(({ ctx, input }) => bulkMoveMembers(ctx, input)),
  delete: supervisorProcedure
    .input(ZMemberDeleteInput)
    .mutation(({ ctx, input }) => deleteMember(ctx, input)),
})
