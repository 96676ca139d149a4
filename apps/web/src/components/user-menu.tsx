import { Alert, Avatar, Group, Menu, Text, UnstyledButton, VisuallyHidden } from '@mantine/core'
import { IconChevronDown, IconLogout, IconSettings } from '@tabler/icons-react'
import { Link } from 'react-router'
import { SIGN_IN_PATH } from '../auth/paths'
import { messageOf } from '../lib/errors'
import { roleLabel } from '../lib/roles'
import { trpc, type CurrentUser } from '../lib/trpc'

export function UserMenu({ user }: { user: CurrentUser }) {
  const signOut = trpc.auth.signOut.useMutation({
    onSuccess: () => {
      // A full page load, not a client-side navigation: it throws away every cached answer this user
      // could see, so the next person at a shared office PC cannot read any of it, and starts afresh.
      window.location.replace(SIGN_IN_PATH)
    },
  })
  const fullName = `${user.firstName} ${user.lastName}`
  const initials = `${user.firstName.charAt(0)}${user.lastName.charAt(0)}`.toUpperCase()

  return (
    <>
      <Menu position="bottom-end" width={240} withinPortal>
        <Menu.Target>
          {/* Named by what it shows (initials, then the name from 576 px up) plus a hidden "account menu", so
              speech users can say what they see (WCAG 2.5.3 Label in Name). */}
          <UnstyledButton px={4} py={2}>
            <Group gap="xs" wrap="nowrap">
              <Avatar name={fullName} color="initials" size="sm">
                {initials}
              </Avatar>
              <Text size="sm" fw={500} visibleFrom="sm" truncate maw={160}>
                {fullName}
              </Text>
              <VisuallyHidden>, account menu</VisuallyHidden>
              <IconChevronDown size={14} aria-hidden />
            </Group>
          </UnstyledButton>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>
            <Text size="sm" fw={600} c="var(--mantine-color-text)" truncate>
              {fullName}
            </Text>
            <Text size="xs" truncate>
              {user.email}
            </Text>
            <Text size="xs">{roleLabel(user.role)}</Text>
          </Menu.Label>
          <Menu.Divider />
          <Menu.Item component={Link} to="/settings" leftSection={<IconSettings size={16} aria-hidden />}>
            Settings
          </Menu.Item>
          <Menu.Item
            color="red"
            leftSection={<IconLogout size={16} aria-hidden />}
            disabled={signOut.isPending}
            onClick={() => {
              signOut.mutate()
            }}
          >
            {signOut.isPending ? 'Signing out…' : 'Sign out'}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      {signOut.error ? <SignOutFailed message={messageOf(signOut.error)} onClose={signOut.reset} /> : null}
    </>
  )
}

function SignOutFailed({ message, onClose }: { message: string; onClose: () => void }) {
  return (
    <Alert
      role="alert"
      color="red"
      title="You are still signed in"
      withCloseButton
      closeButtonLabel="Dismiss"
      onClose={onClose}
      pos="fixed"
      top={70}
      right={16}
      maw={360}
      style={{ zIndex: 300 }}
    >
      {message}
    </Alert>
  )
}
