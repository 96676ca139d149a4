import {
  inTransaction as retryingTransaction,
  sql,
  type Database,
  type Kysely,
  type MeetingDay,
  type Transaction,
} from '@mp/db'
import { LIVE_LOAN_STATUSES } from '@mp/domain'
import { recordAudit, recordChange } from '../audit.js'
import type { AuthedContext } from '../context.js'
import { AppError } from '../errors.js'
import type { TUnionCreateInput, TUnionListInput, TUnionUpdateInput } from '../schemas/union.js'
import { found, isInScope, notFound, staffScope, type StaffScope } from '../scope.js'
import { activeStaffChoices } from './staff-choices.js'
import { containsPattern, offsetOf, type Page } from './list-query.js'
import {
  MEETING_RULE_NOTE,
  resolveMeetingFields,
  unionNextMeeting,
  type MeetingFields,
} from './union-meetings.js'

/**
 * Unions (docs/product.md §6) and the pieces the member, guarantor and assignment services share: a union is in
 * the actor's scope when its credit officer is (scope.ts), and everything hanging off a union
 * (members, guarantors, histories, loans) follows it. Scope is always read from the locked
 * row inside the transaction, so a reassignment takes effect on the very next request.
 */
type Db = Kysely<Database> | Transaction<Database>

export const UNION = 'Union'
const OFFICER = 'Credit officer'

export type UnionListItem = {
  id: string
  name: string
  location: string | null
  address: string | null
  meetingDay: MeetingDay | null
  /** The meeting rule (docs/lending.md "Union meetings"); null frequency: weekly on meetingDay, if any. */
  meetingFrequency: MeetingFields['meetingFrequency']
  meetingWeek: number | null
  meetingDayOfMonth: number | null
  meetingAnchorDate: string | null
  creditOfficerId: string
  creditOfficerName: string
  memberCount: number
  /** Live loans of the union's members (DRAFT … DEFAULTED). */
  loanCount: number
  createdAt: Date
}

type UnionAssignmentItem = {
  id: string
  fromOfficerName: string | null
  toOfficerName: string
  reason: string
  actorName: string | null
  createdAt: Date
}

export type UnionDetail = UnionListItem & {
  assignments: UnionAssignmentItem[]
  /** The next meeting on or after today (company time zone), moved off non-working days; null without a meeting day. */
  nextMeeting: string | null
  /** Changing the meeting rule affects new loans only. */
  meetingRuleNote: string
}

export type UnionHistoryItem = UnionAssignmentItem & { unionId: string; unionName: string }

export function personName(first: string | null, last: string | null): string | null {
  return first === null || last === null ? null : `${first} ${last}`
}

// ---------------------------------------------------------------------------------------------
// Shared helpers

/**
 * Whether any of these members has a live loan (DRAFT, PENDING_APPROVAL, APPROVED, ACTIVE or
 * DEFAULTED — docs/product.md §4). Member and union deletion refuse while one exists.
 */
export async function hasLiveLoans(
  trx: Transaction<Database>,
  memberIds: readonly string[],
): Promise<boolean> {
  if (memberIds.length === 0) return false
  const row = await trx
    .selectFrom('loan')
    .select('id')
    .where('member_id', 'in', memberIds)
    .where('status', 'in', LIVE_LOAN_STATUSES)
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}

/** The constraint a unique violation (SQLSTATE 23505) hit; undefined for any other error. */
export function uniqueViolation(error: unknown): string | undefined {
  if (!(error instanceof Error) || !('code' in error) || error.code !== '23505') return undefined
  return 'constraint' in error && typeof error.constraint === 'string' ? error.constraint : ''
}

/**
 * Runs one transaction. A unique index that loses a race (two saves at the same moment, both past
 * the check) answers the same CONFLICT as the check itself instead of a 500.
 */
export async function inTransaction<T>(
  ctx: AuthedContext,
  conflicts: Readonly<Record<string, () => AppError>>,
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  try {
    return await retryingTransaction(ctx.db, work)
  } catch (error) {
    const constraint = uniqueViolation(error)
    const conflict = constraint === undefined ? undefined : conflicts[constraint]
    if (conflict) throw conflict()
    throw error
  }
}

export type LockedUnion = { id: string; name: string; creditOfficerId: string }

/**
 * Locks a live union the actor may see, else NOT_FOUND. 'update' for changing the union itself;
 * 'share' for adding or moving members into it, so a concurrent delete or reassignment waits.
 */
export async function lockUnionInScope(
  trx: Transaction<Database>,
  scope: StaffScope,
  id: string,
  mode: 'update' | 'share',
): Promise<LockedUnion> {
  const query = trx
    .selectFrom('union')
    .select(['id', 'name', 'credit_officer_id'])
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
  const row = await (mode === 'update' ? query.forUpdate() : query.forShare()).executeTakeFirst()
  if (!row || !isInScope(scope, row.credit_officer_id)) throw notFound(UNION)
  return { id: row.id, name: row.name, creditOfficerId: row.credit_officer_id }
}

/**
 * Unions go to an active credit officer the actor may assign: every officer for an admin, their own team for
 * a supervisor (old system rule kept). The officer row is share-locked so a concurrent
 * deactivation waits for this transaction.
 */
export async function assertAssignableOfficer(
  trx: Transaction<Database>,
  scope: StaffScope,
  officerId: string,
): Promise<{ id: string; name: string }> {
  if (!isInScope(scope, officerId)) throw notFound(OFFICER)
  const officer = found(
    await trx
      .selectFrom('staff_user')
      .select(['id', 'role', 'is_active', 'first_name', 'last_name'])
      .where('id', '=', officerId)
      .forShare()
      .executeTakeFirst(),
    OFFICER,
  )
  if (officer.role !== 'CREDIT_OFFICER' || !officer.is_active) {
    throw new AppError(
      'BAD_REQUEST',
      'A union can only be assigned to an active credit officer',
      'NOT_ACTIVE_CREDIT_OFFICER',
    )
  }
  return { id: officer.id, name: `${officer.first_name} ${officer.last_name}` }
}

// ---------------------------------------------------------------------------------------------
// Reading

function unionRows(db: Db) {
  return db
    .selectFrom('union as u')
    .innerJoin('staff_user as o', 'o.id', 'u.credit_officer_id')
    .where('u.deleted_at', 'is', null)
}

type UnionQuery = ReturnType<typeof unionRows>

function withItemColumns(query: UnionQuery) {
  return query.select((eb) => [
    'u.id',
    'u.name',
    'u.location',
    'u.address',
    'u.meeting_day',
    'u.meeting_frequency',
    'u.meeting_week',
    'u.meeting_day_of_month',
    'u.meeting_anchor_date',
    'u.credit_officer_id',
    'u.created_at',
    'o.first_name as officer_first_name',
    'o.last_name as officer_last_name',
    eb
      .selectFrom('member as m')
      .select((sub) => sub.fn.countAll<number>().as('count'))
      .whereRef('m.union_id', '=', 'u.id')
      .where('m.deleted_at', 'is', null)
      .as('member_count'),
    eb
      .selectFrom('loan as l')
      .innerJoin('member as lm', 'lm.id', 'l.member_id')
      .select((sub) => sub.fn.countAll<number>().as('count'))
      .whereRef('lm.union_id', '=', 'u.id')
      .where('l.status', 'in', LIVE_LOAN_STATUSES)
      .as('loan_count'),
  ])
}

type UnionItemRow = Awaited<ReturnType<ReturnType<typeof withItemColumns>['executeTakeFirstOrThrow']>>

function toItem(row: UnionItemRow): UnionListItem {
  return {
    id: row.id,
    name: row.name,
    location: row.location,
    address: row.address,
    meetingDay: row.meeting_day,
    meetingFrequency: row.meeting_frequency,
    meetingWeek: row.meeting_week,
    meetingDayOfMonth: row.meeting_day_of_month,
    meetingAnchorDate: row.meeting_anchor_date,
    creditOfficerId: row.credit_officer_id,
    creditOfficerName: `${row.officer_first_name} ${row.officer_last_name}`,
    memberCount: row.member_count ?? 0,
    loanCount: row.loan_count ?? 0,
    createdAt: row.created_at,
  }
}

async function loadUnionItem(db: Db, id: string): Promise<UnionListItem | undefined> {
  const row = await withItemColumns(unionRows(db).where('u.id', '=', id)).executeTakeFirst()
  return row && toItem(row)
}

/** Union reassignment history rows with names; callers add scope and filters. */
export function unionHistoryRows(db: Db) {
  return db
    .selectFrom('union_assignment as h')
    .innerJoin('union as u', 'u.id', 'h.union_id')
    .innerJoin('staff_user as t', 't.id', 'h.to_officer_id')
    .leftJoin('staff_user as f', 'f.id', 'h.from_officer_id')
    .leftJoin('staff_user as a', 'a.id', 'h.actor_id')
}

export function withHistoryColumns(query: ReturnType<typeof unionHistoryRows>) {
  return query.select([
    'h.id',
    'h.union_id',
    'u.name as union_name',
    'f.first_name as from_first_name',
    'f.last_name as from_last_name',
    't.first_name as to_first_name',
    't.last_name as to_last_name',
    'h.reason',
    'a.first_name as actor_first_name',
    'a.last_name as actor_last_name',
    'h.created_at',
  ])
}

type HistoryRow = Awaited<ReturnType<ReturnType<typeof withHistoryColumns>['executeTakeFirstOrThrow']>>

export function toHistoryItem(row: HistoryRow): UnionHistoryItem {
  return {
    id: row.id,
    unionId: row.union_id,
    unionName: row.union_name,
    fromOfficerName: personName(row.from_first_name, row.from_last_name),
    toOfficerName: `${row.to_first_name} ${row.to_last_name}`,
    reason: row.reason,
    actorName: personName(row.actor_first_name, row.actor_last_name),
    createdAt: row.created_at,
  }
}

async function loadDetail(db: Db, item: UnionListItem, now: Date): Promise<UnionDetail> {
  const rows = await withHistoryColumns(unionHistoryRows(db).where('h.union_id', '=', item.id))
    .orderBy('h.created_at', 'desc')
    .orderBy('h.id', 'desc')
    .execute()
  return {
    ...item,
    nextMeeting: await unionNextMeeting(db, item, now),
    meetingRuleNote: MEETING_RULE_NOTE,
    assignments: rows.map((row) => {
      const history = toHistoryItem(row)
      return {
        id: history.id,
        fromOfficerName: history.fromOfficerName,
        toOfficerName: history.toOfficerName,
        reason: history.reason,
        actorName: history.actorName,
        createdAt: history.createdAt,
      }
    }),
  }
}

export async function listUnions(ctx: AuthedContext, input: TUnionListInput): Promise<Page<UnionListItem>> {
  const scope = await staffScope(ctx.db, ctx.user)
  let query = unionRows(ctx.db)
  if (!scope.isAll) query = query.where('u.credit_officer_id', 'in', scope.staffIds)
  if (input.search !== undefined) {
    const pattern = containsPattern(input.search)
    query = query.where((eb) =>
      eb.or([
        eb('u.name', 'ilike', pattern),
        eb('u.location', 'ilike', pattern),
        eb('u.address', 'ilike', pattern),
      ]),
    )
  }
  if (input.creditOfficerId) query = query.where('u.credit_officer_id', '=', input.creditOfficerId)

  const direction = input.direction
  let rowsQuery = withItemColumns(query)
  switch (input.sort) {
    case 'name':
      rowsQuery = rowsQuery.orderBy(sql`lower(u.name)`, direction)
      break
    case 'createdAt':
      rowsQuery = rowsQuery.orderBy('u.created_at', direction)
      break
    case 'memberCount':
      rowsQuery = rowsQuery.orderBy('member_count', direction).orderBy(sql`lower(u.name)`)
      break
  }
  const [rows, count] = await Promise.all([
    rowsQuery.orderBy('u.id').limit(input.pageSize).offset(offsetOf(input)).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow(),
  ])
  return { items: rows.map(toItem), total: count.count, page: input.page, pageSize: input.pageSize }
}

export async function getUnion(ctx: AuthedContext, id: string): Promise<UnionDetail> {
  const scope = await staffScope(ctx.db, ctx.user)
  const item = await loadUnionItem(ctx.db, id)
  if (!item || !isInScope(scope, item.creditOfficerId)) throw notFound(UNION)
  return loadDetail(ctx.db, item, ctx.now())
}

/** Active credit officers the caller may pick: all for an admin, their team for a supervisor. */
export function listAssignableOfficers(ctx: AuthedContext): Promise<{ id: string; name: string }[]> {
  return activeStaffChoices(ctx, 'CREDIT_OFFICER')
}

// ---------------------------------------------------------------------------------------------
// Writing

const UNION_NAME_TAKEN = 'A union with this name already exists'
const UNION_CONFLICTS = {
  union_name_live_idx: () => new AppError('CONFLICT', UNION_NAME_TAKEN, 'UNION_NAME_TAKEN'),
}

/** Names are unique among live unions, whatever their case (the index does the same). */
async function assertUnionNameFree(db: Db, name: string, exceptId?: string) {
  let query = db
    .selectFrom('union')
    .select('id')
    .where('deleted_at', 'is', null)
    .where((eb) => eb(eb.fn('lower', ['name']), '=', eb.fn('lower', [eb.val(name)])))
  if (exceptId) query = query.where('id', '<>', exceptId)
  if (await query.executeTakeFirst()) {
    throw new AppError('CONFLICT', UNION_NAME_TAKEN, 'UNION_NAME_TAKEN')
  }
}

function auditSnapshot(item: UnionListItem) {
  return {
    name: item.name,
    location: item.location,
    address: item.address,
    meetingDay: item.meetingDay,
    meetingFrequency: item.meetingFrequency,
    meetingWeek: item.meetingWeek,
    meetingDayOfMonth: item.meetingDayOfMonth,
    meetingAnchorDate: item.meetingAnchorDate,
    creditOfficerId: item.creditOfficerId,
    creditOfficerName: item.creditOfficerName,
  }
}

export async function createUnion(ctx: AuthedContext, input: TUnionCreateInput): Promise<UnionDetail> {
  return inTransaction(ctx, UNION_CONFLICTS, async (trx) => {
    const scope = await staffScope(trx, ctx.user)
    await assertAssignableOfficer(trx, scope, input.creditOfficerId)
    await assertUnionNameFree(trx, input.name)
    const meeting = resolveMeetingFields(undefined, input)
    const now = ctx.now()
    const inserted = await trx
      .insertInto('union')
      .values({
        name: input.name,
        location: input.location ?? null,
        address: input.address ?? null,
        meeting_day: meeting.meetingDay,
        meeting_frequency: meeting.meetingFrequency,
        meeting_week: meeting.meetingWeek,
        meeting_day_of_month: meeting.meetingDayOfMonth,
        meeting_anchor_date: meeting.meetingAnchorDate,
        credit_officer_id: input.creditOfficerId,
        created_by: ctx.user.id,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    // The first officer opens the assignment history, so it always shows who had the union when.
    await trx
      .insertInto('union_assignment')
      .values({
        union_id: inserted.id,
        from_officer_id: null,
        to_officer_id: input.creditOfficerId,
        reason: 'Union created',
        actor_id: ctx.user.id,
        created_at: now,
      })
      .execute()
    const item = found(await loadUnionItem(trx, inserted.id), UNION)
    await recordChange(trx, ctx, {
      action: 'UNION_CREATE',
      entityType: 'union',
      after: item,
      keep: auditSnapshot,
    })
    return loadDetail(trx, item, ctx.now())
  })
}

export async function updateUnion(ctx: AuthedContext, input: TUnionUpdateInput): Promise<UnionDetail> {
  return inTransaction(ctx, UNION_CONFLICTS, async (trx) => {
    const scope = await staffScope(trx, ctx.user)
    await lockUnionInScope(trx, scope, input.id, 'update')
    const before = found(await loadUnionItem(trx, input.id), UNION)
    const name = input.name ?? before.name
    const location = input.location === undefined ? before.location : input.location
    const address = input.address === undefined ? before.address : input.address
    const meeting = resolveMeetingFields(before, input)
    const isChanged =
      name !== before.name ||
      location !== before.location ||
      address !== before.address ||
      (Object.keys(meeting) as (keyof MeetingFields)[]).some((key) => meeting[key] !== before[key])
    if (!isChanged) return loadDetail(trx, before, ctx.now())
    if (name !== before.name) await assertUnionNameFree(trx, name, before.id)

    await trx
      .updateTable('union')
      .set({
        name,
        location,
        address,
        meeting_day: meeting.meetingDay,
        meeting_frequency: meeting.meetingFrequency,
        meeting_week: meeting.meetingWeek,
        meeting_day_of_month: meeting.meetingDayOfMonth,
        meeting_anchor_date: meeting.meetingAnchorDate,
        updated_at: ctx.now(),
      })
      .where('id', '=', before.id)
      .execute()
    const after = found(await loadUnionItem(trx, before.id), UNION)
    await recordChange(trx, ctx, {
      action: 'UNION_UPDATE',
      entityType: 'union',
      before,
      after: after,
      keep: auditSnapshot,
    })
    return loadDetail(trx, after, ctx.now())
  })
}

/** Soft delete, only for an empty union (docs/product.md §6): no live members and no live loans. */
export async function deleteUnion(ctx: AuthedContext, id: string): Promise<{ isDeleted: true }> {
  return retryingTransaction(ctx.db, async (trx) => {
    const scope = await staffScope(trx, ctx.user)
    // The update lock makes member registrations and moves into this union (which share-lock it)
    // wait, so no member can slip in between the count and the delete.
    await lockUnionInScope(trx, scope, id, 'update')
    const before = found(await loadUnionItem(trx, id), UNION)
    if (before.memberCount > 0) {
      const noun = before.memberCount === 1 ? 'member' : 'members'
      throw new AppError(
        'CONFLICT',
        `This union still has ${before.memberCount} ${noun}. Move or delete them before deleting the union.`,
        'UNION_HAS_MEMBERS',
      )
    }
    const everyMember = await trx.selectFrom('member').select('id').where('union_id', '=', id).execute()
    if (
      await hasLiveLoans(
        trx,
        everyMember.map((row) => row.id),
      )
    ) {
      throw new AppError(
        'CONFLICT',
        'This union still has live loans. Close them before deleting the union.',
        'UNION_HAS_LIVE_LOANS',
      )
    }
    await trx.updateTable('union').set({ deleted_at: ctx.now() }).where('id', '=', id).execute()
    await recordAudit(trx, ctx, {
      action: 'UNION_DELETE',
      entityType: 'union',
      entityId: id,
      before: auditSnapshot(before),
    })
    return { isDeleted: true as const }
  })
}
