import { Transaction, type Kysely } from 'kysely'

/**
 * Transactions that survive contention (STYLE.md: "SERIALIZABLE plus retry on SQLSTATE 40001, needed on
 * CockroachDB"). PostgreSQL raises 40001 serialization_failure in SERIALIZABLE transactions and 40P01
 * deadlock_detected anywhere; CockroachDB raises 40001 for any transaction it had to abort (every
 * transaction there is SERIALIZABLE), also at COMMIT. Either way the whole transaction was rolled back
 * and running it again is the documented fix, so `inTransaction` re-runs the callback a bounded number of
 * times with jittered exponential backoff, then throws TransactionConflictError (the API answers 409).
 *
 * The callback may run more than once: everything it does outside the database must be idempotent or
 * happen after it returns (see docs/scale-out.md, "Transactions and retries").
 */

/** SQLSTATEs after which the whole transaction may simply run again. */
export const RETRYABLE_SQLSTATES: ReadonlySet<string> = new Set(['40001', '40P01'])

export const DEFAULT_MAX_ATTEMPTS = 5
const DEFAULT_BASE_DELAY_MS = 10
const DEFAULT_MAX_DELAY_MS = 500

export type IsolationLevel = 'read committed' | 'repeatable read' | 'serializable'

export type TransactionOptions = {
  /** Default: the server's default (read committed on PostgreSQL, serializable on CockroachDB). */
  isolation?: IsolationLevel | undefined
  /** Attempts in all, the first included. Default 5. */
  maxAttempts?: number | undefined
  /** First backoff ceiling; doubles each retry up to maxDelayMs ("full jitter": a random wait below it). */
  baseDelayMs?: number | undefined
  maxDelayMs?: number | undefined
  /** Called before each retry (logging, metrics, tests). */
  onRetry?:
    ((info: { attempt: number; sqlState: string; delayMs: number; error: unknown }) => void) | undefined
  /** For tests: replaces the wait. */
  sleep?: ((ms: number) => Promise<void>) | undefined
}

/** The SQLSTATE of a pg error, or undefined. */
export function sqlStateOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const code = (error as { code?: unknown }).code
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined
}

export function isRetryableTransactionError(error: unknown): boolean {
  const state = sqlStateOf(error)
  return state !== undefined && RETRYABLE_SQLSTATES.has(state)
}

/** Every attempt hit a serialization failure or deadlock: contention, not a bug. Safe to retry later. */
export class TransactionConflictError extends Error {
  readonly code = 'TRANSACTION_CONFLICT'
  constructor(
    readonly attempts: number,
    readonly sqlState: string,
    options: { cause: unknown },
  ) {
    super(
      `Transaction gave up after ${String(attempts)} attempts (SQLSTATE ${sqlState}): other changes to the same records kept getting in first`,
      options,
    )
    this.name = 'TransactionConflictError'
  }
}

export function isTransactionConflict(error: unknown): error is TransactionConflictError {
  return error instanceof TransactionConflictError
}

/** Full-jitter exponential backoff: a random wait in [0, min(max, base·2^(retry-1))). */
export function backoffDelayMs(retry: number, baseDelayMs: number, maxDelayMs: number): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, retry - 1))
  return Math.floor(Math.random() * ceiling)
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * Runs `work` in one transaction, retrying the whole transaction on 40001 / 40P01. Called with a
 * transaction already open (a Kysely `Transaction`), it runs `work` inside it without retrying: only the
 * outermost transaction can be re-run.
 */
export async function inTransaction<DB, T>(
  db: Kysely<DB>,
  work: (trx: Transaction<DB>) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  if (db instanceof Transaction) return work(db as Transaction<DB>)
  const maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS)
  const baseDelayMs = options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS
  const maxDelayMs = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS
  const sleep = options.sleep ?? defaultSleep
  for (let attempt = 1; ; attempt += 1) {
    try {
      const builder = db.transaction()
      return await (options.isolation ? builder.setIsolationLevel(options.isolation) : builder).execute(work)
    } catch (error) {
      const sqlState = sqlStateOf(error)
      if (sqlState === undefined || !RETRYABLE_SQLSTATES.has(sqlState)) throw error
      if (attempt >= maxAttempts) throw new TransactionConflictError(attempt, sqlState, { cause: error })
      const delayMs = backoffDelayMs(attempt, baseDelayMs, maxDelayMs)
      options.onRetry?.({ attempt, sqlState, delayMs, error })
      await sleep(delayMs)
    }
  }
}
