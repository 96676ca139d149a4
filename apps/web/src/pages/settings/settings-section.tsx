import { Card, Stack, Text, Title } from '@mantine/core'
import type { ReactNode } from 'react'

/** A settings tab's card: heading, one line about it, and the form. */
export function SettingsSection({
  title,
  description,
  children,
}: {
  title: string
  description?: ReactNode
  children: ReactNode
}) {
  return (
    <Card withBorder padding="lg" maw={760}>
      <Stack gap="md">
        <div>
          <Title order={2} size="h4">
            {title}
          </Title>
          {description ? (
            <Text size="sm" c="dimmed">
              {description}
            </Text>
          ) : null}
        </div>
        {children}
      </Stack>
    </Card>
  )
}
