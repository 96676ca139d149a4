import { initTRPC, TRPCError } from '@trpc/server'
import superjson from 'superjson'
import { z, ZodError } from 'zod'
import type { StaffRole } from '@mp/db'
import type { Context } from './context.js'
import { AppError, toTRPCError } from './errors.js'

// The only initTRPC call in the repo (STYLE.md).
const t = initTRPC.context<Context>().create({
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
export const createCallerFactory = t.createCallerFactory
export const middleware = t.middleware

/** Turns AppError into its 4xx; leaves real bugs as 500 and logs them. */
const errorMapping = t.middleware(async ({ ctx, next, path, type }) => {
  const result = await next()
  if (!result.ok) {
    const cause = result.error.cause
    if (cause instanceof AppError) throw toTRPCError(cause)
    if (result.error.code === 'INTERNAL_SERVER_ERROR') {
      ctx.logger.error({ err: cause ?? result.error, path, type }, 'procedure failed')
    }
  }
  return result
})

export const publicProcedure = t.procedure.use(errorMapping)

export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user || !ctx.session) {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Please sign in to continue' })
  }
  return next({ ctx: { ...ctx, user: ctx.user, session: ctx.session } })
})

/** Procedures open only to some roles. A role outside the list gets FORBIDDEN. */
export function roleProcedure(...roles: readonly StaffRole[]) {
  return protectedProcedure.use(({ ctx, next }) => {
    if (!roles.includes(ctx.user.role)) {
      throw new TRPCError({ code: 'FORBIDDEN', message: 'Your role may not do this' })
    }
    return next()
  })
}

export const adminProcedure = roleProcedure('ADMIN')
export const supervisorProcedure = roleProcedure('ADMIN', 'SUPERVISOR')
