import { TRPCClientError } from '@trpc/react-query'
import { httpStatusOf } from './trpc'

const NETWORK_MESSAGE = 'Cannot reach the loan office server. Check your connection and try again.'
const BUG_MESSAGE =
  'Something went wrong on our side. Please try again; if it keeps happening, tell your administrator.'
const FIELDS_MESSAGE = 'Please correct the highlighted fields.'

type FlattenedZodError = { formErrors: string[]; fieldErrors: Record<string, string[] | undefined> }

/** The server's `z.flattenError` payload for BAD_REQUEST input, if this error carries one. */
function zodErrorOf(error: unknown): FlattenedZodError | undefined {
  if (!(error instanceof TRPCClientError)) return undefined
  const data: unknown = error.data
  if (typeof data !== 'object' || data === null || !('zodError' in data)) return undefined
  const zodError = data.zodError
  if (typeof zodError !== 'object' || zodError === null) return undefined
  const formErrors = 'formErrors' in zodError ? toStrings(zodError.formErrors) : []
  const rawFields = 'fieldErrors' in zodError ? zodError.fieldErrors : undefined
  const fieldErrors: Record<string, string[]> = {}
  if (typeof rawFields === 'object' && rawFields !== null) {
    for (const [field, messages] of Object.entries(rawFields)) fieldErrors[field] = toStrings(messages)
  }
  return { formErrors, fieldErrors }
}

function toStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []
}

/** First message per input field, ready for a form control's `error` prop. */
export function fieldErrorsOf(error: unknown): Partial<Record<string, string>> {
  const result: Partial<Record<string, string>> = {}
  const fieldErrors = zodErrorOf(error)?.fieldErrors ?? {}
  for (const [field, messages] of Object.entries(fieldErrors)) {
    const first = messages?.[0]
    if (first !== undefined) result[field] = first
  }
  return result
}

/**
 * One sentence a member of staff can act on. Business errors (4xx, and 503 maintenance) carry the
 * server's own message; a 500 is a bug and its text is not meant for users (STYLE.md).
 */
export function messageOf(error: unknown): string {
  if (!(error instanceof TRPCClientError)) return BUG_MESSAGE
  const status = httpStatusOf(error)
  if (status === undefined) return NETWORK_MESSAGE
  const zodError = zodErrorOf(error)
  if (zodError) return zodError.formErrors[0] ?? FIELDS_MESSAGE
  if (status >= 500 && status !== 503) return BUG_MESSAGE
  return error.message
}

/** The server's machine-readable reason (e.g. 'PASSWORD_CHANGE_REQUIRED', 'WRONG_CURRENT_PASSWORD'). */
export function reasonOf(error: unknown): string | undefined {
  if (!(error instanceof TRPCClientError)) return undefined
  const data: unknown = error.data
  if (typeof data !== 'object' || data === null || !('reason' in data)) return undefined
  return typeof data.reason === 'string' ? data.reason : undefined
}

/** Maintenance mode: the server refuses data-changing calls from non-admins with 503 (docs/product.md §8). */
export function isMaintenanceError(error: unknown): boolean {
  return httpStatusOf(error) === 503
}

export function isPasswordChangeRequired(error: unknown): boolean {
  return httpStatusOf(error) === 403 && reasonOf(error) === 'PASSWORD_CHANGE_REQUIRED'
}

export type ServerFormErrors<TField extends string> = {
  /** First message per field of this form. */
  fieldErrors: Partial<Record<TField, string>>
  /** Everything that is not about one of this form's fields, for an Alert above the form. */
  formError: string | null
}

/**
 * Splits a failed mutation into messages under this form's fields and one message for the form.
 * Field messages come from `zodError.fieldErrors`; a business error whose `reason` names a field
 * (e.g. WRONG_CURRENT_PASSWORD → currentPassword) goes under that field too. A field error for a
 * field the form does not show is never dropped: it becomes the form message.
 */
export function mapServerErrors<TField extends string>(
  error: unknown,
  fields: readonly TField[],
  reasonFields: Partial<Record<string, TField>> = {},
): ServerFormErrors<TField> {
  if (error === null || error === undefined) return { fieldErrors: {}, formError: null }
  const fieldErrors: Partial<Record<TField, string>> = {}
  const stray: string[] = []
  for (const [field, message] of Object.entries(fieldErrorsOf(error))) {
    if (message === undefined) continue
    if (isField(field, fields)) fieldErrors[field] = message
    else stray.push(message)
  }
  const reason = reasonOf(error)
  const reasonField = reason === undefined ? undefined : reasonFields[reason]
  if (reasonField !== undefined && fieldErrors[reasonField] === undefined) {
    fieldErrors[reasonField] = messageOf(error)
    return { fieldErrors, formError: null }
  }
  const formMessages = [...(zodErrorOf(error)?.formErrors ?? []), ...stray]
  if (formMessages.length > 0) return { fieldErrors, formError: formMessages.join(' ') }
  const hasFieldErrors = Object.keys(fieldErrors).length > 0
  return { fieldErrors, formError: hasFieldErrors ? null : messageOf(error) }
}

function isField<TField extends string>(field: string, fields: readonly TField[]): field is TField {
  return (fields as readonly string[]).includes(field)
}
