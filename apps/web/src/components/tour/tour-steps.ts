import type { StaffRole } from '../../lib/trpc'

/**
 * The "Command Center" tour (docs/web-app.md "The tour"): a few steps per role, each pointing at a real
 * control by its `data-tour` attribute, never by its position or class, so a page can be rearranged
 * without breaking the tour. A step whose control is not on screen (an empty dashboard, a narrower role)
 * is skipped; a step whose control lives in the navigation opens the menu first on a phone.
 */
export type TourStep = {
  /** The `data-tour` value of the control, or null for a step shown in the middle of the screen. */
  target: string | null
  title: string
  description: string
}

/** The attribute selector of a target. */
export function tourSelector(target: string): string {
  return `[data-tour="${target}"]`
}

/** The `data-tour` value of a navigation link: `nav-` and the path ("/" is the dashboard). */
export function navTarget(path: string): string {
  return path === '/' ? 'nav-dashboard' : `nav-${path.replace(/^\//, '').replace(/\//g, '-')}`
}

const WELCOME: Record<StaffRole, string> = {
  ADMIN:
    'A short tour of the controls you will use most. As an admin you see the whole company and look after staff, loan products and settings.',
  SUPERVISOR:
    'A short tour of the controls you will use most. As a supervisor you see your team of credit officers, their unions, members and loans, and you approve their loan applications.',
  CREDIT_OFFICER:
    'A short tour of the controls you will use most. As a credit officer you see your own unions, their members and loans.',
}

export function tourSteps(role: StaffRole): TourStep[] {
  const isManager = role !== 'CREDIT_OFFICER'
  const steps: (TourStep | false)[] = [
    { target: null, title: 'Welcome to the Command Center', description: WELCOME[role] },
    {
      target: 'dashboard-figures',
      title: 'Your figures',
      description:
        'The portfolio at a glance for the period you choose: disbursed, collected, outstanding, at risk. Each figure opens the list behind it, and "Explain" shows how it was worked out.',
    },
    {
      target: 'palette',
      title: 'Find anything, record a payment',
      description:
        'Press Ctrl+K (⌘K on a Mac) or / anywhere. Type a name, member code, phone number in any form or loan number to jump straight to it, or choose "Record payment" on a loan.',
    },
    {
      target: navTarget('/loans'),
      title: isManager ? 'Loans and approvals' : 'Loans',
      description: isManager
        ? 'Every loan in your scope. Filter by "Pending approval" to approve or reject applications; an application is approved by someone other than the person who made it.'
        : 'Your loans: start a new application, submit it for approval and follow it to disbursement.',
    },
    {
      target: navTarget('/collection-sheet'),
      title: 'Collection sheet',
      description:
        'What each union owes at its next meeting: print it before the meeting and record what was collected.',
    },
    role === 'CREDIT_OFFICER' && {
      target: navTarget('/due-list'),
      title: 'Due list',
      description: 'Instalments due today, this week or overdue, so you know whom to visit.',
    },
    {
      target: navTarget('/reports'),
      title: 'Reports',
      description: 'Portfolio, collections, arrears and disbursements for any period, to print or export.',
    },
    isManager && {
      target: navTarget('/staff'),
      title: role === 'ADMIN' ? 'Staff and roles' : 'Your team',
      description:
        role === 'ADMIN'
          ? 'Create staff accounts, give them a role and a supervisor, and deactivate those who leave.'
          : 'The credit officers you supervise and how they are doing.',
    },
    {
      target: navTarget('/settings'),
      title: 'Settings',
      description:
        role === 'ADMIN'
          ? 'Your profile and password, and for the company: details, branding, backups and maintenance.'
          : 'Your profile, password and signed-in devices.',
    },
    {
      target: 'help-menu',
      title: 'Help is here',
      description: 'Take this tour again or see the keyboard shortcuts from this menu at any time.',
    },
  ]
  return steps.filter((step): step is TourStep => step !== false)
}
