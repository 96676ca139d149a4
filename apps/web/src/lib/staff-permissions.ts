import type { CurrentUser, StaffMember } from './trpc'

export type StaffAction = 'edit' | 'setActive' | 'resetPassword' | 'assignSupervisor' | 'revokeSessions'

/**
 * What the signed-in user may do to this account. Only tidies the menu: the server checks role and
 * team on every call (docs/product.md §1). Nobody deactivates, resets or signs out themselves from here; their
 * own password and sessions live in Settings.
 */
export function allowedStaffActions(
  me: Pick<CurrentUser, 'id' | 'role'>,
  staff: Pick<StaffMember, 'id' | 'role'>,
): StaffAction[] {
  const isSelf = me.id === staff.id
  const isAdmin = me.role === 'ADMIN'
  const managesThem = isAdmin || (me.role === 'SUPERVISOR' && staff.role === 'CREDIT_OFFICER')
  const actions: StaffAction[] = []
  if (managesThem) actions.push('edit')
  if (managesThem && !isSelf) actions.push('setActive', 'resetPassword')
  if (isAdmin && staff.role === 'CREDIT_OFFICER') actions.push('assignSupervisor')
  if (isAdmin && !isSelf) actions.push('revokeSessions')
  return actions
}
