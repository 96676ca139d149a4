import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import path from 'node:path'
import { promisify } from 'node:util'
import { fileURLToPath } from 'node:url'
import { verifyPassword } from '@mp/auth'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDb, type TestDb } from './helpers.js'

const run = promisify(execFile)
const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const tsx = createRequire(import.meta.url).resolve('tsx/esm')

async function mp(args: string[], databaseUrl: string) {
  try {
    const { stdout } = await run(
      process.execPath,
      ['--conditions=@mp/source', '--import', tsx, 'src/cli/mp.ts', ...args],
      {
        cwd: serverDir,
        env: { ...process.env, DATABASE_URL: databaseUrl },
      },
    )
    return { code: 0, stdout }
  } catch (error) {
    const failed = error as { code?: number; stdout?: string }
    return { code: failed.code ?? 1, stdout: failed.stdout ?? '' }
  }
}

describe('pnpm mp create-admin', () => {
  let testDb: TestDb
  beforeAll(async () => {
    testDb = await openTestDb()
  })
  afterAll(async () => {
    await testDb.close()
  })

  it('creates an admin with a one-time password printed once, and refuses bad or duplicate input', async () => {
    const created = await mp(
      ['create-admin', '--email', 'Chief@Example.com', '--first-name', 'Ifeoma', '--last-name', 'Obi'],
      testDb.database.url,
    )
    expect(created.code).toBe(0)
    const oneTimePassword = /^\s+([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})$/m.exec(created.stdout)?.[1] ?? ''
    expect(oneTimePassword).not.toBe('')
    const row = await testDb.db
      .selectFrom('staff_user')
      .selectAll()
      .where('email', '=', 'chief@example.com')
      .executeTakeFirstOrThrow()
    expect(row).toMatchObject({ role: 'ADMIN', must_change_password: true, first_name: 'Ifeoma' })
    expect(await verifyPassword(row.password_hash, oneTimePassword)).toBe(true)
    const audit = await testDb.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'CLI_CREATE_ADMIN')
      .execute()
    expect(JSON.stringify(audit)).not.toContain(oneTimePassword)

    const duplicate = await mp(
      ['create-admin', '--email', 'chief@example.com', '--first-name', 'A', '--last-name', 'B'],
      testDb.database.url,
    )
    expect(duplicate.code).toBe(1)
    expect(duplicate.stdout).toMatch(/already exists/)

    const bad = await mp(
      ['create-admin', '--email', 'not-an-email', '--first-name', 'A'],
      testDb.database.url,
    )
    expect(bad.code).toBe(2)
    expect(bad.stdout).toMatch(/--email must be a valid email address/)
    expect(bad.stdout).toMatch(/--last-name is required/)
  }, 60_000)
})

describe('pnpm mp: every command listed and each one answering --help', () => {
  const COMMANDS = [
    'create-admin',
    'migrate',
    'seed-demo',
    'seed-load',
    'backup',
    'restore',
    'verify-backup',
    'import-legacy',
    'maintenance',
    'ledger',
  ]
  // --help never opens the database: an unreachable one proves it.
  const nowhere = 'postgres://nobody@127.0.0.1:1/none'

  it('lists the commands with --help (exit 0), and says so on none or an unknown one (exit 2)', async () => {
    const help = await mp(['--help'], nowhere)
    expect(help.code).toBe(0)
    for (const name of COMMANDS) expect(help.stdout).toMatch(new RegExp(`^  ${name} +\\S`, 'm'))
    const none = await mp([], nowhere)
    expect(none.code).toBe(2)
    expect(none.stdout).toContain('usage: pnpm mp <command>')
    const unknown = await mp(['frobnicate'], nowhere)
    expect(unknown.code).toBe(2)
    expect(unknown.stdout).toContain('unknown command: frobnicate')
  }, 120_000)

  it.each(COMMANDS)(
    '%s --help prints its usage and exits 0 without a database',
    async (name) => {
      const result = await mp([name, '--help'], nowhere)
      expect(result.code, result.stdout).toBe(0)
      expect(result.stdout).toContain(`pnpm mp ${name}`)
    },
    120_000,
  )

  it('migrate applies what is pending and then finds nothing to do', async () => {
    const testDb = await openTestDb()
    try {
      const result = await mp(['migrate'], testDb.database.url)
      expect(result.code).toBe(0)
      expect(result.stdout).toContain('No pending migrations.')
      expect(await mp(['migrate', '--now'], testDb.database.url)).toMatchObject({ code: 2 })
    } finally {
      await testDb.close()
    }
  }, 120_000)
})
