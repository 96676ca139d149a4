import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import type { AxeResults } from 'axe-core'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  adminCredentials,
  demoCredentials,
  signInCookie,
  trpcMutation,
  trpcQuery,
  useBuiltApp,
  watchConsole,
} from './browser-helpers.js'

/**
 * axe-core (Deque's engine) on every page of the built app, as the role that may open it, in light and dark
 * mode, at a desktop and a phone width: zero violations of impact serious or critical against WCAG 2.0 A/AA
 * and 2.1 AA (https://www.w3.org/TR/WCAG21/). What it covers and the contrast figures: docs/accessibility.md.
 */

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']
const BLOCKING = new Set(['serious', 'critical'])

type Scheme = 'light' | 'dark'
type Combo = { scheme: Scheme; width: number; height: number }
const COMBOS: readonly Combo[] = [
  { scheme: 'light', width: 1280, height: 900 },
  { scheme: 'dark', width: 1280, height: 900 },
  { scheme: 'light', width: 390, height: 844 },
  { scheme: 'dark', width: 390, height: 844 },
]

type Offender = {
  page: string
  id: string
  impact: string
  help: string
  targets: string[]
  html: string
  summary: string
}

const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

// Scripts run in the page. They are strings because this package is type-checked without the DOM library
// (it is a Node server); each is a plain expression of browser JavaScript.

/** '' once the page has its data, else what it is still waiting for: a spinner, a skeleton, a busy table. */
const PENDING_SCRIPT = `(() => {
  if (document.querySelector('main, form') === null) return 'no main landmark or form yet'
  const busy = document.querySelector('[aria-busy="true"], .mantine-Skeleton-root[data-visible="true"]')
  if (busy) return 'busy: ' + busy.outerHTML.slice(0, 200)
  const loading = [...document.querySelectorAll('[role="status"]')].find((node) => /Loading/.test(node.textContent))
  return loading ? 'loading: ' + loading.textContent : ''
})()`

/** Resolves when the running animations (Mantine's transitions, at most a few hundred ms) have finished. */
const ANIMATIONS_SCRIPT =
  'Promise.all(document.getAnimations().map((animation) => animation.finished)).then(() => true)'

/** The keyboard focus, as role (or tag) and accessible name (or text). */
const FOCUSED_SCRIPT = `(() => {
  const element = document.activeElement
  if (!element || element === document.body) return '(nothing)'
  const name = element.getAttribute('aria-label') ?? element.textContent.trim().slice(0, 60)
  return (element.getAttribute('role') ?? element.tagName.toLowerCase()) + ' ' + name
})()`

/** axe on the whole document with the WCAG 2.0/2.1 A and AA rules, violations only. */
const AXE_RUN_SCRIPT = `axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(AXE_TAGS)} }, resultTypes: ['violations'] })`

/** Waits until the page has its data: no request in flight, no spinner, skeleton or busy table. */
async function settle(page: Page, isRetry = false): Promise<void> {
  await page.waitForLoadState('networkidle')
  try {
    await page.waitForFunction(`${PENDING_SCRIPT} === ''`, undefined, { timeout: 30_000, polling: 100 })
  } catch (error) {
    const pending = await page.evaluate<string>(PENDING_SCRIPT)
    // A page with no app at all is most likely a script of a web build replaced while the test ran (other
    // builds share the folder): load it once more before failing.
    if (!isRetry && pending.startsWith('no main')) {
      await page.reload()
      return settle(page, true)
    }
    const text = await page.evaluate<string>('document.body.innerText.slice(0, 300)')
    throw new Error(`${page.url()} did not settle: ${pending}; the page shows: ${text}`, { cause: error })
  }
  // Wait for transitions to end rather than sleep.
  await page.evaluate<boolean>(ANIMATIONS_SCRIPT)
}

/** Runs axe on the page as it is and returns its serious and critical violations. */
async function audit(page: Page, label: string): Promise<Offender[]> {
  if (!(await page.evaluate<boolean>("'axe' in window"))) await page.addScriptTag({ content: axeSource })
  const results = await page.evaluate<AxeResults>(AXE_RUN_SCRIPT)
  return results.violations
    .filter((violation) => BLOCKING.has(violation.impact ?? ''))
    .map((violation) => ({
      page: label,
      id: violation.id,
      impact: violation.impact ?? '',
      help: violation.help,
      targets: violation.nodes.slice(0, 5).map((node) => node.target.join(' ')),
      html: violation.nodes[0]?.html.slice(0, 300) ?? '',
      summary: violation.nodes[0]?.failureSummary?.split('\n').slice(0, 3).join(' ') ?? '',
    }))
}

/** One entry per rule and first element, with how many pages show it and the first few of them. */
function report(offenders: Offender[]): string {
  const groups = new Map<string, { offender: Offender; pages: string[] }>()
  for (const offender of offenders) {
    // Mantine's generated ids differ on every page: one entry for the same element across pages.
    const key = `${offender.id} ${(offender.targets[0] ?? '').replace(/#mantine-\w+|_r_\w+_/g, '*')}`
    const group = groups.get(key) ?? { offender, pages: [] }
    group.pages.push(offender.page)
    groups.set(key, group)
  }
  return [...groups.values()]
    .map(
      ({ offender, pages }) =>
        `${offender.id} (${offender.impact}) ${offender.help}, on ${String(pages.length)} page(s): ${pages.slice(0, 3).join('; ')}\n` +
        `    ${offender.targets.join('\n    ')}\n    ${offender.html}\n    ${offender.summary}`,
    )
    .join('\n')
}

describe('accessibility (axe-core) in Chromium', () => {
  const started = useBuiltApp('mp-e2e-a11y-')
  // Each test's own: a failure in one does not spill into the next.
  let consoleProblems: string[] = []
  beforeEach(() => {
    consoleProblems = []
  })

  const newContext = async (browser: Browser, combo: Combo, token?: string): Promise<BrowserContext> => {
    const { baseUrl } = started()
    // bypassCSP: the app's Content-Security-Policy forbids inline scripts, and axe is injected as one.
    const context = await browser.newContext({
      viewport: { width: combo.width, height: combo.height },
      colorScheme: combo.scheme,
      bypassCSP: true,
      ...(combo.width < 600 ? { isMobile: true, hasTouch: true } : {}),
    })
    if (token) await context.addCookies([{ name: 'mp_session', value: token, url: baseUrl }])
    return context
  }

  /** Opens each path in one tab, waits for it to settle in the right colour scheme, and audits it. */
  const auditPaths = async (page: Page, combo: Combo, who: string, paths: readonly string[]) => {
    const { baseUrl } = started()
    const offenders: Offender[] = []
    for (const pathname of paths) {
      await page.goto(`${baseUrl}${pathname}`)
      await settle(page)
      expect(await page.locator('html').getAttribute('data-mantine-color-scheme')).toBe(combo.scheme)
      offenders.push(...(await audit(page, `${who} ${combo.scheme} ${String(combo.width)}px ${pathname}`)))
    }
    return offenders
  }

  /** Every page an admin opens: the menu's sections, the detail pages, the wizards and the settings tabs. */
  const adminPaths = async (token: string): Promise<string[]> => {
    const { baseUrl } = started()
    const firstId = async (procedure: string) => {
      const page = await trpcQuery<{ items: { id: string }[] }>(baseUrl, token, procedure, {})
      const id = page.items[0]?.id
      expect(id, `${procedure} has a row`).toBeDefined()
      return id ?? ''
    }
    const [memberId, loanId, unionId, staffId] = await Promise.all(
      ['member.list', 'loan.list', 'union.list', 'staff.list'].map(firstId),
    )
    return [
      '/',
      '/members',
      `/members/${memberId ?? ''}`,
      '/members/new',
      '/unions',
      `/unions/${unionId ?? ''}`,
      '/assignments',
      '/loans',
      `/loans/${loanId ?? ''}`,
      '/loans/new',
      '/repayments',
      '/collection-sheet',
      '/due-list',
      '/reports',
      '/reports?tab=waivers',
      '/supervisor-reports',
      '/loan-types',
      '/document-types',
      '/staff',
      `/staff/${staffId ?? ''}`,
      '/staff-notes',
      '/login-history',
      '/audit',
      '/settings/profile',
      '/settings/password',
      '/settings/sessions',
      '/settings/company',
      '/settings/branding',
      '/settings/waiver-limits',
      '/settings/maintenance',
      '/settings/backups',
    ]
  }

  const OFFICER_PATHS = [
    '/',
    '/members',
    '/loans',
    '/due-list',
    '/collection-sheet',
    '/settings/branding',
    '/settings/waiver-limits',
  ]

  it.each(COMBOS.map((combo) => [`${combo.scheme}, ${String(combo.width)} px`, combo] as const))(
    'every page has no serious or critical violation (%s)',
    async (_name, combo) => {
      const { baseUrl, browser, output } = started()
      const adminToken = await signInCookie(baseUrl, adminCredentials(output))
      const officerToken = await signInCookie(baseUrl, demoCredentials(output, 'officer1@'))
      const offenders: Offender[] = []

      const admin = await newContext(browser, combo, adminToken)
      const adminPage = await admin.newPage()
      watchConsole(adminPage, consoleProblems)
      offenders.push(...(await auditPaths(adminPage, combo, 'admin', await adminPaths(adminToken))))
      await admin.close()

      const officer = await newContext(browser, combo, officerToken)
      const officerPage = await officer.newPage()
      watchConsole(officerPage, consoleProblems)
      offenders.push(...(await auditPaths(officerPage, combo, 'officer', OFFICER_PATHS)))
      await officer.close()

      // Signed out: the sign-in page.
      const visitor = await newContext(browser, combo)
      const visitorPage = await visitor.newPage()
      watchConsole(visitorPage, consoleProblems)
      offenders.push(...(await auditPaths(visitorPage, combo, 'visitor', ['/sign-in'])))
      await visitor.close()

      expect(offenders, report(offenders)).toEqual([])
    },
    600_000,
  )

  it('the set-password page of a new account and an open dialog have no serious or critical violation', async () => {
    const { baseUrl, browser, output } = started()
    const adminToken = await signInCookie(baseUrl, adminCredentials(output))
    const email = `a11y.${String(Date.now())}@millenniumpotters.test`
    const created = await trpcMutation<{ oneTimePassword: string }>(baseUrl, adminToken, 'staff.create', {
      email,
      firstName: 'Ngozi',
      lastName: 'Eze',
      role: 'CREDIT_OFFICER',
    })
    const newcomerToken = await signInCookie(baseUrl, { email, password: created.oneTimePassword })
    const offenders: Offender[] = []
    for (const combo of COMBOS) {
      const newcomer = await newContext(browser, combo, newcomerToken)
      const page = await newcomer.newPage()
      watchConsole(page, consoleProblems)
      await page.goto(`${baseUrl}/`)
      await expect.poll(() => page.getByRole('heading', { name: 'Set your password' }).isVisible()).toBe(true)
      await settle(page)
      offenders.push(...(await audit(page, `newcomer ${combo.scheme} ${String(combo.width)}px set-password`)))
      await newcomer.close()

      const admin = await newContext(browser, combo, adminToken)
      const adminPage = await admin.newPage()
      watchConsole(adminPage, consoleProblems)
      await adminPage.goto(`${baseUrl}/staff`)
      await settle(adminPage)
      await adminPage.getByRole('button', { name: 'Add staff member' }).click()
      await expect.poll(() => adminPage.getByRole('dialog').isVisible()).toBe(true)
      await settle(adminPage)
      offenders.push(
        ...(await audit(adminPage, `admin ${combo.scheme} ${String(combo.width)}px add-staff dialog`)),
      )
      await admin.close()
    }
    // Console errors are not checked here: the many page loads can meet the rate limit (429), which other
    // browser tests cover; this test is about what axe finds.
    expect(offenders, report(offenders)).toEqual([])
  }, 300_000)

  it('works by keyboard: sign in, open a list row with Enter, a dialog traps focus and Escape gives it back', async () => {
    const { baseUrl, browser, output } = started()
    const context = await newContext(browser, { scheme: 'light', width: 1280, height: 900 })
    const page = await context.newPage()
    watchConsole(page, consoleProblems)
    const focused = () => page.evaluate<string>(FOCUSED_SCRIPT)
    const hasFocus = async (locator: Locator) => (await locator.and(page.locator(':focus')).count()) === 1
    /** Presses Tab until `target` has the focus, at most `limit` times; says where the focus went if not. */
    const tabTo = async (target: Locator, what: string, limit = 120) => {
      const visited: string[] = []
      for (let presses = 0; presses < limit; presses += 1) {
        if (await hasFocus(target)) return
        await page.keyboard.press('Tab')
        visited.push(await focused())
      }
      throw new Error(
        `${what} not reached in ${String(limit)} Tabs; the focus went to:\n${visited.join('\n')}`,
      )
    }

    await page.goto(`${baseUrl}/sign-in`)
    await settle(page)
    const { email, password } = adminCredentials(output)
    await tabTo(page.getByLabel(/^Email address/), 'the email field')
    await page.keyboard.type(email)
    await tabTo(page.getByLabel(/^Password/), 'the password field')
    await page.keyboard.type(password)
    await page.keyboard.press('Enter')
    await page.waitForURL(`${baseUrl}/`)

    // A list row's action: the first member's name in the members table opens the member with Enter.
    await page.goto(`${baseUrl}/members`)
    await settle(page)
    const firstMember = page
      .getByRole('table', { name: 'Members' })
      .locator('tbody tr')
      .first()
      .getByRole('link')
      .first()
    const memberName = ((await firstMember.textContent()) ?? '').trim()
    await tabTo(firstMember, 'the first member in the list')
    // The focus ring shows: a solid outline of 2 px or more (theme.module.css).
    const ring = await page.evaluate<{ style: string; width: string }>(
      '({ style: getComputedStyle(document.activeElement).outlineStyle, width: getComputedStyle(document.activeElement).outlineWidth })',
    )
    expect(ring.style).toBe('solid')
    expect(Number.parseFloat(ring.width)).toBeGreaterThanOrEqual(2)
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/members\/[0-9a-f-]{36}$/)
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).first().textContent())
      .toContain(memberName)

    // A dialog: opened with Enter, Tab stays inside it, Escape closes it and the focus returns to its button.
    await page.goto(`${baseUrl}/staff`)
    await settle(page)
    const addStaff = page.getByRole('button', { name: 'Add staff member' })
    await tabTo(addStaff, 'Add staff member')
    await page.keyboard.press('Enter')
    const dialog = page.getByRole('dialog')
    await expect.poll(() => dialog.isVisible()).toBe(true)
    const isFocusInDialog = async () => (await dialog.locator(':focus').count()) === 1
    await expect.poll(isFocusInDialog).toBe(true)
    for (let presses = 1; presses <= 15; presses += 1) {
      await page.keyboard.press('Tab')
      expect(await isFocusInDialog(), `Tab ${String(presses)} stays in the dialog (${await focused()})`).toBe(
        true,
      )
    }
    await page.keyboard.press('Escape')
    await expect.poll(() => dialog.count()).toBe(0)
    await expect.poll(() => hasFocus(addStaff)).toBe(true)

    await context.close()
    expect(consoleProblems).toEqual([])
  }, 180_000)
})
