import { addMonths } from '@mp/domain'
import { z } from 'zod'
import { ZCursor, ZPageSize, zDay } from './list.js'
import { ZEmail, zOptionalText, ZPersonName, ZPhone, zReason, zSearch } from './fields.js'
import { ZCreditOfficerId, ZDirection, ZUnionId } from './union.js'

export const ZMemberId = z.uuid({ error: 'Member id must be a valid id' })

/**
 * BVN (CBN Bank Verification Number) and NIN (NIMC National Identification Number) are 11 digits
 * each. Spaces are ignored; an empty string means none.
 */
function zIdentifier(label: 'BVN' | 'NIN') {
  return z
    .string({ error: `${label} must be text` })
    .transform((value) => value.replace(/\s/g, ''))
    .transform((value) => (value === '' ? null : value))
    .pipe(
      z
        .string()
        .regex(/^\d{11}$/, { error: `${label} must be exactly 11 digits` })
        .nullable(),
    )
}

export const ZBvn = zIdentifier('BVN')
export const ZNin = zIdentifier('NIN')

/** An email, or an empty string for none. */
const ZOptionalEmail = z
  .string({ error: 'Email must be text' })
  .trim()
  .transform((value) => (value === '' ? null : value))
  .pipe(ZEmail.nullable())

export const ZDateOfBirth = zDay('Date of birth').refine((value) => value >= '1900-01-01', {
  error: 'Date of birth must be on or after 1900-01-01',
})

/** docs/product.md §2 and owner request #11: a date of birth, when given, makes the member at least 16. */
export const MINIMUM_MEMBER_AGE = 16

/** The age rules' messages, keyed by the reason the server answers with. */
export const DATE_OF_BIRTH_ERRORS = {
  DATE_OF_BIRTH_IN_FUTURE: 'Date of birth cannot be in the future',
  UNDER_MINIMUM_AGE: `Date of birth: the member must be at least ${MINIMUM_MEMBER_AGE} years old`,
} as const
export type DateOfBirthReason = keyof typeof DATE_OF_BIRTH_ERRORS

/**
 * Which age rule a (well-formed) date of birth breaks on `today`, the company's calendar day, if any.
 * The 16th birthday is 192 months on, so someone born on 29 February turns 16 on 28 February in a
 * common year. The service applies it on save, the member form as the officer types.
 */
export function dateOfBirthReason(dateOfBirth: string, today: string): DateOfBirthReason | undefined {
  if (dateOfBirth > today) return 'DATE_OF_BIRTH_IN_FUTURE'
  if (addMonths(dateOfBirth, MINIMUM_MEMBER_AGE * 12) > today) return 'UNDER_MINIMUM_AGE'
  return undefined
}

const ZGender = z.enum(['MALE', 'FEMALE'], { error: 'Gender must be MALE or FEMALE' })
const ZMaritalStatus = z.enum(['SINGLE', 'MARRIED', 'DIVORCED', 'WIDOWED', 'SEPARATED'], {
  error: 'Marital status must be one of SINGLE, MARRIED, DIVORCED, WIDOWED, SEPARATED',
})

/** Profile fields a member form sends, on create and (all optional) on update. */
const profileFields = {
  middleName: zOptionalText('Middle name', 100).nullish(),
  phone: ZPhone.nullish(),
  email: ZOptionalEmail.nullish(),
  address: zOptionalText('Address', 500, { multiline: true }).nullish(),
  dateOfBirth: ZDateOfBirth.nullish(),
  gender: ZGender.nullish(),
  maritalStatus: ZMaritalStatus.nullish(),
  profession: zOptionalText('Profession', 100).nullish(),
  employer: zOptionalText('Employer', 200).nullish(),
  city: zOptionalText('City', 100).nullish(),
  state: zOptionalText('State', 100).nullish(),
  // The column is NOT NULL: an empty country means the default, Nigeria.
  country: zOptionalText('Country', 100)
    .transform((value) => value ?? 'Nigeria')
    .optional(),
  bvn: ZBvn.nullish(),
  nin: ZNin.nullish(),
  /** Save even though a member with the same name and phone exists (after the warning). */
  acknowledgeDuplicates: z.boolean({ error: 'acknowledgeDuplicates must be true or false' }).default(false),
}

export const ZMemberCreateInput = z.object({
  unionId: ZUnionId,
  firstName: ZPersonName('First name'),
  lastName: ZPersonName('Last name'),
  ...profileFields,
})
export type TMemberCreateInput = z.infer<typeof ZMemberCreateInput>

export const ZMemberUpdateInput = z.object({
  id: ZMemberId,
  firstName: ZPersonName('First name').optional(),
  lastName: ZPersonName('Last name').optional(),
  ...profileFields,
})
export type TMemberUpdateInput = z.infer<typeof ZMemberUpdateInput>

export const ZMemberListInput = z
  .object({
    search: zSearch(),
    unionId: ZUnionId.optional(),
    creditOfficerId: ZCreditOfficerId.optional(),
    isVerified: z.boolean({ error: 'isVerified must be true or false' }).optional(),
    /** Where the page starts (the previous page's `nextCursor`); absent for the first page. */
    cursor: ZCursor,
    pageSize: ZPageSize,
    sort: z
      .enum(['name', 'code', 'createdAt'], { error: 'Sort must be one of name, code, createdAt' })
      .default('name'),
    direction: ZDirection,
  })
  .prefault({})
export type TMemberListInput = z.infer<typeof ZMemberListInput>

export const ZMemberIdInput = z.object({ id: ZMemberId })
export type TMemberIdInput = z.infer<typeof ZMemberIdInput>

export const ZMemberCheckDuplicatesInput = z.object({
  bvn: ZBvn.nullish(),
  nin: ZNin.nullish(),
  firstName: zOptionalText('First name', 100).nullish(),
  lastName: zOptionalText('Last name', 100).nullish(),
  phone: ZPhone.nullish(),
  excludeId: ZMemberId.optional(),
})
export type TMemberCheckDuplicatesInput = z.infer<typeof ZMemberCheckDuplicatesInput>

export const ZMemberSetVerifiedInput = z.object({
  id: ZMemberId,
  isVerified: z.boolean({ error: 'isVerified must be true or false' }),
  note: zOptionalText('Note', 500, { multiline: true }).nullish(),
})
export type TMemberSetVerifiedInput = z.infer<typeof ZMemberSetVerifiedInput>

export const ZMemberMoveInput = z.object({
  memberId: ZMemberId,
  toUnionId: ZUnionId,
  reason: zReason(),
})
export type TMemberMoveInput = z.infer<typeof ZMemberMoveInput>

export const ZMemberBulkMoveInput = z.object({
  memberIds: z
    .array(ZMemberId, { error: 'Member ids must be a list' })
    .min(1, { error: 'Choose at least 1 member' })
    .max(200, { error: 'Move at most 200 members at once' }),
  toUnionId: ZUnionId,
  reason: zReason(),
})
export type TMemberBulkMoveInput = z.infer<typeof ZMemberBulkMoveInput>

export const ZMemberDeleteInput = z.object({ id: ZMemberId, reason: zReason() })
export type TMemberDeleteInput = z.infer<typeof ZMemberDeleteInput>
