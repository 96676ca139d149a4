import { ActionIcon, Menu } from '@mantine/core'
import {
  IconDots,
  IconKey,
  IconLogout,
  IconPencil,
  IconPlayerPlay,
  IconUserCheck,
  IconUserOff,
} from '@tabler/icons-react'
import { useState, type ReactNode } from 'react'
import { useCurrentUser } from '../../auth/current-user'
import { fullName } from '../../lib/roles'
import { allowedStaffActions, type StaffAction } from '../../lib/staff-permissions'
import type { StaffMember } from '../../lib/trpc'
import {
  AssignSupervisorDialog,
  EditStaffDialog,
  ResetPasswordDialog,
  RevokeStaffSessionsDialog,
  SetActiveDialog,
} from './staff-dialogs'

/** The dialog for a chosen action, and a function to open one. */
export function useStaffActions() {
  const [current, setCurrent] = useState<{ action: StaffAction; staff: StaffMember } | null>(null)
  const close = () => {
    setCurrent(null)
  }
  const open = (action: StaffAction, staff: StaffMember) => {
    setCurrent({ action, staff })
  }

  let dialog: ReactNode = null
  if (current) {
    const { staff } = current
    switch (current.action) {
      case 'edit':
        dialog = <EditStaffDialog staff={staff} onClose={close} />
        break
      case 'setActive':
        dialog = <SetActiveDialog staff={staff} onClose={close} />
        break
      case 'resetPassword':
        dialog = <ResetPasswordDialog staff={staff} onClose={close} />
        break
      case 'assignSupervisor':
        dialog = <AssignSupervisorDialog staff={staff} onClose={close} />
        break
      case 'revokeSessions':
        dialog = <RevokeStaffSessionsDialog staff={staff} onClose={close} />
        break
    }
  }
  return { open, dialog }
}

/** The "⋯" menu on a staff row or the staff page. */
export function StaffActionsMenu({
  staff,
  onAction,
}: {
  staff: StaffMember
  onAction: (action: StaffAction, staff: StaffMember) => void
}) {
  const me = useCurrentUser()
  const actions = allowedStaffActions(me, staff)
  if (actions.length === 0) return null
  const item = (action: StaffAction, label: string, icon: ReactNode, color?: string) =>
    actions.includes(action) ? (
      <Menu.Item
        leftSection={icon}
        color={color}
        onClick={() => {
          onAction(action, staff)
        }}
      >
        {label}
      </Menu.Item>
    ) : null

  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" aria-label={`Actions for ${fullName(staff)}`}>
          <IconDots size={18} aria-hidden />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        {item('edit', 'Edit details', <IconPencil size={16} aria-hidden />)}
        {item('assignSupervisor', 'Assign supervisor', <IconUserCheck size={16} aria-hidden />)}
        {item('resetPassword', 'Reset password', <IconKey size={16} aria-hidden />)}
        {item('revokeSessions', 'Sign out everywhere', <IconLogout size={16} aria-hidden />)}
        {staff.isActive
          ? item('setActive', 'Deactivate', <IconUserOff size={16} aria-hidden />, 'red')
          : item('setActive', 'Reactivate', <IconPlayerPlay size={16} aria-hidden />)}
      </Menu.Dropdown>
    </Menu>
  )
}
