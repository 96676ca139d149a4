import '../styles/full'
import { Alert, AppShell, Burger, EmptyState, Group, ScrollArea, useMantineTheme } from '@mantine/core'
import { useDisclosure, useMediaQuery } from '@mantine/hooks'
import { IconAlertTriangle, IconTool } from '@tabler/icons-react'
import { Outlet } from 'react-router'
import { useCurrentUser } from '../auth/current-user'
import { trpc } from '../lib/trpc'
import { Brand } from './brand'
import { ColorSchemeToggle } from './color-scheme-toggle'
import { CommandPalette, PaletteButton } from './command-palette'
import { HelpMenu } from './help-menu'
import { MainNav } from './main-nav'
import classes from './skip-link.module.css'
import { useTour } from './tour/use-tour'
import { UserMenu } from './user-menu'

const MAIN_ID = 'main-content'

/**
 * The signed-in chrome: a skip link, the header (search, help, colour scheme, account), navigation (a
 * drawer below the `sm` breakpoint), the page, the command palette and the tour (docs/web-app.md).
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
  const tour = useTour({
    role: user.role,
    isEnabled: !isLockedOut,
    isNavCollapsible: isPhone,
    setNavOpen: (isOpen) => {
      if (isOpen) nav.open()
      else nav.close()
    },
  })

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 260, breakpoint: 'sm', collapsed: { mobile: !isNavOpen } }}
      padding="md"
    >
      {/* The first Tab stop (WCAG 2.4.1 bypass blocks): hidden until focused, it moves focus to <main>. */}
      <a
        href={`#${MAIN_ID}`}
        className={classes.skipLink}
        onClick={(event) => {
          event.preventDefault()
          document.getElementById(MAIN_ID)?.focus()
        }}
      >
        Skip to main content
      </a>
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
            <PaletteButton />
            <HelpMenu onStartTour={tour.start} />
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

      <AppShell.Main id={MAIN_ID} tabIndex={-1} className={classes.main}>
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
      {isLockedOut ? null : <CommandPalette />}
    </AppShell>
  )
}
