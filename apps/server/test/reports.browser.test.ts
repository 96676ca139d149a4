import fs from 'node:fs/promises'
import { addDays, formatNaira, todayIn } from '@mp/domain'
import { describe, expect, it } from 'vitest'
import {
  adminCredentials,
  demoCredentials,
  dropExpectedProblems,
  signInCookie as signInAt,
  trpcQuery,
  useBuiltApp,
  openSignedIn,
} from './browser-helpers.js'

type Kpi = { key: string; label: string; value: number; unit: 'KOBO' | 'COUNT' | 'RATIO' }
type DashboardJson = { kpis: Kpi[]; period: { from: string; to: string } }

describe('dashboard and exports in Chromium', () => {
  const started = useBuiltApp('mp-e2e-reports-')
  const consoleProblems: string[] = []

  /** A session cookie for a demo account, signed in through the API as the browser would. */
  const signInCookie = (account: { email: string; password: string }) => signInAt(started().baseUrl, account)

  const query = <T>(token: string, procedure: string, input: unknown): Promise<T> =>
    trpcQuery<T>(started().baseUrl, token, procedure, input)

  const open = (token: string) => openSignedIn(started(), token, consoleProblems)

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
      'par30WithRestructured',
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
    await page.getByRole('button', { name: 'Explain PAR30', exact: true }).click()
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
      await expect.poll(() => chart.getByRole('img').count(), { message: name }).toBe(1)
    }
    // The bars and the donut have drawn shapes, not just empty axes.
    const bars = page.getByRole('figure', { name: 'Disbursed and collected by month' })
    await expect.poll(() => bars.locator('svg rect').count()).toBeGreaterThan(0)
    const donut = page.getByRole('figure', { name: 'Loan status mix' })
    await expect.poll(() => donut.locator('svg circle').count()).toBeGreaterThan(0)

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
    // A past date the close has not snapshotted is computed in the background (progress bar), then shown;
    // until then the server answers 412 AS_OF_NOT_READY, which the page handles.
    const before = consoleProblems.length
    await admin.page.getByRole('textbox', { name: /^As of/ }).fill(pastText)
    await admin.page.keyboard.press('Tab')
    let pastOutstanding = 0
    await expect
      .poll(
        async () => {
          pastOutstanding = await asOfQuery(pastIso).catch(() => 0)
          return pastOutstanding
        },
        { timeout: 30_000 },
      )
      .toBeGreaterThan(await asOfQuery())
    await expect
      .poll(async () => (await admin.page.textContent('main')) ?? '', { timeout: 30_000 })
      .toContain(formatNaira(pastOutstanding))
    await expect
      .poll(() =>
        portfolio
          .getByText(/LN\d{8}/)
          .first()
          .isVisible(),
      )
      .toBe(true)
    dropExpectedProblems(consoleProblems, before, /status of 412/)
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
