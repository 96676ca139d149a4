import '../styles/full'
import { Box, Button, Center, Group, Paper, Stack, Text, Title } from '@mantine/core'
import { IconLogout } from '@tabler/icons-react'
import { useNavigate } from 'react-router'
import { SIGN_IN_PATH } from '../auth/paths'
import { Brand } from '../components/brand'
import { ChangePasswordForm } from '../components/change-password-form'
import { ColorSchemeToggle } from '../components/color-scheme-toggle'
import { DocumentTitle } from '../components/document-title'
import { notifySuccess } from '../lib/notify'
import { trpc, type CurrentUser } from '../lib/trpc'

/**
 * Shown instead of every page while the user still has a one-time password (docs/product.md §9): the server
 * refuses everything else until it is changed, so there is nothing else to show.
 */
export function SetPasswordPage({ user }: { user: CurrentUser }) {
  const utils = trpc.useUtils()
  const navigate = useNavigate()
  const signOut = trpc.auth.signOut.useMutation({
    onSettled: () => {
      window.location.replace(SIGN_IN_PATH)
    },
  })

  return (
    <Box mih="100dvh" p="md">
      <DocumentTitle page="Set your password" />
      <Group justify="space-between">
        <Brand />
        <Group gap="sm">
          <ColorSchemeToggle />
          <Button
            variant="subtle"
            leftSection={<IconLogout size={16} aria-hidden />}
            loading={signOut.isPending}
            onClick={() => {
              signOut.mutate()
            }}
          >
            Sign out
          </Button>
        </Group>
      </Group>
      <Center mih="calc(100dvh - 6rem)">
        <Paper withBorder shadow="sm" radius="lg" p={{ base: 'lg', sm: 'xl' }} w="100%" maw={460}>
          <Stack gap="lg">
            <Stack gap="xs">
              <Title order={1} size="h3">
                Set your password
              </Title>
              <Text size="sm" c="dimmed">
                Welcome, {user.firstName}. You signed in with a one-time password. Choose your own password to
                start working; nobody else, administrators included, will know it.
              </Text>
            </Stack>
            <ChangePasswordForm
              email={user.email}
              currentLabel="One-time password"
              submitLabel="Set password"
              onChanged={() => {
                notifySuccess('Your password is set. Welcome aboard.', 'Password set')
                // Let the guard through at once, then confirm with the server.
                utils.auth.me.setData(
                  undefined,
                  (current) => current && { ...current, mustChangePassword: false },
                )
                void navigate('/', { replace: true })
                void utils.auth.me.invalidate()
              }}
            />
          </Stack>
        </Paper>
      </Center>
    </Box>
  )
}
