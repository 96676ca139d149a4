import { ActionIcon, Menu } from '@mantine/core'
import { IconArrowsExchange, IconDots, IconPencil, IconTrash } from '@tabler/icons-react'
import { useState, type ReactNode } from 'react'
import { useCurrentUser } from '../../auth/current-user'
import { lendingPermissions } from '../../lib/lending-permissions'
import type { UnionRow } from '../../lib/trpc'
import { DeleteUnionDialog, ReassignUnionsDialog, UnionFormDialog } from './union-dialogs'

type UnionAction = 'edit' | 'reassign' | 'delete'

/** The dialog for a chosen union action, and a function to open one. */
export function useUnionActions({ onDeleted }: { onDeleted?: () => void } = {}) {
  const [current, setCurrent] = useState<{ action: UnionAction; union: UnionRow } | null>(null)
  const close = () => {
    setCurrent(null)
  }
  let dialog: ReactNode = null
  if (current) {
    const { union } = current
    switch (current.action) {
      case 'edit':
        dialog = <UnionFormDialog union={union} onClose={close} />
        break
      case 'reassign':
        dialog = <ReassignUnionsDialog unions={[union]} onClose={close} />
        break
      case 'delete':
        dialog = <DeleteUnionDialog union={union} onClose={close} onDeleted={onDeleted} />
        break
    }
  }
  return {
    open: (action: UnionAction, union: UnionRow) => {
      setCurrent({ action, union })
    },
    dialog,
  }
}

/** The "⋯" menu of a union; nothing for a credit officer, who cannot change unions. */
export function UnionActionsMenu({
  union,
  onAction,
}: {
  union: UnionRow
  onAction: (action: UnionAction, union: UnionRow) => void
}) {
  const permissions = lendingPermissions(useCurrentUser().role)
  if (!permissions.canEditUnions && !permissions.canReassignUnions && !permissions.canDeleteUnions)
    return null
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" aria-label={`Actions for ${union.name}`}>
          <IconDots size={18} aria-hidden />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        {permissions.canEditUnions ? (
          <Menu.Item
            leftSection={<IconPencil size={16} aria-hidden />}
            onClick={() => {
              onAction('edit', union)
            }}
          >
            Edit details
          </Menu.Item>
        ) : null}
        {permissions.canReassignUnions ? (
          <Menu.Item
            leftSection={<IconArrowsExchange size={16} aria-hidden />}
            onClick={() => {
              onAction('reassign', union)
            }}
          >
            Reassign
          </Menu.Item>
        ) : null}
        {permissions.canDeleteUnions ? (
          <Menu.Item
            color="red"
            leftSection={<IconTrash size={16} aria-hidden />}
            onClick={() => {
              onAction('delete', union)
            }}
          >
            Delete
          </Menu.Item>
        ) : null}
      </Menu.Dropdown>
    </Menu>
  )
}
