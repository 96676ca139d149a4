import { TRPCClientError } from '@trpc/react-query'
import { describe, expect, it } from 'vitest'
import { isMaintenanceError, isPasswordChangeRequired, mapServerErrors, messageOf, reasonOf } from './errors'

type ErrorData = {
  httpStatus: number
  zodError?: { formErrors: string[]; fieldErrors: Record<string, string[]> } | null
  reason?: string | null
}

function serverError(message: string, data: ErrorData) {
  return new TRPCClientError(message, {
    result: { error: { code: -32600, message, data: { code: 'BAD_REQUEST', path: 'x', ...data } } },
  })
}

describe('mapServerErrors', () => {
  const fields = ['email', 'firstName'] as const

  it('is empty when there is no error', () => {
    expect(mapServerErrors(null, fields)).toEqual({ fieldErrors: {}, formError: null })
  })

  it('puts the first zod message under each field of the form', () => {
    const error = serverError('Invalid input', {
      httpStatus: 400,
      zodError: {
        formErrors: [],
        fieldErrors: { email: ['Enter a valid email address', 'x'], firstName: ['Required'] },
      },
    })
    expect(mapServerErrors(error, fields)).toEqual({
      fieldErrors: { email: 'Enter a valid email address', firstName: 'Required' },
      formError: null,
    })
  })

  it('never drops a message about a field the form does not show', () => {
    const error = serverError('Invalid input', {
      httpStatus: 400,
      zodError: { formErrors: [], fieldErrors: { email: ['Taken'], supervisorId: ['Unknown supervisor'] } },
    })
    expect(mapServerErrors(error, fields)).toEqual({
      fieldErrors: { email: 'Taken' },
      formError: 'Unknown supervisor',
    })
  })

  it('shows a business error above the form', () => {
    const error = serverError('A staff member with this email already exists', { httpStatus: 409 })
    expect(mapServerErrors(error, fields)).toEqual({
      fieldErrors: {},
      formError: 'A staff member with this email already exists',
    })
  })

  it('puts a business error under the field its reason names', () => {
    const error = serverError('Current password is incorrect', {
      httpStatus: 400,
      reason: 'WRONG_CURRENT_PASSWORD',
    })
    expect(
      mapServerErrors(error, ['currentPassword', 'newPassword'], {
        WRONG_CURRENT_PASSWORD: 'currentPassword',
      }),
    ).toEqual({ fieldErrors: { currentPassword: 'Current password is incorrect' }, formError: null })
  })

  it('hides the text of a server bug', () => {
    const error = serverError('TypeError: cannot read x of undefined', { httpStatus: 500 })
    expect(mapServerErrors(error, fields).formError).toMatch(/Something went wrong on our side/)
  })
})

describe('error classification', () => {
  it('recognises maintenance mode (503) and keeps its message', () => {
    const error = serverError('Back at 3 pm', { httpStatus: 503 })
    expect(isMaintenanceError(error)).toBe(true)
    expect(messageOf(error)).toBe('Back at 3 pm')
  })

  it('recognises the forced password change', () => {
    const error = serverError('Set a new password before continuing', {
      httpStatus: 403,
      reason: 'PASSWORD_CHANGE_REQUIRED',
    })
    expect(reasonOf(error)).toBe('PASSWORD_CHANGE_REQUIRED')
    expect(isPasswordChangeRequired(error)).toBe(true)
    expect(isMaintenanceError(error)).toBe(false)
  })

  it('treats a network failure as neither', () => {
    const error = new TRPCClientError('Failed to fetch')
    expect(isMaintenanceError(error)).toBe(false)
    expect(isPasswordChangeRequired(error)).toBe(false)
    expect(messageOf(error)).toMatch(/Cannot reach/)
  })
})
