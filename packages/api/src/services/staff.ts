import { randomInt } from 'node:crypto'
import { hashPassword, invalidateUserSessions } from '@mp/auth'
import {
  inTransaction as retryingTransaction,
  sql,
  type Database,
  type Kysely,
  type StaffRole,
  type Transaction,
} from '@mp/db'
import { recordAudit, recordChange } from '../audit.js'
import type { AuthedContext } from '../context.js'
import { AppError } from '../errors.js'
import type {
  TStaffAssignSupervisorInput,
  TStaffCreateInput,
  TStaffListInput,
  TStaffSetActiveInput,
  TStaffUpdateInput,
} from '../schemas/staff.js'
import { found, isInScope, notFound, staffScope } from '../scope.js'
import { activeStaffChoices } from './staff-choices.js'
import { containsPattern, offsetPage, type Page } from './list-query.js'

type Db = Kysely<Database> | Transaction<Database>

const STAFF = 'Staff member'
const DAY_MS = 24 * 60 * 60 * 1000

export type StaffListItem = {
  id: string
  email: string
  firstName: string
  lastName: string
  phone: string | null
  role: StaffRole
  supervisorId: string | null
  supervisorName: string | null
  isActive: boolean
  mustChangePassword: boolean
  lastLoginAt: Date | null
  lastActivityAt: Date | null
  loginCount: number
  createdAt: Date
  isLocked: boolean
}

// ---------------------------------------------------------------------------------------------
// Phone numbers

export { normaliseNigerianPhone } from '../schemas/fields.js'

// ---------------------------------------------------------------------------------------------
// One-time passwords

// No 0/O, 1/I/L: the password is read off a screen and typed by someone else.
const OTP_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'

/** Three groups of four characters, e.g. `K7QM-2XPA-9RTW` (about 59 bits from a CSPRNG). */
export function generateOneTimePassword(): string {
  const group = () =>
    Array.from({ length: 4 }, () => OTP_ALPHABET.charAt(randomInt(OTP_ALPHABET.length))).join('')
  return [group(), group(), group()].join('-')
}

// ---------------------------------------------------------------------------------------------
// Reading

function selectStaff(db: Db) {
  return db.selectFrom('staff_user as s').leftJoin('staff_user as sup', 'sup.id', 's.supervisor_id')
}

const STAFF_ITEM_COLUMNS = [
  's.id',
  's.email',
  's.first_name',
  's.last_name',
  's.phone',
  's.role',
  's.supervisor_id',
  's.is_active',
  's.must_change_password',
  's.last_login_at',
  's.last_activity_at',
  's.login_count',
  's.created_at',
  's.locked_until',
  'sup.first_name as supervisor_first_name',
  'sup.last_name as supervisor_last_name',
] as const

function selectStaffItem(db: Db) {
  return selectStaff(db).select(STAFF_ITEM_COLUMNS)
}

type StaffItemRow = Awaited<ReturnType<ReturnType<typeof selectStaffItem>['executeTakeFirstOrThrow']>>

function toItem(row: StaffItemRow, now: Date): StaffListItem {
  return {
    id: row.id,
    email: row.email,
    firstName: row.first_name,
    lastName: row.last_name,
    phone: row.phone,
    role: row.role,
    supervisorId: row.supervisor_id,
    supervisorName:
      row.supervisor_first_name === null || row.supervisor_last_name === null
        ? null
        : `${row.supervisor_first_name} ${row.supervisor_last_name}`,
    isActive: row.is_active,
    mustChangePassword: row.must_change_password,
    lastLoginAt: row.last_login_at,
    lastActivityAt: row.last_activity_at,
    loginCount: row.login_count,
    createdAt: row.created_at,
    isLocked: row.locked_until !== null && row.locked_until > now,
  }
}

async function loadItem(db: Db, id: string, now: Date): Promise<StaffListItem | undefined> {
  const row = await selectStaffItem(db).where('s.id', '=', id).executeTakeFirst()
  return row && toItem(row, now)
}

/** The fields an audit entry records about a staff user (never the password hash). */
function auditSnapshot(item: StaffListItem) {
  return {
    email: item.email,
    firstName: item.firstName,
    lastName: item.lastName,
    phone: item.phone,
    role: item.role,
    supervisorId: item.supervisorId,
    isActive: item.isActive,
  }
}

/**
 * Loads a staff user the actor may see (else NOT_FOUND) and locks their row for the rest of the
 * transaction, so concurrent edits of one user serialise instead of losing an update. For an admin
 * target every active admin is locked too, in id order: the "last active admin" check then holds
 * against two admins demoting or deactivating each other at the same moment, without deadlocks.
 */
async function loadForUpdate(
  ctx: AuthedContext,
  trx: Transaction<Database>,
  id: string,
): Promise<StaffListItem> {
  const scope = await staffScope(trx, ctx.user)
  if (!isInScope(scope, id)) throw notFound(STAFF)
  const current = found(
    await trx.selectFrom('staff_user').select('role').where('id', '=', id).executeTakeFirst(),
    STAFF,
  )
  await trx
    .selectFrom('staff_user')
    .select('id')
    .where((eb) =>
      current.role === 'ADMIN'
        ? eb.or([eb('id', '=', id), eb.and([eb('role', '=', 'ADMIN'), eb('is_active', '=', true)])])
        : eb('id', '=', id),
    )
    .orderBy('id')
    .forUpdate()
    .execute()
  return found(await loadItem(trx, id, ctx.now()), STAFF)
}

export async function listStaff(ctx: AuthedContext, input: TStaffListInput): Promise<Page<StaffListItem>> {
  const scope = await staffScope(ctx.db, ctx.user)
  let query = selectStaff(ctx.db)
  if (!scope.isAll) query = query.where('s.id', 'in', scope.staffIds)
  const search = input.search?.trim()
  if (search) {
    const pattern = containsPattern(search)
    // A phone typed as 0803… also finds the stored +234803….
    const phoneDigits = /^[+\d\s\-().]+$/.test(search)
      ? search.replace(/\D/g, '').replace(/^(234|0)/, '')
      : ''
    query = query.where((eb) =>
      eb.or([
        eb('s.email', 'ilike', pattern),
        eb('s.first_name', 'ilike', pattern),
        eb('s.last_name', 'ilike', pattern),
        eb(sql<string>`s.first_name || ' ' || s.last_name`, 'ilike', pattern),
        eb('s.phone', 'ilike', pattern),
        ...(phoneDigits.length >= 3 ? [eb('s.phone', 'ilike', containsPattern(phoneDigits))] : []),
      ]),
    )
  }
  if (input.role) query = query.where('s.role', '=', input.role)
  if (input.isActive !== undefined) query = query.where('s.is_active', '=', input.isActive)
  if (input.supervisorId) query = query.where('s.supervisor_id', '=', input.supervisorId)

  const direction = input.direction
  let rowsQuery = query.select(STAFF_ITEM_COLUMNS)
  switch (input.sort) {
    case 'name':
      rowsQuery = rowsQuery
        .orderBy(sql`lower(s.last_name)`, direction)
        .orderBy(sql`lower(s.first_name)`, direction)
      break
    case 'email':
      rowsQuery = rowsQuery.orderBy('s.email', direction)
      break
    case 'role':
      rowsQuery = rowsQuery.orderBy('s.role', direction)
      break
    case 'lastLoginAt':
      // Never-signed-in staff go last whichever way the list is sorted.
      rowsQuery = rowsQuery.orderBy('s.last_login_at', (ob) =>
        direction === 'asc' ? ob.asc().nullsLast() : ob.desc().nullsLast(),
      )
      break
    case 'createdAt':
      rowsQuery = rowsQuery.orderBy('s.created_at', direction)
      break
  }
  const now = ctx.now()
  return offsetPage(input, rowsQuery.orderBy('s.id'), query, (rows) => rows.map((row) => toItem(row, now)))
}

export async function getStaff(ctx: AuthedContext, id: string): Promise<StaffListItem> {
  const scope = await staffScope(ctx.db, ctx.user)
  if (!isInScope(scope, id)) throw notFound(STAFF)
  return found(await loadItem(ctx.db, id, ctx.now()), STAFF)
}

/** Active supervisors for pickers: all of them for an admin, only themselves for a supervisor. */
export function listSupervisors(ctx: AuthedContext): Promise<{ id: string; name: string }[]> {
  return activeStaffChoices(ctx, 'SUPERVISOR')
}

// ---------------------------------------------------------------------------------------------
// Writing

const EMAIL_TAKEN = 'A staff member with this email already exists'

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === '23505'
}

async function assertEmailFree(db: Db, email: string, exceptId?: string) {
  let query = db.selectFrom('staff_user').select('id').where('email', '=', email)
  if (exceptId) query = query.where('id', '<>', exceptId)
  if (await query.executeTakeFirst()) throw new AppError('CONFLICT', EMAIL_TAKEN, 'EMAIL_TAKEN')
}

/** A supervisor for a credit officer must be an existing, active SUPERVISOR. */
async function assertActiveSupervisor(db: Db, supervisorId: string) {
  const supervisor = await db
    .selectFrom('staff_user')
    .select(['role', 'is_active'])
    .where('id', '=', supervisorId)
    .executeTakeFirst()
  if (supervisor?.role !== 'SUPERVISOR' || !supervisor.is_active) {
    throw new AppError(
      'BAD_REQUEST',
      'The chosen supervisor must be an active supervisor',
      'INVALID_SUPERVISOR',
    )
  }
}

/** Runs a transaction, turning a unique-email race into the same CONFLICT as the check before it. */
async function inTransaction<T>(
  ctx: AuthedContext,
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  try {
    return await retryingTransaction(ctx.db, work)
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('CONFLICT', EMAIL_TAKEN, 'EMAIL_TAKEN')
    throw error
  }
}

export async function createStaff(
  ctx: AuthedContext,
  input: TStaffCreateInput,
): Promise<{ user: StaffListItem; oneTimePassword: string }> {
  let supervisorId: string | null
  if (ctx.user.role === 'ADMIN') {
    supervisorId = input.supervisorId ?? null
    if (supervisorId !== null && input.role !== 'CREDIT_OFFICER') {
      throw new AppError('BAD_REQUEST', 'Only credit officers have a supervisor', 'SUPERVISOR_NOT_ALLOWED')
    }
  } else {
    // docs/product.md §1: a supervisor creates credit officers under themselves, nothing else.
    if (input.role !== 'CREDIT_OFFICER') {
      throw new AppError('FORBIDDEN', 'Supervisors can only create credit officers', 'ROLE_NOT_ALLOWED')
    }
    supervisorId = ctx.user.id
  }

  const oneTimePassword = generateOneTimePassword()
  const passwordHash = await hashPassword(oneTimePassword)
  const user = await inTransaction(ctx, async (trx) => {
    await assertEmailFree(trx, input.email)
    if (supervisorId !== null) await assertActiveSupervisor(trx, supervisorId)
    const now = ctx.now()
    const inserted = await trx
      .insertInto('staff_user')
      .values({
        email: input.email,
        first_name: input.firstName,
        last_name: input.lastName,
        phone: input.phone ?? null,
        role: input.role,
        supervisor_id: supervisorId,
        password_hash: passwordHash,
        must_change_password: true,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const item = found(await loadItem(trx, inserted.id, now), STAFF)
    // The one-time password is returned once and never logged or audited.
    await recordAudit(trx, ctx, {
      action: 'STAFF_CREATE',
      entityType: 'staff_user',
      entityId: item.id,
      after: auditSnapshot(item),
    })
    return item
  })
  return { user, oneTimePassword }
}

export async function updateStaff(ctx: AuthedContext, input: TStaffUpdateInput): Promise<StaffListItem> {
  return inTransaction(ctx, async (trx) => {
    const before = await loadForUpdate(ctx, trx, input.id)
    const isAdmin = ctx.user.role === 'ADMIN'
    if (!isAdmin) {
      // Supervisors keep their team's names and phones current; email and role are head office's.
      if (before.role === 'ADMIN') throw notFound(STAFF)
      if (input.email !== undefined && input.email !== before.email) {
        throw new AppError(
          'FORBIDDEN',
          'Only an administrator can change an email address',
          'ADMIN_ONLY_FIELD',
        )
      }
      if (input.role !== undefined && input.role !== before.role) {
        throw new AppError('FORBIDDEN', 'Only an administrator can change a role', 'ADMIN_ONLY_FIELD')
      }
    }

    const email = input.email ?? before.email
    const role = input.role ?? before.role
    if (email !== before.email) await assertEmailFree(trx, email, before.id)
    if (role !== before.role) await assertRoleChangeAllowed(trx, before)

    const phone = input.phone === undefined ? before.phone : input.phone
    const firstName = input.firstName ?? before.firstName
    const lastName = input.lastName ?? before.lastName
    // Only credit officers have a supervisor.
    const supervisorId = role === 'CREDIT_OFFICER' ? before.supervisorId : null
    const isChanged =
      email !== before.email ||
      role !== before.role ||
      phone !== before.phone ||
      firstName !== before.firstName ||
      lastName !== before.lastName ||
      supervisorId !== before.supervisorId
    if (!isChanged) return before

    const now = ctx.now()
    await trx
      .updateTable('staff_user')
      .set({
        email,
        first_name: firstName,
        last_name: lastName,
        phone,
        role,
        supervisor_id: supervisorId,
        updated_at: now,
      })
      .where('id', '=', before.id)
      .execute()
    return recordChange(trx, ctx, {
      action: 'STAFF_UPDATE',
      entityType: 'staff_user',
      before,
      after: found(await loadItem(trx, before.id, now), STAFF),
      keep: auditSnapshot,
    })
  })
}

/** Whether `target` is the last active admin (the rows are locked by loadForUpdate). */
async function isLastActiveAdmin(trx: Transaction<Database>, target: StaffListItem): Promise<boolean> {
  if (target.role !== 'ADMIN' || !target.isActive) return false
  const others = await trx
    .selectFrom('staff_user')
    .select('id')
    .where('role', '=', 'ADMIN')
    .where('is_active', '=', true)
    .where('id', '<>', target.id)
    .limit(1)
    .execute()
  return others.length === 0
}

async function assertRoleChangeAllowed(trx: Transaction<Database>, before: StaffListItem) {
  if (before.role === 'SUPERVISOR') {
    const officers = await trx
      .selectFrom('staff_user')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('supervisor_id', '=', before.id)
      .executeTakeFirstOrThrow()
    if (officers.count > 0) {
      const noun = officers.count === 1 ? 'credit officer' : 'credit officers'
      throw new AppError(
        'CONFLICT',
        `This supervisor still has ${officers.count} ${noun}. Reassign them to another supervisor first.`,
        'SUPERVISOR_HAS_OFFICERS',
      )
    }
  }
  if (await isLastActiveAdmin(trx, before)) {
    throw new AppError(
      'CONFLICT',
      'This is the last active administrator. Make someone else an administrator first.',
      'LAST_ADMIN',
    )
  }
}

/** Supervisors act on their own credit officers only (not on themselves, not on other supervisors). */
function assertManages(ctx: AuthedContext, target: StaffListItem) {
  if (ctx.user.role === 'ADMIN') return
  if (target.role !== 'CREDIT_OFFICER' || target.supervisorId !== ctx.user.id) {
    if (target.id === ctx.user.id) {
      throw new AppError('FORBIDDEN', 'Ask an administrator to do this for your own account', 'OWN_ACCOUNT')
    }
    throw notFound(STAFF)
  }
}

export async function setStaffActive(
  ctx: AuthedContext,
  input: TStaffSetActiveInput,
): Promise<StaffListItem> {
  return inTransaction(ctx, async (trx) => {
    const before = await loadForUpdate(ctx, trx, input.id)
    if (!input.isActive && before.id === ctx.user.id) {
      throw new AppError('CONFLICT', 'You cannot deactivate your own account', 'SELF_DEACTIVATION')
    }
    assertManages(ctx, before)
    if (before.isActive === input.isActive) return before
    if (!input.isActive && (await isLastActiveAdmin(trx, before))) {
      throw new AppError('CONFLICT', 'The last active administrator cannot be deactivated', 'LAST_ADMIN')
    }
    const now = ctx.now()
    await trx
      .updateTable('staff_user')
      .set({ is_active: input.isActive, updated_at: now })
      .where('id', '=', before.id)
      .execute()
    // A deactivated account is signed out everywhere at once, not at its next request.
    if (!input.isActive) await invalidateUserSessions(trx, before.id)
    return recordChange(trx, ctx, {
      action: input.isActive ? 'STAFF_ACTIVATE' : 'STAFF_DEACTIVATE',
      entityType: 'staff_user',
      before,
      after: found(await loadItem(trx, before.id, now), STAFF),
      keep: (staff) => ({ isActive: staff.isActive }),
      note: { reason: input.reason ?? null },
    })
  })
}

export async function assignSupervisor(
  ctx: AuthedContext,
  input: TStaffAssignSupervisorInput,
): Promise<StaffListItem> {
  return inTransaction(ctx, async (trx) => {
    const before = await loadForUpdate(ctx, trx, input.id)
    if (before.role !== 'CREDIT_OFFICER') {
      throw new AppError('BAD_REQUEST', 'Only credit officers have a supervisor', 'SUPERVISOR_NOT_ALLOWED')
    }
    if (input.supervisorId !== null) await assertActiveSupervisor(trx, input.supervisorId)
    if (before.supervisorId === input.supervisorId) return before
    const now = ctx.now()
    await trx
      .updateTable('staff_user')
      .set({ supervisor_id: input.supervisorId, updated_at: now })
      .where('id', '=', before.id)
      .execute()
    return recordChange(trx, ctx, {
      action: 'STAFF_ASSIGN_SUPERVISOR',
      entityType: 'staff_user',
      before,
      after: found(await loadItem(trx, before.id, now), STAFF),
      keep: (staff) => ({ supervisorId: staff.supervisorId, supervisorName: staff.supervisorName }),
    })
  })
}

export async function resetStaffPassword(
  ctx: AuthedContext,
  id: string,
): Promise<{ oneTimePassword: string }> {
  const oneTimePassword = generateOneTimePassword()
  const passwordHash = await hashPassword(oneTimePassword)
  await inTransaction(ctx, async (trx) => {
    const before = await loadForUpdate(ctx, trx, id)
    if (before.id === ctx.user.id) {
      throw new AppError(
        'BAD_REQUEST',
        'Change your own password from your profile instead of resetting it',
        'OWN_ACCOUNT',
      )
    }
    assertManages(ctx, before)
    await trx
      .updateTable('staff_user')
      .set({
        password_hash: passwordHash,
        must_change_password: true,
        locked_until: null,
        failed_login_count: 0,
        updated_at: ctx.now(),
      })
      .where('id', '=', before.id)
      .execute()
    // Whoever was signed in with the old password is signed out.
    await invalidateUserSessions(trx, before.id)
    await recordAudit(trx, ctx, {
      action: 'STAFF_RESET_PASSWORD',
      entityType: 'staff_user',
      entityId: before.id,
      before: { isLocked: before.isLocked },
      after: { isLocked: false, isSignedOut: true },
    })
  })
  return { oneTimePassword }
}

export async function revokeStaffSessions(ctx: AuthedContext, id: string): Promise<{ revoked: number }> {
  return retryingTransaction(ctx.db, async (trx) => {
    const target = await loadForUpdate(ctx, trx, id)
    let query = trx.deleteFrom('session').where('user_id', '=', target.id)
    // Revoking your own sessions keeps the one you are using.
    if (target.id === ctx.user.id) query = query.where('id', '<>', ctx.session.id)
    const deleted = await query.executeTakeFirst()
    const revoked = Number(deleted.numDeletedRows)
    await recordAudit(trx, ctx, {
      action: 'STAFF_REVOKE_SESSIONS',
      entityType: 'staff_user',
      entityId: target.id,
      after: { revoked },
    })
    return { revoked }
  })
}

export type StaffActivity = {
  loginCount: number
  lastLoginAt: Date | null
  lastActivityAt: Date | null
  failedLoginsLast30Days: number
  recentLogins: {
    createdAt: Date
    isSuccess: boolean
    ip: string | null
    userAgent: string | null
    failureReason: string | null
  }[]
  actionsLast30Days: { action: string; count: number }[]
  activeSessions: number
}

export async function getStaffActivity(ctx: AuthedContext, id: string): Promise<StaffActivity> {
  const target = await getStaff(ctx, id)
  const now = ctx.now()
  const since = new Date(now.getTime() - 30 * DAY_MS)
  const [failed, recent, actions, sessions] = await Promise.all([
    ctx.db
      .selectFrom('login_history')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('user_id', '=', id)
      .where('is_success', '=', false)
      .where('created_at', '>=', since)
      .executeTakeFirstOrThrow(),
    ctx.db
      .selectFrom('login_history')
      .select(['created_at', 'is_success', 'ip', 'user_agent', 'failure_reason'])
      .where('user_id', '=', id)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(10)
      .execute(),
    ctx.db
      .selectFrom('audit_log')
      .select((eb) => ['action', eb.fn.countAll<number>().as('count')])
      .where('actor_id', '=', id)
      .where('created_at', '>=', since)
      .groupBy('action')
      .orderBy('count', 'desc')
      .orderBy('action')
      .execute(),
    ctx.db
      .selectFrom('session')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('user_id', '=', id)
      .where('expires_at', '>', now)
      .where('absolute_expires_at', '>', now)
      .executeTakeFirstOrThrow(),
  ])
  return {
    loginCount: target.loginCount,
    lastLoginAt: target.lastLoginAt,
    lastActivityAt: target.lastActivityAt,
    failedLoginsLast30Days: failed.count,
    recentLogins: recent.map((row) => ({
      createdAt: row.created_at,
      isSuccess: row.is_success,
      ip: row.ip,
      userAgent: row.user_agent,
      failureReason: row.failure_reason,
    })),
    actionsLast30Days: actions.map((row) => ({ action: row.action, count: row.count })),
    activeSessions: sessions.count,
  }
}
