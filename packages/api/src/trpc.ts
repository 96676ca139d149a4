import { initTRPC, TRPCError } from '@trpc/server'
import superjson from 'superjson'
import { z, ZodError } from 'zod'
import { isTransactionConflict, type StaffRole } from '@mp/db'
import type { Context } from './context.js'
import { databaseBackpressure, heavyWork, isLockTimeout, tooMuchHeavyWork } from './backpressure.js'
import { AppError, refusalOf, toTRPCError } from './errors.js'

/**
 * Every procedure declares who may call it. The role × procedure matrix test reads this from the
 * router and checks the behaviour matches, so a procedure without a rule fails the suite.
 */
export type ProcedureAccess = 'public' | 'authenticated' | readonly StaffRole[]
type ProcedureMeta = {
  access?: ProcedureAccess
  /** Usable while the user still has to replace a one-time password. */
  isAllowedBeforePasswordChange?: boolean
}

// The only initTRPC call in the repo (STYLE.md).
const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      const cause = error.cause
      return {
        ...shape,
        data: {
          ...shape.data,
          // Field-by-field messages for forms; never a stack trace in production.
          zodError: cause instanceof ZodError ? z.flattenError(cause) : null,
          reason: cause instanceof AppError ? (cause.reason ?? null) : null,
          details: cause instanceof AppError ? (cause.details ?? null) : null,
          // A stack only helps with bugs, and never leaves a production server.
          stack:
            process.env.NODE_ENV !== 'production' && shape.data.code === 'INTERNAL_SERVER_ERROR'
              ? shape.data.stack
              : undefined,
        },
      }
    },
  })

export const router = t.router

/**
 * The `.output()` of a money-bearing procedure: its answer is checked against `schema` (schemas/output.ts:
 * every amount whole kobo) and passed on unchanged, so the client keeps the service's exact type. `service`
 * is only read for that type. A failing check is a bug: tRPC answers 500 and the error middleware logs it.
 */
export function outputOf<Service extends (...args: never[]) => unknown>(
  schema: z.ZodType,
  _service: Service,
): (value: unknown) => Awaited<ReturnType<Service>> {
  return (value) => {
    schema.parse(value)
    // Checked just above; the schema is loose (names the money, lets the rest through) by design.
    return value as Awaited<ReturnType<Service>>
  }
}
export const createCallerFactory = t.createCallerFactory

/** PostgreSQL's "invalid byte sequence for encoding UTF8: 0x00" (SQLSTATE 22021) for a NUL in a parameter. */
function isNulInText(error: unknown): boolean {
  return (
    error instanceof Error && (error as { code?: unknown }).code === '22021' && error.message.includes('0x00')
  )
}

/** Turns AppError into its 4xx; leaves real bugs as 500 and logs them. */
const errorMapping = t.middleware(async ({ ctx, next, path, type }) => {
  const result = await next()
  if (!result.ok) {
    const cause = result.error.cause
    // A service saying no (AppError), or a rule of the lending engine saying no (DomainError, answered
    // from the one table in errors.ts) wherever it was called from: no per-call wrapping needed.
    const refusal = refusalOf(cause)
    if (refusal) throw toTRPCError(refusal)
    // Saturation, not a bug (docs/reliability.md "Backpressure"): no connection free in time → 503 with
    // Retry-After (added by the HTTP layer); the loan's row lock not free in time → 409, safe to retry
    // with the same idempotency key. A database that is down or cut off is an outage, not a bug: 503
    // too (docs/reliability.md "Database outage"); retrying with the same idempotency key is safe.
    const unavailable = databaseBackpressure(cause)
    if (unavailable) throw unavailable
    if (isLockTimeout(cause)) {
      throw toTRPCError(
        new AppError('CONFLICT', 'This loan is busy with another payment; try again', 'LOAN_BUSY'),
      )
    }
    // Every attempt of a transaction hit a serialization failure or deadlock (40001 / 40P01, retried with
    // backoff by inTransaction, docs/scale-out.md): contention, safe to retry with the same idempotency key.
    if (isTransactionConflict(cause)) {
      throw toTRPCError(
        new AppError(
          'CONFLICT',
          'Other changes to the same records got in first; try again',
          'TRANSACTION_CONFLICT',
        ),
      )
    }
    // A NUL character in any text input (PostgreSQL text cannot hold one): the client's fault, not a bug.
    // The shared text schemas reject it with the field's name; this covers a field that does not.
    if (isNulInText(cause)) {
      throw new TRPCError({
        code: 'BAD_REQUEST',
        message: 'Text cannot contain NUL characters; remove them and try again',
        cause,
      })
    }
    if (result.error.code === 'INTERNAL_SERVER_ERROR') {
      ctx.logger.error({ err: cause ?? result.error, path, type }, 'procedure failed')
    }
  }
  return result
})

/**
 * Maintenance mode (docs/product.md §8, deployment guide "Maintenance Mode"): every data-changing call from a
 * non-admin answers 503 while it is on. Signing in stays possible so admins can get in.
 */
const maintenanceGate = t.middleware(async ({ ctx, next, type, path }) => {
  if (
    type !== 'mutation' ||
    ctx.user?.role === 'ADMIN' ||
    path === 'auth.signIn' ||
    path === 'auth.signOut'
  ) {
    return next()
  }
  const settings = await ctx.db
    .selectFrom('company_settings')
    .select(['is_maintenance_mode', 'maintenance_message'])
    .where('id', '=', 'default')
    .executeTakeFirst()
  if (settings?.is_maintenance_mode) {
    throw new TRPCError({
      code: 'SERVICE_UNAVAILABLE',
      message: settings.maintenance_message ?? 'The system is under maintenance. Please try again later.',
    })
  }
  return next()
})

export const publicProcedure = t.procedure.use(errorMapping).use(maintenanceGate).meta({ access: 'public' })

const ACTIVITY_WRITE_INTERVAL_MS = 60_000

export const protectedProcedure = publicProcedure
  .meta({ access: 'authenticated' })
  .use(async ({ ctx, next, meta }) => {
    if (!ctx.user || !ctx.session) {
      throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Please sign in to continue' })
    }
    if (ctx.user.must_change_password && !meta?.isAllowedBeforePasswordChange) {
      throw new AppError('FORBIDDEN', 'Set a new password before continuing', 'PASSWORD_CHANGE_REQUIRED')
    }
    // Last activity (docs/product.md §2), written at most once a minute so reads stay cheap: the session's user row
    // says when it was last written, so most requests send no statement at all.
    const now = ctx.now()
    const lastActivity = ctx.user.last_activity_at
    const isStale =
      lastActivity === null || now.getTime() - lastActivity.getTime() >= ACTIVITY_WRITE_INTERVAL_MS
    if (isStale)
      await ctx.db
        .updateTable('staff_user')
        .set({ last_activity_at: now })
        .where('id', '=', ctx.user.id)
        .where((eb) =>
          eb.or([
            eb('last_activity_at', 'is', null),
            eb('last_activity_at', '<', new Date(now.getTime() - ACTIVITY_WRITE_INTERVAL_MS)),
          ]),
        )
        .execute()
    return next({ ctx: { ...ctx, user: ctx.user, session: ctx.session } })
  })

/** Procedures open only to some roles. A role outside the list gets FORBIDDEN. */
function roleProcedure(...roles: readonly StaffRole[]) {
  return protectedProcedure.meta({ access: roles }).use(({ ctx, next }) => {
    if (!roles.includes(ctx.user.role)) {
      throw new TRPCError({ code: 'FORBIDDEN', message: 'Your role may not do this' })
    }
    return next()
  })
}

/**
 * Reports that scan the portfolio: a user may run at most MAX_HEAVY_PER_USER at once, across every
 * instance when the server shares the count, so one user's burst cannot take every connection
 * (docs/reliability.md "Backpressure"; exports have their own limit, kept in the database).
 */
export const heavyProcedure = protectedProcedure.use(async ({ ctx, next }) => {
  const release = await (ctx.heavyWork ?? heavyWork).acquire(ctx.user.id)
  if (!release) throw tooMuchHeavyWork()
  try {
    return await next()
  } finally {
    await release()
  }
})

export const adminProcedure = roleProcedure('ADMIN')
export const supervisorProcedure = roleProcedure('ADMIN', 'SUPERVISOR')
