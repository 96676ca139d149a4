import { TRPCError } from '@trpc/server'

/**
 * Business-rule failures. Services throw these; the error middleware turns them into the tRPC
 * code (and so the HTTP status) in the table below, with the message shown to the user as is.
 * Anything else that escapes is a bug and answers 500.
 */
export type AppErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PRECONDITION_FAILED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNPROCESSABLE_CONTENT'
  | 'TOO_MANY_REQUESTS'
  | 'SERVICE_UNAVAILABLE'

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    /** A stable machine-readable reason, e.g. 'ACCOUNT_LOCKED'. */
    readonly reason?: string,
    /** Facts a client may act on, e.g. the largest payment accepted ({ maximum }). */
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message)
    this.name = 'AppError'
  }
}

export function toTRPCError(error: AppError): TRPCError {
  return new TRPCError({ code: error.code, message: error.message, cause: error })
}
