import {
  checkPasswordPolicy,
  createSession,
  hashPassword,
  invalidateSession,
  invalidateUserSessions,
  serializeBlankSessionCookie,
  serializeSessionCookie,
  verifyAgainstDummy,
  verifyPassword,
} from '@mp/auth'
import { inTransaction, sql } from '@mp/db'
import { recordAudit } from '../audit.js'
import type { AuthedContext, Context } from '../context.js'
import { AppError } from '../errors.js'

/** docs/product.md §9: after 5 failures in 15 minutes the account is locked for 15 minutes. */
const LOCKOUT_THRESHOLD = 5
const LOCKOUT_WINDOW_MS = 15 * 60 * 1000
const LOCKOUT_DURATION_MS = 15 * 60 * 1000

const INVALID_CREDENTIALS = 'Email or password is incorrect'

export type SignInInput = { email: string; password: string; rememberMe: boolean }

async function recordAttempt(
  ctx: Context,
  attempt: { userId: string | null; email: string; isSuccess: boolean; failureReason: string | null },
) {
  await ctx.db
    .insertInto('login_history')
    .values({
      user_id: attempt.userId,
      email: attempt.email,
      is_success: attempt.isSuccess,
      failure_reason: attempt.failureReason,
      ip: ctx.request.ip,
      user_agent: ctx.request.userAgent?.slice(0, 512) ?? null,
      created_at: ctx.now(),
    })
    .execute()
}

/**
 * Sign-in throttling (docs/reliability.md "Sign-in throttling"). Failures are counted per (IP, email)
 * pair, so an office behind one shared address is not locked out by one colleague's typos: after
 * PAIR_FAILURE_LIMIT failures in the window only that email is refused from that address. A much higher
 * per-address ceiling stops credential stuffing across many emails; even then an email that has signed
 * in from that address before still gets through (its pair limit and the account lockout still apply).
 * Both live in login_history, so every instance sees the same counts.
 */
export const PAIR_FAILURE_LIMIT = 5
export const IP_FAILURE_LIMIT = 200
/** How long a successful sign-in from an address exempts that email from the address's ceiling. */
const KNOWN_ADDRESS_MS = 30 * 24 * 60 * 60 * 1000

const THROTTLED_MESSAGE = 'Too many failed sign-in attempts. Try again in 15 minutes.'

/** Refusal by the throttle: answered the same for known and unknown emails, before any lookup. */
async function throttle(ctx: Context, email: string, now: Date): Promise<void> {
  const ip = ctx.request.ip
  if (!ip) return
  const windowStart = new Date(now.getTime() - LOCKOUT_WINDOW_MS)
  const counts = await ctx.db
    .selectFrom('login_history')
    .select([
      sql<number>`count(*) filter (where not is_success and created_at > ${windowStart})::int`.as('fromIp'),
      // The pair's failures since its last success, so earlier typos are forgiven by a sign-in.
      sql<number>`count(*) filter (where not is_success and email = ${email} and created_at > greatest(
        ${windowStart}::timestamptz,
        (select max(created_at) from login_history where ip = ${ip} and email = ${email} and is_success)
      ))::int`.as('fromPair'),
      sql<boolean>`coalesce(bool_or(is_success and email = ${email}), false)`.as('isKnownAddress'),
    ])
    .where('ip', '=', ip)
    .where('created_at', '>', new Date(now.getTime() - Math.max(KNOWN_ADDRESS_MS, LOCKOUT_WINDOW_MS)))
    .executeTakeFirstOrThrow()
  const reason =
    counts.fromPair >= PAIR_FAILURE_LIMIT
      ? 'THROTTLED'
      : counts.fromIp >= IP_FAILURE_LIMIT && !counts.isKnownAddress
        ? 'IP_THROTTLED'
        : undefined
  if (!reason) return
  // No password check: refusing cheaply is the point, and the answer does not depend on the account.
  await recordAttempt(ctx, { userId: null, email, isSuccess: false, failureReason: reason })
  throw new AppError('TOO_MANY_REQUESTS', THROTTLED_MESSAGE, reason)
}

/**
 * The answer to an unknown email, a locked account and a wrong password, after the same database round
 * trips for all three (record, count, update), so neither the words nor the timing tell them apart.
 * Only a wrong password for a real account counts towards its lockout (docs/product.md §9).
 */
async function refuseCredentials(
  ctx: Context,
  attempt: {
    email: string
    user: { id: string; last_login_at: Date | null } | undefined
    reason: 'UNKNOWN_EMAIL' | 'LOCKED' | 'WRONG_PASSWORD'
  },
): Promise<never> {
  const { email, user, reason } = attempt
  const now = ctx.now()
  await recordAttempt(ctx, { userId: user?.id ?? null, email, isSuccess: false, failureReason: reason })
  // Failures in the window count, but not those before the last successful sign-in.
  const windowStart = new Date(now.getTime() - LOCKOUT_WINDOW_MS)
  const since = user?.last_login_at && user.last_login_at > windowStart ? user.last_login_at : windowStart
  const failures = await ctx.db
    .selectFrom('login_history')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where((eb) => (user ? eb('user_id', '=', user.id) : eb('email', '=', email)))
    .where('is_success', '=', false)
    .where('failure_reason', '=', 'WRONG_PASSWORD')
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow()
  const isLocking = reason === 'WRONG_PASSWORD' && failures.count >= LOCKOUT_THRESHOLD
  // For an unknown email this matches no row: the statement runs only to cost the same.
  await ctx.db
    .updateTable('staff_user')
    .set({
      failed_login_count: failures.count,
      ...(isLocking ? { locked_until: new Date(now.getTime() + LOCKOUT_DURATION_MS) } : {}),
    })
    .where((eb) => (user ? eb('id', '=', user.id) : eb('email', '=', email)))
    .execute()
  throw new AppError('UNAUTHORIZED', INVALID_CREDENTIALS, 'INVALID_CREDENTIALS')
}

export async function signIn(ctx: Context, input: SignInInput) {
  const email = input.email.trim().toLowerCase()
  const now = ctx.now()
  await throttle(ctx, email, now)
  const user = await ctx.db.selectFrom('staff_user').selectAll().where('email', '=', email).executeTakeFirst()

  if (!user) {
    // Same work and same answer as a wrong password, so emails cannot be probed.
    await verifyAgainstDummy(input.password)
    return refuseCredentials(ctx, { email, user: undefined, reason: 'UNKNOWN_EMAIL' })
  }

  if (user.locked_until && user.locked_until > now) {
    // A locked account answers exactly like a wrong password: a distinct answer would confirm that the
    // email has an account. The lock itself is recorded, and an administrator can see and lift it.
    await verifyAgainstDummy(input.password)
    return refuseCredentials(ctx, { email, user, reason: 'LOCKED' })
  }

  const isValid = await verifyPassword(user.password_hash, input.password)
  if (!isValid) return refuseCredentials(ctx, { email, user, reason: 'WRONG_PASSWORD' })

  if (!user.is_active) {
    await recordAttempt(ctx, { userId: user.id, email, isSuccess: false, failureReason: 'INACTIVE' })
    throw new AppError(
      'FORBIDDEN',
      'This account is deactivated. Ask an administrator to reactivate it.',
      'INACTIVE',
    )
  }

  const { token, session } = await inTransaction(ctx.db, async (trx) => {
    const created = await createSession(trx, {
      userId: user.id,
      isPersistent: input.rememberMe,
      ip: ctx.request.ip,
      userAgent: ctx.request.userAgent,
      now,
    })
    await trx
      .updateTable('staff_user')
      .set({
        last_login_at: now,
        last_activity_at: now,
        login_count: sql<number>`login_count + 1`,
        failed_login_count: 0,
        locked_until: null,
      })
      .where('id', '=', user.id)
      .execute()
    await trx
      .insertInto('login_history')
      .values({
        user_id: user.id,
        email,
        is_success: true,
        failure_reason: null,
        ip: ctx.request.ip,
        user_agent: ctx.request.userAgent?.slice(0, 512) ?? null,
        created_at: now,
      })
      .execute()
    await recordAudit(trx, ctx, {
      action: 'LOGIN',
      entityType: 'staff_user',
      entityId: user.id,
      actor: { id: user.id, email: user.email },
    })
    return created
  })

  ctx.setCookie(serializeSessionCookie(token, session, { isSecure: ctx.isSecureCookies }, now))
  return {
    id: user.id,
    email: user.email,
    firstName: user.first_name,
    lastName: user.last_name,
    phone: user.phone,
    role: user.role,
    mustChangePassword: user.must_change_password,
  }
}

export async function signOut(ctx: Context) {
  if (ctx.session && ctx.user) {
    const { session } = ctx
    await inTransaction(ctx.db, async (trx) => {
      await invalidateSession(trx, session.id)
      await recordAudit(trx, ctx, {
        action: 'LOGOUT',
        entityType: 'staff_user',
        entityId: ctx.user?.id ?? null,
      })
    })
  }
  ctx.setCookie(serializeBlankSessionCookie({ isSecure: ctx.isSecureCookies }))
}

export type ChangePasswordInput = { currentPassword: string; newPassword: string }

/**
 * Own password change (also the forced change after a one-time password). Every other session of
 * the user is signed out (docs/product.md §9 via issue: "changing their password revokes their sessions").
 */
export async function changePassword(ctx: AuthedContext, input: ChangePasswordInput) {
  const user = await ctx.db
    .selectFrom('staff_user')
    .select(['id', 'email', 'password_hash'])
    .where('id', '=', ctx.user.id)
    .executeTakeFirstOrThrow()
  if (!(await verifyPassword(user.password_hash, input.currentPassword))) {
    throw new AppError('BAD_REQUEST', 'Current password is incorrect', 'WRONG_CURRENT_PASSWORD')
  }
  if (input.newPassword === input.currentPassword) {
    throw new AppError('BAD_REQUEST', 'New password must be different from the current one', 'SAME_PASSWORD')
  }
  const problem = checkPasswordPolicy(input.newPassword, { email: user.email })
  if (problem) throw new AppError('BAD_REQUEST', problem.message, problem.code)
  const passwordHash = await hashPassword(input.newPassword)
  await inTransaction(ctx.db, async (trx) => {
    await trx
      .updateTable('staff_user')
      .set({ password_hash: passwordHash, must_change_password: false, updated_at: ctx.now() })
      .where('id', '=', user.id)
      .execute()
    await invalidateUserSessions(trx, user.id, { exceptSessionId: ctx.session.id })
    await recordAudit(trx, ctx, { action: 'PASSWORD_CHANGE', entityType: 'staff_user', entityId: user.id })
  })
  return { isChanged: true as const }
}

export type UpdateProfileInput = { firstName: string; lastName: string; phone: string | null }

export async function updateProfile(ctx: AuthedContext, input: UpdateProfileInput) {
  return inTransaction(ctx.db, async (trx) => {
    const before = await trx
      .selectFrom('staff_user')
      .select(['first_name', 'last_name', 'phone'])
      .where('id', '=', ctx.user.id)
      .executeTakeFirstOrThrow()
    const after = await trx
      .updateTable('staff_user')
      .set({
        first_name: input.firstName,
        last_name: input.lastName,
        phone: input.phone,
        updated_at: ctx.now(),
      })
      .where('id', '=', ctx.user.id)
      .returning(['id', 'email', 'first_name', 'last_name', 'phone', 'role', 'must_change_password'])
      .executeTakeFirstOrThrow()
    await recordAudit(trx, ctx, {
      action: 'PROFILE_UPDATE',
      entityType: 'staff_user',
      entityId: ctx.user.id,
      before,
      after: { first_name: after.first_name, last_name: after.last_name, phone: after.phone },
    })
    return {
      id: after.id,
      email: after.email,
      firstName: after.first_name,
      lastName: after.last_name,
      phone: after.phone,
      role: after.role,
      mustChangePassword: after.must_change_password,
    }
  })
}

export async function listOwnSessions(ctx: AuthedContext) {
  const rows = await ctx.db
    .selectFrom('session')
    .selectAll()
    .where('user_id', '=', ctx.user.id)
    .where('expires_at', '>', ctx.now())
    .orderBy('last_seen_at', 'desc')
    .execute()
  return rows.map((row) => ({
    id: row.id,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    ip: row.ip,
    userAgent: row.user_agent,
    isPersistent: row.is_persistent,
    isCurrent: row.id === ctx.session.id,
  }))
}

export async function revokeOwnSession(ctx: AuthedContext, sessionId: string) {
  await inTransaction(ctx.db, async (trx) => {
    const deleted = await trx
      .deleteFrom('session')
      .where('id', '=', sessionId)
      .where('user_id', '=', ctx.user.id)
      .executeTakeFirst()
    // Someone else's session id answers exactly like an unknown one.
    if (deleted.numDeletedRows === 0n) throw new AppError('NOT_FOUND', 'Session not found', 'NOT_FOUND')
    await recordAudit(trx, ctx, { action: 'SESSION_REVOKE', entityType: 'session', entityId: ctx.user.id })
  })
  if (sessionId === ctx.session.id)
    ctx.setCookie(serializeBlankSessionCookie({ isSecure: ctx.isSecureCookies }))
  return { isRevoked: true as const }
}

export async function revokeOtherSessions(ctx: AuthedContext) {
  return inTransaction(ctx.db, async (trx) => {
    const deleted = await trx
      .deleteFrom('session')
      .where('user_id', '=', ctx.user.id)
      .where('id', '<>', ctx.session.id)
      .executeTakeFirst()
    const revoked = Number(deleted.numDeletedRows)
    await recordAudit(trx, ctx, {
      action: 'SESSION_REVOKE_OTHERS',
      entityType: 'session',
      entityId: ctx.user.id,
      after: { revoked },
    })
    return { revoked }
  })
}
