import type { AuthedContext } from '../context.js'
import { AppError } from '../errors.js'
import type { TMemberCheckDuplicatesInput } from '../schemas/member.js'
import { isInScope, staffScope } from '../scope.js'
import { type Db, type DuplicateReason, type MemberDuplicate, memberRows } from './member-queries.js'

// Duplicate members (docs/product.md §6): BVN and NIN unique among live members, the same name and phone
// only after the warning; the check the form runs as the officer types, and the one every save runs.

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
const bvnTaken = () =>
  new AppError('CONFLICT', 'Another member is already registered with this BVN', 'BVN_TAKEN')
const ninTaken = () =>
  new AppError('CONFLICT', 'Another member is already registered with this NIN', 'NIN_TAKEN')

/** Two saves with one BVN at the same moment: the loser hits the unique index, and gets the same answer. */
export const MEMBER_CONFLICTS = {
  member_bvn_live_idx: bvnTaken,
  member_nin_live_idx: ninTaken,
}

/**
 * The duplicate rules for a save: BVN and NIN are unique among live members, always; the same name
 * and phone is refused unless the user saw the warning and confirmed.
 */
export async function assertNoDuplicates(
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
