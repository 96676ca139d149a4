// Member field rules checked in the browser for instant feedback, with the server's own schemas
// (@mp/api/schemas): the same rule and the same message in both places. The server checks all of them
// again; its answer is the one that counts.

import { DATE_OF_BIRTH_ERRORS, dateOfBirthReason, ZBvn, ZDateOfBirth, ZNin, ZPhone } from '@mp/api/schemas'
import { todayIn as domainTodayIn } from '@mp/domain'
import { schemaProblem } from './schema-problem'

/**
 * The message for a date of birth that is not allowed, or undefined (also when none is given): the
 * server's date format, then its age rules on the company's today (at least 16, not in the future).
 */
export function dateOfBirthProblem(dateOfBirth: string, today: string): string | undefined {
  if (dateOfBirth === '') return undefined
  const formatProblem = schemaProblem(ZDateOfBirth, dateOfBirth)
  if (formatProblem !== undefined) return formatProblem
  const reason = dateOfBirthReason(dateOfBirth, today)
  return reason === undefined ? undefined : DATE_OF_BIRTH_ERRORS[reason]
}

/** Today's calendar day in a timezone (the company's), as `YYYY-MM-DD`. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return domainTodayIn(timeZone, now)
}

/** Spaces and dashes people type between digit groups are dropped. */
export function compactDigits(value: string): string {
  return value.replace(/[\s-]/g, '')
}

/** BVN (CBN) and NIN (NIMC): the server's 11-digit rule, on the digits without the dashes people type. */
export function bvnProblem(value: string): string | undefined {
  return schemaProblem(ZBvn, compactDigits(value))
}

export function ninProblem(value: string): string | undefined {
  return schemaProblem(ZNin, compactDigits(value))
}

/** While typing: how many digits are still missing, for the field's description. */
export function identifierHint(value: string): string {
  const digits = compactDigits(value).replace(/\D/g, '').length
  if (digits === 0) return '11 digits'
  if (digits < 11) return `${digits} of 11 digits`
  return digits === 11 ? '11 digits ✓' : `${digits} digits: 11 expected`
}

/** The server's phone rule: 0803…, 234803… or +234803…, with spaces, dashes, dots or brackets between digits. */
export function phoneProblem(value: string): string | undefined {
  return schemaProblem(ZPhone, value)
}

/** `+2348031234567` → `0803 123 4567`, as Nigerians write numbers; anything else unchanged. */
export { formatPhone } from './format'

export function memberName(member: {
  firstName: string
  middleName?: string | null
  lastName: string
}): string {
  return [member.firstName, member.middleName, member.lastName].filter(Boolean).join(' ')
}
