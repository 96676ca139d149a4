import { formatNaira } from '@mp/domain'
import { describe, expect, it } from 'vitest'
import {
  seriousViolations,
  adminCredentials,
  allowTopUps,
  demoCredentials,
  signInCookie,
  trpcMutation,
  trpcQuery,
  topUpCandidate,
  useBuiltApp,
  watchConsole,
  openSignedIn,
} from './browser-helpers.js'

type LoanGet = {
  id: string
  loanNumber: string
  status: string
  member: { id: string }
  processingFee: number
  position: { payoffAmount: number } | null
  topUp: { loanId: string; loanNumber: string; payoff: number | null; cashToMember: number | null } | null
  paidOffBy: { loanId: string; loanNumber: string; amount: number; date: string } | null
}

/**
 * A top-up in the web app (docs/lending.md "Top-ups"): an officer applies for a member with an active demo
 * loan and ticks "Pays off the running loan", the preview shows the payoff estimate and what the member
 * receives; after approval and disbursement the new loan's page names the loan it paid off with the exact
 * payoff, and the old loan's page says it was paid off by the top-up and is completed.
 */
describe('top-up in Chromium', () => {
  const started = useBuiltApp('mp-e2e-top-up-')

  it('an officer applies for a top-up; after disbursement both loans link to each other', async () => {
    const { baseUrl, browser, output } = started()
    const problems: string[] = []
    const adminToken = await signInCookie(baseUrl, adminCredentials(output))
    const officerToken = await signInCookie(baseUrl, demoCredentials(output, 'officer1@'))
    const supervisorToken = await signInCookie(baseUrl, demoCredentials(output, 'supervisor1@'))

    // The admin lets the weekly product top up a running loan (through the API: the checkbox is the form's,
    // ticked in admin-forms.browser); one of officer 1's members has one active demo loan it can pay off.
    const weekly = await allowTopUps(baseUrl, adminToken, 'Weekly Union Loan')
    expect(weekly.allowsTopUp).toBe(true)
    const candidate = await topUpCandidate(baseUrl, officerToken, weekly.maxPrincipal)
    expect(candidate, 'officer 1 has a member with one active demo loan').toBeDefined()
    const old = candidate
      ? await trpcQuery<LoanGet>(baseUrl, officerToken, 'loan.get', { id: candidate.id })
      : undefined
    if (!old?.position) return
    const payoff = old.position.payoffAmount
    // Whole thousands of naira above the payoff: ₦50,000 or more for the member before the fee.
    const principal = Math.ceil((payoff + 5_000_000) / 100_000) * 100_000

    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      // The app's Content-Security-Policy forbids inline scripts, and axe is injected as one.
      bypassCSP: true,
    })
    await context.addCookies([{ name: 'mp_session', value: officerToken, url: baseUrl }])
    const page = await context.newPage()
    watchConsole(page, problems)

    // The officer applies from the member's page link (member and union chosen).
    await page.goto(`${baseUrl}/loans/new?member=${old.member.id}`)
    await page.getByRole('combobox', { name: /^Loan type/ }).click()
    await page.getByRole('option', { name: /Weekly Union Loan/ }).click()
    const choice = page.getByRole('checkbox', { name: `Pays off the running loan ${old.loanNumber}` })
    await expect.poll(() => choice.isVisible()).toBe(true)
    await choice.check()
    await page.getByLabel(/^Amount \(₦\)/).fill(String(principal / 100))
    await page.getByLabel(/^Term/).fill('12')
    const preview = page.getByRole('region', { name: 'Schedule preview' })
    await expect
      .poll(() => preview.getByText('Paid off at disbursement (estimate as of today)').isVisible())
      .toBe(true)
    await expect.poll(() => preview.getByText(formatNaira(payoff), { exact: true }).isVisible()).toBe(true)
    const previewText = (await preview.textContent()) ?? ''
    expect(await seriousViolations(page)).toEqual([])
    await page.getByRole('button', { name: 'Save application' }).click()
    await page.waitForURL(/\/loans\/[0-9a-f-]{36}$/)
    const newId = /\/loans\/([0-9a-f-]{36})$/.exec(page.url())?.[1] ?? ''
    const draft = await trpcQuery<LoanGet>(baseUrl, officerToken, 'loan.get', { id: newId })
    expect(draft.topUp).toEqual({
      loanId: old.id,
      loanNumber: old.loanNumber,
      payoff: null,
      cashToMember: null,
    })
    // The preview's "member receives" was the principal less the fee and the payoff.
    expect(previewText).toContain(`Member receives${formatNaira(principal - draft.processingFee - payoff)}`)
    const topUpLine = page.getByRole('note', { name: 'Top-up' })
    await expect.poll(() => topUpLine.isVisible()).toBe(true)
    expect(await topUpLine.textContent()).toContain(`Top-up: pays off ${old.loanNumber}`)
    await page
      .getByRole('toolbar', { name: 'Loan actions' })
      .getByRole('button', { name: 'Submit for approval' })
      .click()
    await expect
      .poll(() =>
        page
          .getByText(/Pending approval/i)
          .first()
          .isVisible(),
      )
      .toBe(true)

    // The supervisor approves (through the API); the admin disburses today in the browser, where the dialog
    // says the running loan is paid off from the principal.
    await trpcMutation(baseUrl, supervisorToken, 'loan.approve', { id: newId })
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Lagos' }).format(new Date())
    const { context: adminContext, page: adminPage } = await openSignedIn(
      { baseUrl, browser },
      adminToken,
      problems,
    )
    await adminPage.goto(`${baseUrl}/loans/${newId}`)
    await adminPage
      .getByRole('toolbar', { name: 'Loan actions' })
      .getByRole('button', { name: 'Disburse' })
      .click()
    const disburseDialog = adminPage.getByRole('dialog')
    await expect.poll(() => disburseDialog.isVisible()).toBe(true)
    expect(await disburseDialog.textContent()).toContain(
      `This is a top-up: ${old.loanNumber} will be paid off from the principal`,
    )
    await disburseDialog.getByRole('button', { name: 'Disburse' }).click()
    await expect.poll(() => disburseDialog.isVisible()).toBe(false)
    await adminContext.close()
    const disbursed = await trpcQuery<LoanGet>(baseUrl, officerToken, 'loan.get', { id: newId })
    // Nothing was paid on the old loan in between: the payoff on the day is the estimate.
    expect(disbursed.topUp?.payoff).toBe(payoff)
    expect(disbursed.topUp?.cashToMember).toBe(principal - disbursed.processingFee - payoff)

    // The new loan's page: the loan paid off, its exact payoff, what the member received, a link to it.
    await page.goto(`${baseUrl}/loans/${newId}`)
    await expect.poll(() => topUpLine.isVisible()).toBe(true)
    const received = principal - payoff - disbursed.processingFee
    await expect
      .poll(() => topUpLine.textContent())
      .toContain(
        `Top-up: pays off ${old.loanNumber} (${formatNaira(payoff)}); member receives ${formatNaira(received)}`,
      )
    expect(await seriousViolations(page)).toEqual([])
    await topUpLine.getByRole('link', { name: old.loanNumber }).click()
    await page.waitForURL(`${baseUrl}/loans/${old.id}`)

    // The old loan's page: paid off by the top-up on the day, the amount, completed, a link back.
    await expect.poll(() => topUpLine.isVisible()).toBe(true)
    const [year, month, day] = today.split('-')
    await expect
      .poll(() => topUpLine.textContent())
      .toContain(
        `Paid off by top-up ${disbursed.loanNumber} on ${day}/${month}/${year} (${formatNaira(payoff)})`,
      )
    await expect.poll(() => page.getByText('Completed', { exact: true }).first().isVisible()).toBe(true)
    const after = await trpcQuery<LoanGet>(baseUrl, officerToken, 'loan.get', { id: old.id })
    expect(after.status).toBe('COMPLETED')
    expect(after.paidOffBy).toEqual({
      loanId: newId,
      loanNumber: disbursed.loanNumber,
      amount: payoff,
      date: today,
    })
    expect(await seriousViolations(page)).toEqual([])
    await topUpLine.getByRole('link', { name: disbursed.loanNumber }).click()
    await page.waitForURL(`${baseUrl}/loans/${newId}`)
    await context.close()

    // On a phone in the dark: both notes are read in full, inside the screen (wrapped, not cut off), and
    // axe passes on both pages.
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      colorScheme: 'dark',
      bypassCSP: true,
    })
    await phone.addCookies([{ name: 'mp_session', value: officerToken, url: baseUrl }])
    const phonePage = await phone.newPage()
    watchConsole(phonePage, problems)
    const phoneNote = phonePage.getByRole('note', { name: 'Top-up' })
    for (const [id, words] of [
      [newId, `Top-up: pays off ${old.loanNumber}`],
      [old.id, `Paid off by top-up ${disbursed.loanNumber}`],
    ] as const) {
      await phonePage.goto(`${baseUrl}/loans/${id}`)
      await expect.poll(() => phoneNote.isVisible()).toBe(true)
      expect(await phoneNote.textContent()).toContain(words)
      const box = await phoneNote.boundingBox()
      expect(box && box.x >= 0 && box.x + box.width <= 390, `the note on ${id} fits 390 px`).toBe(true)
      const overflow = await phoneNote.evaluate(
        (node: { scrollWidth: number; clientWidth: number }) => node.scrollWidth - node.clientWidth,
      )
      expect(overflow, 'the note wraps instead of overflowing').toBeLessThanOrEqual(0)
      expect(await phonePage.locator('html').getAttribute('data-mantine-color-scheme')).toBe('dark')
      expect(await seriousViolations(phonePage)).toEqual([])
    }
    await phone.close()
    expect(problems).toEqual([])
  })
})
