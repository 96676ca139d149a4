import type { StaffRole } from './trpc'

export function roleLabel(role: StaffRole): string {
  switch (role) {
    case 'ADMIN':
      return 'Administrator'
    case 'SUPERVISOR':
      return 'Supervisor'
    case 'CREDIT_OFFICER':
      return 'Credit officer'
  }
}

export const STAFF_ROLES: readonly StaffRole[] = ['ADMIN', 'SUPERVISOR', 'CREDIT_OFFICER']

/** Roles the signed-in user may give a new account: supervisors add credit officers to their team only. */
export function assignableRoles(myRole: StaffRole): readonly StaffRole[] {
  switch (myRole) {
    case 'ADMIN':
      return STAFF_ROLES
    case 'SUPERVISOR':
      return ['CREDIT_OFFICER']
    case 'CREDIT_OFFICER':
      return []
  }
}

export function roleColor(role: StaffRole): string {
  switch (role) {
    case 'ADMIN':
      return 'grape'
    case 'SUPERVISOR':
      return 'blue'
    case 'CREDIT_OFFICER':
      return 'teal'
  }
}

export function fullName(person: { firstName: string; lastName: string }): string {
  return `${person.firstName} ${person.lastName}`
}
