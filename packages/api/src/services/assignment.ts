import { inTransaction, type Database, type Transaction } from '@mp/db'
import { recordAudit } from '../audit.js'
import type { AuthedContext } from '../context.js'
import { AppError } from '../errors.js'
import type {
  TBulkReassignUnionsInput,
  TMemberHistoryInput,
  TReassignUnionInput,
  TUnionHistoryInput,
} from '../schemas/assignment.js'
import { isInScope, staffScope } from '../scope.js'
import { offsetPage, type Page } from './list-query.js'
import { memberHistoryRows, toMoveItem, withMoveColumns, type MemberMoveItem } from './member-queries.js'
import {
  assertAssignableOfficer,
  getUnion,
  lockUnionInScope,
  toHistoryItem,
  unionHistoryRows,
  withHistoryColumns,
  type UnionDetail,
  type UnionHistoryItem,
} from './union.js'

/**
 * Union reassignment (docs/product.md §6). Only `union.credit_officer_id` changes: members, loans and their
 * documents are scoped through the union, so they follow on the next request, for both officers,
 * without touching any other row or signing anyone out (old system: stale "Access Denied" until
 * re-login, loans left with the old officer's name).
 */
type UnionMove = { id: string; fromOfficerId: string }

async function recordReassignments(
  ctx: AuthedContext,
  trx: Transaction<Database>,
  unions: readonly UnionMove[],
  to: { id: string; name: string },
  reason: string,
  isBulk: boolean,
) {
  if (unions.length === 0) return
  const now = ctx.now()
  const ids = unions.map((union) => union.id)
  await trx
    .updateTable('union')
    .set({ credit_officer_id: to.id, updated_at: now })
    .where('id', 'in', ids)
    .execute()
  await trx
    .insertInto('union_assignment')
    .values(
      unions.map((union) => ({
        union_id: union.id,
        from_officer_id: union.fromOfficerId,
        to_officer_id: to.id,
        reason,
        actor_id: ctx.user.id,
        created_at: now,
      })),
    )
    .execute()
  const officers = await trx
    .selectFrom('staff_user')
    .select(['id', 'first_name', 'last_name'])
    .where(
      'id',
      'in',
      unions.map((union) => union.fromOfficerId),
    )
    .execute()
  const names = new Map(officers.map((row) => [row.id, `${row.first_name} ${row.last_name}`]))
  for (const union of unions) {
    await recordAudit(trx, ctx, {
      action: 'UNION_REASSIGN',
      entityType: 'union',
      entityId: union.id,
      before: {
        creditOfficerId: union.fromOfficerId,
        creditOfficerName: names.get(union.fromOfficerId) ?? null,
      },
      after: { creditOfficerId: to.id, creditOfficerName: to.name, reason, isBulk },
    })
  }
}

/** One union to another officer: admin, or a supervisor within their own team (both officers). */
export async function reassignUnion(ctx: AuthedContext, input: TReassignUnionInput): Promise<UnionDetail> {
  await inTransaction(ctx.db, async (trx) => {
    const scope = await staffScope(trx, ctx.user)
    const union = await lockUnionInScope(trx, scope, input.unionId, 'update')
    if (union.creditOfficerId === input.toOfficerId) {
      throw new AppError(
        'BAD_REQUEST',
        'This union is already assigned to that credit officer',
        'SAME_OFFICER',
      )
    }
    const to = await assertAssignableOfficer(trx, scope, input.toOfficerId)
    await recordReassignments(
      ctx,
      trx,
      [{ id: union.id, fromOfficerId: union.creditOfficerId }],
      to,
      input.reason,
      false,
    )
  })
  return getUnion(ctx, input.unionId)
}

/**
 * Many unions to one officer in one transaction, all or nothing: an unknown, deleted or
 * out-of-scope id answers NOT_FOUND and nothing moves. Unions already with that officer are left
 * as they are and not counted.
 */
export async function bulkReassignUnions(
  ctx: AuthedContext,
  input: TBulkReassignUnionsInput,
): Promise<{ reassigned: number }> {
  const ids = [...new Set(input.unionIds)]
  return inTransaction(ctx.db, async (trx) => {
    const scope = await staffScope(trx, ctx.user)
    const to = await assertAssignableOfficer(trx, scope, input.toOfficerId)
    // Locked in id order, so two bulk runs over overlapping unions cannot deadlock.
    const rows = await trx
      .selectFrom('union')
      .select(['id', 'credit_officer_id'])
      .where('id', 'in', ids)
      .where('deleted_at', 'is', null)
      .orderBy('id')
      .forUpdate()
      .execute()
    const missing = ids.length - rows.filter((row) => isInScope(scope, row.credit_officer_id)).length
    if (missing > 0) {
      throw new AppError(
        'NOT_FOUND',
        `${missing} of the selected unions could not be found. Nothing was reassigned.`,
        'NOT_FOUND',
      )
    }
    const toMove = rows
      .filter((row) => row.credit_officer_id !== to.id)
      .map((row) => ({ id: row.id, fromOfficerId: row.credit_officer_id }))
    await recordReassignments(ctx, trx, toMove, to, input.reason, true)
    return { reassigned: toMove.length }
  })
}

/** Union assignment history, newest first; rows follow their union's current scope. */
export async function listUnionHistory(
  ctx: AuthedContext,
  input: TUnionHistoryInput,
): Promise<Page<UnionHistoryItem>> {
  const scope = await staffScope(ctx.db, ctx.user)
  let query = unionHistoryRows(ctx.db)
  if (!scope.isAll) query = query.where('u.credit_officer_id', 'in', scope.staffIds)
  if (input.unionId) query = query.where('h.union_id', '=', input.unionId)
  const officerId = input.officerId
  if (officerId) {
    query = query.where((eb) =>
      eb.or([eb('h.from_officer_id', '=', officerId), eb('h.to_officer_id', '=', officerId)]),
    )
  }
  const ordered = withHistoryColumns(query).orderBy('h.created_at', 'desc').orderBy('h.id', 'desc')
  return offsetPage(input, ordered, query, (rows) => rows.map(toHistoryItem))
}

/** Member move history, newest first; rows follow the member's current union's scope. */
export async function listMemberHistory(
  ctx: AuthedContext,
  input: TMemberHistoryInput,
): Promise<Page<MemberMoveItem>> {
  const scope = await staffScope(ctx.db, ctx.user)
  let query = memberHistoryRows(ctx.db)
  if (!scope.isAll) query = query.where('cu.credit_officer_id', 'in', scope.staffIds)
  if (input.memberId) query = query.where('h.member_id', '=', input.memberId)
  const unionId = input.unionId
  if (unionId) {
    query = query.where((eb) =>
      eb.or([eb('h.from_union_id', '=', unionId), eb('h.to_union_id', '=', unionId)]),
    )
  }
  const ordered = withMoveColumns(query).orderBy('h.created_at', 'desc').orderBy('h.id', 'desc')
  return offsetPage(input, ordered, query, (rows) => rows.map(toMoveItem))
}
