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
