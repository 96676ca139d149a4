import type { Database, Kysely } from '@mp/db'
import type pg from 'pg'
import type { SessionUser } from '@mp/auth'
import type { Session } from '@mp/db'
import type { HeavyWorkLimiter } from './backpressure.js'
import type { JobQueue } from './jobs/queue.js'
import type { DocumentStorage } from './storage/types.js'

export type RequestMeta = {
  ip: string | null
  userAgent: string | null
  requestId: string | null
}

export type ContextLogger = {
  info: (object: Record<string, unknown>, message: string) => void
  warn: (object: Record<string, unknown>, message: string) => void
  error: (object: Record<string, unknown>, message: string) => void
}

export type InnerContextOptions = {
  db: Kysely<Database>
  session?: Session | undefined
  user?: SessionUser | undefined
  request?: Partial<RequestMeta> | undefined
  logger?: ContextLogger | undefined
  /** Secure cookies (production, HTTPS). */
  isSecureCookies?: boolean | undefined
  /** Called with each Set-Cookie value a procedure wants to send. */
  setCookie?: ((value: string) => void) | undefined
  /** The clock; tests freeze it. */
  now?: (() => Date) | undefined
  /** Where uploaded documents are kept (local disk or Cloudinary); uploads fail without one. */
  storage?: DocumentStorage | undefined
  /** Backups: the pool they take COPY connections from, and a folder for archives in progress. */
  backups?: { pool: pg.Pool; workDir?: string | undefined } | undefined
  /** The job queue exports (and other background work) are sent to; exports answer 503 without one. */
  jobs?: JobQueue | undefined
  /** The per-user limit of heavy reports; default: counted in this process. */
  heavyWork?: HeavyWorkLimiter | undefined
}

const noopLogger: ContextLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
}

/**
 * The request-independent context: what procedures need, nothing about Fastify. Tests and scripts
 * build it directly and call procedures through createCaller.
 */
export function createInnerContext(options: InnerContextOptions) {
  const cookies: string[] = []
  return {
    db: options.db,
    session: options.session,
    user: options.user,
    request: {
      ip: options.request?.ip ?? null,
      userAgent: options.request?.userAgent ?? null,
      requestId: options.request?.requestId ?? null,
    } satisfies RequestMeta,
    logger: options.logger ?? noopLogger,
    isSecureCookies: options.isSecureCookies ?? false,
    /** Set-Cookie values sent so far (for tests). */
    cookies,
    setCookie: (value: string) => {
      cookies.push(value)
      options.setCookie?.(value)
    },
    now: options.now ?? (() => new Date()),
    storage: options.storage,
    backups: options.backups,
    jobs: options.jobs,
    heavyWork: options.heavyWork,
  }
}

export type Context = ReturnType<typeof createInnerContext>

/** The context inside protectedProcedure: a signed-in user and their session. */
export type AuthedContext = Context & { user: SessionUser; session: Session }
