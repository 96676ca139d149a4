import { describe, expect, it } from 'vitest'
import { allowedStaffActions } from './staff-permissions'

const admin = { id: 'a1', role: 'ADMIN' as const }
const supervisor = { id: 's1', role: 'SUPERVISOR' as const }
const officer = { id: 'o1', role: 'CREDIT_OFFICER' as const }

describe('allowedStaffActions', () => {
  it('lets an admin do everything to others, including assigning an officer a supervisor', () => {
    expect(allowedStaffActions(admin, officer)).toEqual([
      'edit',
      'setActive',
      'resetPassword',
      'assignSupervisor',
      'revokeSessions',
    ])
    expect(allowedStaffActions(admin, supervisor)).not.toContain('assignSupervisor')
  })

  it('never offers to deactivate, reset or sign out yourself (Settings is for that)', () => {
    expect(allowedStaffActions(admin, admin)).toEqual(['edit'])
    expect(allowedStaffActions(supervisor, supervisor)).toEqual([])
  })

  it('lets a supervisor manage credit officers but not other supervisors or admins', () => {
    expect(allowedStaffActions(supervisor, officer)).toEqual(['edit', 'setActive', 'resetPassword'])
    expect(allowedStaffActions(supervisor, { id: 's2', role: 'SUPERVISOR' })).toEqual([])
    expect(allowedStaffActions(supervisor, admin)).toEqual([])
  })
})
