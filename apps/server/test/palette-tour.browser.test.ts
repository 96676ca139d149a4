import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import {
  adminCredentials,
  demoCredentials,
  signInCookie,
  trpcMutation,
  trpcQuery,
  useBuiltApp,
  openSignedIn,
} from './browser-helpers.js'

type MemberRow = { id: string; code: string; firstName: string; lastName: string; phone: string | null }
type ListPage<T> = { items: T[] }
type StaffRow = { id: string; email: string; role: string }

const PALETTE_INPUT = 'Search members, loans, unions and pages'

/** True when the tour's highlighted control (if any) shows on screen and its popover fits the width. */
const ON_SCREEN_SCRIPT = `(() => {
  const rect = document.querySelector('.driver-active-element')?.getBoundingClientRect()
  const pop = document.querySelector('.driver-popover')?.getBoundingClientRect()
  const isTargetShown =
    rect === undefined ||
    (rect.left >= 0 && rect.right <= window.innerWidth && rect.top < window.innerHeight && rect.bottom > 0)
  return isTargetShown && pop !== undefined && pop.left >= 0 && pop.right <= window.innerWidth
})()`

/**
 * The command palette and the tour in the built app (docs/web-app.md): Ctrl+K and `/` open the palette, a
 * phone typed in another format finds the member and Enter opens them, an officer cannot find another
 * officer's member; a new account sees the tour at first sign-in, not again after finishing it, can restart
 * it from the help menu, and on a 390 px phone (dark) runs it to the end; the first Tab is the skip link.
 */
describe('command palette and tour in Chromium', () => {
  const started = useBuiltApp('mp-e2e-palette-')
  const consoleProblems: string[] = []

  const open = (
    token: string,
    options: { width?: number; height?: number; colorScheme?: 'light' | 'dark' } = {},
  ) => openSignedIn(started(), token, consoleProblems, options)

  /** A new account of this role with its own password, never signed in in a browser: its tour is unseen. */
  const newAccount = async (role: 'SUPERVISOR' | 'CREDIT_OFFICER', email: string) => {
    const { baseUrl, output } = started()
    const adminToken = await signInCookie(baseUrl, adminCredentials(output))
    let supervisorId: string | null = null
    if (role === 'CREDIT_OFFICER') {
      const supervisors = await trpcQuery<ListPage<StaffRow>>(baseUrl, adminToken, 'staff.list', {
        role: 'SUPERVISOR',
        isActive: true,
      })
      supervisorId = supervisors.items[0]?.id ?? null
    }
    const created = await trpcMutation<{ oneTimePassword: string }>(baseUrl, adminToken, 'staff.create', {
      email,
      firstName: 'Toyin',
      lastName: role === 'SUPERVISOR' ? 'Supervisor' : 'Officer',
      role,
      supervisorId,
    })
    const password = 'Pounded-yam-at-noon-42'
    const firstToken = await signInCookie(baseUrl, { email, password: created.oneTimePassword })
    await trpcMutation(baseUrl, firstToken, 'auth.changePassword', {
      currentPassword: created.oneTimePassword,
      newPassword: password,
    })
    return signInCookie(baseUrl, { email, password })
  }

  const popover = (page: Page) => page.locator('.driver-popover')
  const popoverTitle = (page: Page) => page.locator('.driver-popover-title')

  it('Ctrl+K finds a member by a phone typed in another format and Enter opens them; / opens the palette', async () => {
    const { baseUrl, output } = started()
    const token = await signInCookie(baseUrl, adminCredentials(output))
    const members = await trpcQuery<ListPage<MemberRow>>(baseUrl, token, 'member.list', { pageSize: 100 })
    const member = members.items.find((row) => row.phone !== null)
    if (!member?.phone) throw new Error('the demo data has a member with a phone')
    // Stored as +234 and ten digits; typed the local way, spaced: 0803 123 4567.
    const national = member.phone.slice(4)
    const typed = `0${national.slice(0, 3)} ${national.slice(3, 6)} ${national.slice(6)}`

    const { context, page } = await open(token)
    await page.goto(`${baseUrl}/members`)
    await expect.poll(() => page.getByRole('heading', { name: 'Members' }).first().isVisible()).toBe(true)
    await page.keyboard.press('Control+KeyK')
    const input = page.getByRole('textbox', { name: PALETTE_INPUT })
    await expect.poll(() => input.isVisible()).toBe(true)
    await expect
      .poll(() => page.evaluate<string | null>("document.activeElement?.getAttribute('aria-label') ?? null"))
      .toBe(PALETTE_INPUT)
    await input.fill(typed)
    const name = `${member.firstName} ${member.lastName}`
    const found = page.getByRole('button', { name: new RegExp(`^${name}`) }).first()
    await expect.poll(() => found.isVisible(), { timeout: 15_000 }).toBe(true)
    await expect.poll(() => found.getAttribute('data-selected')).toBe('true')
    await page.keyboard.press('Enter')
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/members/${member.id}`)
    await expect.poll(() => input.isVisible()).toBe(false)

    // `/` opens it when not typing in a field; Escape closes it.
    await page.locator('main').focus()
    await page.keyboard.press('/')
    await expect.poll(() => input.isVisible()).toBe(true)
    await page.keyboard.press('Escape')
    await expect.poll(() => input.isVisible()).toBe(false)

    // The header's search button opens it too; a page is one choice away.
    await page.getByRole('button', { name: 'Search (Ctrl+K)' }).click()
    await input.fill('collection')
    await page
      .getByRole('button', { name: /^Collection sheet/ })
      .first()
      .click()
    await expect.poll(() => new URL(page.url()).pathname).toBe('/collection-sheet')

    // A loan by its number, and "Record payment on LN…" opens its payment dialog.
    const active = await trpcQuery<ListPage<{ id: string; loanNumber: string }>>(
      baseUrl,
      token,
      'loan.list',
      {
        status: 'ACTIVE',
        pageSize: 1,
      },
    )
    const loan = active.items[0]
    if (!loan) throw new Error('the demo data has an active loan')
    await page.keyboard.press('Control+KeyK')
    await input.fill(loan.loanNumber.toLowerCase())
    const pay = page.getByRole('button', { name: new RegExp(`^Record payment on ${loan.loanNumber}`) })
    await expect.poll(() => pay.isVisible(), { timeout: 15_000 }).toBe(true)
    await pay.click()
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/loans/${loan.id}`)
    await expect.poll(() => page.getByRole('dialog', { name: 'Record repayment' }).isVisible()).toBe(true)
    await context.close()
    expect(consoleProblems).toEqual([])
  }, 180_000)

  it("an officer cannot find another officer's member", async () => {
    const { baseUrl, output } = started()
    const officer1 = await signInCookie(baseUrl, demoCredentials(output, 'officer1@'))
    const officer2 = await signInCookie(baseUrl, demoCredentials(output, 'officer2@'))
    const own = await trpcQuery<ListPage<MemberRow>>(baseUrl, officer1, 'member.list', { pageSize: 5 })
    const others = await trpcQuery<ListPage<MemberRow>>(baseUrl, officer2, 'member.list', { pageSize: 5 })
    const mine = own.items[0]
    const theirs = others.items[0]
    if (!mine || !theirs) throw new Error('both demo officers have members')

    const { context, page } = await open(officer1)
    await page.goto(`${baseUrl}/members`)
    await expect.poll(() => page.getByRole('heading', { name: 'Members' }).first().isVisible()).toBe(true)
    await page.keyboard.press('Control+KeyK')
    const input = page.getByRole('textbox', { name: PALETTE_INPUT })
    await input.fill(mine.code)
    await expect
      .poll(() =>
        page.getByRole('button', { name: new RegExp(`${mine.firstName} ${mine.lastName}`) }).count(),
      )
      .toBeGreaterThan(0)
    await input.fill(theirs.code)
    await expect
      .poll(() =>
        page.getByText('Nothing found. Try a name, member code, phone number or loan number.').isVisible(),
      )
      .toBe(true)
    expect(await page.getByText(theirs.code).count()).toBe(0)
    await context.close()
    expect(consoleProblems).toEqual([])
  }, 180_000)

  it('shows the tour at first sign-in, not again once finished, and again from the help menu', async () => {
    const { baseUrl } = started()
    const token = await newAccount('SUPERVISOR', 'toyin.supervisor@millenniumpotters.test')
    const { context, page } = await open(token)
    await page.goto(`${baseUrl}/`)
    await expect
      .poll(() => popoverTitle(page).textContent(), { timeout: 20_000 })
      .toBe('Welcome to the Command Center')
    const titles: string[] = []
    for (let step = 0; step < 20; step++) {
      const title = (await popoverTitle(page).textContent()) ?? ''
      titles.push(title)
      const next = page.locator('.driver-popover-next-btn')
      if ((await next.textContent())?.includes('Finish')) {
        await next.click()
        break
      }
      await next.click()
      await expect.poll(() => popoverTitle(page).textContent()).not.toBe(title)
    }
    expect(titles).toEqual([
      'Welcome to the Command Center',
      'Your figures',
      'Find anything, record a payment',
      'Loans and approvals',
      'Collection sheet',
      'Reports',
      'Your team',
      'Settings',
      'Help is here',
    ])
    await expect.poll(() => popover(page).count()).toBe(0)
    await expect
      .poll(
        async () => (await trpcQuery<{ seenAt: string | null }>(baseUrl, token, 'tour.state', null)).seenAt,
      )
      .not.toBeNull()

    // Reloaded: the dashboard, and no tour.
    const stateRead = page.waitForResponse((response) => response.url().includes('tour.state'))
    await page.reload()
    await stateRead
    await expect.poll(() => page.locator('[data-tour="dashboard-figures"]').isVisible()).toBe(true)
    expect(await popover(page).count()).toBe(0)

    // The help menu starts it again, from any page.
    await page.goto(`${baseUrl}/loans`)
    await page.getByRole('button', { name: 'Help', exact: true }).click()
    await page.getByRole('menuitem', { name: 'Take the tour' }).click()
    await expect.poll(() => popoverTitle(page).textContent()).toBe('Welcome to the Command Center')
    expect(new URL(page.url()).pathname).toBe('/')
    await page.keyboard.press('Escape')
    await expect.poll(() => popover(page).count()).toBe(0)

    // And lists the keyboard shortcuts.
    await page.getByRole('button', { name: 'Help', exact: true }).click()
    await page.getByRole('menuitem', { name: 'Keyboard shortcuts' }).click()
    await expect.poll(() => page.getByRole('dialog', { name: 'Keyboard shortcuts' }).isVisible()).toBe(true)
    await context.close()
    expect(consoleProblems).toEqual([])
  }, 180_000)

  it('runs the tour to the end on a 390 px phone in dark mode, opening the menu for its links', async () => {
    const { baseUrl } = started()
    const token = await newAccount('CREDIT_OFFICER', 'toyin.officer@millenniumpotters.test')
    const { context, page } = await open(token, { width: 390, height: 844, colorScheme: 'dark' })
    await page.goto(`${baseUrl}/`)
    await expect
      .poll(() => popoverTitle(page).textContent(), { timeout: 20_000 })
      .toBe('Welcome to the Command Center')
    // The popover takes the app's dark colours, not driver.js's white.
    const colours = await page.evaluate<{ popover: string; body: string }>(`({
      popover: getComputedStyle(document.querySelector('.driver-popover')).backgroundColor,
      body: getComputedStyle(document.body).backgroundColor,
    })`)
    expect(colours.popover).toBe(colours.body)

    const titles: string[] = []
    for (let step = 0; step < 20; step++) {
      const title = (await popoverTitle(page).textContent()) ?? ''
      titles.push(title)
      // The highlighted control (none for the welcome) is on screen, not in the closed drawer, and the
      // popover fits the phone's width.
      const onScreen = () => page.evaluate<boolean>(ON_SCREEN_SCRIPT)
      await expect.poll(onScreen, { message: title }).toBe(true)
      const next = page.locator('.driver-popover-next-btn')
      if ((await next.textContent())?.includes('Finish')) {
        await next.click()
        break
      }
      await next.click()
      await expect.poll(() => popoverTitle(page).textContent()).not.toBe(title)
    }
    expect(titles).toEqual([
      'Welcome to the Command Center',
      'Your figures',
      'Find anything, record a payment',
      'Loans',
      'Collection sheet',
      'Due list',
      'Reports',
      'Settings',
      'Help is here',
    ])
    await expect.poll(() => popover(page).count()).toBe(0)
    // The menu the tour opened is closed again.
    await expect.poll(() => page.getByRole('button', { name: 'Open navigation' }).isVisible()).toBe(true)
    await context.close()
    expect(consoleProblems).toEqual([])
  }, 180_000)

  it('the first Tab focuses "Skip to main content", which moves focus to the page', async () => {
    const { baseUrl, output } = started()
    const token = await signInCookie(baseUrl, adminCredentials(output))
    const { context, page } = await open(token)
    await page.goto(`${baseUrl}/loans`)
    await expect.poll(() => page.getByRole('heading', { name: 'Loans' }).first().isVisible()).toBe(true)
    await page.keyboard.press('Tab')
    const skip = page.getByRole('link', { name: 'Skip to main content' })
    await expect
      .poll(() => page.evaluate<string | null>('document.activeElement?.textContent ?? null'))
      .toBe('Skip to main content')
    const box = await skip.boundingBox()
    expect(box?.y).toBeGreaterThanOrEqual(0)
    await page.keyboard.press('Enter')
    await expect
      .poll(() => page.evaluate<string | null>('document.activeElement?.tagName ?? null'))
      .toBe('MAIN')
    await context.close()
    expect(consoleProblems).toEqual([])
  }, 180_000)
})
