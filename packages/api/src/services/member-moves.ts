import { inTransaction as retryingTransaction, type Database, type Transaction } from '@mp/db'
import { recordAudit } from '../audit.js'
import type { AuthedContext } from '../context.js'
import { AppError } from '../errors.js'
import type { TMemberBulkMoveInput, TMemberMoveInput } from '../schemas/member.js'
import { isInScope, staffScope } from '../scope.js'
import { lockUnionInScope } from './union.js'
import { type MemberProfile, loadProfile, lockMemberInScope } from './member-queries.js'

// Moving members to another union (admin; owner request #9), alone or in bulk in one transaction.

type MovedMember = { id: string; code: string; fromUnionId: string; fromUnionName: string }

/**
 * Moves members into a union (already locked by the caller) and records each move. Loans follow
 * without being touched: their scope and officer derive from the member's union (owner request #9).
 */
async function recordMoves(
  ctx: AuthedContext,
  trx: Transaction<Database>,
  members: readonly MovedMember[],
  target: { id: string; name: string; creditOfficerId: string },
  reason: string,
  isBulk: boolean,
) {
  if (members.length === 0) return
  const now = ctx.now()
  await trx
    .updateTable('member')
    .set({ union_id: target.id, updated_at: now })
    .where(
      'id',
      'in',
      members.map((member) => member.id),
    )
    .execute()
  await trx
    .insertInto('member_reassignment')
    .values(
      members.map((member) => ({
        member_id: member.id,
        from_union_id: member.fromUnionId,
        to_union_id: target.id,
        reason,
        actor_id: ctx.user.id,
        created_at: now,
      })),
    )
    .execute()
  for (const member of members) {
    await recordAudit(trx, ctx, {
      action: 'MEMBER_MOVE',
      entityType: 'member',
      entityId: member.id,
      before: { code: member.code, unionId: member.fromUnionId, unionName: member.fromUnionName },
      after: {
        code: member.code,
        unionId: target.id,
        unionName: target.name,
        creditOfficerId: target.creditOfficerId,
        reason,
        isBulk,
      },
    })
  }
}

export async function moveMember(ctx: AuthedContext, input: TMemberMoveInput): Promise<MemberProfile> {
  return retryingTransaction(ctx.db, async (trx) => {
    const scope = await staffScope(trx, ctx.user)
    await lockMemberInScope(trx, scope, input.memberId, 'update')
    const before = await loadProfile(trx, input.memberId)
    if (before.unionId === input.toUnionId) {
      throw new AppError('BAD_REQUEST', 'The member is already in this union', 'SAME_UNION')
    }
    const target = await lockUnionInScope(trx, scope, input.toUnionId, 'share')
    await recordMoves(
      ctx,
      trx,
      [{ id: before.id, code: before.code, fromUnionId: before.unionId, fromUnionName: before.unionName }],
      target,
      input.reason,
      false,
    )
    return loadProfile(trx, before.id)
  })
}

/**
 * Moves many members in one transaction, all or nothing: one unknown or deleted id and nothing
 * moves. Members already in the target union are left as they are and not counted.
 */
export async function bulkMoveMembers(
  ctx: AuthedContext,
  input: TMemberBulkMoveInput,
): Promise<{ moved: number }> {
  const ids = [...new Set(input.memberIds)]
  return retryingTransaction(ctx.db, async (trx) => {
    const scope = await staffScope(trx, ctx.user)
    const target = await lockUnionInScope(trx, scope, input.toUnionId, 'share')
    const rows = await trx
      .selectFrom('member as m')
      .innerJoin('union as u', 'u.id', 'm.union_id')
      .select(['m.id', 'm.code', 'm.union_id', 'u.name as union_name', 'u.credit_officer_id'])
      .where('m.id', 'in', ids)
      .where('m.deleted_at', 'is', null)
      .orderBy('m.id')
      .forUpdate('m')
      .execute()
    const missing = ids.length - rows.filter((row) => isInScope(scope, row.credit_officer_id)).length
    if (missing > 0) {
      throw new AppError(
        'NOT_FOUND',
        `${missing} of the selected members could not be found. Nothing was moved.`,
        'NOT_FOUND',
      )
    }
    const toMove = rows
      .filter((row) => row.union_id !== target.id)
      .map((row) => ({
        id: row.id,
        code: row.code,
        fromUnionId: row.union_id,
        fromUnionName: row.union_name,
      }))
    await recordMoves(ctx, trx, toMove, target, input.reason, true)
    return { moved: toMove.length }
  })
}
