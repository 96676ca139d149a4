import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDb, type TestDb } from './helpers.js'

const run = promisify(execFile)
const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const tsx = createRequire(import.meta.url).resolve('tsx/esm')

/** `pnpm mp …` as an operator runs it: exit code, stdout (results) and stderr (progress). */
async function mp(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--conditions=@mp/source', '--import', tsx, 'src/cli/mp.ts', ...args],
      { cwd: serverDir, env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 },
    )
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string }
    return { code: failed.code ?? 1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' }
  }
}

describe('pnpm mp backup / verify-backup / restore / maintenance', () => {
  let testDb: TestDb
  let work: string
  let env: Record<string, string>
  beforeAll(async () => {
    testDb = await openTestDb()
    work = await mkdtemp(path.join(os.tmpdir(), 'mp-backup-cli-'))
    env = { DATABASE_URL: testDb.database.url, MP_DATA_DIR: work, CLOUDINARY_URL: '' }
    await testDb.db.insertInto('company_settings').values({ name: 'Millennium Potters' }).execute()
    await testDb.db
      .insertInto('staff_user')
      .values({
        email: 'ada@example.com',
        first_name: 'Ada',
        last_name: 'Obi',
        role: 'ADMIN',
        password_hash: 'x',
      })
      .execute()
  })
  afterAll(async () => {
    await testDb.close()
    await rm(work, { recursive: true, force: true })
  })

  const staffEmails = async () =>
    (await testDb.db.selectFrom('staff_user').select('email').orderBy('email').execute()).map(
      (row) => row.email,
    )

  it('backs up to storage and a file, verifies it in a scratch database, and restores it', async () => {
    for (const command of ['restore', 'verify-backup']) {
      const help = await mp([command, '--help'], env)
      expect({ command, code: help.code }).toEqual({ command, code: 0 })
      expect(help.stdout).toContain(`pnpm mp ${command}`)
    }

    const file = path.join(work, 'copy.mpbackup.gz')
    const made = await mp(['backup', '--out', file], env)
    expect(made.code, made.stdout + made.stderr).toBe(0)
    expect(made.stdout).toMatch(/staff_user\s+1\b/)
    expect(made.stdout).toMatch(/^backup [0-9a-f-]{36} stored: /m)
    expect(made.stderr).toMatch(/tables/)
    expect(
      gunzipSync(await readFile(file))
        .subarray(0, 9)
        .toString(),
    ).toBe('MPBACKUP\n')
    const stored = await testDb.db.selectFrom('backup').selectAll().execute()
    expect(stored.map((row) => [row.trigger, row.state])).toEqual([['MANUAL', 'DONE']])

    const verified = await mp(['verify-backup', file], env)
    expect(verified.code, verified.stdout + verified.stderr).toBe(0)
    expect(verified.stdout).toMatch(/verify-backup: \d+ tables, [\d,]+ rows, 0 differences/)
    expect(verified.stderr).toMatch(/dropping scratch database mp_verify_/)

    await testDb.db
      .insertInto('staff_user')
      .values({
        email: 'late@example.com',
        first_name: 'Late',
        last_name: 'Comer',
        role: 'ADMIN',
        password_hash: 'x',
      })
      .execute()
    const unconfirmed = await mp(['restore', file], env)
    expect(unconfirmed.code).toBe(2)
    expect(await staffEmails()).toEqual(['ada@example.com', 'late@example.com'])

    const restored = await mp(['restore', file, '--yes'], env)
    expect(restored.code, restored.stdout + restored.stderr).toBe(0)
    expect(restored.stdout).toMatch(/^restored \d+ tables/m)
    expect(await staffEmails()).toEqual(['ada@example.com'])
    const triggers = (
      await testDb.db.selectFrom('backup').select('trigger').orderBy('created_at').execute()
    ).map((row) => row.trigger)
    expect(triggers).toEqual(['MANUAL', 'PRE_RESTORE'])
  }, 240_000)

  it('refuses a truncated file with exit 1 and changes nothing; usage errors exit 2', async () => {
    const file = path.join(work, 'short.mpbackup.gz')
    const made = await mp(['backup', '--out', path.join(work, 'full.gz')], env)
    expect(made.code).toBe(0)
    const full = await readFile(path.join(work, 'full.gz'))
    await writeFile(file, full.subarray(0, Math.floor(full.length / 2)))
    const before = await staffEmails()
    const backupsBefore = await testDb.db.selectFrom('backup').select('id').execute()

    const verified = await mp(['verify-backup', file], env)
    expect(verified.code).toBe(1)
    expect(verified.stdout).toMatch(/truncated/)
    const restored = await mp(['restore', file, '--yes'], env)
    expect(restored.code).toBe(1)
    expect(restored.stdout).toMatch(/restore refused: The backup file is truncated .*nothing was changed/)
    expect(await staffEmails()).toEqual(before)
    expect(await testDb.db.selectFrom('backup').select('id').execute()).toEqual(backupsBefore)

    expect((await mp(['restore'], env)).code).toBe(2)
    expect((await mp(['restore', path.join(work, 'missing.gz'), '--yes'], env)).code).toBe(2)
    expect((await mp(['backup', '--bogus'], env)).code).toBe(2)
    expect((await mp(['verify-backup'], env)).code).toBe(2)
  }, 240_000)

  it('switches maintenance mode on and off, audited', async () => {
    const on = await mp(['maintenance', 'on', '--message', 'Back at 3 pm'], env)
    expect(on.code).toBe(0)
    let settings = await testDb.db.selectFrom('company_settings').selectAll().executeTakeFirstOrThrow()
    expect([settings.is_maintenance_mode, settings.maintenance_message]).toEqual([true, 'Back at 3 pm'])
    expect((await mp(['maintenance', 'sideways'], env)).code).toBe(2)
    expect((await mp(['maintenance'], env)).code).toBe(2)
    const off = await mp(['maintenance', 'off'], env)
    expect(off.code).toBe(0)
    settings = await testDb.db.selectFrom('company_settings').selectAll().executeTakeFirstOrThrow()
    expect(settings.is_maintenance_mode).toBe(false)
    const audit = await testDb.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'in', ['MAINTENANCE_ON', 'MAINTENANCE_OFF'])
      .orderBy('created_at')
      .execute()
    expect(audit.map((row) => row.action)).toEqual(['MAINTENANCE_ON', 'MAINTENANCE_OFF'])
  }, 120_000)
})
