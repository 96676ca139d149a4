import { sha256 } from '@oslojs/crypto/sha2'
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding'
import type { Database, Kysely, Session, StaffUser, Transaction } from '@mp/db'

/**
 * Sessions following Lucia's session design (lucia-auth.com, "Basic session implementation"),
 * implemented directly on @oslojs/crypto and @oslojs/encoding because the `lucia` package itself
 * is deprecated by its authors:
 *
 * - the browser holds a random 160-bit token; the database stores only its SHA-256 (the session id),
 *   so a leaked table cannot be replayed as cookies;
 * - sliding expiry: a session used after half its lifetime is extended;
 * - an absolute cap, after which the user signs in again whatever their activity.
 */
export const SESSION_COOKIE_NAME = 'mp_session'
const DAY_MS = 24 * 60 * 60 * 1000
/** "Remember me": 7 days, renewed on use. */
export const PERSISTENT_SESSION_TTL_MS = 7 * DAY_MS
/** Without "remember me": a browser-session cookie, and 12 hours idle on the server. */
export const BROWSER_SESSION_TTL_MS = 12 * 60 * 60 * 1000
/** No session lives longer than 30 days. */
export const ABSOLUTE_SESSION_TTL_MS = 30 * DAY_MS

type Db = Kysely<Database> | Transaction<Database>

export type SessionUser = Pick<
  StaffUser,
  | 'id'
  | 'email'
  | 'first_name'
  | 'last_name'
  | 'phone'
  | 'role'
  | 'supervisor_id'
  | 'must_change_password'
  | 'is_active'
  | 'last_activity_at'
>

export type ValidatedSession = { session: Session; user: SessionUser; isRenewed: boolean }

export function generateSessionToken(): string {
  const bytes = new Uint8Array(20)
  crypto.getRandomValues(bytes)
  return encodeBase32LowerCaseNoPadding(bytes)
}

export function sessionIdFromToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)))
}

function ttlFor(isPersistent: boolean): number {
  return isPersistent ? PERSISTENT_SESSION_TTL_MS : BROWSER_SESSION_TTL_MS
}

export async function createSession(
  db: Db,
  input: { userId: string; isPersistent: boolean; ip?: string | null; userAgent?: string | null; now?: Date },
): Promise<{ token: string; session: Session }> {
  const now = input.now ?? new Date()
  const token = generateSessionToken()
  const absolute = new Date(now.getTime() + ABSOLUTE_SESSION_TTL_MS)
  const expires = new Date(Math.min(now.getTime() + ttlFor(input.isPersistent), absolute.getTime()))
  const session = await db
    .insertInto('session')
    .values({
      id: sessionIdFromToken(token),
      user_id: input.userId,
      created_at: now,
      expires_at: expires,
      absolute_expires_at: absolute,
      is_persistent: input.isPersistent,
      ip: input.ip ?? null,
      user_agent: input.userAgent?.slice(0, 512) ?? null,
      last_seen_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
  return { token, session }
}

/**
 * Looks a token up and applies the expiry rules. Returns undefined for an unknown, expired or
 * deactivated session (expired ones are deleted on the way).
 */
export async function validateSessionToken(
  db: Db,
  token: string,
  now: Date = new Date(),
): Promise<ValidatedSession | undefined> {
  if (!/^[a-z2-7]{32}$/.test(token)) return undefined
  const sessionId = sessionIdFromToken(token)
  const row = await sessionRow(db, sessionId)
  if (!row) return undefined
  if (now >= row.expires_at || now >= row.absolute_expires_at || !row.is_active) {
    await db.deleteFrom('session').where('id', '=', sessionId).execute()
    return undefined
  }
  const ttl = ttlFor(row.is_persistent)
  let expiresAt = row.expires_at
  let isRenewed = false
  if (row.expires_at.getTime() - now.getTime() < ttl / 2) {
    expiresAt = new Date(Math.min(now.getTime() + ttl, row.absolute_expires_at.getTime()))
    isRenewed = expiresAt.getTime() > row.expires_at.getTime()
  }
  // Written only when something changes enough to matter: one UPDATE a minute, not one per request.
  if (isRenewed || now.getTime() - row.last_seen_at.getTime() > 60_000) {
    await db
      .updateTable('session')
      .set({ expires_at: expiresAt, last_seen_at: now })
      .where('id', '=', sessionId)
      .execute()
  }
  const session: Session = {
    id: row.id,
    user_id: row.user_id,
    created_at: row.created_at,
    expires_at: expiresAt,
    absolute_expires_at: row.absolute_expires_at,
    is_persistent: row.is_persistent,
    ip: row.ip,
    user_agent: row.user_agent,
    last_seen_at: now,
  }
  return { session, user: userOf(row), isRenewed }
}

/** A session and its user joined, by session id (the hash of the token). */
function sessionRow(db: Db, sessionId: string) {
  return db
    .selectFrom('session')
    .innerJoin('staff_user', 'staff_user.id', 'session.user_id')
    .selectAll('session')
    .select([
      'staff_user.email',
      'staff_user.first_name',
      'staff_user.last_name',
      'staff_user.phone',
      'staff_user.role',
      'staff_user.supervisor_id',
      'staff_user.must_change_password',
      'staff_user.is_active',
      'staff_user.last_activity_at',
    ])
    .where('session.id', '=', sessionId)
    .executeTakeFirst()
}

function userOf(row: NonNullable<Awaited<ReturnType<typeof sessionRow>>>): SessionUser {
  return {
    id: row.user_id,
    email: row.email,
    first_name: row.first_name,
    last_name: row.last_name,
    phone: row.phone,
    role: row.role,
    supervisor_id: row.supervisor_id,
    must_change_password: row.must_change_password,
    is_active: row.is_active,
    last_activity_at: row.last_activity_at,
  }
}

/**
 * A live session by its id, for work done later on someone's behalf (a queued export): undefined once
 * it has expired, been signed out or its user deactivated. Reads only: it neither renews nor deletes.
 */
export async function findLiveSession(
  db: Db,
  sessionId: string,
  now: Date = new Date(),
): Promise<{ session: Session; user: SessionUser } | undefined> {
  const row = await sessionRow(db, sessionId)
  if (!row || now >= row.expires_at || now >= row.absolute_expires_at || !row.is_active) return undefined
  const session: Session = {
    id: row.id,
    user_id: row.user_id,
    created_at: row.created_at,
    expires_at: row.expires_at,
    absolute_expires_at: row.absolute_expires_at,
    is_persistent: row.is_persistent,
    ip: row.ip,
    user_agent: row.user_agent,
    last_seen_at: row.last_seen_at,
  }
  return { session, user: userOf(row) }
}

export async function invalidateSession(db: Db, sessionId: string): Promise<void> {
  await db.deleteFrom('session').where('id', '=', sessionId).execute()
}

export async function invalidateUserSessions(
  db: Db,
  userId: string,
  options: { exceptSessionId?: string } = {},
): Promise<void> {
  let query = db.deleteFrom('session').where('user_id', '=', userId)
  if (options.exceptSessionId) query = query.where('id', '<>', options.exceptSessionId)
  await query.execute()
}
