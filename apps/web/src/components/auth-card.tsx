import { Box, Center, Group, Paper, Stack, Text, Title } from '@mantine/core'
import type { ReactNode } from 'react'
import { Brand } from './brand'
import { ColorSchemeToggle } from './color-scheme-toggle'
import { DocumentTitle } from './document-title'

/** A signed-out screen (sign-in, first setup): the brand, a title and one card in the middle of the page. */
export function AuthCard({
  page,
  title,
  description,
  width,
  children,
}: {
  /** The browser tab's title. */
  page: string
  title: string
  description?: string
  width: number
  children: ReactNode
}) {
  return (
    <Box mih="100dvh" p="md">
      <DocumentTitle page={page} />
      <Group justify="flex-end">
        <ColorSchemeToggle />
      </Group>
      <Center mih="calc(100dvh - 6rem)">
        <Paper withBorder shadow="sm" radius="lg" p={{ base: 'lg', sm: 'xl' }} w="100%" maw={width}>
          <Stack gap="lg">
            <Stack gap="xs" align="center">
              <Brand size="lg" />
              <Title order={1} size="h3" ta="center">
                {title}
              </Title>
              {description ? (
                <Text size="sm" c="dimmed" ta="center">
                  {description}
                </Text>
              ) : null}
            </Stack>
            {children}
          </Stack>
        </Paper>
      </Center>
    </Box>
  )
}
