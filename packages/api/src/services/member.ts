import { todayIn } from '@mp/domain'
import {
  inTransaction as retryingTransaction,
  sql,
  type Database,
  type Gender,
  type Kysely,
  type MaritalStatus,
  type Transaction,
} from '@mp/db'
import { recordAudit } from '../audit.js'
import type { AuthedContext } from '../context.js'
import { AppError } from '../errors.js'
import type {
  TMemberBulkMoveInput,
  TMemberCheckDuplicatesInput,
  TMemberCreateInput,
  TMemberDeleteInput,
  TMemberListInput,
  TMemberMoveInput,
  TMemberSetVerifiedInput,
  TMemberUpdateInput,
} from '../schemas/member.js'
import { DATE_OF_BIRTH_ERRORS, dateOfBirthReason } from '../schemas/member.js'
import { found, isInScope, notFound, staffScope, type StaffScope } from '../scope.js'
import {
  companyTimezone,
  countRows,
  cursorKeySelect,
  keysetPage,
  orderByKeyset,
  searchPattern,
  sortKey,
  type CursorPage,
  type Keyset,
  type ListSource,
} from './list-query.js'
import { hasLiveLoans, inTransaction, lockUnionInScope, personName } from './union.js'

/**
 * Members (docs/product.md §6). A member is in scope when their union is (scope.ts → union's credit officer),
 * so moving a member to another union, or the union to another officer, moves them for everyone on
 * the next request. The full BVN/NIN appear only on the member's own profile, never in lists,
 * duplicate warnings or the audit trail.
 */
type Db = Kysely<Database> | Transaction<Database>

export const MEMBER = 'Member'

export type MemberListItem = {
  id: string
  code: string
  firstName: string
  middleName: string | null
  lastName: string
  phone: string | null
  email: string | null
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

export type MemberProfile = {
  id: string
  code: string
  firstName: string
  middleName: string | null
  lastName: string
  phone: string | null
  email: string | null
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

function memberRows(db: Db) {
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

function toListItem(row: ListRow): MemberListItem {
  return {
    id: row.id,
    code: row.code,
    firstName: row.first_name,
    middleName: row.middle_name,
    lastName: row.last_name,
    phone: row.phone,
    email: row.email,
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
    id: row.id,
    code: row.code,
    firstName: row.first_name,
    middleName: row.middle_name,
    lastName: row.last_name,
    phone: row.phone,
    email: row.email,
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

async function loadProfile(db: Db, id: string): Promise<MemberProfile> {
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
  return {
    items: page.rows.map(toListItem),
    pageSize: input.pageSize,
    nextCursor: page.nextCursor,
    total: page.total,
    isTotalCapped: page.isTotalCapped,
  }
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

type DuplicateCriteria = {
  bvn?: string | null | undefined
  nin?: string | null | undefined
  firstName?: string | null | undefined
  lastName?: string | null | undefined
  phone?: string | null | undefined
  excludeId?: string | undefined
}

type DuplicateRow = {
  id: string
  code: string
  first_name: string
  last_name: string
  union_name: string
  credit_officer_id: string
  reason: DuplicateReason
}

/** Live members sharing the BVN, the NIN, or the same name and phone (docs/product.md §6 duplicate detection). */
async function findDuplicates(db: Db, criteria: DuplicateCriteria): Promise<DuplicateRow[]> {
  const { bvn, nin, firstName, lastName, phone } = criteria
  const isNameAndPhone = Boolean(firstName && lastName && phone)
  if (!bvn && !nin && !isNameAndPhone) return []
  let query = memberRows(db)
    .select([
      'm.id',
      'm.code',
      'm.first_name',
      'm.last_name',
      'm.bvn',
      'm.nin',
      'm.phone',
      'u.name as union_name',
      'u.credit_officer_id',
    ])
    .where((eb) =>
      eb.or([
        ...(bvn ? [eb('m.bvn', '=', bvn)] : []),
        ...(nin ? [eb('m.nin', '=', nin)] : []),
        ...(firstName && lastName && phone
          ? [
              eb.and([
                eb(eb.fn('lower', ['m.first_name']), '=', eb.fn('lower', [eb.val(firstName)])),
                eb(eb.fn('lower', ['m.last_name']), '=', eb.fn('lower', [eb.val(lastName)])),
                eb('m.phone', '=', phone),
              ]),
            ]
          : []),
      ]),
    )
  if (criteria.excludeId) query = query.where('m.id', '<>', criteria.excludeId)
  const rows = await query.orderBy('m.code').limit(50).execute()
  const duplicates: DuplicateRow[] = []
  for (const row of rows) {
    const base = {
      id: row.id,
      code: row.code,
      first_name: row.first_name,
      last_name: row.last_name,
      union_name: row.union_name,
      credit_officer_id: row.credit_officer_id,
    }
    if (bvn && row.bvn === bvn) duplicates.push({ ...base, reason: 'BVN' })
    if (nin && row.nin === nin) duplicates.push({ ...base, reason: 'NIN' })
    if (
      firstName &&
      lastName &&
      row.phone === phone &&
      row.first_name.toLowerCase() === firstName.toLowerCase() &&
      row.last_name.toLowerCase() === lastName.toLowerCase()
    ) {
      duplicates.push({ ...base, reason: 'NAME_AND_PHONE' })
    }
  }
  return duplicates
}

/**
 * The "possible duplicate" warning before a save. A match outside the caller's scope shows only the
 * reason ("already registered with another team's member"), so nobody learns another team's member's
 * code, name or union by typing in a BVN or NIN.
 */
export async function checkDuplicateMembers(
  ctx: AuthedContext,
  input: TMemberCheckDuplicatesInput,
): Promise<{ duplicates: MemberDuplicate[] }> {
  const scope = await staffScope(ctx.db, ctx.user)
  const rows = await findDuplicates(ctx.db, input)
  return {
    duplicates: rows.map((row) =>
      isInScope(scope, row.credit_officer_id)
        ? {
            id: row.id,
            code: row.code,
            name: `${row.first_name} ${row.last_name}`,
            unionName: row.union_name,
            reason: row.reason,
            isInScope: true,
          }
        : { code: null, name: null, unionName: null, reason: row.reason, isInScope: false },
    ),
  }
}

// ---------------------------------------------------------------------------------------------
// Writing

const bvnTaken = () =>
  new AppError('CONFLICT', 'Another member is already registered with this BVN', 'BVN_TAKEN')
const ninTaken = () =>
  new AppError('CONFLICT', 'Another member is already registered with this NIN', 'NIN_TAKEN')

/** Two saves with one BVN at the same moment: the loser hits the unique index, and gets the same answer. */
const MEMBER_CONFLICTS = {
  member_bvn_live_idx: bvnTaken,
  member_nin_live_idx: ninTaken,
}

/** Age on today's date in the company timezone (docs/product.md §2). */
async function assertDateOfBirth(ctx: AuthedContext, db: Db, dateOfBirth: string) {
  const today = todayIn(await companyTimezone(db), ctx.now())
  const reason = dateOfBirthReason(dateOfBirth, today)
  if (reason !== undefined) throw new AppError('BAD_REQUEST', DATE_OF_BIRTH_ERRORS[reason], reason)
}

/**
 * The duplicate rules for a save: BVN and NIN are unique among live members, always; the same name
 * and phone is refused unless the user saw the warning and confirmed.
 */
async function assertNoDuplicates(
  db: Db,
  criteria: DuplicateCriteria,
  options: { isNameAndPhoneChecked: boolean },
) {
  const rows = await findDuplicates(db, {
    ...criteria,
    ...(options.isNameAndPhoneChecked ? {} : { firstName: null, lastName: null, phone: null }),
  })
  if (rows.some((row) => row.reason === 'BVN')) throw bvnTaken()
  if (rows.some((row) => row.reason === 'NIN')) throw ninTaken()
  if (rows.some((row) => row.reason === 'NAME_AND_PHONE')) {
    throw new AppError(
      'CONFLICT',
      'A member with the same name and phone number is already registered. Check the duplicate warning and confirm to save anyway.',
      'POSSIBLE_DUPLICATE',
    )
  }
}

const maskIdentifier = (value: string | null) => (value === null ? null : `*******${value.slice(-4)}`)

/** What the audit trail keeps of a member: BVN and NIN masked (supervisors read their team's audit). */
function auditSnapshot(member: MemberProfile) {
  return {
    code: member.code,
    firstName: member.firstName,
    middleName: member.middleName,
    lastName: member.lastName,
    phone: member.phone,
    email: member.email,
    address: member.address,
    dateOfBirth: member.dateOfBirth,
    gender: member.gender,
    maritalStatus: member.maritalStatus,
    profession: member.profession,
    employer: member.employer,
    city: member.city,
    state: member.state,
    country: member.country,
    bvn: maskIdentifier(member.bvn),
    nin: maskIdentifier(member.nin),
    isVerified: member.isVerified,
    unionId: member.unionId,
    unionName: member.unionName,
  }
}

export async function createMember(ctx: AuthedContext, input: TMemberCreateInput): Promise<MemberProfile> {
  return inTransaction(ctx, MEMBER_CONFLICTS, async (trx) => {
    const scope = await staffScope(trx, ctx.user)
    // Share lock: a concurrent union delete or reassignment waits for this registration.
    await lockUnionInScope(trx, scope, input.unionId, 'share')
    if (input.dateOfBirth) await assertDateOfBirth(ctx, trx, input.dateOfBirth)
    await assertNoDuplicates(
      trx,
      {
        bvn: input.bvn,
        nin: input.nin,
        firstName: input.firstName,
        lastName: input.lastName,
        phone: input.phone,
      },
      { isNameAndPhoneChecked: !input.acknowledgeDuplicates },
    )
    const now = ctx.now()
    // The code (MEM000001…) comes from the column default, a sequence: concurrent saves never collide.
    const inserted = await trx
      .insertInto('member')
      .values({
        union_id: input.unionId,
        first_name: input.firstName,
        middle_name: input.middleName ?? null,
        last_name: input.lastName,
        phone: input.phone ?? null,
        email: input.email ?? null,
        address: input.address ?? null,
        date_of_birth: input.dateOfBirth ?? null,
        gender: input.gender ?? null,
        marital_status: input.maritalStatus ?? null,
        profession: input.profession ?? null,
        employer: input.employer ?? null,
        city: input.city ?? null,
        state: input.state ?? null,
        country: input.country ?? 'Nigeria',
        bvn: input.bvn ?? null,
        nin: input.nin ?? null,
        created_by: ctx.user.id,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const member = await loadProfile(trx, inserted.id)
    await recordAudit(trx, ctx, {
      action: 'MEMBER_CREATE',
      entityType: 'member',
      entityId: member.id,
      after: { ...auditSnapshot(member), isDuplicateAcknowledged: input.acknowledgeDuplicates },
    })
    return member
  })
}

/** Picks the new value of an optional field: undefined keeps the old one, null clears it. */
function pick<T>(next: T | null | undefined, previous: T | null): T | null {
  return next === undefined ? previous : next
}

export async function updateMember(ctx: AuthedContext, input: TMemberUpdateInput): Promise<MemberProfile> {
  return inTransaction(ctx, MEMBER_CONFLICTS, async (trx) => {
    const scope = await staffScope(trx, ctx.user)
    await lockMemberInScope(trx, scope, input.id, 'update')
    const before = await loadProfile(trx, input.id)
    const next = {
      firstName: input.firstName ?? before.firstName,
      middleName: pick(input.middleName, before.middleName),
      lastName: input.lastName ?? before.lastName,
      phone: pick(input.phone, before.phone),
      email: pick(input.email, before.email),
      address: pick(input.address, before.address),
      dateOfBirth: pick(input.dateOfBirth, before.dateOfBirth),
      gender: pick(input.gender, before.gender),
      maritalStatus: pick(input.maritalStatus, before.maritalStatus),
      profession: pick(input.profession, before.profession),
      employer: pick(input.employer, before.employer),
      city: pick(input.city, before.city),
      state: pick(input.state, before.state),
      country: input.country ?? before.country,
      bvn: pick(input.bvn, before.bvn),
      nin: pick(input.nin, before.nin),
    }
    const changed = (Object.keys(next) as (keyof typeof next)[]).filter((key) => next[key] !== before[key])
    if (changed.length === 0) return before

    if (next.dateOfBirth !== null && changed.includes('dateOfBirth')) {
      await assertDateOfBirth(ctx, trx, next.dateOfBirth)
    }
    // Only what changed is checked: a member saved earlier despite a warning can still be edited.
    const isNameOrPhoneChanged = ['firstName', 'lastName', 'phone'].some((key) =>
      changed.includes(key as keyof typeof next),
    )
    await assertNoDuplicates(
      trx,
      {
        bvn: changed.includes('bvn') ? next.bvn : null,
        nin: changed.includes('nin') ? next.nin : null,
        firstName: next.firstName,
        lastName: next.lastName,
        phone: next.phone,
        excludeId: before.id,
      },
      { isNameAndPhoneChecked: isNameOrPhoneChanged && !input.acknowledgeDuplicates },
    )

    await trx
      .updateTable('member')
      .set({
        first_name: next.firstName,
        middle_name: next.middleName,
        last_name: next.lastName,
        phone: next.phone,
        email: next.email,
        address: next.address,
        date_of_birth: next.dateOfBirth,
        gender: next.gender,
        marital_status: next.maritalStatus,
        profession: next.profession,
        employer: next.employer,
        city: next.city,
        state: next.state,
        country: next.country,
        bvn: next.bvn,
        nin: next.nin,
        updated_at: ctx.now(),
      })
      .where('id', '=', before.id)
      .execute()
    const after = await loadProfile(trx, before.id)
    await recordAudit(trx, ctx, {
      action: 'MEMBER_UPDATE',
      entityType: 'member',
      entityId: before.id,
      before: auditSnapshot(before),
      after: auditSnapshot(after),
    })
    return after
  })
}

/** The verified flag (admin, or a supervisor for their team), with who and when. */
export async function setMemberVerified(
  ctx: AuthedContext,
  input: TMemberSetVerifiedInput,
): Promise<MemberProfile> {
  return retryingTransaction(ctx.db, async (trx) => {
    const scope = await staffScope(trx, ctx.user)
    await lockMemberInScope(trx, scope, input.id, 'update')
    const before = await loadProfile(trx, input.id)
    if (before.isVerified === input.isVerified) return before
    const now = ctx.now()
    await trx
      .updateTable('member')
      .set({
        is_verified: input.isVerified,
        verified_at: input.isVerified ? now : null,
        verified_by: input.isVerified ? ctx.user.id : null,
        updated_at: now,
      })
      .where('id', '=', before.id)
      .execute()
    const after = await loadProfile(trx, before.id)
    await recordAudit(trx, ctx, {
      action: input.isVerified ? 'MEMBER_VERIFY' : 'MEMBER_UNVERIFY',
      entityType: 'member',
      entityId: before.id,
      before: { isVerified: before.isVerified, verifiedAt: before.verifiedAt },
      after: { isVerified: after.isVerified, verifiedAt: after.verifiedAt, note: input.note ?? null },
    })
    return after
  })
}

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

/** Soft delete (admin, or a supervisor for their team), refused while the member has a live loan. */
export async function deleteMember(
  ctx: AuthedContext,
  input: TMemberDeleteInput,
): Promise<{ isDeleted: true }> {
  return retryingTransaction(ctx.db, async (trx) => {
    const scope = await staffScope(trx, ctx.user)
    await lockMemberInScope(trx, scope, input.id, 'update')
    const before = await loadProfile(trx, input.id)
    if (await hasLiveLoans(trx, [before.id])) {
      throw new AppError(
        'CONFLICT',
        'This member has a live loan. Close it before deleting the member.',
        'MEMBER_HAS_LIVE_LOAN',
      )
    }
    const now = ctx.now()
    await trx.updateTable('member').set({ deleted_at: now }).where('id', '=', before.id).execute()
    // Their guarantors go with them (they are reached only through the member).
    const guarantors = await trx
      .updateTable('guarantor')
      .set({ deleted_at: now })
      .where('member_id', '=', before.id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst()
    await recordAudit(trx, ctx, {
      action: 'MEMBER_DELETE',
      entityType: 'member',
      entityId: before.id,
      before: auditSnapshot(before),
      after: { reason: input.reason, guarantorsDeleted: Number(guarantors.numUpdatedRows) },
    })
    return { isDeleted: true as const }
  })
}

export type TMemberSetPhotoInput = { id: string; documentId: string | null }

/**
 * The member's photo (docs/product.md §2) is one of their own documents: a JPEG or PNG, live, uploaded to this
 * member. Null clears it. Stored by reference, so the file route's scope check covers the photo too.
 */
export async function setMemberPhoto(
  ctx: AuthedContext,
  input: TMemberSetPhotoInput,
): Promise<MemberProfile> {
  return retryingTransaction(ctx.db, async (trx) => {
    const scope = await staffScope(trx, ctx.user)
    await lockMemberInScope(trx, scope, input.id, 'update')
    const before = await loadProfile(trx, input.id)
    if (input.documentId !== null) {
      const document = await trx
        .selectFrom('document')
        .select(['id', 'mime_type'])
        .where('id', '=', input.documentId)
        .where('owner_type', '=', 'MEMBER')
        .where('member_id', '=', input.id)
        .where('deleted_at', 'is', null)
        .executeTakeFirst()
      if (!document) throw new AppError('NOT_FOUND', 'Document not found for this member', 'NOT_FOUND')
      if (document.mime_type !== 'image/jpeg' && document.mime_type !== 'image/png') {
        throw new AppError('BAD_REQUEST', 'Photo must be a JPEG or PNG image', 'PHOTO_NOT_IMAGE')
      }
    }
    await trx
      .updateTable('member')
      .set({ photo_document_id: input.documentId, updated_at: ctx.now() })
      .where('id', '=', input.id)
      .execute()
    const after = await loadProfile(trx, input.id)
    await recordAudit(trx, ctx, {
      action: 'MEMBER_PHOTO',
      entityType: 'member',
      entityId: input.id,
      before: { photoUrl: before.photoUrl },
      after: { photoUrl: after.photoUrl },
    })
    return after
  })
}
