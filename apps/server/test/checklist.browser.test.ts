import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import {
  adminCredentials,
  demoCredentials,
  registerMemberInBrowser,
  signInCookie,
  trpcMutation,
  trpcQuery,
  useBuiltApp,
  watchConsole,
} from './browser-helpers.js'

type Account = { email: string; password: string }
type Staff = { id: string; email: string; firstName: string; lastName: string }

/**
 * The deployment guide's post-deployment checklist (§4.1 "Functional tests"), walked in Chromium on the
 * built app with the demo company, in the guide's order: each role signs in and out, the session
 * survives a reload, the counts and the existing records show, a union, a member with a document, a
 * loan through approval (by another user: maker-checker) and disbursement, a repayment, a report, dark
 * mode, a phone's width, the Command Center tour, and every page of every role without a console error.
 * The steps build on each other (the loan is for the member created before), so they run in order.
 */
describe('the post-deployment checklist in Chromium', () => {
  // The demo accounts have not seen the tour: it starts at their first sign-in, as on a new install.
  const started = useBuiltApp('mp-e2e-checklist-', { env: { MP_DEMO_TOUR_SEEN: 'false' } })
  const problems: string[] = []
  const contexts: BrowserContext[] = []

  afterAll(async () => {
    for (const context of contexts) await context.close()
  })

  const accounts = () => {
    const { output } = started()
    return {
      admin: adminCredentials(output),
      supervisor: demoCredentials(output, 'supervisor1@'),
      officer: demoCredentials(output, 'officer1@'),
    }
  }

  /** A new browser (empty cache, no cookies) at a desk's width unless told otherwise, its console watched. */
  const newPage = async (viewport = { width: 1280, height: 900 }): Promise<Page> => {
    const context = await started().browser.newContext({ viewport })
    contexts.push(context)
    const page = await context.newPage()
    watchConsole(page, problems)
    return page
  }

  const signInWithForm = async (page: Page, account: Account) => {
    await page.goto(`${started().baseUrl}/sign-in`)
    // A first visit on a busy machine can take a while to draw the form.
    await expect.poll(() => page.getByLabel(/^Email address/).isEnabled(), { timeout: 60_000 }).toBe(true)
    await page.getByLabel(/^Email address/).fill(account.email)
    await page.getByLabel(/^Password/).fill(account.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL(`${started().baseUrl}/`)
  }

  const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name })

  /** The list's "1–25 of N" caption, as a number. */
  const listTotal = async (page: Page): Promise<number> => {
    const range = page.getByText(/^\d[\d,]*–\d[\d,]*\+? of [\d,]+\+?$/).first()
    await expect.poll(() => range.isVisible()).toBe(true)
    return Number(/of ([\d,]+)/.exec((await range.textContent()) ?? '')?.[1]?.replaceAll(',', ''))
  }

  const tourPopover = (page: Page) => page.locator('.driver-popover')

  /** The tour's first popover is on screen and names the Command Center; closing it leaves the page usable. */
  const expectTourThenClose = async (page: Page, who: string) => {
    await expect.poll(() => tourPopover(page).isVisible(), { message: `the tour for ${who}` }).toBe(true)
    expect(await page.locator('.driver-popover-title').textContent()).toMatch(/Command Center/)
    // Closing marks the tour seen on the server; a sign-out racing that call would leave it unseen.
    const marked = page.waitForResponse((response) => response.url().includes('/trpc/tour.done'))
    await page.locator('.driver-popover-close-btn').click()
    expect((await marked).ok()).toBe(true)
    await expect.poll(() => tourPopover(page).count()).toBe(0)
  }

  let adminPage: Page
  let officerPage: Page
  let supervisorPage: Page
  let unionName = ''
  let memberUrl = ''
  let loanUrl = ''

  it('1. admin, supervisor and credit officer each sign in, see their dashboard and tour, and sign out', async () => {
    const { baseUrl } = started()
    const roles = [
      { account: accounts().admin, badge: 'Administrator', scope: 'Figures for the whole company' },
      { account: accounts().supervisor, badge: 'Supervisor', scope: 'Figures for your team' },
      { account: accounts().officer, badge: 'Credit officer', scope: /Figures for your/ },
    ]
    for (const { account, badge, scope } of roles) {
      const page = await newPage()
      await signInWithForm(page, account)
      // First sign-in: the Command Center tour starts by itself.
      await expectTourThenClose(page, account.email)
      await expect.poll(() => heading(page, /^Welcome, /).isVisible()).toBe(true)
      await expect.poll(() => page.getByText(badge, { exact: true }).first().isVisible()).toBe(true)
      await expect.poll(() => page.getByText(scope).first().isVisible()).toBe(true)
      await page.getByRole('button', { name: /account menu$/ }).click()
      await page.getByRole('menuitem', { name: 'Sign out' }).click()
      await page.waitForURL(/\/sign-in$/)
      // Signed out for real: the app's pages send the visitor back to sign-in.
      await page.goto(`${baseUrl}/loans`)
      await page.waitForURL(/\/sign-in$/)
      await expect.poll(() => page.getByLabel(/^Email address/).isVisible()).toBe(true)
    }
  })

  it('2. keeps the session across a reload, and the counts and old records show', async () => {
    const { baseUrl } = started()
    adminPage = await newPage()
    await signInWithForm(adminPage, accounts().admin)
    await expect.poll(() => heading(adminPage, /^Welcome, /).isVisible()).toBe(true)
    // The tour was closed at the first sign-in: it does not come back.
    expect(await tourPopover(adminPage).count()).toBe(0)

    await adminPage.goto(`${baseUrl}/loans`)
    const loans = await listTotal(adminPage)
    await adminPage.reload()
    await expect.poll(() => heading(adminPage, 'Loans').isVisible()).toBe(true)
    expect(adminPage.url()).toBe(`${baseUrl}/loans`)

    // Users, loans and unions as the database has them.
    const token = await signInCookie(baseUrl, accounts().admin)
    const apiTotal = async (procedure: string) =>
      (await trpcQuery<{ total: number }>(baseUrl, token, procedure, {})).total
    expect(loans).toBe(await apiTotal('loan.list'))
    await adminPage.goto(`${baseUrl}/unions`)
    expect(await listTotal(adminPage)).toBe(await apiTotal('union.list'))
    await adminPage.goto(`${baseUrl}/staff`)
    expect(await listTotal(adminPage)).toBe(await apiTotal('staff.list'))

    // An existing loan and an existing member open with their details.
    await adminPage.goto(`${baseUrl}/loans`)
    await adminPage
      .getByRole('link', { name: /^LN\d+/ })
      .first()
      .click()
    await adminPage.waitForURL(/\/loans\/[0-9a-f-]{36}$/)
    await expect.poll(() => adminPage.getByRole('toolbar', { name: 'Loan actions' }).isVisible()).toBe(true)
    await expect
      .poll(() =>
        adminPage
          .getByText(/₦[\d,]+\.\d{2}/)
          .first()
          .isVisible(),
      )
      .toBe(true)
    await adminPage.goto(`${baseUrl}/members`)
    await adminPage.getByRole('row').nth(1).getByRole('link').first().click()
    await adminPage.waitForURL(/\/members\/[0-9a-f-]{36}$/)
    await expect
      .poll(() =>
        adminPage
          .getByText(/MEM\d{6}/)
          .first()
          .isVisible(),
      )
      .toBe(true)
  })

  it('3. an admin creates a union for a credit officer', async () => {
    const { baseUrl } = started()
    const token = await signInCookie(baseUrl, accounts().admin)
    const staff = await trpcQuery<{ items: Staff[] }>(baseUrl, token, 'staff.list', { pageSize: 100 })
    const officer = staff.items.find((item) => item.email === accounts().officer.email)
    expect(officer).toBeDefined()
    unionName = 'Checklist Potters Union'

    await adminPage.goto(`${baseUrl}/unions`)
    await adminPage.getByRole('button', { name: 'New union' }).click()
    const dialog = adminPage.getByRole('dialog')
    await dialog.getByLabel(/^Union name/).fill(unionName)
    await dialog.getByLabel(/^Location/).fill('Mushin market')
    await dialog
      .getByLabel(/^Credit officer/)
      .first()
      .click()
    await adminPage
      .getByRole('option', { name: new RegExp(`${officer?.firstName ?? ''} ${officer?.lastName ?? ''}`) })
      .first()
      .click()
    await dialog.getByRole('button', { name: 'Create union' }).click()
    await expect.poll(() => dialog.isVisible()).toBe(false)
    await expect.poll(() => adminPage.getByText(unionName).first().isVisible()).toBe(true)
  })

  it('4. the credit officer registers a member with an uploaded document', async () => {
    const { baseUrl } = started()
    // A fresh install has its default document types; make sure one applies to members.
    const token = await signInCookie(baseUrl, accounts().admin)
    const types = await trpcQuery<{ name: string; appliesTo: string[]; isActive?: boolean }[]>(
      baseUrl,
      token,
      'documentType.list',
      {},
    ).catch(() => [])
    const memberType = Array.isArray(types)
      ? types.find((type) => type.appliesTo.includes('MEMBER') && type.isActive !== false)?.name
      : undefined
    const documentType = memberType ?? 'National ID card'
    if (!memberType)
      await trpcMutation(baseUrl, token, 'documentType.create', {
        name: documentType,
        appliesTo: ['MEMBER'],
        requiresExpiry: false,
      })

    officerPage = await newPage()
    await signInWithForm(officerPage, accounts().officer)
    memberUrl = await registerMemberInBrowser(officerPage, baseUrl, {
      union: new RegExp(unionName),
      firstName: 'Folake',
      lastName: 'Checklist',
      phone: '0803 555 0199',
      dateOfBirth: '03/07/1985',
      bvn: '22299988877',
      nin: '66655544433',
      documentType,
      fileName: 'folake-id.png',
    })
  })

  it('5. a loan goes through approval by another user and disbursement, and a repayment is recorded', async () => {
    const { baseUrl } = started()
    const page = officerPage
    await page.goto(`${baseUrl}/loans/new`)
    await page.getByRole('combobox', { name: /^Union/ }).click()
    await page.getByRole('option', { name: new RegExp(unionName) }).click()
    await page.getByRole('combobox', { name: /^Member/ }).click()
    await page.getByRole('option', { name: /Folake Checklist/ }).click()
    await page.getByRole('combobox', { name: /^Loan type/ }).click()
    await page.getByRole('option', { name: /Weekly Union Loan/ }).click()
    await page.getByLabel(/^Amount \(₦\)/).fill('60,000')
    await page.getByLabel(/^Term/).fill('12')
    const preview = page.getByRole('table', { name: 'Schedule preview' })
    await expect.poll(() => preview.getByText('₦5,000.00').first().isVisible()).toBe(true)
    await page.getByLabel(/^Purpose/).fill('Clay and firewood')
    await page.getByRole('button', { name: 'Save application' }).click()
    await page.waitForURL(/\/loans\/[0-9a-f-]{36}$/)
    loanUrl = page.url()
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
    // Maker-checker: the officer who made the loan cannot approve it.
    expect(await actions.getByRole('button', { name: 'Approve' }).count()).toBe(0)

    const confirm = async (actor: Page, action: string, status: RegExp) => {
      await actor.getByRole('toolbar', { name: 'Loan actions' }).getByRole('button', { name: action }).click()
      await actor.getByRole('dialog').getByRole('button', { name: action }).click()
      // The dialog closes once the server has done it.
      await expect.poll(() => actor.getByRole('dialog').count()).toBe(0)
      await expect.poll(() => actor.getByText(status).first().isVisible()).toBe(true)
    }
    supervisorPage = await newPage()
    await signInWithForm(supervisorPage, accounts().supervisor)
    await supervisorPage.goto(loanUrl)
    await confirm(supervisorPage, 'Approve', /Approved/)
    await adminPage.goto(loanUrl)
    await confirm(adminPage, 'Disburse', /Active/)

    await page.reload()
    await actions.getByRole('button', { name: 'Record repayment' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByLabel('Custom amount').check()
    await dialog.getByLabel(/^Amount \(₦\)/).fill('5,000')
    await dialog.getByRole('combobox', { name: /^Method/ }).click()
    await page.getByRole('option', { name: 'Cash' }).click()
    await dialog.getByRole('button', { name: 'Record repayment' }).click()
    await expect.poll(() => page.getByRole('link', { name: /Open receipt RCP\d{8}/ }).isVisible()).toBe(true)
    await page.goto(`${loanUrl}?tab=payments`)
    const payments = page.getByRole('table', { name: 'Payments' })
    await expect.poll(() => payments.getByText('₦5,000.00').first().isVisible()).toBe(true)
    // The member's profile lists the loan.
    await page.goto(memberUrl)
    await expect.poll(() => page.getByText(/LN\d+/).first().isVisible()).toBe(true)
  })

  it('6. generates a report and downloads it as PDF', async () => {
    const { baseUrl } = started()
    await adminPage.goto(`${baseUrl}/reports?tab=par`)
    await expect
      .poll(() => adminPage.getByRole('table', { name: 'Portfolio at risk' }).isVisible())
      .toBe(true)
    await adminPage.getByRole('button', { name: 'Export' }).click()
    const [download] = await Promise.all([
      adminPage.waitForEvent('download'),
      adminPage.getByRole('menuitem', { name: 'PDF' }).click(),
    ])
    const file = await download.createReadStream()
    const chunks: Buffer[] = []
    for await (const chunk of file) chunks.push(chunk as Buffer)
    expect(download.suggestedFilename()).toMatch(/\.pdf$/)
    expect(Buffer.concat(chunks).subarray(0, 5).toString('latin1')).toBe('%PDF-')
  })

  it('7. switches to dark mode and back, remembered across a reload', async () => {
    const scheme = () => adminPage.locator('html').getAttribute('data-mantine-color-scheme')
    await adminPage.getByRole('button', { name: 'Switch to dark mode' }).click()
    await expect.poll(scheme).toBe('dark')
    await adminPage.reload()
    await expect.poll(() => heading(adminPage, 'Reports').isVisible()).toBe(true)
    expect(await scheme()).toBe('dark')
    await adminPage.getByRole('button', { name: 'Switch to light mode' }).click()
    await expect.poll(scheme).toBe('light')
  })

  it('8. works at a phone’s width (390 px): drawer navigation, lists and the dashboard fit the screen', async () => {
    const { baseUrl } = started()
    const phone = await newPage({ width: 390, height: 844 })
    await signInWithForm(phone, accounts().officer)
    await expect.poll(() => heading(phone, /^Welcome, /).isVisible()).toBe(true)
    const pageWidth = () =>
      phone.evaluate(
        () =>
          (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
            .documentElement.scrollWidth,
      )
    expect(await pageWidth()).toBeLessThanOrEqual(390)
    const nav = phone.getByRole('navigation', { name: 'Main navigation' })
    await phone.getByRole('button', { name: 'Open navigation' }).click()
    await nav.getByRole('link', { name: 'Members' }).click()
    await phone.waitForURL(`${baseUrl}/members`)
    await expect.poll(() => heading(phone, 'Members').isVisible()).toBe(true)
    expect(await pageWidth()).toBeLessThanOrEqual(390)
    await phone.goto(loanUrl)
    await expect.poll(() => phone.getByRole('toolbar', { name: 'Loan actions' }).isVisible()).toBe(true)
    expect(await pageWidth()).toBeLessThanOrEqual(390)
  })

  it('9. launches the Command Center tour from the help menu', async () => {
    const { baseUrl } = started()
    await adminPage.goto(`${baseUrl}/`)
    await expect.poll(() => heading(adminPage, /^Welcome, /).isVisible()).toBe(true)
    await adminPage.getByRole('button', { name: 'Help' }).click()
    await adminPage.getByRole('menuitem', { name: 'Take the tour' }).click()
    await expect.poll(() => tourPopover(adminPage).isVisible()).toBe(true)
    // It points at real controls: the next step highlights one of the page's [data-tour] anchors.
    await adminPage.locator('.driver-popover-next-btn').click()
    await expect
      .poll(() => adminPage.locator('.driver-active-element').first().getAttribute('data-tour'))
      .toMatch(/\S/)
    await adminPage.keyboard.press('Escape')
    await expect.poll(() => tourPopover(adminPage).count()).toBe(0)
  })

  // About fifty page views: longer than one step's usual minute.
  it('10. every page of every role loads without a console error', { timeout: 300_000 }, async () => {
    const { baseUrl } = started()
    const pages: [Page, readonly string[]][] = [
      [
        adminPage,
        [
          '/',
          '/members',
          '/unions',
          '/assignments',
          '/loans',
          '/repayments',
          '/collection-sheet',
          '/due-list',
          '/reports',
          '/supervisor-reports',
          '/loan-types',
          '/document-types',
          '/staff',
          '/staff-notes',
          '/login-history',
          '/audit',
          '/settings/profile',
          '/settings/password',
          '/settings/sessions',
          '/settings/company',
          '/settings/branding',
          '/settings/maintenance',
          '/settings/backups',
          '/members/new',
          '/loans/new',
          memberUrl.replace(baseUrl, ''),
          loanUrl.replace(baseUrl, ''),
        ],
      ],
      [
        supervisorPage,
        [
          '/',
          '/members',
          '/unions',
          '/assignments',
          '/loans',
          '/repayments',
          '/collection-sheet',
          '/due-list',
        ],
      ],
      [
        supervisorPage,
        ['/reports', '/supervisor-reports', '/staff', '/staff-notes', '/login-history', '/audit'],
      ],
      [
        officerPage,
        ['/', '/members', '/unions', '/loans', '/repayments', '/collection-sheet', '/due-list', '/reports'],
      ],
      [officerPage, ['/settings/profile', '/settings/sessions', memberUrl.replace(baseUrl, '')]],
    ]
    for (const [page, paths] of pages) {
      for (const path of paths) {
        await page.goto(`${baseUrl}${path}`)
        await expect
          .poll(() => page.getByRole('heading', { level: 1 }).first().isVisible(), { message: path })
          .toBe(true)
        // Loaded, not stuck on a placeholder or an error.
        await expect.poll(() => page.locator('[aria-busy="true"]').count(), { message: path }).toBe(0)
        expect(await page.getByText(/^Could not load/).count(), path).toBe(0)
        expect(await page.getByText(/isn’t part of your role|Coming soon/).count(), path).toBe(0)
      }
    }
    expect(problems).toEqual([])
  })
})
