import { NavLink, Stack, Text } from '@mantine/core'
import { Link, useLocation } from 'react-router'
import type { StaffRole } from '../lib/trpc'
import { canSee, NAV_GROUPS, NAV_SECTIONS, type NavSection } from '../navigation'
import { navTarget } from './tour/tour-steps'

type MainNavProps = {
  role: StaffRole
  /** Called after a link is followed; the shell closes the phone drawer with it. */
  onNavigate: () => void
}

export function MainNav({ role, onNavigate }: MainNavProps) {
  const { pathname } = useLocation()
  const visible = NAV_SECTIONS.filter((section) => canSee(section, role))
  return (
    <Stack gap="md">
      {NAV_GROUPS.map((group) => {
        const sections = visible.filter((section) => section.group === group)
        if (sections.length === 0) return null
        const headingId = `nav-group-${group.toLowerCase()}`
        return (
          <section key={group} aria-labelledby={headingId}>
            <Text id={headingId} size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" mb={4}>
              {group}
            </Text>
            {sections.map((section) => {
              const isActive = isSectionActive(section, pathname)
              return (
                <NavLink
                  key={section.path}
                  component={Link}
                  to={section.path}
                  label={section.label}
                  leftSection={<section.icon size={18} stroke={1.6} aria-hidden />}
                  active={isActive}
                  aria-current={isActive ? 'page' : undefined}
                  onClick={onNavigate}
                  data-tour={navTarget(section.path)}
                />
              )
            })}
          </section>
        )
      })}
    </Stack>
  )
}

function isSectionActive(section: NavSection, pathname: string): boolean {
  if (section.path === '/') return pathname === '/'
  return pathname === section.path || pathname.startsWith(`${section.path}/`)
}
