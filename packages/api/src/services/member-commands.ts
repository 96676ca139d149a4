import { todayIn } from '@mp/domain'
import { inTransaction as retryingTransaction, type Database, type Transaction } from '@mp/db'
import { recordAudit, recordChange } from '../audit.js'
import type { AuthedContext } from '../context.js'
import { AppError } from '../errors.js'
import type {
  TMemberCreateInput,
  TMemberDeleteInput,
  TMemberSetVerifiedInput,
  TMemberUpdateInput,
} from '../schemas/member.js'
import { DATE_OF_BIRTH_ERRORS, dateOfBirthReason } from '../schemas/member.js'
import { staffScope } from '../scope.js'
import { companyTimezone } from './list-query.js'
import { hasLiveLoans, inTransaction, lockUnionInScope } from './union.js'
import { type Db, type MemberProfile, loadProfile, lockMemberInScope } from './member-queries.js'
import { MEMBER_CONFLICTS, assertNoDuplicates } from './member-duplicates.js'

// Registering and editing members: create, update, verify, delete, photo (docs/product.md §6).

/** Age on today's date in the company timezone (docs/product.md §2). */
async function assertDateOfBirth(ctx: AuthedContext, db: Db, dateOfBirth: string) {
  const today = todayIn(await companyTimezone(db), ctx.now())
  const reason = dateOfBirthReason(dateOfBirth, today)
  if (reason !== undefined) throw new AppError('BAD_REQUEST', DATE_OF_BIRTH_ERRORS[reason], reason)
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

/** The member locked for update, when the actor may see them (else NOT_FOUND). */
async function lockProfile(
  ctx: AuthedContext,
  trx: Transaction<Database>,
  id: string,
): Promise<MemberProfile> {
  await lockMemberInScope(trx, await staffScope(trx, ctx.user), id, 'update')
  return loadProfile(trx, id)
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
    return recordChange(trx, ctx, {
      action: 'MEMBER_CREATE',
      entityType: 'member',
      after: await loadProfile(trx, inserted.id),
      keep: auditSnapshot,
      note: { isDuplicateAcknowledged: input.acknowledgeDuplicates },
    })
  })
}

/** Picks the new value of an optional field: undefined keeps the old one, null clears it. */
function pick<T>(next: T | null | undefined, previous: T | null): T | null {
  return next === undefined ? previous : next
}

export async function updateMember(ctx: AuthedContext, input: TMemberUpdateInput): Promise<MemberProfile> {
  return inTransaction(ctx, MEMBER_CONFLICTS, async (trx) => {
    const before = await lockProfile(ctx, trx, input.id)
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
    return recordChange(trx, ctx, {
      action: 'MEMBER_UPDATE',
      entityType: 'member',
      before,
      after: await loadProfile(trx, before.id),
      keep: auditSnapshot,
    })
  })
}

/** The verified flag (admin, or a supervisor for their team), with who and when. */
export async function setMemberVerified(
  ctx: AuthedContext,
  input: TMemberSetVerifiedInput,
): Promise<MemberProfile> {
  return retryingTransaction(ctx.db, async (trx) => {
    const before = await lockProfile(ctx, trx, input.id)
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
    return recordChange(trx, ctx, {
      action: input.isVerified ? 'MEMBER_VERIFY' : 'MEMBER_UNVERIFY',
      entityType: 'member',
      before,
      after: await loadProfile(trx, before.id),
      keep: (member) => ({ isVerified: member.isVerified, verifiedAt: member.verifiedAt }),
      note: { note: input.note ?? null },
    })
  })
}

export async function deleteMember(
  ctx: AuthedContext,
  input: TMemberDeleteInput,
): Promise<{ isDeleted: true }> {
  return retryingTransaction(ctx.db, async (trx) => {
    const before = await lockProfile(ctx, trx, input.id)
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
    const before = await lockProfile(ctx, trx, input.id)
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
