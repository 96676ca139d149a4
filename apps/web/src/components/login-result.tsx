import { Badge, Group, Text } from '@mantine/core'
import { humanize } from '../lib/audit-diff'

/** Success, or the failure and why ("Wrong password", "Account locked"). */
export function LoginResult({
  isSuccess,
  failureReason,
}: {
  isSuccess: boolean
  failureReason: string | null
}) {
  if (isSuccess) {
    return (
      <Badge miw="max-content" variant="light" color="green">
        Signed in
      </Badge>
    )
  }
  return (
    <Group gap={6} wrap="nowrap">
      <Badge miw="max-content" variant="light" color="red">
        Failed
      </Badge>
      {failureReason ? (
        <Text size="xs" c="dimmed">
          {humanize(failureReason)}
        </Text>
      ) : null}
    </Group>
  )
}
