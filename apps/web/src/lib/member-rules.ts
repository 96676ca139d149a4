// Member field rules checked in the browser for instant feedback, with the server's own messages. The
// server checks all of them again; its answer is the one that counts.

import { addMonths, todayIn as domainTodayIn } from '@mp/domain'

/** docs/product.md §2: a member is at least 16 years old when a date of birth is given. */
export const MIN_MEMBER_AGE = 16
export const AGE_ERROR = `Date of birth: the member must be at least ${MIN_MEMBER_AGE} years old`
export const FUTURE_BIRTH_ERROR = 'Date of birth cannot be in the future'
export const BVN_ERROR = 'BVN must be exactly 11 digits'
export const NIN_ERROR = 'NIN must be exactly 11 digits'
export const PHONE_ERROR = 'Phone must be a Nigerian number such as 08031234567 or +2348031234567'

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/

/**
 * The message for a date of birth that is not allowed, or undefined (also when none is given). Same
 * rule as the server, from the same @mp/domain calendar: the 16th birthday is 192 months on, so
 * someone born on 29 February turns 16 on 28 February in a common year.
 */
export function dateOfBirthProblem(dateOfBirth: string, today: string): string | undefined {
  if (dateOfBirth === '') return undefined
  if (!ISO_DAY.test(dateOfBirth)) return 'Enter a valid date of birth'
  if (dateOfBirth > today) return FUTURE_BIRTH_ERROR
  return addMonths(dateOfBirth, MIN_MEMBER_AGE * 12) > today ? AGE_ERROR : undefined
}

/** Today's calendar day in a timezone (the company's), as `YYYY-MM-DD`. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return domainTodayIn(timeZone, now)
}

/** Spaces and dashes people type between digit groups are dropped. */
export function compactDigits(value: string): string {
  return value.replace(/[\s-]/g, '')
}

/** BVN (CBN) and NIN (NIMC) are both 11 digits. */
function elevenDigitsProblem(value: string, message: string): string | undefined {
  const compact = compactDigits(value)
  if (compact === '') return undefined
  return /^\d{11}$/.test(compact) ? undefined : message
}

export function bvnProblem(value: string): string | undefined {
  return elevenDigitsProblem(value, BVN_ERROR)
}

export function ninProblem(value: string): string | undefined {
  return elevenDigitsProblem(value, NIN_ERROR)
}

/** While typing: how many digits are still missing, for the field's description. */
export function identifierHint(value: string): string {
  const digits = compactDigits(value).replace(/\D/g, '').length
  if (digits === 0) return '11 digits'
  if (digits < 11) return `${digits} of 11 digits`
  return digits === 11 ? '11 digits ✓' : `${digits} digits: 11 expected`
}

/**
 * Same rule as the server (packages/api normaliseNigerianPhone): 0803…, 234803… or +234803…, with
 * spaces, dashes, dots or brackets between digits.
 */
export function phoneProblem(value: string): string | undefined {
  const compact = value.replace(/[\s\-().]/g, '')
  if (compact === '') return undefined
  return /^0[1-9]\d{9}$/.test(compact) || /^\+?2340?[1-9]\d{9}$/.test(compact) ? undefined : PHONE_ERROR
}

/** `+2348031234567` → `0803 123 4567`, as Nigerians write numbers; anything else unchanged. */
export function formatPhone(value: string | null | undefined): string {
  if (!value) return '—'
  const match = /^\+234(\d{3})(\d{3})(\d{4})$/.exec(value)
  return match ? `0${match[1] ?? ''} ${match[2] ?? ''} ${match[3] ?? ''}` : value
}

export function memberName(member: {
  firstName: string
  middleName?: string | null
  lastName: string
}): string {
  return [member.firstName, member.middleName, member.lastName].filter(Boolean).join(' ')
}
