import { isDomainError, type DomainError, type DomainErrorCode } from '@mp/domain'
import { TRPCError } from '@trpc/server'
import { StoredFormatError } from './schemas/stored.js'

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

/**
 * What each lending-engine failure means to a caller (issue 14 item 4: errors in one place). Every
 * DomainError is a user's mistake or a rule saying no, never a bug; a new code in @mp/domain fails the
 * typecheck here until it is given its answer.
 */
export const DOMAIN_ERROR_ANSWERS: Readonly<Record<DomainErrorCode, AppErrorCode>> = {
  INVALID_AMOUNT: 'BAD_REQUEST',
  INVALID_MONEY_TEXT: 'BAD_REQUEST',
  INVALID_TERM: 'BAD_REQUEST',
  INVALID_RATE: 'BAD_REQUEST',
  INVALID_DATE: 'BAD_REQUEST',
  INVALID_TIMEZONE: 'BAD_REQUEST',
  INVALID_OPTION: 'BAD_REQUEST',
  INVALID_EVENT: 'BAD_REQUEST',
  // The message states the largest payment accepted; `details.maximum` carries it for the form.
  OVERPAYMENT: 'BAD_REQUEST',
  TRANSITION_NOT_ALLOWED: 'BAD_REQUEST',
  IRR_NOT_FOUND: 'BAD_REQUEST',
}

/** The AppError a DomainError stands for: its answer from the table, its message, code and details kept. */
function fromDomainError(error: DomainError): AppError {
  return new AppError(DOMAIN_ERROR_ANSWERS[error.code], error.message, error.code, error.details)
}

/**
 * The AppError an error stands for when it is a refusal, not a bug: an AppError as it is, a DomainError
 * answered from DOMAIN_ERROR_ANSWERS, a StoredFormatError (stored JSON of an unknown version) as 422.
 * Undefined for anything else. The tRPC error middleware, the file routes, the export worker and the
 * collection sheet's per-row messages answer through this, so no caller wraps engine calls one by one.
 */
export function refusalOf(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error
  if (isDomainError(error)) return fromDomainError(error)
  // Stored JSON in a format this server does not know (written by a newer release): say so, not a 500.
  if (error instanceof StoredFormatError) {
    return new AppError('UNPROCESSABLE_CONTENT', error.message, 'STORED_FORMAT_UNKNOWN', {
      version: error.version,
    })
  }
  return undefined
}
