import { Group, Stack, Text, Title } from '@mantine/core'
import type { ReactNode } from 'react'
import { DocumentTitle } from './document-title'

/** The page's h1, a line about it, the browser tab title, and its main actions on the right. */
export function PageHeader({
  title,
  description,
  actions,
}: {
  title: string
  description?: ReactNode
  actions?: ReactNode
}) {
  return (
    <Group justify="space-between" align="flex-start" gap="md">
      <DocumentTitle page={title} />
      <Stack gap={4} miw={0}>
        <Title order={1}>{title}</Title>
        {description ? <Text c="dimmed">{description}</Text> : null}
      </Stack>
      {actions ? <Group gap="sm">{actions}</Group> : null}
    </Group>
  )
}
