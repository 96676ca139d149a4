import { TRPCError } from '@trpc/server'
import { AppError } from './errors.js'

/**
 * Backpressure (docs/reliability.md): when the server is saturated it answers "busy, retry" with a
 * status the client can act on (503 / 409 / 429 with Retry-After), never a 500.
 */

/** Seconds a client is told to wait (Retry-After) after a 503 or a per-user 429. */
export const RETRY_AFTER_SECONDS = 5

export const BUSY_MESSAGE = 'The server is busy; try again in a few seconds'

/**
 * How long a posting waits for another posting on the same loan to commit. A posting holds the row for
 * milliseconds, so a queue this long means the loan is hammered; the waiter gives its connection back
 * (409 LOAN_BUSY) instead of holding one while every other request starves for the pool.
 */
export const LOAN_LOCK_TIMEOUT_MS = 2000

/** pg-pool rejects a checkout that waited connectionTimeoutMillis with exactly this message. */
export function isPoolTimeout(error: unknown): boolean {
  return error instanceof Error && error.message === 'timeout exceeded when trying to connect'
}

export const UNAVAILABLE_MESSAGE = 'The database is unavailable; try again shortly'

/** Socket errors of a database that is down, restarting or cut off (docs/reliability.md "Database outage"). */
const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
])

/** What node-postgres says when the connection died or never came up. */
const CONNECTION_ERROR_MESSAGES = [
  'Connection terminated',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
  'Query read timeout',
]

/**
 * The database cannot be reached: refused or timed-out connects, a connection cut mid-query, and
 * SQLSTATE class 08 (connection exception) or 57P01–57P03 (the server shutting down or starting up).
 * Follows `cause` and AggregateError's `errors` (Node reports a refused connect to several addresses
 * as one AggregateError).
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 5) return false
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string') {
    if (CONNECTION_ERROR_CODES.has(code)) return true
    if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03') return true
  }
  if (CONNECTION_ERROR_MESSAGES.some((message) => error.message.startsWith(message))) return true
  if (
    error instanceof AggregateError &&
    error.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))
  )
    return true
  return isDatabaseUnavailable(error.cause, depth + 1)
}

/** SQLSTATE 55P03 lock_not_available: a `lock_timeout` expired waiting for a row lock. */
export function isLockTimeout(error: unknown): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === '55P03'
}

/** The 503 for a request that could not get a database connection in time. */
export function busyError(cause?: unknown): TRPCError {
  return new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: BUSY_MESSAGE, cause })
}

/** The 503 for a request whose database is unreachable; Retry-After comes from the HTTP layer. */
export function unavailableError(cause?: unknown): TRPCError {
  return new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: UNAVAILABLE_MESSAGE, cause })
}

/**
 * A query that ran out of time: PostgreSQL's statement_timeout (SQLSTATE 57014) or pg's own
 * query_timeout ("Query read timeout"). With the pool's limits (packages/db/src/connection.ts) that means
 * the request waited behind a lock held longer than any request should take — a restore replacing every
 * table, a long migration — so it is "busy, retry", not a bug.
 */
export function isQueryTimeout(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  return (error as { code?: unknown }).code === '57014' || error.message === 'Query read timeout'
}

/** The 503 for a saturated pool, a query out of time or an unreachable database, else undefined. */
export function databaseBackpressure(error: unknown): TRPCError | undefined {
  if (isPoolTimeout(error) || isQueryTimeout(error)) return busyError(error)
  if (isDatabaseUnavailable(error)) return unavailableError(error)
  return undefined
}

export type HeavyWorkLimiter = {
  /**
   * Takes one of `userId`'s slots: resolves to the function that gives it back, or undefined when they
   * already hold `limit`. A slot is only ever held for one call, so one lost with a crashed instance
   * (shared limiters keep slots with an expiry) comes back by itself.
   */
  acquire(userId: string): Promise<(() => Promise<void>) | undefined>
  readonly limit: number
}

/**
 * Counts each user's heavy calls in flight in this process. With several instances the server passes
 * a shared limiter instead (Redis, when REDIS_URL is set: apps/server/src/shared-limits.ts).
 */
export function createHeavyWorkLimiter(limit: number): HeavyWorkLimiter {
  const running = new Map<string, number>()
  const release = (userId: string) => {
    const count = (running.get(userId) ?? 1) - 1
    // Deleted at zero so the map holds only users with work in flight.
    if (count <= 0) running.delete(userId)
    else running.set(userId, count)
  }
  return {
    limit,
    acquire(userId) {
      const count = running.get(userId) ?? 0
      if (count >= limit) return Promise.resolve(undefined)
      running.set(userId, count + 1)
      let isReleased = false
      return Promise.resolve(() => {
        if (!isReleased) release(userId)
        isReleased = true
        return Promise.resolve()
      })
    },
  }
}

/** Heavy reports (dashboard, portfolio, officer performance) one user may have running at once. */
export const MAX_HEAVY_PER_USER = 2

/** The limiter of a context that names none (a single instance, tests, scripts). */
export const heavyWork = createHeavyWorkLimiter(MAX_HEAVY_PER_USER)

/** The 429 for a user over their heavy-work budget; the HTTP layer adds Retry-After. */
export function tooMuchHeavyWork(): AppError {
  return new AppError(
    'TOO_MANY_REQUESTS',
    `You already have ${String(MAX_HEAVY_PER_USER)} reports running; wait for them to finish`,
    'TOO_MANY_REPORTS',
  )
}
