import { Badge, Group } from '@mantine/core'
import { roleColor, roleLabel } from '../../lib/roles'
import type { StaffMember, StaffRole } from '../../lib/trpc'

export function RoleBadge({ role }: { role: StaffRole }) {
  return (
    <Badge miw="max-content" variant="light" color={roleColor(role)}>
      {roleLabel(role)}
    </Badge>
  )
}

/** Active or not, plus the states a manager needs to notice: locked out, still on a one-time password. */
export function StaffStatusBadges({
  staff,
}: {
  staff: Pick<StaffMember, 'isActive' | 'isLocked' | 'mustChangePassword'>
}) {
  return (
    <Group gap={4}>
      <Badge miw="max-content" variant="dot" color={staff.isActive ? 'green' : 'gray'}>
        {staff.isActive ? 'Active' : 'Inactive'}
      </Badge>
      {staff.isLocked ? (
        <Badge miw="max-content" variant="light" color="red">
          Locked
        </Badge>
      ) : null}
      {staff.mustChangePassword && staff.isActive ? (
        <Badge miw="max-content" variant="light" color="yellow">
          One-time password
        </Badge>
      ) : null}
    </Group>
  )
}
