import { formatNaira } from '@mp/domain'
import { describe, expect, it } from 'vitest'
import {
  dropExpectedProblems,
  seriousViolations,
  adminCredentials,
  demoCredentials,
  signInCookie,
  trpcMutation,
  trpcQuery,
  useBuiltApp,
  openSignedIn,
} from './browser-helpers.js'

type LoanRow = { id: string; loanNumber: string }
type History = {
  requests: { id: string; kind: string; status: string }[]
  schedules: { effectiveOn: string | null }[]
}

/** A calendar day `days` after today in Lagos, as YYYY-MM-DD (the company's timezone in the demo). */
function lagosDay(days: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Lagos' }).format(new Date())
  const day = new Date(`${today}T00:00:00Z`)
  day.setUTCDate(day.getUTCDate() + days)
  return day.toISOString().slice(0, 10)
}

/**
 * A loan's changes on its page (docs/lending.md "Asking for and approving a change", docs/user-guide.md):
 * an officer asks a reschedule in the dialog, the banner shows it waiting, a supervisor approves it from
 * the banner, and the Changes tab lists the request and both schedules; a waiver shows there too.
 */
describe('loan changes on the loan page in Chromium', () => {
  const started = useBuiltApp('mp-e2e-loan-changes-')
  const problems: string[] = []

  const open = (token: string, width: number, colorScheme: 'light' | 'dark' = 'light') =>
    openSignedIn(started(), token, problems, { width, colorScheme, bypassCSP: true })

  it('an officer asks a reschedule, a supervisor approves it on the banner, the Changes tab shows both schedules', async () => {
    const { baseUrl, output } = started()
    const officerToken = await signInCookie(baseUrl, demoCredentials(output, 'officer1@'))
    const supervisorToken = await signInCookie(baseUrl, demoCredentials(output, 'supervisor1@'))
    const adminToken = await signInCookie(baseUrl, adminCredentials(output))
    const active = await trpcQuery<{ items: LoanRow[] }>(baseUrl, officerToken, 'loan.list', {
      status: 'ACTIVE',
    })
    const loan = active.items[0]
    expect(loan, 'officer 1 has an active demo loan').toBeDefined()
    if (!loan) return

    // The officer: no banner yet, the Changes tab is empty; the dialog previews before asking.
    // In the dark scheme: axe checks the banner's and the badges' contrast there too.
    const officer = await open(officerToken, 1280, 'dark')
    await officer.page.goto(`${baseUrl}/loans/${loan.id}?tab=changes`)
    await expect.poll(() => officer.page.getByText('No changes asked').isVisible()).toBe(true)
    expect(await officer.page.getByRole('region', { name: 'Change waiting for approval' }).count()).toBe(0)
    await officer.page.getByRole('button', { name: 'Reschedule / restructure / waive' }).click()
    const dialog = officer.page.getByRole('dialog', { name: `Change ${loan.loanNumber}` })
    await expect.poll(() => dialog.isVisible()).toBe(true)
    await dialog.getByLabel('New installments').fill('8')
    const firstDue = dialog.getByLabel('First new due date')
    await firstDue.fill(lagosDay(14))
    await firstDue.press('Tab')
    const ask = dialog.getByRole('button', { name: 'Ask for approval' })
    expect(await ask.isDisabled()).toBe(true)
    await dialog.getByRole('button', { name: 'Preview' }).click()
    await expect.poll(() => dialog.getByText('8 new installments').isVisible()).toBe(true)
    // A new frequency and a grace on principal: the preview follows them, and any edit takes the shown
    // preview (and Ask) away until it is previewed again.
    const chooseFrequency = async (label: string) => {
      await dialog.getByLabel('Repayment frequency').click()
      await officer.page.getByRole('option', { name: label, exact: true }).click()
    }
    await chooseFrequency('Monthly')
    expect(await ask.isDisabled()).toBe(true)
    expect(await dialog.getByText('8 new installments').count()).toBe(0)
    // A grace on principal on this loan (no interest) is refused in the server's words.
    const beforeRefusal = problems.length
    await dialog.getByLabel('Grace on principal').fill('1')
    await dialog.getByRole('button', { name: 'Preview' }).click()
    await expect
      .poll(() => dialog.getByText(/A grace on principal needs an interest-bearing method/).isVisible())
      .toBe(true)
    // The browser logs the refused preview's 400: expected here, and only that.
    dropExpectedProblems(problems, beforeRefusal, /status of 400/)
    expect(await ask.isDisabled()).toBe(true)
    await dialog.getByLabel('Grace on principal').fill('0')
    await dialog.getByRole('button', { name: 'Preview' }).click()
    const added = dialog.locator('table', { hasText: 'new installments' })
    await expect.poll(() => added.getByText('8 new installments').isVisible()).toBe(true)
    const cells = async (row: number) => added.locator('tbody tr').nth(row).locator('td').allTextContents()
    const [first, second] = [await cells(0), await cells(1)]
    const dayOf = (text: string | undefined) => {
      const [d, m, y] = (text ?? '').split('/')
      return Date.UTC(Number(y), Number(m) - 1, Number(d)) / 86_400_000
    }
    // Monthly: a month apart (a due date moved off a non-working day shortens or lengthens it a few days).
    expect(dayOf(second[1]) - dayOf(first[1])).toBeGreaterThanOrEqual(25)
    expect(first[2]).not.toBe('₦0.00')
    await chooseFrequency('Weekly')
    await dialog.getByLabel('Grace on principal').fill('0')
    await dialog.getByRole('button', { name: 'Preview' }).click()
    await expect.poll(() => dialog.getByText('8 new installments').isVisible()).toBe(true)
    await dialog.getByLabel('Reason').fill('Market stall flooded; trading resumes in two weeks')
    expect(await seriousViolations(officer.page)).toEqual([])
    await ask.click()
    await expect.poll(() => dialog.isVisible()).toBe(false)

    // The banner: what is asked, by whom, and the maker-checker hint instead of buttons.
    const officerBanner = officer.page.getByRole('region', { name: 'Change waiting for approval' })
    await expect.poll(() => officerBanner.isVisible()).toBe(true)
    const bannerText = (await officerBanner.textContent()) ?? ''
    expect(bannerText).toContain('Reschedule from')
    expect(bannerText).toContain('Market stall flooded')
    expect(bannerText).toContain('You asked for this change')
    expect(await officerBanner.getByRole('button').count()).toBe(0)
    const officerRequests = officer.page.getByRole('table', { name: 'Change requests' })
    await expect.poll(() => officerRequests.getByText('Waiting for approval').isVisible()).toBe(true)
    expect(await seriousViolations(officer.page)).toEqual([])
    await officer.context.close()

    // The supervisor: the same banner, with Approve and Reject.
    const supervisor = await open(supervisorToken, 1280)
    await supervisor.page.goto(`${baseUrl}/loans/${loan.id}`)
    const banner = supervisor.page.getByRole('region', { name: 'Change waiting for approval' })
    await expect.poll(() => banner.isVisible()).toBe(true)
    expect(await banner.textContent()).not.toContain('You asked for this change')
    expect(await seriousViolations(supervisor.page)).toEqual([])
    await banner.getByLabel('Decision note (optional)').fill('Seen the flood photos')
    await banner.getByRole('button', { name: 'Approve change' }).click()
    await expect.poll(() => banner.count()).toBe(0)

    // The Changes tab: the request approved, with the note; the booked schedule and the new one.
    await supervisor.page.getByRole('tab', { name: 'Changes' }).click()
    const requests = supervisor.page.getByRole('table', { name: 'Change requests' })
    await expect.poll(() => requests.getByText('Approved').isVisible()).toBe(true)
    expect(await requests.textContent()).toContain('Seen the flood photos')
    const history = await trpcQuery<History>(baseUrl, supervisorToken, 'loanChange.history', {
      loanId: loan.id,
    })
    expect(history.schedules.map((s) => s.effectiveOn === null)).toEqual([true, false])
    const rescheduledLabel = /^After reschedule of \d{2}\/\d{2}\/\d{4} \(current\)/
    await expect
      .poll(() =>
        supervisor.page.getByRole('button', { name: rescheduledLabel }).getAttribute('aria-expanded'),
      )
      .toBe('true')
    const booked = supervisor.page.getByRole('button', { name: /^Booked at disbursement/ })
    expect(await booked.getAttribute('aria-expanded')).toBe('false')
    await booked.click()
    const bookedTable = supervisor.page.getByRole('table', { name: 'Booked at disbursement' })
    await expect.poll(() => bookedTable.isVisible()).toBe(true)
    expect(await bookedTable.locator('tbody tr').count()).toBeGreaterThan(0)
    expect(await bookedTable.textContent()).toMatch(/₦[\d,]+\.\d{2}/)
    // Nothing clipped or scrolled at 1280 px: every open table fits its container.
    const overflowing = await supervisor.page.evaluate<string[]>(
      `[...document.querySelectorAll('[role="tabpanel"] [role="region"]')]
        .filter((el) => el.clientWidth > 0 && el.scrollWidth > el.clientWidth)
        .map((el) => el.getAttribute('aria-label'))`,
    )
    expect(overflowing).toEqual([])
    expect(await seriousViolations(supervisor.page)).toEqual([])

    // The statement PDF (the page's Statement link) downloads with the session.
    const href = await supervisor.page.getByRole('link', { name: 'Statement' }).getAttribute('href')
    const pdf = await fetch(`${baseUrl}${href ?? ''}`, {
      headers: { cookie: `mp_session=${supervisorToken}` },
    })
    expect(pdf.status).toBe(200)
    expect(pdf.headers.get('content-type')).toContain('application/pdf')
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-')
    await supervisor.context.close()

    // A waiver asked by the officer and approved by the admin shows in the tab with the amount waived: on
    // another of the officer's loans with interest or penalties owed today (₦1.00 of it).
    let waived: { loan: LoanRow; terms: Record<string, unknown> } | undefined
    for (const other of active.items.filter((row) => row.id !== loan.id)) {
      for (const terms of [
        { kind: 'WAIVER', date: lagosDay(0), interest: 100 },
        { kind: 'WAIVER', date: lagosDay(0), penalty: 100 },
      ]) {
        const preview = await trpcQuery(baseUrl, officerToken, 'loanChange.preview', {
          loanId: other.id,
          terms,
        })
          .then(() => true)
          .catch(() => false)
        if (preview && waived === undefined) waived = { loan: other, terms }
      }
      if (waived) break
    }
    expect(waived, 'an active demo loan of officer 1 owes interest or penalties today').toBeDefined()
    if (!waived) return
    const waiver = await trpcMutation<{ id: string }>(baseUrl, officerToken, 'loanChange.request', {
      loanId: waived.loan.id,
      terms: waived.terms,
      reason: 'Goodwill after the flood',
    })
    // Waiver limits start at nothing for every role (docs/lending.md "Waivers"): the admin sets theirs.
    await trpcMutation(baseUrl, adminToken, 'loanChange.setWaiverLimits', { ADMIN: 1_000_000 })
    await trpcMutation(baseUrl, adminToken, 'loanChange.approve', { id: waiver.id })

    // On a phone in the dark (the waived loan): the tables scroll inside a focusable region; axe passes.
    const phone = await open(officerToken, 390, 'dark')
    await phone.page.goto(`${baseUrl}/loans/${waived.loan.id}?tab=changes`)
    const phoneRequests = phone.page.getByRole('table', { name: 'Change requests' })
    await expect.poll(() => phoneRequests.getByText('Goodwill after the flood').isVisible()).toBe(true)
    const waiverRow = phoneRequests.locator('tr', { hasText: 'Goodwill after the flood' })
    expect(await waiverRow.textContent()).toContain(`${formatNaira(100)} waived`)
    expect(await waiverRow.textContent()).toContain('Approved')
    const scroller = phone.page.getByRole('region', { name: 'Change requests' })
    expect(await scroller.getAttribute('tabindex')).toBe('0')
    const scrolls = `(() => { const el = document.querySelector('[role="region"][aria-label="Change requests"]'); return el.scrollWidth > el.clientWidth })()`
    expect(await phone.page.evaluate<boolean>(scrolls)).toBe(true)
    expect(await seriousViolations(phone.page)).toEqual([])
    await phone.context.close()
    expect(problems).toEqual([])
  })
})
