import {
  IconArrowsExchange,
  IconCalendarDue,
  IconCash,
  IconCategory,
  IconChartBar,
  IconClipboardList,
  IconFileDescription,
  IconHistory,
  IconLayoutDashboard,
  IconLogin,
  IconNotes,
  IconReceipt,
  IconReportAnalytics,
  IconSettings,
  IconUserShield,
  IconUsers,
  IconUsersGroup,
  type Icon,
} from '@tabler/icons-react'
import type { StaffRole } from './lib/trpc'

export type NavGroup = 'Overview' | 'Lending' | 'Reports' | 'Configuration' | 'Staff' | 'Account'

export type NavSection = {
  label: string
  /** Absolute path; '/' is the dashboard. */
  path: string
  icon: Icon
  group: NavGroup
  /** One line shown on the page until it is built. */
  summary: string
  /**
   * Who sees the link. This only tidies the menu: the server scopes and role-checks every call
   * (docs/product.md §1), so a hidden link is never the protection.
   */
  roles: readonly StaffRole[]
}

const ALL: readonly StaffRole[] = ['ADMIN', 'SUPERVISOR', 'CREDIT_OFFICER']
const MANAGERS: readonly StaffRole[] = ['ADMIN', 'SUPERVISOR']
const ADMIN_ONLY: readonly StaffRole[] = ['ADMIN']

export const NAV_GROUPS: readonly NavGroup[] = [
  'Overview',
  'Lending',
  'Reports',
  'Configuration',
  'Staff',
  'Account',
]

// docs/product.md §10, in the order an office works through its day.
export const NAV_SECTIONS: readonly NavSection[] = [
  {
    label: 'Dashboard',
    path: '/',
    icon: IconLayoutDashboard,
    group: 'Overview',
    roles: ALL,
    summary: 'Your portfolio at a glance.',
  },
  {
    label: 'Members',
    path: '/members',
    icon: IconUsers,
    group: 'Lending',
    roles: ALL,
    summary: 'Register members, check their identity documents and see their loans.',
  },
  {
    label: 'Unions',
    path: '/unions',
    icon: IconUsersGroup,
    group: 'Lending',
    roles: ALL,
    summary: 'Borrower groups, where they meet and which credit officer looks after them.',
  },
  {
    label: 'Assignments',
    path: '/assignments',
    icon: IconArrowsExchange,
    group: 'Lending',
    roles: MANAGERS,
    summary: 'Move unions between credit officers and members between unions, with a reason.',
  },
  {
    label: 'Loans',
    path: '/loans',
    icon: IconCash,
    group: 'Lending',
    roles: ALL,
    summary: 'Applications, approvals, disbursements, schedules and the life of every loan.',
  },
  {
    label: 'Repayments',
    path: '/repayments',
    icon: IconReceipt,
    group: 'Lending',
    roles: ALL,
    summary: 'Every payment received, how it was allocated, and reversals.',
  },
  {
    label: 'Collection sheet',
    path: '/collection-sheet',
    icon: IconClipboardList,
    group: 'Lending',
    roles: ALL,
    summary: 'What each union owes at its next meeting, ready to print and record.',
  },
  {
    label: 'Due list',
    path: '/due-list',
    icon: IconCalendarDue,
    group: 'Lending',
    roles: ALL,
    summary: 'Instalments due today, this week or overdue, with penalties.',
  },
  {
    label: 'Reports',
    path: '/reports',
    icon: IconChartBar,
    group: 'Reports',
    roles: ALL,
    summary: 'Portfolio, collections, arrears and disbursement reports with exports.',
  },
  {
    label: 'Supervisor reports',
    path: '/supervisor-reports',
    icon: IconReportAnalytics,
    group: 'Reports',
    roles: MANAGERS,
    summary: 'How each credit officer in a team is performing.',
  },
  {
    label: 'Loan types',
    path: '/loan-types',
    icon: IconCategory,
    group: 'Configuration',
    roles: ADMIN_ONLY,
    summary: 'Loan products: amounts, terms, interest and fees.',
  },
  {
    label: 'Document types',
    path: '/document-types',
    icon: IconFileDescription,
    group: 'Configuration',
    roles: ADMIN_ONLY,
    summary: 'The documents members and loans may need, and which are required.',
  },
  {
    label: 'Staff & roles',
    path: '/staff',
    icon: IconUserShield,
    group: 'Staff',
    roles: MANAGERS,
    summary: 'Staff accounts, roles, supervisors and activation.',
  },
  {
    label: 'Staff notes',
    path: '/staff-notes',
    icon: IconNotes,
    group: 'Staff',
    // Notes are about the people a manager looks after; officers do not see staff (docs/product.md §1).
    roles: MANAGERS,
    summary: 'Private and shared notes about staff.',
  },
  {
    label: 'Login history',
    path: '/login-history',
    icon: IconLogin,
    group: 'Staff',
    roles: MANAGERS,
    summary: 'Every sign-in attempt, successful or not, with where it came from.',
  },
  {
    label: 'Audit log',
    path: '/audit',
    icon: IconHistory,
    group: 'Staff',
    roles: MANAGERS,
    summary: 'Who changed what, and when, with before and after.',
  },
  {
    label: 'Settings',
    path: '/settings',
    icon: IconSettings,
    group: 'Account',
    roles: ALL,
    summary: 'Your profile and password; for admins also company, branding, backups and maintenance.',
  },
]

export function canSee(section: NavSection, role: StaffRole): boolean {
  return section.roles.includes(role)
}
