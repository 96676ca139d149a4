import { inTransaction, type Database, type Kysely, type Transaction } from '@mp/db'
import { recordAudit, recordChange } from '../audit.js'
import type { AuthedContext } from '../context.js'
import type { TGuarantorCreateInput, TGuarantorUpdateInput } from '../schemas/guarantor.js'
import { found, isInScope, notFound, staffScope } from '../scope.js'
import { MEMBER, lockMemberInScope } from './member-queries.js'

/** Guarantors (docs/product.md §2): in scope when their member is, which is when the member's union is. */
type Db = Kysely<Database> | Transaction<Database>

const GUARANTOR = 'Guarantor'

export type GuarantorItem = {
  id: string
  memberId: string
  firstName: string
  lastName: string
  phone: string
  address: string | null
  relationship: string
  createdAt: Date
}

function guarantorRows(db: Db) {
  return db
    .selectFrom('guarantor as g')
    .innerJoin('member as m', 'm.id', 'g.member_id')
    .innerJoin('union as u', 'u.id', 'm.union_id')
    .select([
      'g.id',
      'g.member_id',
      'g.first_name',
      'g.last_name',
      'g.phone',
      'g.address',
      'g.relationship',
      'g.created_at',
      'u.credit_officer_id',
    ])
    .where('g.deleted_at', 'is', null)
    .where('m.deleted_at', 'is', null)
}

type GuarantorRow = Awaited<ReturnType<ReturnType<typeof guarantorRows>['executeTakeFirstOrThrow']>>

function toItem(row: GuarantorRow): GuarantorItem {
  return {
    id: row.id,
    memberId: row.member_id,
    firstName: row.first_name,
    lastName: row.last_name,
    phone: row.phone,
    address: row.address,
    relationship: row.relationship,
    createdAt: row.created_at,
  }
}

function auditSnapshot(item: GuarantorItem) {
  return {
    memberId: item.memberId,
    firstName: item.firstName,
    lastName: item.lastName,
    phone: item.phone,
    address: item.address,
    relationship: item.relationship,
  }
}

/** Locks a live guarantor whose member the actor may see, else NOT_FOUND. */
async function lockGuarantor(
  ctx: AuthedContext,
  trx: Transaction<Database>,
  id: string,
): Promise<GuarantorItem> {
  const row = await guarantorRows(trx).where('g.id', '=', id).forUpdate('g').executeTakeFirst()
  if (!row || !isInScope(await staffScope(trx, ctx.user), row.credit_officer_id)) throw notFound(GUARANTOR)
  return toItem(row)
}

async function loadItem(db: Db, id: string): Promise<GuarantorItem> {
  return toItem(found(await guarantorRows(db).where('g.id', '=', id).executeTakeFirst(), GUARANTOR))
}

export async function listGuarantors(ctx: AuthedContext, memberId: string): Promise<GuarantorItem[]> {
  const scope = await staffScope(ctx.db, ctx.user)
  const member = await ctx.db
    .selectFrom('member as m')
    .innerJoin('union as u', 'u.id', 'm.union_id')
    .select('u.credit_officer_id')
    .where('m.id', '=', memberId)
    .where('m.deleted_at', 'is', null)
    .executeTakeFirst()
  if (!member || !isInScope(scope, member.credit_officer_id)) throw notFound(MEMBER)
  const rows = await guarantorRows(ctx.db)
    .where('g.member_id', '=', memberId)
    .orderBy('g.created_at')
    .orderBy('g.id')
    .execute()
  return rows.map(toItem)
}

export async function createGuarantor(
  ctx: AuthedContext,
  input: TGuarantorCreateInput,
): Promise<GuarantorItem> {
  return inTransaction(ctx.db, async (trx) => {
    // Share lock: deleting the member at the same moment waits, and then takes this guarantor along.
    await lockMemberInScope(trx, await staffScope(trx, ctx.user), input.memberId, 'share')
    const now = ctx.now()
    const inserted = await trx
      .insertInto('guarantor')
      .values({
        member_id: input.memberId,
        first_name: input.firstName,
        last_name: input.lastName,
        phone: input.phone,
        address: input.address ?? null,
        relationship: input.relationship,
        created_by: ctx.user.id,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return recordChange(trx, ctx, {
      action: 'GUARANTOR_CREATE',
      entityType: 'guarantor',
      after: await loadItem(trx, inserted.id),
      keep: auditSnapshot,
    })
  })
}

export async function updateGuarantor(
  ctx: AuthedContext,
  input: TGuarantorUpdateInput,
): Promise<GuarantorItem> {
  return inTransaction(ctx.db, async (trx) => {
    const before = await lockGuarantor(ctx, trx, input.id)
    const next = {
      firstName: input.firstName ?? before.firstName,
      lastName: input.lastName ?? before.lastName,
      phone: input.phone ?? before.phone,
      address: input.address === undefined ? before.address : input.address,
      relationship: input.relationship ?? before.relationship,
    }
    const isChanged = (Object.keys(next) as (keyof typeof next)[]).some((key) => next[key] !== before[key])
    if (!isChanged) return before
    await trx
      .updateTable('guarantor')
      .set({
        first_name: next.firstName,
        last_name: next.lastName,
        phone: next.phone,
        address: next.address,
        relationship: next.relationship,
        updated_at: ctx.now(),
      })
      .where('id', '=', before.id)
      .execute()
    return recordChange(trx, ctx, {
      action: 'GUARANTOR_UPDATE',
      entityType: 'guarantor',
      before,
      after: await loadItem(trx, before.id),
      keep: auditSnapshot,
    })
  })
}

export async function deleteGuarantor(ctx: AuthedContext, id: string): Promise<{ isDeleted: true }> {
  return inTransaction(ctx.db, async (trx) => {
    const before = await lockGuarantor(ctx, trx, id)
    await trx.updateTable('guarantor').set({ deleted_at: ctx.now() }).where('id', '=', before.id).execute()
    await recordAudit(trx, ctx, {
      action: 'GUARANTOR_DELETE',
      entityType: 'guarantor',
      entityId: before.id,
      before: auditSnapshot(before),
    })
    return { isDeleted: true as const }
  })
}
