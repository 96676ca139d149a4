import {
  createSession,
  invalidateSession,
  serializeBlankSessionCookie,
  serializeSessionCookie,
  verifyAgainstDummy,
  verifyPassword,
} from '@mp/auth'
import { sql } from '@mp/db'
import { recordAudit } from '../audit.js'
import type { Context } from '../context.js'
import { AppError } from '../errors.js'

/** SPEC §9: after 5 failures in 15 minutes the account is locked for 15 minutes. */
export const LOCKOUT_THRESHOLD = 5
export const LOCKOUT_WINDOW_MS = 15 * 60 * 1000
export const LOCKOUT_DURATION_MS = 15 * 60 * 1000

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

export async function signIn(ctx: Context, input: SignInInput) {
  const email = input.email.trim().toLowerCase()
  const now = ctx.now()
  const user = await ctx.db.selectFrom('staff_user').selectAll().where('email', '=', email).executeTakeFirst()

  if (!user) {
    // Same work and same answer as a wrong password, so emails cannot be probed.
    await verifyAgainstDummy(input.password)
    await recordAttempt(ctx, { userId: null, email, isSuccess: false, failureReason: 'UNKNOWN_EMAIL' })
    throw new AppError('UNAUTHORIZED', INVALID_CREDENTIALS, 'INVALID_CREDENTIALS')
  }

  if (user.locked_until && user.locked_until > now) {
    await verifyAgainstDummy(input.password)
    await recordAttempt(ctx, { userId: user.id, email, isSuccess: false, failureReason: 'LOCKED' })
    const minutes = Math.ceil((user.locked_until.getTime() - now.getTime()) / 60_000)
    throw new AppError(
      'TOO_MANY_REQUESTS',
      `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
      'ACCOUNT_LOCKED',
    )
  }

  const isValid = await verifyPassword(user.password_hash, input.password)
  if (!isValid) {
    await recordAttempt(ctx, { userId: user.id, email, isSuccess: false, failureReason: 'WRONG_PASSWORD' })
    // Failures in the window count, but not those before the last successful sign-in.
    const windowStart = new Date(now.getTime() - LOCKOUT_WINDOW_MS)
    const since = user.last_login_at && user.last_login_at > windowStart ? user.last_login_at : windowStart
    const failures = await ctx.db
      .selectFrom('login_history')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('user_id', '=', user.id)
      .where('is_success', '=', false)
      .where('failure_reason', '=', 'WRONG_PASSWORD')
      .where('created_at', '>', since)
      .executeTakeFirstOrThrow()
    if (failures.count >= LOCKOUT_THRESHOLD) {
      await ctx.db
        .updateTable('staff_user')
        .set({
          locked_until: new Date(now.getTime() + LOCKOUT_DURATION_MS),
          failed_login_count: failures.count,
        })
        .where('id', '=', user.id)
        .execute()
    } else {
      await ctx.db
        .updateTable('staff_user')
        .set({ failed_login_count: failures.count })
        .where('id', '=', user.id)
        .execute()
    }
    throw new AppError('UNAUTHORIZED', INVALID_CREDENTIALS, 'INVALID_CREDENTIALS')
  }

  if (!user.is_active) {
    await recordAttempt(ctx, { userId: user.id, email, isSuccess: false, failureReason: 'INACTIVE' })
    throw new AppError(
      'FORBIDDEN',
      'This account is deactivated. Ask an administrator to reactivate it.',
      'INACTIVE',
    )
  }

  const { token, session } = await ctx.db.transaction().execute(async (trx) => {
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
    role: user.role,
    mustChangePassword: user.must_change_password,
  }
}

export async function signOut(ctx: Context) {
  if (ctx.session && ctx.user) {
    const { session } = ctx
    await ctx.db.transaction().execute(async (trx) => {
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
