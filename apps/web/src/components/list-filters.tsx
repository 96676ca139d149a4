import { Box, Button, Group, Stack } from '@mantine/core'
import { IconAdjustmentsHorizontal } from '@tabler/icons-react'
import { useState, type ReactNode } from 'react'
import { useIsPhone } from '../hooks/use-is-phone'

/**
 * A list's search box and filters in one row; on a phone the search stays and the filters fold behind
 * one "Filters" button (saying how many are set), so the list is what a phone opens on (issue 15).
 */
export function ListFilters({
  search,
  children,
  activeCount = 0,
  align = 'flex-end',
  mb = 'md',
}: {
  /** The list's SearchInput, kept in view on phones. */
  search?: ReactNode
  /** The filter inputs. */
  children: ReactNode
  /** How many filters differ from their defaults, shown on the phone's button. */
  activeCount?: number
  align?: 'flex-end' | 'flex-start'
  mb?: 'md' | 0
}) {
  const isPhone = useIsPhone()
  const [isOpen, setIsOpen] = useState(false)
  if (!isPhone) {
    return (
      <Group gap="sm" align={align} mb={mb}>
        {search}
        {children}
      </Group>
    )
  }
  return (
    <Stack gap="sm" mb={mb}>
      {/* A box, so the search's flex basis (a width in the row) does not become a height in the column. */}
      {search ? <Box>{search}</Box> : null}
      <Button
        variant="default"
        leftSection={<IconAdjustmentsHorizontal size={16} aria-hidden />}
        aria-expanded={isOpen}
        onClick={() => {
          setIsOpen((current) => !current)
        }}
        fullWidth
      >
        {activeCount > 0 ? `Filters (${String(activeCount)})` : 'Filters'}
      </Button>
      {isOpen ? <Stack gap="sm">{children}</Stack> : null}
    </Stack>
  )
}
