import { existsSync } from 'node:fs'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { createTestDatabase, type TestDatabase } from '@mp/db/testing'
import { addDays, formatNaira, todayIn } from '@mp/domain'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  adminCredentials,
  demoCredentials,
  mainJs,
  startBuiltApp,
  webIndex,
  type Started,
} from './browser-helpers.js'

type Kpi = { key: string; label: string; value: number; unit: 'KOBO' | 'COUNT' | 'RATIO' }
type DashboardJson = { kpis: Kpi[]; period: { from: string; to: string } }

describe('dashboard and exports in Chromium', () => {
  let app: Started | undefined
  let browser: Browser | undefined
  let dataDir: string | undefined
  let database: TestDatabase | undefined
  const consoleProblems: string[] = []

  beforeAll(async () => {
    expect(existsSync(mainJs), 'apps/server is built (turbo builds it before its tests)').toBe(true)
    expect(existsSync(webIndex), 'apps/web is built').toBe(true)
    expect(existsSync(CHROMIUM), `Chromium at ${CHROMIUM} (apt-get install -y chromium)`).toBe(true)
    const info = inject('mpTestDb')
    if (info.kind === 'external') {
      database = await createTestDatabase(info)
      app = await startBuiltApp({ DATABASE_URL: database.url, MP_SEED_DEMO: 'true', MP_AUTO_MIGRATE: 'true' })
    } else {
      dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'mp-e2e-reports-'))
      await fs.chmod(dataDir, 0o755)
      app = await startBuiltApp({ DATABASE_URL: '', MP_DATA_DIR: dataDir })
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
  })

  afterAll(async () => {
    await browser?.close()
    if (app && app.child.exitCode === null) {
      app.child.kill('SIGKILL')
      await app.exited
    }
    await database?.drop()
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true })
  })

  const watch = (page: Page) => {
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning')
        consoleProblems.push(`${message.type()}: ${message.text()}`)
    })
    page.on('pageerror', (error) => consoleProblems.push(`pageerror: ${error.message}`))
    page.on('requestfailed', (request) => {
      // A request still in flight when the test navigates away is aborted by the browser: not a failure.
      const reason = request.failure()?.errorText ?? ''
      if (reason !== 'net::ERR_ABORTED') consoleProblems.push(`requestfailed: ${request.url()} ${reason}`)
    })
  }

  const started = () => {
    if (!app || !browser) throw new Error('setup failed')
    return { baseUrl: app.baseUrl, output: app.output, browser }
  }

  /** A session cookie for a demo account, signed in through the API as the browser would. */
  const signInCookie = async (account: { email: string; password: string }) => {
    const { baseUrl } = started()
    const response = await fetch(`${baseUrl}/trpc/auth.signIn`, {
      method: 'POST',
      headers: { origin: baseUrl, 'content-type': 'application/json' },
      body: JSON.stringify({ json: { email: account.email, password: account.password, rememberMe: false } }),
    })
    const token = /mp_session=([a-z2-7]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1] ?? ''
    expect(token, `signed in as ${account.email}`).not.toBe('')
    return token
  }

  const query = async <T>(token: string, procedure: string, input: unknown): Promise<T> => {
    const { baseUrl } = started()
    const response = await fetch(
      `${baseUrl}/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`,
      { headers: { cookie: `mp_session=${token}` } },
    )
    const body = (await response.json()) as { result?: { data: { json: T } } }
    if (!response.ok || !body.result) throw new Error(`${procedure}: ${JSON.stringify(body)}`)
    return body.result.data.json
  }

  const open = async (token: string): Promise<{ context: BrowserContext; page: Page }> => {
    const { baseUrl, browser: chromiumBrowser } = started()
    const context = await chromiumBrowser.newContext({ viewport: { width: 1280, height: 900 } })
    await context.addCookies([{ name: 'mp_session', value: token, url: baseUrl }])
    const page = await context.newPage()
    watch(page)
    return { context, page }
  }

  const portfolioOf = (dashboard: DashboardJson) => {
    const kpi = dashboard.kpis.find((candidate) => candidate.key === 'portfolio')
    if (!kpi) throw new Error('no portfolio KPI')
    return kpi.value
  }

  it('shows the admin every KPI in ₦, %, or a count, explains one, and draws the three charts', async () => {
    const { baseUrl, output } = started()
    const token = await signInCookie(adminCredentials(output))
    const expected = await query<DashboardJson>(token, 'report.dashboard', {})
    expect(expected.kpis.map((kpi) => kpi.key)).toEqual([
      'portfolio',
      'activeLoans',
      'disbursed',
      'collected',
      'par30',
      'collectionEfficiency',
      'onTimeRate',
      'dueToday',
      'approvalsWaiting',
    ])
    // The demo company has running loans, so the dashboard has something to show.
    expect(portfolioOf(expected)).toBeGreaterThan(0)

    const { context, page } = await open(token)
    await page.goto(`${baseUrl}/`)
    for (const kpi of expected.kpis) {
      const card = page.getByRole('region', { name: kpi.label, exact: true })
      await expect.poll(() => card.isVisible(), { message: kpi.label }).toBe(true)
      const text = (await card.textContent()) ?? ''
      if (kpi.unit === 'KOBO') expect(text, kpi.label).toContain(formatNaira(kpi.value))
      else if (kpi.unit === 'RATIO') expect(text, kpi.label).toMatch(/\d+\.\d{2}%/)
      else expect(text, kpi.label).toContain(String(kpi.value))
    }
    const portfolio = page.getByRole('region', { name: 'Portfolio outstanding', exact: true })
    expect(await portfolio.textContent()).toMatch(/₦[\d,]+\.\d{2}/)

    // Each card leads to the list behind it.
    const parLink = page
      .getByRole('region', { name: 'PAR30', exact: true })
      .getByRole('link', { name: 'PAR30', exact: true })
    expect(await parLink.getAttribute('href')).toBe('/loans?status=OVERDUE')

    // "Explain this number": the definition and what it was computed from.
    await page.getByRole('button', { name: 'Explain PAR30' }).click()
    const explanation = page.getByRole('dialog')
    await expect.poll(() => explanation.isVisible()).toBe(true)
    const explained = (await explanation.textContent()) ?? ''
    expect(explained).toContain('balance-weighted, never a loan count')
    expect(explained).toContain('Portfolio outstanding')
    expect(explained).toContain(formatNaira(portfolioOf(expected)))
    await page.keyboard.press('Escape')
    await expect.poll(() => explanation.isVisible()).toBe(false)

    for (const name of ['Disbursed and collected by month', 'PAR30 trend', 'Loan status mix']) {
      const chart = page.getByRole('figure', { name })
      await expect
        .poll(() => chart.locator('svg.recharts-surface').count(), { message: name })
        .toBeGreaterThan(0)
    }
    // The bars and the donut have drawn shapes, not just empty axes.
    const bars = page.getByRole('figure', { name: 'Disbursed and collected by month' })
    await expect.poll(() => bars.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0)
    const donut = page.getByRole('figure', { name: 'Loan status mix' })
    await expect.poll(() => donut.locator('.recharts-pie-sector').count()).toBeGreaterThan(0)

    // Another period: the figures are asked for again and the caption says which days they cover.
    const today = todayIn('Africa/Lagos')
    const dayText = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`
    await page.getByRole('combobox', { name: 'Period' }).click()
    await page.getByRole('option', { name: 'Last 90 days' }).click()
    await expect
      .poll(() => page.getByText(`Period ${dayText(addDays(today, -89))} – ${dayText(today)}`).isVisible())
      .toBe(true)

    await context.close()
    expect(consoleProblems).toEqual([])
  })

  it('exports the loans list as CSV, Excel and PDF with every row of the list', async () => {
    const { baseUrl, output } = started()
    const token = await signInCookie(adminCredentials(output))
    const { context, page } = await open(token)
    await page.goto(`${baseUrl}/loans`)
    const range = page.getByText(/^\d+–\d+ of \d+$/)
    await expect.poll(() => range.isVisible()).toBe(true)
    const total = Number(/of (\d+)$/.exec((await range.textContent()) ?? '')?.[1])
    expect(total).toBeGreaterThan(0)
    const listed = await query<{ total: number }>(token, 'loan.list', {})
    expect(total).toBe(listed.total)

    const exported = async (item: string) => {
      await page.getByRole('button', { name: 'Export' }).click()
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('menuitem', { name: item }).click(),
      ])
      const file = await download.path()
      return { name: download.suggestedFilename(), bytes: await fs.readFile(file) }
    }

    const csv = await exported('CSV')
    expect(csv.name).toMatch(/^loans-\d{4}-\d{2}-\d{2}\.csv$/)
    const lines = csv.bytes
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)
      .filter((line) => line.trim() !== '')
    expect(lines[0]).toContain('Loan number')
    expect(lines.length - 1).toBe(total)
    await expect.poll(() => page.getByText('Export ready').first().isVisible()).toBe(true)

    const xlsx = await exported('Excel (XLSX)')
    expect(xlsx.name).toMatch(/\.xlsx$/)
    expect(xlsx.bytes.subarray(0, 2).toString('latin1')).toBe('PK')

    const pdf = await exported('PDF')
    expect(pdf.name).toMatch(/\.pdf$/)
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-')

    await context.close()
    expect(consoleProblems).toEqual([])
  })

  it("shows a supervisor only their team's figures", async () => {
    const { baseUrl, output } = started()
    const adminToken = await signInCookie(adminCredentials(output))
    const supervisorToken = await signInCookie(demoCredentials(output, 'supervisor1@'))
    const everything = portfolioOf(await query<DashboardJson>(adminToken, 'report.dashboard', {}))
    const team = portfolioOf(await query<DashboardJson>(supervisorToken, 'report.dashboard', {}))
    // Supervisor 1 looks after two of the four demo officers, each with running loans.
    expect(team).toBeGreaterThan(0)
    expect(team).toBeLessThan(everything)

    const { context, page } = await open(supervisorToken)
    await page.goto(`${baseUrl}/`)
    await expect.poll(() => page.getByText('Figures for your team').isVisible()).toBe(true)
    const card = page.getByRole('region', { name: 'Portfolio outstanding', exact: true })
    await expect.poll(async () => (await card.textContent()) ?? '').toContain(formatNaira(team))
    expect(await card.textContent()).not.toContain(formatNaira(everything))

    await context.close()
    expect(consoleProblems).toEqual([])
  })

  it('reports: portfolio as of a past date, PAR with explanations, and a supervisor saves, reopens and deletes a snapshot', async () => {
    const { baseUrl, output } = started()
    const adminToken = await signInCookie(adminCredentials(output))
    const admin = await open(adminToken)
    await admin.page.goto(`${baseUrl}/reports`)
    const portfolio = admin.page.getByRole('table', { name: 'Portfolio', exact: true })
    await expect
      .poll(() =>
        portfolio
          .getByText(/LN\d{8}/)
          .first()
          .isVisible(),
      )
      .toBe(true)
    // Four weeks ago the demo loans had paid less: the outstanding balance as of then is larger.
    const past = new Date(Date.now() - 28 * 86_400_000)
    const pastText = `${String(past.getUTCDate()).padStart(2, '0')}/${String(past.getUTCMonth() + 1).padStart(2, '0')}/${String(past.getUTCFullYear())}`
    const asOfQuery = async (asOf?: string) =>
      (
        await query<{ totals: { outstandingPrincipal: number } }>(
          adminToken,
          'report.portfolio',
          asOf ? { asOf } : {},
        )
      ).totals.outstandingPrincipal
    const pastIso = past.toISOString().slice(0, 10)
    expect(await asOfQuery(pastIso)).toBeGreaterThan(await asOfQuery())
    await admin.page.getByRole('textbox', { name: /^As of/ }).fill(pastText)
    await admin.page.keyboard.press('Tab')
    await expect
      .poll(async () => (await admin.page.textContent('main')) ?? '')
      .toContain(formatNaira(await asOfQuery(pastIso)))
    await admin.page.getByRole('tab', { name: 'Portfolio at risk', exact: true }).click()
    await expect
      .poll(() => admin.page.getByRole('table', { name: 'Portfolio at risk' }).isVisible())
      .toBe(true)
    await admin.page.getByRole('button', { name: 'Explain PAR30', exact: true }).click()
    await expect
      .poll(() =>
        admin.page
          .getByText(/more than 30 days past due/)
          .first()
          .isVisible(),
      )
      .toBe(true)
    await admin.context.close()

    const supervisor = await open(await signInCookie(demoCredentials(output, 'supervisor1@')))
    const page = supervisor.page
    await page.goto(`${baseUrl}/supervisor-reports`)
    const team = page.getByRole('table', { name: 'Officer performance', exact: true })
    await expect.poll(() => team.getByText('Emeka Eze').isVisible()).toBe(true)
    // Only supervisor 1's officers, never supervisor 2's.
    expect(await team.getByText('Ibrahim Musa').count()).toBe(0)
    await page.getByRole('button', { name: 'Save snapshot' }).click()
    const dialog = page.getByRole('dialog', { name: 'Save snapshot' })
    await dialog.getByRole('textbox', { name: /^Title/ }).fill('Browser test snapshot')
    await dialog.getByRole('button', { name: 'Save', exact: true }).click()
    const saved = page.getByRole('table', { name: 'Saved reports' })
    await expect.poll(() => saved.getByText('Browser test snapshot').isVisible()).toBe(true)
    await saved.getByRole('button', { name: 'Open' }).first().click()
    await expect
      .poll(() =>
        page
          .getByText(/figures as they were then/)
          .first()
          .isVisible(),
      )
      .toBe(true)
    await page.keyboard.press('Escape')
    await saved.getByRole('button', { name: 'Delete' }).first().click()
    await page
      .getByRole('dialog', { name: 'Delete saved report?' })
      .getByRole('button', { name: 'Delete' })
      .click()
    await expect.poll(() => saved.getByText('Browser test snapshot').count()).toBe(0)
    await supervisor.context.close()
    expect(consoleProblems).toEqual([])
  })
})
