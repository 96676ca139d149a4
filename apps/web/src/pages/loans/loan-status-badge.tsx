import { Badge, Group, Text } from '@mantine/core'
import type { LoanStatus } from '@mp/domain'
import { loanStatusBadge } from '../../lib/loan-status'

/** A loan's status badge; a running loan behind on its installments says how late it is next to it. */
export function LoanStatusBadge({
  status,
  daysPastDue,
  size = 'sm',
}: {
  status: LoanStatus
  daysPastDue: number
  size?: 'sm' | 'lg'
}) {
  const badge = loanStatusBadge(status, daysPastDue)
  return (
    <Group gap={6} wrap="nowrap" component="span">
      <Badge color={badge.color} variant="light" size={size} component="span">
        {badge.label}
      </Badge>
      {badge.detail ? (
        <Text span size="xs" c={badge.color} fw={600} style={{ whiteSpace: 'nowrap' }}>
          {badge.detail}
        </Text>
      ) : null}
    </Group>
  )
}
