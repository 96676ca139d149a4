import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import fs from 'node:fs/promises'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import {
  createKysely,
  createPool,
  ensureDatabase,
  sql,
  withDatabase,
  type Database,
  type Kysely,
} from '@mp/db'
import { createTestDatabase, type TestDatabase } from '@mp/db/testing'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
// The legacy database builder is shared with the API's import tests (our own DDL and generated data).
import {
  createLegacyDatabase,
  fillLegacyDatabase,
  type LegacyFixture,
} from '../../../packages/api/test/support/legacy-fixture.js'
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  mainJs,
  serverDir,
  signInCookie,
  startBuiltApp,
  trpcQuery,
  watchConsole,
  webIndex,
  type Started,
} from './browser-helpers.js'

// The cut-over end to end (docs/cutover.md): `pnpm mp import-legacy` from a legacy database built in the test,
// then the built app, where an imported credit officer signs in with the one-time password the import gave
// them, sets their own, and sees their imported loans.

const run = promisify(execFile)
const tsx = createRequire(import.meta.url).resolve('tsx/esm')

async function mp(args: string[], databaseUrl: string): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(
      process.execPath,
      ['--conditions=@mp/source', '--import', tsx, 'src/cli/mp.ts', ...args],
      { cwd: serverDir, env: { ...process.env, DATABASE_URL: databaseUrl }, maxBuffer: 32 * 1024 * 1024 },
    )
    return { code: 0, stdout }
  } catch (error) {
    const failed = error as { code?: number; stdout?: string }
    return { code: failed.code ?? 1, stdout: failed.stdout ?? '' }
  }
}

describe('pnpm mp import-legacy, then an imported officer in Chromium', () => {
  let database: TestDatabase
  let admin: Kysely<Database>
  let legacyName: string
  let legacyUrl: string
  let fixture: LegacyFixture
  let app: Started | undefined
  let browser: Browser | undefined
  let folder: string

  beforeAll(async () => {
    const info = inject('mpTestDb')
    database = await createTestDatabase(info)
    legacyName = `mp_legacy_${randomBytes(4).toString('hex')}`
    await ensureDatabase(info.adminUrl, legacyName)
    admin = createKysely(createPool(info.adminUrl, { max: 1 }))
    legacyUrl = withDatabase(info.adminUrl, legacyName)
    const legacy = createKysely(createPool(legacyUrl, { max: 2 }))
    await createLegacyDatabase(legacy)
    fixture = await fillLegacyDatabase(legacy, 11)
    await legacy.destroy()
    folder = await fs.mkdtemp(path.join(os.tmpdir(), 'mp-legacy-'))
  })

  afterAll(async () => {
    await browser?.close()
    if (app && app.child.exitCode === null) {
      app.child.kill('SIGKILL')
      await app.exited
    }
    await sql`drop database if exists ${sql.id(legacyName)} with (force)`.execute(admin)
    await admin.destroy()
    await database.drop()
    await fs.rm(folder, { recursive: true, force: true })
  })

  // Each call starts the CLI under tsx: slow on a busy machine, so these run side by side with room to spare.
  it('answers --help, refuses bad usage (2) and a database that is not the old system’s (1)', async () => {
    const [help, missing, wrongScheme, foreign, usage] = await Promise.all([
      mp(['import-legacy', '--help'], database.url),
      mp(['import-legacy'], database.url),
      mp(['import-legacy', '--from', 'mysql://x/y'], database.url),
      mp(['import-legacy', '--from', database.url, '--dry-run'], database.url),
      mp(['--help'], database.url),
    ])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('--dry-run')
    expect(missing.code).toBe(2)
    expect(wrongScheme.code).toBe(2)
    expect(foreign.code).toBe(1)
    expect(foreign.stdout).toContain("not the old system's database")
    // `pnpm mp --help` lists every command by name with one line (its own --help has the options).
    expect(usage.code).toBe(0)
    expect(usage.stdout).toMatch(/^ {2}import-legacy +bring the old system across/m)
  }, 300_000)

  it('a dry run prints the counts and imports nothing; the import prints the report and writes the CSV', async () => {
    const dry = await mp(['import-legacy', '--from', legacyUrl, '--dry-run'], database.url)
    expect(dry.code).toBe(0)
    expect(dry.stdout).toContain('DRY RUN: nothing was changed.')
    expect(dry.stdout).toMatch(/^staff\s+\d+\s+\d+\s+0\s+2$/m)
    expect(dry.stdout).not.toContain('One-time passwords')
    const db = createKysely(createPool(database.url, { max: 1 }))
    try {
      expect((await db.selectFrom('loan').select('id').execute()).length).toBe(0)
    } finally {
      await db.destroy()
    }
    const report = path.join(folder, 'differences.csv')
    const passwords = path.join(folder, 'passwords.tsv')
    const documents = path.join(folder, 'documents.csv')
    const done = await mp(
      [
        'import-legacy',
        '--from',
        legacyUrl,
        '--report',
        report,
        '--passwords',
        passwords,
        '--documents',
        documents,
      ],
      database.url,
    )
    expect(done.code).toBe(0)
    expect(done.stdout).toContain('Import committed.')
    expect(done.stdout).toMatch(/SCHEDULE_REMAINDER/)
    const csv = await fs.readFile(report, 'utf8')
    expect(csv.split('\n')[0]).toBe('loan_number,legacy_id,kind,old_system,new_system,detail')
    expect(csv).toContain(`${fixture.faults.overpaidLoan},`)
    expect((await fs.stat(passwords)).mode & 0o777).toBe(0o600)
    expect(await fs.readFile(documents, 'utf8')).toContain('https://res.cloudinary.com/legacy/')
    const verify = await mp(['ledger', 'verify'], database.url)
    expect(verify.stdout).not.toMatch(/stored .*, replay/)
    expect(verify.code).toBe(0)
  }, 300_000)

  it('the imported officer signs in with their one-time password, sets their own and sees their loans', async () => {
    expect(existsSync(mainJs), 'apps/server is built').toBe(true)
    expect(existsSync(webIndex), 'apps/web is built').toBe(true)
    const lines = (await fs.readFile(path.join(folder, 'passwords.tsv'), 'utf8')).split('\n')
    const oneTimePassword = lines.find((l) => l.startsWith(`${fixture.officerEmail}\t`))?.split('\t')[2] ?? ''
    expect(oneTimePassword).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/)
    app = await startBuiltApp({ DATABASE_URL: database.url, MP_SEED_DEMO: 'false', MP_AUTO_MIGRATE: 'true' })
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
    const { baseUrl } = app
    const problems: string[] = []
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    const page = await context.newPage()
    watchConsole(page, problems)
    await page.goto(`${baseUrl}/sign-in`)
    await page.getByLabel(/^Email address/).fill(fixture.officerEmail)
    await page.getByLabel(/^Password/).fill(oneTimePassword)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect.poll(() => page.getByRole('heading', { name: 'Set your password' }).isVisible()).toBe(true)
    await page.getByLabel(/^One-time password/).fill(oneTimePassword)
    await page.getByLabel(/^New password/).fill('Imported-okra-soup-9')
    await page.getByLabel(/^Confirm new password/).fill('Imported-okra-soup-9')
    await page.getByRole('button', { name: 'Set password' }).click()
    await expect.poll(() => page.getByRole('heading', { name: 'Set your password' }).isVisible()).toBe(false)

    // The API, as this officer, lists exactly the loans of their unions' members.
    const token = await signInCookie(baseUrl, {
      email: fixture.officerEmail,
      password: 'Imported-okra-soup-9',
    })
    const listed = await trpcQuery<{ items: { loanNumber: string }[]; total: number }>(
      baseUrl,
      token,
      'loan.list',
      {
        pageSize: 100,
      },
    )
    expect(listed.items.map((l) => l.loanNumber).sort()).toEqual([...fixture.officerLoanNumbers].sort())

    await page.goto(`${baseUrl}/loans`)
    const table = page.getByRole('table', { name: 'Loans' })
    await page.getByRole('combobox', { name: 'Rows per page' }).click()
    await page.getByRole('option', { name: '100', exact: true }).click()
    await expect.poll(() => table.getAttribute('aria-busy')).toBe('false')
    await expect
      .poll(async () => (await table.locator('tbody tr').allTextContents()).length)
      .toBe(fixture.officerLoanNumbers.length)
    const rows = (await table.locator('tbody tr').allTextContents()).join('\n')
    for (const loanNumber of fixture.officerLoanNumbers) expect(rows).toContain(loanNumber)
    await context.close()
    expect(problems).toEqual([])
  }, 300_000)
})
