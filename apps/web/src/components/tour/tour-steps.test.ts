import { describe, expect, it } from 'vitest'
import { canSee, NAV_SECTIONS } from '../../navigation'
import { navTarget, tourSelector, tourSteps } from './tour-steps'

const ROLES = ['ADMIN', 'SUPERVISOR', 'CREDIT_OFFICER'] as const

describe('the tour steps', () => {
  it.each(ROLES)('%s: starts with the welcome, ends at the help menu, only links the role sees', (role) => {
    const steps = tourSteps(role)
    expect(steps[0]?.target).toBeNull()
    expect(steps.at(-1)?.target).toBe('help-menu')
    const visibleLinks = new Set(
      NAV_SECTIONS.filter((section) => canSee(section, role)).map((section) => navTarget(section.path)),
    )
    for (const step of steps) {
      if (step.target?.startsWith('nav-')) expect(visibleLinks, step.target).toContain(step.target)
      expect(step.title.length).toBeGreaterThan(0)
      expect(step.description.length).toBeGreaterThan(20)
    }
    // The controls the tour promises: figures, the palette (record a payment), collection sheet, reports, settings.
    const targets = steps.map((step) => step.target)
    for (const target of [
      'dashboard-figures',
      'palette',
      'nav-collection-sheet',
      'nav-reports',
      'nav-settings',
    ]) {
      expect(targets).toContain(target)
    }
  })

  it('approvals for managers, the due list for officers, staff for managers', () => {
    expect(tourSteps('SUPERVISOR').find((step) => step.target === 'nav-loans')?.title).toBe(
      'Loans and approvals',
    )
    expect(tourSteps('CREDIT_OFFICER').map((step) => step.target)).toContain('nav-due-list')
    expect(tourSteps('CREDIT_OFFICER').map((step) => step.target)).not.toContain('nav-staff')
    expect(tourSteps('ADMIN').map((step) => step.target)).toContain('nav-staff')
  })

  it('names links and selectors by path', () => {
    expect(navTarget('/')).toBe('nav-dashboard')
    expect(navTarget('/collection-sheet')).toBe('nav-collection-sheet')
    expect(tourSelector('palette')).toBe('[data-tour="palette"]')
  })
})
