import { ActionIcon, Alert, Code, CopyButton, Group, Stack, Text, Tooltip } from '@mantine/core'
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react'

/**
 * A one-time password, shown once. The server keeps only its hash, so this is the only chance to
 * pass it on; the user must change it at first sign-in (docs/product.md §9).
 */
export function OneTimePassword({ password, staffName }: { password: string; staffName: string }) {
  return (
    <Stack gap="sm">
      <Alert color="yellow" icon={<IconAlertTriangle aria-hidden />} title="Copy it now">
        This one-time password will not be shown again. Give it to {staffName} in person or by phone; they
        must choose their own password when they first sign in.
      </Alert>
      <Text size="sm" fw={500} id="one-time-password-label">
        One-time password
      </Text>
      <Group gap="xs" wrap="nowrap">
        <Code
          block
          fz="lg"
          flex={1}
          data-testid="one-time-password"
          aria-labelledby="one-time-password-label"
          style={{ userSelect: 'all', letterSpacing: '0.05em' }}
        >
          {password}
        </Code>
        <CopyButton value={password} timeout={2000}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : 'Copy'} withArrow>
              <ActionIcon
                variant={copied ? 'filled' : 'default'}
                color={copied ? 'green' : undefined}
                size="lg"
                onClick={copy}
                aria-label={copied ? 'Copied' : 'Copy one-time password'}
              >
                {copied ? <IconCheck size={18} aria-hidden /> : <IconCopy size={18} aria-hidden />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
    </Stack>
  )
}
