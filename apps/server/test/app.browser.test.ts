import { existsSync } from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import {
  adminCredentials,
  demoCredentials,
  dropExpectedProblems,
  registerMemberInBrowser,
  signInCookie,
  trpcMutation,
  trpcQuery,
  useBuiltApp,
  watchConsole,
} from './browser-helpers.js'

describe('the built app in Chromium', () => {
  const started = useBuiltApp('mp-e2e-')
  const consoleProblems: string[] = []
  const watch = (page: Page) => {
    watchConsole(page, consoleProblems)
  }

  /** Signs in through the sign-in form (and leaves the page wherever that leads). */
  const signInWithForm = async (page: Page, account: { email: string; password: string }) => {
    await page.goto(`${started().baseUrl}/sign-in`)
    await page.getByLabel(/^Email address/).fill(account.email)
    await page.getByLabel(/^Password/).fill(account.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
  }

  /** The id of the staff member whose email starts with `emailPrefix`, looked up by the holder of `token`. */
  const staffId = async (token: string, emailPrefix: string) => {
    const staff = await trpcQuery<{ items: { id: string; email: string }[] }>(
      started().baseUrl,
      token,
      'staff.list',
      { pageSize: 100 },
    )
    return staff.items.find((item) => item.email.startsWith(emailPrefix))?.id
  }

  it('prints demo credentials, signs the admin in, and shows the dashboard with no console errors', async () => {
    const { baseUrl, output, browser } = started()
    const { email, password } = adminCredentials(output)
    expect(email).toMatch(/^admin@/)
    expect(password.length).toBeGreaterThanOrEqual(12)

    const health = await fetch(`${baseUrl}/health`)
    expect(health.status).toBe(200)

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    const page = await context.newPage()
    watch(page)
    await page.goto(`${baseUrl}/`)
    // Not signed in: the app sends us to the sign-in page, branded with the company name.
    await page.waitForURL(/\/sign-in$/)
    await expect.poll(() => page.getByText('Millennium Potters').first().isVisible()).toBe(true)

    await page.getByLabel(/^Email address/).fill(email)
    await page.getByLabel(/^Password/).fill('wrong-password-1')
    const before = consoleProblems.length
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect.poll(() => page.getByText('Email or password is incorrect').isVisible()).toBe(true)
    // Chromium reports every 4xx response as a console error; this one is the deliberate wrong password.
    dropExpectedProblems(consoleProblems, before, /status of 401/)

    await page.getByLabel(/^Password/).fill(password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL(`${baseUrl}/`)
    const isGreeted = () =>
      page
        .getByText(/Adaeze/)
        .first()
        .isVisible()
    await expect.poll(isGreeted).toBe(true)

    // Dark mode persists across a reload.
    await page.getByRole('button', { name: 'Switch to dark mode' }).click()
    await expect.poll(() => page.locator('html').getAttribute('data-mantine-color-scheme')).toBe('dark')
    await page.reload()
    await expect.poll(() => page.locator('html').getAttribute('data-mantine-color-scheme')).toBe('dark')
    await expect.poll(isGreeted).toBe(true)

    // A deep link survives a reload (SPA fallback on the server).
    await page.goto(`${baseUrl}/loans`)
    await expect.poll(() => page.getByRole('heading', { name: 'Loans' }).first().isVisible()).toBe(true)
    await context.close()
    expect(consoleProblems).toEqual([])
  })

  it('turns the sidebar into a drawer on a phone', async () => {
    const { baseUrl, output, browser } = started()
    const context = await browser.newContext({
      viewport: { width: 375, height: 740 },
      isMobile: true,
      hasTouch: true,
    })
    const page = await context.newPage()
    watch(page)
    await signInWithForm(page, adminCredentials(output))
    await page.waitForURL(`${baseUrl}/`)
    const nav = page.getByRole('navigation', { name: 'Main navigation' })
    // Closed, the drawer sits off-screen to the left; open, it covers the page from the left edge.
    const isOnScreen = async () => {
      const box = await nav.boundingBox()
      return box !== null && box.x + box.width > 1 && box.x >= -1
    }
    await expect.poll(isOnScreen).toBe(false)
    await page.getByRole('button', { name: 'Open navigation' }).click()
    await expect.poll(isOnScreen).toBe(true)
    await nav.getByRole('link', { name: 'Members' }).click()
    await page.waitForURL(/\/members$/)
    await expect.poll(isOnScreen).toBe(false)
    await context.close()
    expect(consoleProblems).toEqual([])
  })

  it('admin creates a credit officer, who must replace the one-time password; maintenance stops only the officer', async () => {
    const { baseUrl, output, browser } = started()

    const adminContext = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    const admin = await adminContext.newPage()
    watch(admin)
    await signInWithForm(admin, adminCredentials(output))
    await admin.waitForURL(`${baseUrl}/`)
    await admin.goto(`${baseUrl}/staff`)
    await admin.getByRole('button', { name: 'Add staff member' }).click()
    const dialog = admin.getByRole('dialog')
    await dialog.getByLabel(/^Email address/).fill('tobi.officer@millenniumpotters.test')
    await dialog.getByLabel(/^First name/).fill('Tobi')
    await dialog.getByLabel(/^Last name/).fill('Adebayo')
    await dialog.getByLabel(/^Role/).click()
    await admin.getByRole('option', { name: 'Credit officer' }).click()
    await dialog.getByRole('button', { name: 'Create staff member' }).click()
    const otpLocator = admin.getByTestId('one-time-password')
    await expect.poll(() => otpLocator.isVisible()).toBe(true)
    const oneTimePassword = (await otpLocator.textContent())?.trim() ?? ''
    expect(oneTimePassword).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/)
    await admin.getByRole('button', { name: 'Done' }).click()
    await expect
      .poll(() => admin.getByRole('cell', { name: 'tobi.officer@millenniumpotters.test' }).isVisible())
      .toBe(true)

    const officerContext = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    const officer = await officerContext.newPage()
    watch(officer)
    await signInWithForm(officer, { email: 'tobi.officer@millenniumpotters.test', password: oneTimePassword })
    await expect
      .poll(() => officer.getByRole('heading', { name: 'Set your password' }).isVisible())
      .toBe(true)
    await officer.getByLabel(/^One-time password/).fill(oneTimePassword)
    await officer.getByLabel(/^New password/).fill('Okra-soup-on-Sunday-7')
    await officer.getByLabel(/^Confirm new password/).fill('Okra-soup-on-Sunday-7')
    await officer.getByRole('button', { name: 'Set password' }).click()
    await expect.poll(() => officer.getByText(/Tobi/).first().isVisible()).toBe(true)
    await expect
      .poll(() => officer.getByRole('heading', { name: 'Set your password' }).isVisible())
      .toBe(false)

    // Maintenance: the officer sees the maintenance page, the admin keeps working.
    await admin.goto(`${baseUrl}/settings/maintenance`)
    await admin.getByRole('switch', { name: 'Maintenance mode' }).click()
    await admin.getByRole('button', { name: 'Turn on maintenance mode' }).click()
    await expect.poll(() => admin.getByRole('switch', { name: 'Maintenance mode' }).isChecked()).toBe(true)
    await officer.reload()
    await expect
      .poll(() =>
        officer
          .getByText(/Under maintenance/i)
          .first()
          .isVisible(),
      )
      .toBe(true)
    await admin.goto(`${baseUrl}/staff`)
    await expect
      .poll(() => admin.getByRole('cell', { name: 'tobi.officer@millenniumpotters.test' }).isVisible())
      .toBe(true)
    expect(await admin.getByRole('heading', { name: /Under maintenance/i }).count()).toBe(0)

    await admin.goto(`${baseUrl}/settings/maintenance`)
    await admin.getByRole('switch', { name: 'Maintenance mode' }).click()
    await admin.getByRole('button', { name: 'Turn off maintenance mode' }).click()
    await expect.poll(() => admin.getByRole('switch', { name: 'Maintenance mode' }).isChecked()).toBe(false)
    await officer.reload()
    await expect.poll(() => officer.getByText(/Tobi/).first().isVisible()).toBe(true)

    await adminContext.close()
    await officerContext.close()
    expect(consoleProblems).toEqual([])
  })

  it('officer registers a member with a document; after the admin moves the member, the old officer no longer sees it', async () => {
    const { baseUrl, output, browser } = started()
    const admin = adminCredentials(output)
    const officer = demoCredentials(output, 'officer1@')

    // Set-up through the API as the admin: two unions and a document type.
    const adminToken = await signInCookie(baseUrl, admin)
    const call = (procedure: string, input: unknown) => trpcMutation(baseUrl, adminToken, procedure, input)
    await call('union.create', {
      name: 'Ojota Potters',
      creditOfficerId: await staffId(adminToken, 'officer1@'),
      meetingDay: 'TUESDAY',
    })
    await call('union.create', {
      name: 'Ikeja Weavers',
      creditOfficerId: await staffId(adminToken, 'officer3@'),
      meetingDay: 'FRIDAY',
    })
    await call('documentType.create', {
      name: 'National ID card',
      appliesTo: ['MEMBER'],
      requiresExpiry: false,
    })

    // The officer registers a member with a document in the wizard.
    const officerContext = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    const page = await officerContext.newPage()
    watch(page)
    await signInWithForm(page, officer)
    await page.waitForURL(`${baseUrl}/`)
    const memberUrl = await registerMemberInBrowser(page, baseUrl, {
      union: /Ojota Potters/,
      firstName: 'Kemi',
      lastName: 'Adeyinka',
      phone: '0803 555 0101',
      dateOfBirth: '14/02/1988',
      bvn: '22233344455',
      nin: '66677788899',
      documentType: 'National ID card',
      fileName: 'kemi-national-id.png',
    })
    // The uploaded picture becomes the member's photo, served through the scope-checked file route.
    await page.getByRole('button', { name: 'Actions for kemi-national-id.png' }).click()
    await page.getByRole('menuitem', { name: 'Use as member photo' }).click()
    const photo = page.getByRole('img', { name: 'Photo of Kemi Adeyinka' })
    await expect
      .poll(() => photo.evaluate((element) => (element as unknown as { naturalWidth: number }).naturalWidth))
      .toBe(1)

    // The admin moves the member to a union of another officer (double confirmation).
    const adminContext = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    const adminPage = await adminContext.newPage()
    watch(adminPage)
    await adminContext.addCookies([{ name: 'mp_session', value: adminToken, url: baseUrl }])
    await adminPage.goto(memberUrl)
    await adminPage.getByRole('button', { name: 'Move to another union' }).click()
    const dialog = adminPage.getByRole('dialog')
    await dialog
      .getByLabel(/^New union/)
      .first()
      .click()
    await adminPage.getByRole('option', { name: /Ikeja Weavers/ }).click()
    await dialog.getByLabel(/^Reason/).fill('Moved house to Ikeja')
    await dialog.getByRole('button', { name: 'Continue' }).click()
    await adminPage.getByRole('button', { name: 'Yes, move member' }).click()
    await expect.poll(() => adminPage.getByText('Ikeja Weavers').first().isVisible()).toBe(true)

    // The old officer no longer sees the member, in the list or by address.
    await page.goto(`${baseUrl}/members`)
    await expect.poll(() => page.getByRole('heading', { name: 'Members' }).first().isVisible()).toBe(true)
    await expect.poll(() => page.getByText('Adeyinka').count()).toBe(0)
    const before = consoleProblems.length
    await page.goto(memberUrl)
    await expect
      .poll(() =>
        page
          .getByText(/not found/i)
          .first()
          .isVisible(),
      )
      .toBe(true)
    // The member's own page answers 404 from the API for this officer: expected, not a failure.
    dropExpectedProblems(consoleProblems, before, /status of 404/)

    await officerContext.close()
    await adminContext.close()
    expect(consoleProblems).toEqual([])
  })

  it('loan flow: officer applies with a live preview, supervisor approves, admin disburses, officer records a payment and downloads the receipt', async () => {
    const { baseUrl, output, browser } = started()
    const adminToken = await signInCookie(baseUrl, adminCredentials(output))
    const call = <T>(procedure: string, input: unknown) =>
      trpcMutation<T>(baseUrl, adminToken, procedure, input)
    const officer1 = await staffId(adminToken, 'officer1@')
    // A new member of a new union of officer 1 (every seeded member already has a live loan).
    const union = await call<{ id: string }>('union.create', {
      name: 'Mushin Clay Union',
      creditOfficerId: officer1,
    })
    await call('member.create', { unionId: union.id, firstName: 'Titilayo', lastName: 'Ogunbiyi' })

    const open = async (account: { email: string; password: string }) => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
      await context.addCookies([
        { name: 'mp_session', value: await signInCookie(baseUrl, account), url: baseUrl },
      ])
      const page = await context.newPage()
      watch(page)
      return { context, page }
    }
    /** Clicks a loan action, confirms it in its dialog and waits for the loan's new status. */
    const confirmLoanAction = async (actor: Page, action: string, status: RegExp) => {
      await actor.getByRole('toolbar', { name: 'Loan actions' }).getByRole('button', { name: action }).click()
      await actor.getByRole('dialog').getByRole('button', { name: action }).click()
      await expect.poll(() => actor.getByText(status).first().isVisible()).toBe(true)
    }
    const officer = await open(demoCredentials(output, 'officer1@'))
    const supervisor = await open(demoCredentials(output, 'supervisor1@'))
    const admin = await open(adminCredentials(output))

    // The officer's application: the preview appears and follows the amount as it is typed.
    const page = officer.page
    await page.goto(`${baseUrl}/loans/new`)
    await page.getByRole('combobox', { name: /^Union/ }).click()
    await page.getByRole('option', { name: /Mushin Clay Union/ }).click()
    await page.getByRole('combobox', { name: /^Member/ }).click()
    await page.getByRole('option', { name: /Titilayo Ogunbiyi/ }).click()
    await page.getByRole('combobox', { name: /^Loan type/ }).click()
    await page.getByRole('option', { name: /Weekly Union Loan/ }).click()
    await page.getByLabel(/^Amount \(₦\)/).fill('60,000')
    await page.getByLabel(/^Term/).fill('12')
    const preview = page.getByRole('table', { name: 'Schedule preview' })
    // ₦60,000 in 12 equal weekly parts (no interest): ₦5,000.00 each; the 2 % fee is ₦1,200.00.
    await expect.poll(() => preview.getByRole('row').count()).toBeGreaterThanOrEqual(13)
    await expect.poll(() => preview.getByText('₦5,000.00').first().isVisible()).toBe(true)
    await expect.poll(() => page.getByText('₦1,200.00').first().isVisible()).toBe(true)
    await page.getByLabel(/^Amount \(₦\)/).fill('72,000')
    await expect.poll(() => preview.getByText('₦6,000.00').first().isVisible()).toBe(true)
    await page.getByLabel(/^Purpose/).fill('Kiln repairs')
    await page.getByRole('button', { name: 'Save application' }).click()
    await page.waitForURL(/\/loans\/[0-9a-f-]{36}$/)
    const loanUrl = page.url()
    const actions = page.getByRole('toolbar', { name: 'Loan actions' })
    await actions.getByRole('button', { name: 'Submit for approval' }).click()
    await expect
      .poll(() =>
        page
          .getByText(/Pending approval/i)
          .first()
          .isVisible(),
      )
      .toBe(true)

    // The supervisor of officer 1 approves, after confirming.
    await supervisor.page.goto(loanUrl)
    await confirmLoanAction(supervisor.page, 'Approve', /Approved/)

    // The admin disburses: the schedule is fixed and the fee recorded.
    await admin.page.goto(loanUrl)
    await confirmLoanAction(admin.page, 'Disburse', /Active/)

    // The officer records a custom payment and downloads its receipt.
    await page.reload()
    await page
      .getByRole('toolbar', { name: 'Loan actions' })
      .getByRole('button', { name: 'Record repayment' })
      .click()
    const dialog = page.getByRole('dialog')
    await dialog.getByLabel('Custom amount').check()
    await dialog.getByLabel(/^Amount \(₦\)/).fill('6,500')
    await dialog.getByRole('combobox', { name: /^Method/ }).click()
    await page.getByRole('option', { name: 'Cash' }).click()
    await dialog.getByRole('button', { name: 'Record repayment' }).click()
    const receiptLink = page.getByRole('link', { name: /Open receipt RCP\d{8}/ })
    await expect.poll(() => receiptLink.isVisible()).toBe(true)
    const href = (await receiptLink.getAttribute('href')) ?? ''
    const receipt = await page.request.get(new URL(href, baseUrl).toString())
    expect(receipt.status()).toBe(200)
    expect(receipt.headers()['content-type']).toBe('application/pdf')
    expect((await receipt.body()).subarray(0, 5).toString()).toBe('%PDF-')

    // The loan shows the payment allocated: installment 1 in full (₦6,000.00), ₦500.00 on installment 2.
    await page.goto(`${loanUrl}?tab=payments`)
    const payments = page.getByRole('table', { name: 'Payments' })
    await expect.poll(() => payments.getByText('₦6,500.00').first().isVisible()).toBe(true)
    await expect.poll(() => payments.getByText('₦500.00').first().isVisible()).toBe(true)

    for (const session of [officer, supervisor, admin]) await session.context.close()
    expect(consoleProblems).toEqual([])
  })

  it('shuts down cleanly on SIGTERM and stops its embedded database', async () => {
    const app = started()
    app.child.kill('SIGTERM')
    expect(await app.exited).toBe(0)
    expect(app.output.join('')).not.toMatch(/"level":50/)
    if (app.dataDir) expect(existsSync(path.join(app.dataDir, 'postgres', 'postmaster.pid'))).toBe(false)
  })
})
