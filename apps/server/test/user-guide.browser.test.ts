import { existsSync, readFileSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import {
  allowTopUps,
  demoCredentials,
  serverDir,
  signInCookie,
  topUpCandidate,
  trpcMutation,
  trpcQuery,
  useBuiltApp,
  watchConsole,
} from './browser-helpers.js'

/**
 * docs/user-guide.md and its pictures. Every picture the guide shows is one step here: the role signs
 * in, opens the page and sees the control the guide talks about. A normal run checks that the steps
 * still work and that the guide names exactly these pictures; `pnpm --filter @mp/server run
 * user-guide:screenshots` (MP_USER_GUIDE_SCREENSHOTS=1) also writes them into docs/user-guide/.
 */
const docsDir = path.resolve(serverDir, '../../docs')
const shotsDir = path.join(docsDir, 'user-guide')
const writeShots = process.env.MP_USER_GUIDE_SCREENSHOTS === '1'

type Role = 'admin' | 'supervisor' | 'officer1'
type Shot = {
  name: string
  role: Role
  width?: number
  /** Opens the page and brings up what the picture shows; answers the locator that must be visible. */
  show: (page: Page, ids: Ids) => Promise<ReturnType<Page['getByRole']>>
}
type Ids = {
  activeLoan: string | undefined
  pendingLoan: string | undefined
  /** A member of officer 1 with one active loan a top-up may pay off, and its loan number. */
  topUp: { memberId: string; loanNumber: string; principal: number } | undefined
  /** Two weeks from today in Lagos (YYYY-MM-DD): a first due date for the reschedule preview. */
  inTwoWeeks: string
}

const heading = (page: Page, name: string | RegExp) =>
  page.getByRole('main').getByRole('heading', { name, level: 1 })

/** A picture of a page as it opens: the role goes to `pathname` and sees the page's title. */
const atPage = (
  name: string,
  role: Role,
  pathname: string,
  title: string | RegExp,
  width?: number,
): Shot => ({
  name,
  role,
  ...(width === undefined ? {} : { width }),
  show: async (p) => {
    await goto(p, pathname)
    return heading(p, title)
  },
})

const SHOTS: readonly Shot[] = [
  { name: 'officer-dashboard', role: 'officer1', show: (p) => Promise.resolve(heading(p, /^Welcome, /)) },
  atPage('officer-new-member', 'officer1', '/members/new', 'Register a member'),
  atPage('officer-collection-sheet', 'officer1', '/collection-sheet', 'Collection sheet'),
  {
    name: 'officer-record-repayment',
    role: 'officer1',
    show: async (p, ids) => {
      await goto(p, `/loans/${ids.activeLoan ?? ''}`)
      await p.getByRole('button', { name: 'Record repayment' }).first().click()
      return p.getByRole('dialog', { name: 'Record repayment' })
    },
  },
  atPage('officer-due-list-phone', 'officer1', '/due-list', 'Due list', 390),
  {
    name: 'officer-top-up-phone',
    role: 'officer1',
    width: 390,
    show: async (p, ids) => {
      const topUp = ids.topUp
      if (!topUp) throw new Error('no member for a top-up')
      await goto(p, `/loans/new?member=${topUp.memberId}`)
      await p.getByRole('combobox', { name: /^Loan type/ }).click()
      await p.getByRole('option', { name: /Weekly Union Loan/ }).click()
      const choice = p.getByRole('checkbox', { name: `Pays off the running loan ${topUp.loanNumber}` })
      await expect.poll(() => choice.isVisible()).toBe(true)
      await choice.check()
      await p.getByLabel(/^Amount \(₦\)/).fill(String(topUp.principal / 100))
      await p.getByLabel(/^Term/).fill('12')
      const preview = p.getByRole('region', { name: 'Schedule preview' })
      const payoffLine = preview.getByText('Paid off at disbursement (estimate as of today)')
      await expect.poll(() => payoffLine.isVisible()).toBe(true)
      await payoffLine.scrollIntoViewIfNeeded()
      return payoffLine
    },
  },
  {
    name: 'officer-change-preview',
    role: 'officer1',
    show: async (p, ids) => {
      await goto(p, `/loans/${ids.activeLoan ?? ''}`)
      await p.getByRole('button', { name: 'Reschedule / restructure / waive' }).click()
      const dialog = p.getByRole('dialog', { name: /^Change / })
      await expect.poll(() => dialog.isVisible()).toBe(true)
      await dialog.getByLabel('New installments').fill('8')
      const firstDue = dialog.getByLabel('First new due date')
      await firstDue.fill(ids.inTwoWeeks)
      await firstDue.press('Tab')
      await dialog.getByRole('button', { name: 'Preview' }).click()
      return dialog.getByText('8 new installments')
    },
  },
  {
    name: 'supervisor-approval',
    role: 'supervisor',
    show: async (p, ids) => {
      await goto(p, `/loans/${ids.pendingLoan ?? ''}`)
      return p.getByRole('button', { name: /^(Approve|Reject)$/ }).first()
    },
  },
  atPage('supervisor-reports', 'supervisor', '/reports', /Reports/),
  { name: 'admin-dashboard', role: 'admin', show: (p) => Promise.resolve(heading(p, /^Welcome, /)) },
  atPage('admin-staff', 'admin', '/staff', 'Staff & roles'),
  atPage('admin-loan-types', 'admin', '/loan-types', 'Loan types'),
  {
    name: 'admin-backups',
    role: 'admin',
    show: async (p) => {
      await goto(p, '/settings/backups')
      return p.getByRole('button', { name: 'Back up now' })
    },
  },
  atPage('admin-audit', 'admin', '/audit', /Audit/),
  {
    name: 'admin-waiver-limits',
    role: 'admin',
    show: async (p) => {
      await goto(p, '/settings/waiver-limits')
      return p.getByRole('form', { name: 'Waiver limits' })
    },
  },
  {
    name: 'admin-waivers-report',
    role: 'admin',
    show: async (p) => {
      await goto(p, '/reports?tab=waivers')
      // The waiver made before the walk is in this month's report.
      return p
        .getByRole('table', { name: 'Waivers', exact: true })
        .getByText('Guide: the member was in hospital')
    },
  },
]

let base = ''
async function goto(page: Page, pathname: string): Promise<void> {
  await page.goto(`${base}${pathname}`)
}

/** A guided tour opened on first sign-in stands in front of the page: the pictures show the page. */
async function closeTour(page: Page): Promise<void> {
  const popover = page.locator('.driver-popover')
  if (await popover.isVisible()) await page.keyboard.press('Escape')
  await expect.poll(() => popover.isVisible()).toBe(false)
}

describe('the user guide (docs/user-guide.md) and its pictures', () => {
  const started = useBuiltApp('mp-e2e-guide-')

  it('names exactly the pictures these steps take, and each is in the repository', () => {
    const guide = readFileSync(path.join(docsDir, 'user-guide.md'), 'utf8')
    const named = [...guide.matchAll(/\]\(user-guide\/([a-z0-9-]+)\.png\)/g)].map((match) => match[1])
    expect([...new Set(named)].sort()).toEqual(SHOTS.map((shot) => shot.name).sort())
    if (!writeShots)
      for (const shot of SHOTS)
        expect(existsSync(path.join(shotsDir, `${shot.name}.png`)), shot.name).toBe(true)
  })

  it('walks every step of the guide as its role, without console errors', async () => {
    const { baseUrl, browser, output } = started()
    base = baseUrl
    if (writeShots) await mkdir(shotsDir, { recursive: true })
    const problems: string[] = []
    const tokens = new Map<Role, string>()
    type Loans = { items: { id: string }[] }
    const firstLoan = async (token: string, status: string) =>
      (await trpcQuery<Loans>(baseUrl, token, 'loan.list', { status, pageSize: 1 })).items[0]?.id
    for (const role of ['admin', 'officer1'] as const)
      tokens.set(role, await signInCookie(baseUrl, demoCredentials(output, `${role}@`)))
    const officerToken = tokens.get('officer1') ?? ''
    const adminToken = tokens.get('admin') ?? ''
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Lagos' }).format(new Date())
    const inTwoWeeks = new Date(`${today}T00:00:00Z`)
    inTwoWeeks.setUTCDate(inTwoWeeks.getUTCDate() + 14)
    const ids: Ids = {
      activeLoan: await firstLoan(officerToken, 'ACTIVE'),
      pendingLoan: undefined,
      topUp: undefined,
      inTwoWeeks: inTwoWeeks.toISOString().slice(0, 10),
    }
    // A product that allows top-ups and a member it can serve (the top-up picture).
    const weekly = await allowTopUps(baseUrl, adminToken, 'Weekly Union Loan')
    const candidate = await topUpCandidate(baseUrl, officerToken, weekly.maxPrincipal)
    if (candidate?.position) {
      ids.topUp = {
        memberId: candidate.member.id,
        loanNumber: candidate.loanNumber,
        principal: Math.ceil((candidate.position.payoffAmount + 5_000_000) / 100_000) * 100_000,
      }
    }
    // Waiver limits, and one waiver asked by officer 1 and approved by the admin (the report's picture): ₦1
    // of penalty, or else of interest, on the first of their active loans that owes either.
    await trpcMutation(baseUrl, adminToken, 'loanChange.setWaiverLimits', {
      SUPERVISOR: 5_000_000,
      ADMIN: 50_000_000,
    })
    const active = await trpcQuery<Loans>(baseUrl, officerToken, 'loan.list', {
      status: 'ACTIVE',
      pageSize: 50,
    })
    let waived = false
    for (const loan of active.items) {
      if (waived || loan.id === candidate?.id) continue
      for (const amounts of [{ penalty: 100 }, { interest: 100 }]) {
        const terms = { kind: 'WAIVER', date: today, ...amounts }
        const isPossible = await trpcQuery(baseUrl, officerToken, 'loanChange.preview', {
          loanId: loan.id,
          terms,
        })
          .then(() => true)
          .catch(() => false)
        if (!isPossible) continue
        const asked = await trpcMutation<{ id: string }>(baseUrl, officerToken, 'loanChange.request', {
          loanId: loan.id,
          terms,
          reason: 'Guide: the member was in hospital',
        })
        await trpcMutation(baseUrl, adminToken, 'loanChange.approve', { id: asked.id })
        waived = true
        break
      }
    }
    expect(ids.topUp, 'the demo data has a member with one active loan for a top-up').toBeDefined()
    expect(waived, 'the demo data has an active loan owing penalty or interest').toBe(true)
    // The supervisor whose team has an application waiting (the demo data has one or two).
    for (const supervisor of ['supervisor1', 'supervisor2']) {
      const token = await signInCookie(baseUrl, demoCredentials(output, `${supervisor}@`))
      ids.pendingLoan = await firstLoan(token, 'PENDING_APPROVAL')
      if (ids.pendingLoan) {
        tokens.set('supervisor', token)
        break
      }
    }
    expect(ids.activeLoan, 'the demo data has an active loan for officer1').toBeDefined()
    expect(ids.pendingLoan, "the demo data has a loan awaiting a supervisor's approval").toBeDefined()

    for (const shot of SHOTS) {
      const context = await browser.newContext({
        viewport: { width: shot.width ?? 1280, height: shot.width ? 844 : 800 },
        deviceScaleFactor: 1,
      })
      await context.addCookies([{ name: 'mp_session', value: tokens.get(shot.role) ?? '', url: baseUrl }])
      const page = await context.newPage()
      watchConsole(page, problems)
      page.on('response', (response) => {
        if (response.status() >= 500) problems.push(`${String(response.status())} ${response.url()}`)
      })
      await goto(page, '/')
      await closeTour(page)
      const target = await shot.show(page, ids)
      const isShown = await expect
        .poll(() => target.isVisible(), { timeout: 60_000 })
        .toBe(true)
        .then(
          () => true,
          () => false,
        )
      expect({ shot: shot.name, isShown, problems }).toEqual({ shot: shot.name, isShown: true, problems: [] })
      await closeTour(page)
      // Figures and tables settle before the picture: nothing is still loading.
      await expect
        .poll(
          () => page.locator('[aria-busy="true"], .mantine-Loader-root, .mantine-Skeleton-root').count(),
          {
            timeout: 60_000,
          },
        )
        .toBe(0)
      if (writeShots) await page.screenshot({ path: path.join(shotsDir, `${shot.name}.png`) })
      await context.close()
    }
    expect(problems).toEqual([])
  }, 600_000)
})
