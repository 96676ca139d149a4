import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import fs from 'node:fs/promises'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { findFreePort } from '@mp/db'
import { createTestDatabase, type TestDatabase } from '@mp/db/testing'
import type { AxeResults } from 'axe-core'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, expect, inject } from 'vitest'

/**
 * Shared by the browser test files: the built app as a user gets it (`node apps/server/dist/main.js`, what
 * `pnpm start` runs), the Chromium flags of these machines, and the demo credentials the server prints.
 */
export const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const mainJs = path.join(serverDir, 'dist', 'main.js')
export const webIndex = path.resolve(serverDir, '../web/dist/index.html')
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export type Started = {
  child: ChildProcess
  output: string[]
  baseUrl: string
  exited: Promise<number | null>
}

export async function startBuiltApp(env: NodeJS.ProcessEnv): Promise<Started> {
  const port = await findFreePort()
  const output: string[] = []
  const child = spawn(process.execPath, [mainJs], {
    cwd: serverDir,
    env: {
      ...process.env,
      // The demo accounts the tests sign in with skip the first-sign-in tour, which would cover the page
      // (useBuiltApp's `env` can turn it back on); palette-tour.browser.test.ts makes new accounts to see it.
      MP_DEMO_TOUR_SEEN: 'true',
      ...env,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')))
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')))
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      resolve(code)
    }),
  )
  const deadline = Date.now() + 90_000
  while (!output.join('').includes('is running at')) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output.join('')}`)
    if (Date.now() > deadline) throw new Error(`server did not start within 90 s:\n${output.join('')}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return { child, output, baseUrl: `http://127.0.0.1:${port}`, exited }
}

export function adminCredentials(output: string[]): { email: string; password: string } {
  return demoCredentials(output, 'admin@')
}

/** A demo account from the credentials the server printed at first start. */
export function demoCredentials(output: string[], emailPrefix: string): { email: string; password: string } {
  const line = output
    .join('')
    .split('\n')
    .find((text) => text.trim().split(/\s+/)[1]?.startsWith(emailPrefix))
  const parts = line?.trim().split(/\s+/) ?? []
  return { email: parts[1] ?? '', password: parts[2] ?? '' }
}

export type BuiltApp = Started & {
  browser: Browser
  /** The embedded database's folder; undefined on an external test database. */
  dataDir: string | undefined
}

export type SignedInOptions = {
  width?: number
  height?: number
  colorScheme?: 'light' | 'dark'
  /** For axe: the app's Content-Security-Policy forbids inline scripts, and axe is injected as one. */
  bypassCSP?: boolean
  /** A phone: touch and the mobile viewport. */
  isMobile?: boolean
}

/**
 * A new browser context signed in with the session `token` (1280 × 900, light, unless told otherwise) and a
 * page in it whose console errors and failed requests are collected in `problems`.
 */
export async function openSignedIn(
  app: Pick<BuiltApp, 'baseUrl' | 'browser'>,
  token: string,
  problems: string[],
  options: SignedInOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await app.browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    colorScheme: options.colorScheme ?? 'light',
    ...(options.bypassCSP ? { bypassCSP: true } : {}),
    ...(options.isMobile ? { isMobile: true, hasTouch: true } : {}),
  })
  await context.addCookies([{ name: 'mp_session', value: token, url: app.baseUrl }])
  const page = await context.newPage()
  watchConsole(page, problems)
  return { context, page }
}

/**
 * Before the describe block's tests: the built app on the external test database when the run has one
 * (demo data seeded), else on its own embedded database in a new temporary folder (named after
 * `tmpPrefix`), and Chromium. After them: both stopped and the database or folder removed. Call it at
 * the top of the describe block; the accessor it returns throws if the set-up failed.
 */
export function useBuiltApp(
  tmpPrefix: string,
  /** More environment for the server, e.g. `{ MP_DEMO_TOUR_SEEN: 'false' }` for the tour at the demo accounts' first sign-in. */
  options: { env?: NodeJS.ProcessEnv } = {},
): () => BuiltApp {
  let app: Started | undefined
  let browser: Browser | undefined
  let dataDir: string | undefined
  let database: TestDatabase | undefined

  beforeAll(async () => {
    expect(existsSync(mainJs), 'apps/server is built (turbo builds it before its tests)').toBe(true)
    expect(existsSync(webIndex), 'apps/web is built').toBe(true)
    expect(existsSync(CHROMIUM), `Chromium at ${CHROMIUM} (apt-get install -y chromium)`).toBe(true)
    const info = inject('mpTestDb')
    if (info.kind === 'external') {
      database = await createTestDatabase(info)
      app = await startBuiltApp({
        DATABASE_URL: database.url,
        MP_SEED_DEMO: 'true',
        MP_AUTO_MIGRATE: 'true',
        ...options.env,
      })
    } else {
      dataDir = await fs.mkdtemp(path.join(os.tmpdir(), tmpPrefix))
      await fs.chmod(dataDir, 0o755)
      app = await startBuiltApp({ DATABASE_URL: '', MP_DATA_DIR: dataDir, ...options.env })
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

  return () => {
    if (!app || !browser) throw new Error('setup failed')
    return { ...app, browser, dataDir }
  }
}

/** Collects the page's console errors and warnings, uncaught errors and failed requests into `problems`. */
export function watchConsole(page: Page, problems: string[]): void {
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning')
      problems.push(`${message.type()}: ${message.text()}`)
  })
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
  page.on('requestfailed', (request) => {
    // A request still in flight when the test navigates away is aborted by the browser: not a failure.
    const reason = request.failure()?.errorText ?? ''
    if (reason !== 'net::ERR_ABORTED') problems.push(`requestfailed: ${request.url()} ${reason}`)
  })
}

/** Drops the problems logged since `before` that match `expected` (e.g. a deliberate 401), keeping the rest. */
export function dropExpectedProblems(problems: string[], before: number, expected: RegExp): void {
  problems.push(...problems.splice(before).filter((line) => !expected.test(line)))
}

/** A session token for an account, signed in through the API as the browser would. */
export async function signInCookie(
  baseUrl: string,
  account: { email: string; password: string },
): Promise<string> {
  const response = await fetch(`${baseUrl}/trpc/auth.signIn`, {
    method: 'POST',
    headers: { origin: baseUrl, 'content-type': 'application/json' },
    body: JSON.stringify({ json: { email: account.email, password: account.password, rememberMe: false } }),
  })
  const token = /mp_session=([a-z2-7]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1] ?? ''
  expect(token, `signed in as ${account.email}`).not.toBe('')
  return token
}

/** A tRPC query (GET) as the holder of `token`. */
export async function trpcQuery<T>(
  baseUrl: string,
  token: string,
  procedure: string,
  input: unknown,
): Promise<T> {
  const response = await fetch(
    `${baseUrl}/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`,
    { headers: { cookie: `mp_session=${token}` } },
  )
  return trpcResult<T>(procedure, response)
}

/** A tRPC mutation (POST) as the holder of `token`. */
export async function trpcMutation<T>(
  baseUrl: string,
  token: string,
  procedure: string,
  input: unknown,
): Promise<T> {
  const response = await fetch(`${baseUrl}/trpc/${procedure}`, {
    method: 'POST',
    headers: { origin: baseUrl, 'content-type': 'application/json', cookie: `mp_session=${token}` },
    body: JSON.stringify({ json: input }),
  })
  return trpcResult<T>(procedure, response)
}

async function trpcResult<T>(procedure: string, response: Response): Promise<T> {
  const body = (await response.json()) as { result?: { data: { json: T } } }
  if (!response.ok || !body.result) throw new Error(`${procedure}: ${JSON.stringify(body)}`)
  return body.result.data.json
}

type TopUpLoanType = { id: string; name: string; maxPrincipal: number; allowsTopUp: boolean }

/** The admin lets a demo product top up running loans (the API call the loan type dialog's checkbox makes). */
export async function allowTopUps(baseUrl: string, adminToken: string, name: string): Promise<TopUpLoanType> {
  const types = await trpcQuery<(TopUpLoanType & Record<string, unknown>)[]>(
    baseUrl,
    adminToken,
    'loanType.list',
    {},
  )
  const type = types.find((t) => t.name === name)
  if (!type) throw new Error(`no demo loan type named ${name}`)
  const { isActive: _active, createdAt: _created, updatedAt: _updated, ...fields } = type
  return trpcMutation<TopUpLoanType>(baseUrl, adminToken, 'loanType.update', { ...fields, allowsTopUp: true })
}

export type TopUpCandidate = {
  id: string
  loanNumber: string
  member: { id: string }
  position: { payoffAmount: number } | null
}

/**
 * One of the officer's active demo loans a top-up can pay off: its member has no other open loan, and its
 * payoff plus ₦50,000 fits under `maxPrincipal`. Undefined when the demo data has none.
 */
export async function topUpCandidate(
  baseUrl: string,
  officerToken: string,
  maxPrincipal: number,
): Promise<TopUpCandidate | undefined> {
  type Listed = { id: string; status: string }
  const active = await trpcQuery<{ items: Listed[] }>(baseUrl, officerToken, 'loan.list', {
    status: 'ACTIVE',
    pageSize: 50,
  })
  for (const candidate of active.items) {
    const detail = await trpcQuery<TopUpCandidate>(baseUrl, officerToken, 'loan.get', { id: candidate.id })
    const payoff = detail.position?.payoffAmount ?? 0
    if (payoff <= 0 || payoff + 5_000_000 > maxPrincipal) continue
    const theirs = await trpcQuery<{ items: Listed[] }>(baseUrl, officerToken, 'loan.list', {
      memberId: detail.member.id,
      pageSize: 50,
    })
    const open = theirs.items.filter((loan) =>
      ['DRAFT', 'PENDING_APPROVAL', 'APPROVED', 'ACTIVE', 'DEFAULTED'].includes(loan.status),
    )
    if (open.length === 1) return detail
  }
  return undefined
}

/** What staff type into the member wizard, and the one document they attach (a real 1×1 PNG). */
type MemberToRegister = {
  union: RegExp
  firstName: string
  lastName: string
  phone: string
  /** As typed in the date field, DD/MM/YYYY. */
  dateOfBirth: string
  bvn: string
  nin: string
  documentType: string
  fileName: string
}

// A real PNG (signature + IHDR + IDAT + IEND), so the server's file-type check sees an image.
const ONE_PIXEL_PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
    '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
)

/**
 * Registers a member through the wizard as staff do (details, identity numbers, one document, save),
 * waits for the new member's page to show its code and the document, and returns that page's address.
 */
export async function registerMemberInBrowser(
  page: Page,
  baseUrl: string,
  member: MemberToRegister,
): Promise<string> {
  await page.goto(`${baseUrl}/members/new`)
  await page
    .getByLabel(/^Union/)
    .first()
    .click()
  await page.getByRole('option', { name: member.union }).click()
  await page.getByLabel(/^First name/).fill(member.firstName)
  await page.getByLabel(/^Last name/).fill(member.lastName)
  await page.getByLabel(/^Phone number/).fill(member.phone)
  await page.getByLabel(/^Date of birth/).fill(member.dateOfBirth)
  await page.getByRole('button', { name: 'Next' }).click()
  await page.getByLabel(/^BVN/).fill(member.bvn)
  await page.getByLabel(/^NIN/).fill(member.nin)
  await page.getByRole('button', { name: 'Next' }).click()
  await page
    .getByLabel(/^Document type/)
    .first()
    .click()
  await page.getByRole('option', { name: member.documentType }).click()
  await page
    .getByLabel(/^File/)
    .setInputFiles({ name: member.fileName, mimeType: 'image/png', buffer: ONE_PIXEL_PNG })
  await page.getByRole('button', { name: 'Add document' }).click()
  await page.getByRole('button', { name: 'Next' }).click()
  await page.getByRole('button', { name: 'Save member' }).click()
  await page.waitForURL(/\/members\/[0-9a-f-]{36}$/)
  await expect
    .poll(() =>
      page
        .getByText(/MEM\d{6}/)
        .first()
        .isVisible(),
    )
    .toBe(true)
  await expect.poll(() => page.getByText(member.fileName).first().isVisible()).toBe(true)
  return page.url()
}

const axeSource = await fs.readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** axe's serious and critical WCAG 2.1 A/AA violations on the page as it is (docs/accessibility.md). */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource })
  const results = await page.evaluate<AxeResults>(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] })`,
  )
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)
}
