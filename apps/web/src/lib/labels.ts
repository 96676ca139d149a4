import type { DocumentAppliesTo, Gender, MaritalStatus, MeetingDay } from './trpc'

const MEETING_DAYS: readonly MeetingDay[] = [
  'MONDAY',
  'TUESDAY',
  'WEDNESDAY',
  'THURSDAY',
  'FRIDAY',
  'SATURDAY',
  'SUNDAY',
]

/** `'MONDAY'` → `'Monday'`. */
export function titleCase(value: string): string {
  return value.charAt(0) + value.slice(1).toLowerCase().replaceAll('_', ' ')
}

export const MEETING_DAY_OPTIONS = MEETING_DAYS.map((day) => ({ value: day, label: titleCase(day) }))

const GENDERS: readonly Gender[] = ['FEMALE', 'MALE']
export const GENDER_OPTIONS = GENDERS.map((value) => ({ value, label: titleCase(value) }))

const MARITAL_STATUSES: readonly MaritalStatus[] = ['SINGLE', 'MARRIED', 'DIVORCED', 'WIDOWED', 'SEPARATED']
export const MARITAL_STATUS_OPTIONS = MARITAL_STATUSES.map((value) => ({ value, label: titleCase(value) }))

const DOCUMENT_OWNERS: readonly DocumentAppliesTo[] = ['MEMBER', 'GUARANTOR', 'LOAN']
export const DOCUMENT_OWNER_OPTIONS = DOCUMENT_OWNERS.map((value) => ({ value, label: titleCase(value) }))
