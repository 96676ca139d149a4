import { ZEmail, ZPersonName } from '@mp/api/schemas'
import { bvnProblem, compactDigits, dateOfBirthProblem, ninProblem, phoneProblem } from './member-rules'
import { schemaProblem } from './schema-problem'
import type { Gender, MaritalStatus, MemberProfile, RouterInputs } from './trpc'

/** Everything the member wizard and the edit page hold; '' means not filled in. */
export type MemberFormValues = {
  unionId: string
  firstName: string
  middleName: string
  lastName: string
  phone: string
  email: string
  address: string
  dateOfBirth: string
  gender: string
  maritalStatus: string
  profession: string
  employer: string
  city: string
  state: string
  country: string
  bvn: string
  nin: string
}

export type MemberField = keyof MemberFormValues

export const EMPTY_MEMBER: MemberFormValues = {
  unionId: '',
  firstName: '',
  middleName: '',
  lastName: '',
  phone: '',
  email: '',
  address: '',
  dateOfBirth: '',
  gender: '',
  maritalStatus: '',
  profession: '',
  employer: '',
  city: '',
  state: '',
  country: 'Nigeria',
  bvn: '',
  nin: '',
}

/** The edit form's starting point: the stored profile, nulls as empty fields. */
export function memberFormValues(profile: MemberProfile): MemberFormValues {
  return {
    unionId: profile.unionId,
    firstName: profile.firstName,
    middleName: profile.middleName ?? '',
    lastName: profile.lastName,
    phone: profile.phone ?? '',
    email: profile.email ?? '',
    address: profile.address ?? '',
    dateOfBirth: profile.dateOfBirth ?? '',
    gender: profile.gender ?? '',
    maritalStatus: profile.maritalStatus ?? '',
    profession: profile.profession ?? '',
    employer: profile.employer ?? '',
    city: profile.city ?? '',
    state: profile.state ?? '',
    country: profile.country,
    bvn: profile.bvn ?? '',
    nin: profile.nin ?? '',
  }
}

/** The wizard's steps that hold fields; a server error under a field sends the user back to its step. */
export const PERSONAL_FIELDS: readonly MemberField[] = [
  'unionId',
  'firstName',
  'middleName',
  'lastName',
  'phone',
  'email',
  'address',
  'dateOfBirth',
  'gender',
  'maritalStatus',
  'profession',
  'employer',
  'city',
  'state',
  'country',
]
export const IDENTITY_FIELDS: readonly MemberField[] = ['bvn', 'nin']

type Problems = Partial<Record<MemberField, string>>

/** Required names and the server's own field rules (@mp/api/schemas), checked before the user moves on. */
export function personalProblems(
  values: MemberFormValues,
  today: string,
  { withUnion = true } = {},
): Problems {
  return {
    unionId: withUnion && !values.unionId ? 'Choose the union the member belongs to' : undefined,
    firstName: schemaProblem(ZPersonName('First name'), values.firstName),
    lastName: schemaProblem(ZPersonName('Last name'), values.lastName),
    phone: phoneProblem(values.phone),
    email: values.email.trim() === '' ? undefined : schemaProblem(ZEmail, values.email),
    dateOfBirth: dateOfBirthProblem(values.dateOfBirth, today),
  }
}

/**
 * The server sends BVN and NIN masked (•••••••1234); an edit form that still holds the masked value
 * has not touched the number, so it is neither checked nor sent back.
 */
export function isMaskedIdentifier(value: string): boolean {
  return /^•+\d{4}$/.test(value.trim())
}

function identifierProblem(value: string, problem: (value: string) => string | undefined) {
  return isMaskedIdentifier(value) ? undefined : problem(value)
}

export function identityProblems(values: MemberFormValues): Problems {
  return { bvn: identifierProblem(values.bvn, bvnProblem), nin: identifierProblem(values.nin, ninProblem) }
}

export function hasProblems(problems: Problems): boolean {
  return Object.values(problems).some(Boolean)
}

const text = (value: string) => value.trim()
const optional = (value: string) => (value.trim() === '' ? undefined : value.trim())

export type MemberCreateInput = RouterInputs['member']['create']
export type MemberUpdateInput = RouterInputs['member']['update']

/** member.create input: empty optional fields left out, identifiers without the spaces people type. */
export function toCreateInput(values: MemberFormValues, acknowledgeDuplicates: boolean): MemberCreateInput {
  return {
    unionId: values.unionId,
    firstName: text(values.firstName),
    middleName: optional(values.middleName),
    lastName: text(values.lastName),
    phone: optional(values.phone),
    email: optional(values.email),
    address: optional(values.address),
    dateOfBirth: optional(values.dateOfBirth),
    gender: values.gender === '' ? undefined : (values.gender as Gender),
    maritalStatus: values.maritalStatus === '' ? undefined : (values.maritalStatus as MaritalStatus),
    profession: optional(values.profession),
    employer: optional(values.employer),
    city: optional(values.city),
    state: optional(values.state),
    country: optional(values.country),
    bvn: optional(compactDigits(values.bvn)),
    nin: optional(compactDigits(values.nin)),
    acknowledgeDuplicates,
  }
}

/**
 * member.update input: every field sent, so emptying one clears it on the server (an empty text and a
 * null choice both mean "none"). The union is not part of an edit: members change union by a move.
 */
export function toUpdateInput(
  id: string,
  values: MemberFormValues,
  acknowledgeDuplicates: boolean,
): MemberUpdateInput {
  return {
    id,
    firstName: text(values.firstName),
    middleName: text(values.middleName),
    lastName: text(values.lastName),
    phone: text(values.phone),
    email: text(values.email),
    address: text(values.address),
    dateOfBirth: values.dateOfBirth === '' ? null : values.dateOfBirth,
    gender: values.gender === '' ? null : (values.gender as Gender),
    maritalStatus: values.maritalStatus === '' ? null : (values.maritalStatus as MaritalStatus),
    profession: text(values.profession),
    employer: text(values.employer),
    city: text(values.city),
    state: text(values.state),
    country: text(values.country),
    bvn: isMaskedIdentifier(values.bvn) ? undefined : compactDigits(values.bvn),
    nin: isMaskedIdentifier(values.nin) ? undefined : compactDigits(values.nin),
    acknowledgeDuplicates,
  }
}

/** Server reasons that belong under a member field. */
export const MEMBER_REASON_FIELDS: Partial<Record<string, MemberField>> = {
  BVN_TAKEN: 'bvn',
  NIN_TAKEN: 'nin',
  UNDER_MINIMUM_AGE: 'dateOfBirth',
  DATE_OF_BIRTH_IN_FUTURE: 'dateOfBirth',
}
