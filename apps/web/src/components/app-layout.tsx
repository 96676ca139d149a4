import { Alert, AppShell, Burger, EmptyState, Group, ScrollArea, useMantineTheme } from '@mantine/core'
import { useDisclosure, useMediaQuery } from '@mantine/hooks'
import { IconAlertTriangle, IconTool } from '@tabler/icons-react'
import { Outlet } from 'react-router'
import { useCurrentUser } from '../auth/current-user'
import { trpc } from '../lib/trpc'
import { Brand } from './brand'
import { ColorSchemeToggle } from './color-scheme-toggle'
import { MainNav } from './main-nav'
import { UserMenu } from './user-menu'

/**
 * The signed-in chrome: header, navigation (a drawer below the `sm` breakpoint) and the page.
 * Pages render into <Outlet />.
 */
export function AppLayout() {
  const user = useCurrentUser()
  const settings = trpc.settings.public.useQuery()
  const [isNavOpen, nav] = useDisclosure(false)
  const theme = useMantineTheme()
  // Same breakpoint as the navbar config below. A closed phone drawer is only moved off-screen, so
  // `inert` keeps its links out of the tab order and away from screen readers.
  const isPhone = useMediaQuery(`(max-width: ${theme.breakpoints.sm})`)
  const isMaintenance = settings.data?.isMaintenanceMode === true
  const isLockedOut = isMaintenance && user.role !== 'ADMIN'

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 260, breakpoint: 'sm', collapsed: { mobile: !isNavOpen } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" miw={0}>
            <Burger
              opened={isNavOpen}
              onClick={nav.toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={isNavOpen ? 'Close navigation' : 'Open navigation'}
              aria-expanded={isNavOpen}
              aria-controls="main-navigation"
            />
            <Brand />
          </Group>
          <Group gap="sm" wrap="nowrap">
            <ColorSchemeToggle />
            <UserMenu user={user} />
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar id="main-navigation" aria-label="Main navigation" p="xs" inert={isPhone && !isNavOpen}>
        <AppShell.Section grow component={ScrollArea}>
          <MainNav role={user.role} onNavigate={nav.close} />
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main>
        {isMaintenance && !isLockedOut ? (
          <Alert
            color="yellow"
            icon={<IconAlertTriangle aria-hidden />}
            title="Maintenance mode is on"
            mb="md"
          >
            Other staff see the maintenance page and cannot make changes until you turn it off in Settings.
          </Alert>
        ) : null}
        {isLockedOut ? (
          <EmptyState
            mt="xl"
            variant="light"
            color="yellow"
            icon={<IconTool aria-hidden />}
            title="Under maintenance"
            description={
              settings.data?.maintenanceMessage ??
              'The loan office is being updated. Please try again shortly.'
            }
          />
        ) : (
          <Outlet />
        )}
      </AppShell.Main>
    </AppShell>
  )
}
