import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import {
  adminCredentials,
  demoCredentials,
  signInCookie,
  trpcMutation,
  trpcQuery,
  useBuiltApp,
  watchConsole,
  openSignedIn,
} from './browser-helpers.js'

type Loan = { id: string; loanNumber: string }
type LoanDetail = { position: { totals: { outstanding: { interest: number } } } | null }
type WaiverReport = {
  rows: { items: { loanNumber: string; interest: number; amount: number; reason: string }[] }
}

/** Run in the page: the table scrolls sideways (a column off-screen at this width). */
const scrollsSidewaysScript = (name: string) =>
  `(() => { const scroller = document.querySelector('table[aria-label=${JSON.stringify(name)}]').parentElement; return scroller.scrollWidth > scroller.clientWidth + 1 })()`

/**
 * Waiver limits and the waivers report in Chromium on the built app (issue 16 item 6; docs/lending.md
 * "Waivers"): an admin sets the supervisors' limit on Settings → Waiver limits in naira (a bad value shows
 * the server's message and sends nothing); a waiver over that limit is refused to the supervisor, one
 * under it approved; Reports → Waivers then lists it with its exact amount and reason.
 */
describe('waiver limits and the waivers report in Chromium', () => {
  const started = useBuiltApp('mp-e2e-waivers-')

  it('sets the supervisor limit on the screen, holds the supervisor to it, and reports the waiver', async () => {
    const { baseUrl, browser, output } = started()
    const adminToken = await signInCookie(baseUrl, adminCredentials(output))
    const officerToken = await signInCookie(baseUrl, demoCredentials(output, 'officer1@'))
    const supervisorToken = await signInCookie(baseUrl, demoCredentials(output, 'supervisor1@'))
    const problems: string[] = []

    // Settings → Waiver limits as the admin.
    const { context, page } = await openSignedIn({ baseUrl, browser }, adminToken, problems)
    const saves: string[] = []
    page.on('request', (request) => {
      if (request.url().includes('loanChange.setWaiverLimits')) saves.push(request.url())
    })
    await page.goto(`${baseUrl}/settings/waiver-limits`)
    const supervisorLimit = page.getByLabel('Supervisor limit (₦)')
    await expect.poll(() => supervisorLimit.isVisible(), { timeout: 30_000 }).toBe(true)
    // 0 is not a limit (empty is "may not approve"): the server's schema says so, before anything is sent.
    await supervisorLimit.fill('0')
    await page.getByRole('button', { name: 'Save waiver limits' }).click()
    await expect
      .poll(() => page.getByText('Supervisor waiver limit must be at least 1 kobo').isVisible())
      .toBe(true)
    expect(await supervisorLimit.getAttribute('aria-invalid')).toBe('true')
    expect(saves).toEqual([])

    // ₦1,000.50 exactly: 100,050 kobo.
    await supervisorLimit.fill('1,000.50')
    const saved = page.waitForResponse((response) => response.url().includes('loanChange.setWaiverLimits'))
    await page.getByRole('button', { name: 'Save waiver limits' }).click()
    expect((await saved).status()).toBe(200)
    expect(saves).toHaveLength(1)
    const limits = await trpcQuery<{ SUPERVISOR?: number }>(
      baseUrl,
      adminToken,
      'loanChange.waiverLimits',
      undefined,
    )
    expect(limits.SUPERVISOR).toBe(100_050)
    await expect.poll(() => page.getByText('Now ₦1,000.50.', { exact: false }).isVisible()).toBe(true)

    // An active loan of officer 1 (supervisor 1's team) with more than ₦1,000.51 of interest outstanding.
    const loans = await trpcQuery<{ items: Loan[] }>(baseUrl, officerToken, 'loan.list', {
      status: 'ACTIVE',
      pageSize: 50,
    })
    let loan: Loan | undefined
    for (const candidate of loans.items) {
      const detail = await trpcQuery<LoanDetail>(baseUrl, officerToken, 'loan.get', { id: candidate.id })
      if ((detail.position?.totals.outstanding.interest ?? 0) > 100_051) {
        loan = candidate
        break
      }
    }
    expect(loan, 'officer 1 has an active loan with interest outstanding').toBeDefined()
    const loanId = loan?.id ?? ''
    const settings = await trpcQuery<{ timezone: string }>(baseUrl, adminToken, 'settings.get', undefined)
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: settings.timezone }).format(new Date())

    // Over the limit by one kobo: refused to the supervisor, naming the limit.
    const over = await trpcMutation<{ id: string }>(baseUrl, officerToken, 'loanChange.request', {
      loanId,
      terms: { kind: 'WAIVER', date: today, interest: 100_051 },
      reason: 'Browser test: one kobo over the limit',
    })
    await expect(
      trpcMutation(baseUrl, supervisorToken, 'loanChange.approve', { id: over.id }),
    ).rejects.toThrow(/above your role's limit of ₦1,000\.50/)
    await trpcMutation(baseUrl, supervisorToken, 'loanChange.reject', {
      id: over.id,
      note: 'Above my limit; ask for less',
    })

    // Under it: approved by the supervisor.
    const reason = 'Browser test: goodwill after a late posting'
    const under = await trpcMutation<{ id: string }>(baseUrl, officerToken, 'loanChange.request', {
      loanId,
      terms: { kind: 'WAIVER', date: today, interest: 75_025 },
      reason,
    })
    const approved = await trpcMutation<{ waived: number }>(baseUrl, supervisorToken, 'loanChange.approve', {
      id: under.id,
    })
    expect(approved.waived).toBe(75_025)
    const report = await trpcQuery<WaiverReport>(baseUrl, adminToken, 'loanChange.waiverReport', {
      from: today,
      to: today,
      page: 1,
      pageSize: 100,
    })
    expect(report.rows.items.filter((row) => row.loanNumber === loan?.loanNumber)).toMatchObject([
      { interest: 75_025, amount: 75_025, reason },
    ])

    // Reports → Waivers (this month): the row with its exact amount and reason, every column in view.
    const checkReport = async (reportPage: Page, isPhone: boolean) => {
      await reportPage.goto(`${baseUrl}/reports?tab=waivers`)
      const region = isPhone
        ? reportPage.getByRole('list', { name: 'Waivers', exact: true })
        : reportPage.getByRole('table', { name: 'Waivers', exact: true })
      const row = region.getByRole(isPhone ? 'listitem' : 'row').filter({ hasText: loan?.loanNumber ?? '' })
      await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1)
      const text = (await row.textContent()) ?? ''
      expect(text).toContain('₦750.25')
      expect(text).toContain(reason)
      await expect.poll(() => row.getByRole('link', { name: loan?.loanNumber }).isVisible()).toBe(true)
      expect(await row.getByRole('link', { name: loan?.loanNumber }).getAttribute('href')).toBe(
        `/loans/${loanId}`,
      )
    }
    await checkReport(page, false)
    expect(await page.evaluate<boolean>(scrollsSidewaysScript('Waivers'))).toBe(false)
    await context.close()

    // Below 600 px the rows are cards, as on the other report tabs.
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    })
    await phone.addCookies([{ name: 'mp_session', value: adminToken, url: baseUrl }])
    const phonePage = await phone.newPage()
    watchConsole(phonePage, problems)
    await checkReport(phonePage, true)
    expect(await phonePage.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390)
    await phone.close()

    expect(problems).toEqual([])
  }, 180_000)
})
