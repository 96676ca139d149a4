import { Stack, Tabs } from '@mantine/core'
import {
  IconBuilding,
  IconCalendar,
  IconDatabase,
  IconDevices,
  IconKey,
  IconPalette,
  IconReceiptOff,
  IconTool,
  IconUser,
  type Icon,
} from '@tabler/icons-react'
import { Outlet, useLocation, useNavigate } from 'react-router'
import { useCurrentUser } from '../../auth/current-user'
import { PageHeader } from '../../components/page-header'
import type { StaffRole } from '../../lib/trpc'

type SettingsTab = { value: string; label: string; icon: Icon; roles?: readonly StaffRole[] }

// Company, Branding, Calendar and Waiver limits are readable by everyone (read-only unless admin);
// Maintenance and Backups are admin only.
const SETTINGS_TABS: readonly SettingsTab[] = [
  { value: 'profile', label: 'Profile', icon: IconUser },
  { value: 'password', label: 'Password', icon: IconKey },
  { value: 'sessions', label: 'Sessions', icon: IconDevices },
  { value: 'company', label: 'Company', icon: IconBuilding },
  { value: 'branding', label: 'Branding', icon: IconPalette },
  { value: 'calendar', label: 'Calendar', icon: IconCalendar },
  { value: 'waiver-limits', label: 'Waiver limits', icon: IconReceiptOff },
  { value: 'maintenance', label: 'Maintenance', icon: IconTool, roles: ['ADMIN'] },
  { value: 'backups', label: 'Backups', icon: IconDatabase, roles: ['ADMIN'] },
]

/** /settings/<tab>: one tab per sub-page, each with its own address so it can be linked to. */
export function SettingsLayout() {
  const me = useCurrentUser()
  const navigate = useNavigate()
  const { pathname } = useLocation()
  const tabs = SETTINGS_TABS.filter((tab) => !tab.roles || tab.roles.includes(me.role))
  const active = pathname.split('/')[2] ?? 'profile'

  return (
    <Stack gap="lg">
      <PageHeader title="Settings" description="Your account, and how the loan office is set up." />
      <Tabs
        value={active}
        onChange={(value) => {
          if (value) void navigate(`/settings/${value}`)
        }}
        keepMounted={false}
      >
        <Tabs.List style={{ overflowX: 'auto', flexWrap: 'nowrap' }}>
          {tabs.map((tab) => (
            <Tabs.Tab key={tab.value} value={tab.value} leftSection={<tab.icon size={16} aria-hidden />}>
              {tab.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {tabs.map((tab) => (
          <Tabs.Panel key={tab.value} value={tab.value} pt="lg">
            {tab.value === active ? <Outlet /> : null}
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  )
}
