import { sql, type Database, type Gender, type Kysely, type MaritalStatus, type Transaction } from '@mp/db'
import type { AuthedContext } from '../context.js'
import type { TMemberListInput } from '../schemas/member.js'
import { found, isInScope, notFound, staffScope, type StaffScope } from '../scope.js'
import {
  countRows,
  cursorKeySelect,
  keysetPage,
  orderByKeyset,
  searchPattern,
  sortKey,
  type CursorPage,
  type Keyset,
  type ListSource,
  toCursorPage,
} from './list-query.js'
import { personName } from './union.js'

/**
 * Members (docs/product.md §6). A member is in scope when their union is (scope.ts → union's credit officer),
 * so moving a member to another union, or the union to another officer, moves them for everyone on
 * the next request. The full BVN/NIN appear only on the member's own profile, never in lists,
 * duplicate warnings or the audit trail.
 */

// Reading members: the list (keyset pages), the profile, the move history rows, the scoped row lock.

export type Db = Kysely<Database> | Transaction<Database>

export const MEMBER = 'Member'

/** A member's code, names and contacts (identityOf). */
type MemberIdentity = {
  id: string
  code: string
  firstName: string
  middleName: string | null
  lastName: string
  phone: string | null
  email: string | null
}

export type MemberListItem = MemberIdentity & {
  unionId: string
  unionName: string
  creditOfficerId: string
  creditOfficerName: string
  isVerified: boolean
  bvnLast4: string | null
  createdAt: Date
}

export type MemberMoveItem = {
  id: string
  memberId: string
  memberCode: string
  memberName: string
  fromUnionName: string
  toUnionName: string
  reason: string
  actorName: string | null
  createdAt: Date
}

export type MemberProfile = MemberIdentity & {
  address: string | null
  dateOfBirth: string | null
  gender: Gender | null
  maritalStatus: MaritalStatus | null
  profession: string | null
  employer: string | null
  city: string | null
  state: string | null
  country: string
  bvn: string | null
  nin: string | null
  isVerified: boolean
  verifiedAt: Date | null
  verifiedByName: string | null
  /** The member's photo, served by the scope-checked file route; null when none is chosen. */
  photoUrl: string | null
  unionId: string
  unionName: string
  creditOfficerId: string
  creditOfficerName: string
  createdAt: Date
  updatedAt: Date
  moves: MemberMoveItem[]
}

export type DuplicateReason = 'BVN' | 'NIN' | 'NAME_AND_PHONE'

export type MemberDuplicate = {
  /** Only for a member in the caller's scope. */
  id?: string
  /** Null outside the caller's scope: a member code names a person to whoever can look it up. */
  code: string | null
  /** Null for a member outside the caller's scope: only the reason is shown. */
  name: string | null
  unionName: string | null
  reason: DuplicateReason
  isInScope: boolean
}

// ---------------------------------------------------------------------------------------------
// Reading

export function memberRows(db: Db) {
  return db
    .selectFrom('member as m')
    .innerJoin('union as u', 'u.id', 'm.union_id')
    .innerJoin('staff_user as o', 'o.id', 'u.credit_officer_id')
    .where('m.deleted_at', 'is', null)
}

type MemberQuery = ReturnType<typeof memberRows>

function withListColumns(query: MemberQuery) {
  return query.select([
    'm.id',
    'm.code',
    'm.first_name',
    'm.middle_name',
    'm.last_name',
    'm.phone',
    'm.email',
    'm.union_id',
    'u.name as union_name',
    'u.credit_officer_id',
    'o.first_name as officer_first_name',
    'o.last_name as officer_last_name',
    'm.is_verified',
    'm.bvn',
    'm.created_at',
  ])
}

type ListRow = Awaited<ReturnType<ReturnType<typeof withListColumns>['executeTakeFirstOrThrow']>>

/** A member's code, names and contacts, the same in the list and on the profile. */
function identityOf(
  row: Pick<ListRow, 'id' | 'code' | 'first_name' | 'middle_name' | 'last_name' | 'phone' | 'email'>,
): MemberIdentity {
  return {
    id: row.id,
    code: row.code,
    firstName: row.first_name,
    middleName: row.middle_name,
    lastName: row.last_name,
    phone: row.phone,
    email: row.email,
  }
}

function toListItem(row: ListRow): MemberListItem {
  return {
    ...identityOf(row),
    unionId: row.union_id,
    unionName: row.union_name,
    creditOfficerId: row.credit_officer_id,
    creditOfficerName: `${row.officer_first_name} ${row.officer_last_name}`,
    isVerified: row.is_verified,
    bvnLast4: row.bvn === null ? null : row.bvn.slice(-4),
    createdAt: row.created_at,
  }
}

function selectProfile(db: Db) {
  return memberRows(db)
    .leftJoin('staff_user as v', 'v.id', 'm.verified_by')
    .select([
      'm.id',
      'm.code',
      'm.first_name',
      'm.middle_name',
      'm.last_name',
      'm.phone',
      'm.email',
      'm.address',
      'm.date_of_birth',
      'm.gender',
      'm.marital_status',
      'm.profession',
      'm.employer',
      'm.city',
      'm.state',
      'm.country',
      'm.bvn',
      'm.nin',
      'm.is_verified',
      'm.verified_at',
      'm.photo_document_id',
      'v.first_name as verifier_first_name',
      'v.last_name as verifier_last_name',
      'm.union_id',
      'u.name as union_name',
      'u.credit_officer_id',
      'o.first_name as officer_first_name',
      'o.last_name as officer_last_name',
      'm.created_at',
      'm.updated_at',
    ])
}

type ProfileRow = Awaited<ReturnType<ReturnType<typeof selectProfile>['executeTakeFirstOrThrow']>>

/** Member reassignment history rows with names; callers add scope and filters. */
export function memberHistoryRows(db: Db) {
  return (
    db
      .selectFrom('member_reassignment as h')
      .innerJoin('member as m', 'm.id', 'h.member_id')
      // Scope follows the member's current union.
      .innerJoin('union as cu', 'cu.id', 'm.union_id')
      .innerJoin('union as fu', 'fu.id', 'h.from_union_id')
      .innerJoin('union as tu', 'tu.id', 'h.to_union_id')
      .leftJoin('staff_user as a', 'a.id', 'h.actor_id')
  )
}

export function withMoveColumns(query: ReturnType<typeof memberHistoryRows>) {
  return query.select([
    'h.id',
    'h.member_id',
    'm.code as member_code',
    'm.first_name as member_first_name',
    'm.last_name as member_last_name',
    'fu.name as from_union_name',
    'tu.name as to_union_name',
    'h.reason',
    'a.first_name as actor_first_name',
    'a.last_name as actor_last_name',
    'h.created_at',
  ])
}

type MoveRow = Awaited<ReturnType<ReturnType<typeof withMoveColumns>['executeTakeFirstOrThrow']>>

export function toMoveItem(row: MoveRow): MemberMoveItem {
  return {
    id: row.id,
    memberId: row.member_id,
    memberCode: row.member_code,
    memberName: `${row.member_first_name} ${row.member_last_name}`,
    fromUnionName: row.from_union_name,
    toUnionName: row.to_union_name,
    reason: row.reason,
    actorName: personName(row.actor_first_name, row.actor_last_name),
    createdAt: row.created_at,
  }
}

async function toProfile(db: Db, row: ProfileRow): Promise<MemberProfile> {
  const moves = await withMoveColumns(memberHistoryRows(db).where('h.member_id', '=', row.id))
    .orderBy('h.created_at', 'desc')
    .orderBy('h.id', 'desc')
    .execute()
  return {
    ...identityOf(row),
    address: row.address,
    dateOfBirth: row.date_of_birth,
    gender: row.gender,
    maritalStatus: row.marital_status,
    profession: row.profession,
    employer: row.employer,
    city: row.city,
    state: row.state,
    country: row.country,
    bvn: row.bvn,
    nin: row.nin,
    isVerified: row.is_verified,
    verifiedAt: row.verified_at,
    verifiedByName: personName(row.verifier_first_name, row.verifier_last_name),
    photoUrl: row.photo_document_id ? `/files/documents/${row.photo_document_id}` : null,
    unionId: row.union_id,
    unionName: row.union_name,
    creditOfficerId: row.credit_officer_id,
    creditOfficerName: `${row.officer_first_name} ${row.officer_last_name}`,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    moves: moves.map(toMoveItem),
  }
}

export async function loadProfile(db: Db, id: string): Promise<MemberProfile> {
  return toProfile(db, found(await selectProfile(db).where('m.id', '=', id).executeTakeFirst(), MEMBER))
}

/**
 * Locks a live member the actor may see (else NOT_FOUND). 'update' to change the member, 'share'
 * to attach something to them (a guarantor), so a concurrent delete waits.
 */
export async function lockMemberInScope(
  trx: Transaction<Database>,
  scope: StaffScope,
  id: string,
  mode: 'update' | 'share',
): Promise<{ id: string; unionId: string; creditOfficerId: string }> {
  const query = trx
    .selectFrom('member as m')
    .innerJoin('union as u', 'u.id', 'm.union_id')
    .select(['m.id', 'm.union_id', 'u.credit_officer_id'])
    .where('m.id', '=', id)
    .where('m.deleted_at', 'is', null)
  const row = await (mode === 'update' ? query.forUpdate('m') : query.forShare('m')).executeTakeFirst()
  if (!row || !isInScope(scope, row.credit_officer_id)) throw notFound(MEMBER)
  return { id: row.id, unionId: row.union_id, creditOfficerId: row.credit_officer_id }
}

type MemberListFilters = Omit<TMemberListInput, 'cursor' | 'pageSize'>

/**
 * Members in scope with the list's filters. The search is one LIKE on the normalised `search_text`
 * column (code, names, phone digits; trigram index), plus BVN/NIN matched whole (unique indexes): never
 * by fragment, and never shown in lists.
 */
function memberListQuery(db: Db, scope: StaffScope, input: MemberListFilters) {
  let query = withListColumns(memberRows(db))
  if (!scope.isAll) query = query.where('u.credit_officer_id', 'in', scope.staffIds)
  if (input.search !== undefined) {
    const pattern = searchPattern(input.search)
    const identifier = input.search.replace(/\s/g, '')
    const isIdentifier = /^\d{11}$/.test(identifier)
    query = query.where((eb) =>
      eb.or([
        eb('m.search_text', 'like', pattern),
        ...(isIdentifier ? [eb('m.bvn', '=', identifier), eb('m.nin', '=', identifier)] : []),
      ]),
    )
  }
  if (input.unionId) query = query.where('m.union_id', '=', input.unionId)
  if (input.creditOfficerId) query = query.where('u.credit_officer_id', '=', input.creditOfficerId)
  if (input.isVerified !== undefined) query = query.where('m.is_verified', '=', input.isVerified)
  return query
}

/** The list's order: name (last, first, case-insensitive), code or registration time, then the id. */
function memberKeyset(input: Pick<TMemberListInput, 'sort' | 'direction'>): Keyset {
  const id = sortKey('m.id', 'uuid')
  const keys = {
    name: [sortKey(sql`lower(m.last_name)`, 'text'), sortKey(sql`lower(m.first_name)`, 'text'), id],
    code: [sortKey('m.code', 'text'), id],
    createdAt: [sortKey('m.created_at', 'timestamptz'), id],
  }[input.sort]
  return { name: `members.${input.sort}`, keys, direction: input.direction }
}

export async function listMembers(
  ctx: AuthedContext,
  input: TMemberListInput,
): Promise<CursorPage<MemberListItem>> {
  const scope = await staffScope(ctx.db, ctx.user)
  const keyset = memberKeyset(input)
  const query = memberListQuery(ctx.db, scope, input)
  const page = await keysetPage(ctx.db, query.select(cursorKeySelect(keyset)), keyset, input, query)
  return toCursorPage(page, input.pageSize, toListItem)
}

/** Every member of the list in its order, for the export (one server-side cursor). */
export async function memberListSource(
  ctx: AuthedContext,
  input: MemberListFilters,
): Promise<ListSource<ListRow, MemberListItem>> {
  const scope = await staffScope(ctx.db, ctx.user)
  const query = memberListQuery(ctx.db, scope, input)
  return {
    query: orderByKeyset(query, memberKeyset(input)),
    count: () => countRows(ctx.db, query),
    toItem: toListItem,
  }
}

export async function getMember(ctx: AuthedContext, id: string): Promise<MemberProfile> {
  const scope = await staffScope(ctx.db, ctx.user)
  const row = await selectProfile(ctx.db).where('m.id', '=', id).executeTakeFirst()
  if (!row || !isInScope(scope, row.credit_officer_id)) throw notFound(MEMBER)
  return toProfile(ctx.db, row)
}
