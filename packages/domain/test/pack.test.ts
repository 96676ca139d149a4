// @mp/domain used outside the monorepo (issue 14 item 6): the package is packed as it would be published,
// installed from the tarball into an empty folder, and run under plain Node — by name, with no workspace,
// no TypeScript and no build step. turbo builds the package before this test (turbo.json).
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const packageDir = fileURLToPath(new URL('..', import.meta.url))

describe('the packed package', () => {
  let folder = ''
  let tarball = ''

  beforeAll(async () => {
    expect(existsSync(path.join(packageDir, 'dist', 'index.js')), 'dist/ is built').toBe(true)
    folder = await mkdtemp(path.join(os.tmpdir(), 'mp-domain-pack-'))
    execFileSync('pnpm', ['pack', '--pack-destination', folder], { cwd: packageDir, stdio: 'pipe' })
    const packed = (await readdir(folder)).find((name) => name.endsWith('.tgz'))
    tarball = path.join(folder, packed ?? '')
    // An empty project of someone else's, installing the tarball (no registry needed: no dependencies).
    const project = path.join(folder, 'project')
    execFileSync('mkdir', ['-p', project])
    await writeFile(
      path.join(project, 'package.json'),
      JSON.stringify({ name: 'their-script', type: 'module' }),
    )
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], {
      cwd: project,
      stdio: 'pipe',
    })
  }, 120_000)

  afterAll(async () => {
    if (folder) await rm(folder, { recursive: true, force: true })
  })

  it('holds the built library, its types, the examples and the README, and no sources or tests', () => {
    const listing = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean)
    expect(listing).toContain('package/dist/index.js')
    expect(listing).toContain('package/dist/index.d.ts')
    expect(listing).toContain('package/examples/schedule-table.mjs')
    expect(listing).toContain('package/README.md')
    expect(listing.filter((entry) => /\/(src|test|bench)\//.test(entry) || /\.test\./.test(entry))).toEqual(
      [],
    )
  })

  it('installs with exports that need no workspace condition', async () => {
    const installed = JSON.parse(
      await readFile(path.join(folder, 'project', 'node_modules', '@mp', 'domain', 'package.json'), 'utf8'),
    ) as { exports: Record<string, Record<string, string>>; version: string }
    expect(installed.exports['.']).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' })
    expect(installed.version).toMatch(/^\d+\.\d+\.\d+$/)
  })

  it('imports by name in a plain Node script and gives vector A to the kobo', async () => {
    const project = path.join(folder, 'project')
    await writeFile(
      path.join(project, 'script.mjs'),
      [
        "import { buildSchedule, formatNaira } from '@mp/domain'",
        'const schedule = buildSchedule({ principal: 10_000_000, termCount: 12, termUnit: "WEEK",',
        '  startDate: "2025-01-06", interest: { method: "FLAT", rate: "0.10", basis: "PER_TERM" } })',
        'console.log(JSON.stringify({ last: schedule.installments[11], total: formatNaira(schedule.total) }))',
      ].join('\n'),
    )
    const output = execFileSync(process.execPath, ['script.mjs'], { cwd: project, encoding: 'utf8' })
    expect(JSON.parse(output)).toEqual({
      last: {
        sequence: 12,
        dueDate: '2025-03-31',
        principal: 833337,
        interest: 83337,
        fee: 0,
        total: 916674,
      },
      total: '₦110,000.00',
    })
  })

  it('runs its example from the installed package', () => {
    const output = execFileSync(
      process.execPath,
      [
        path.join('node_modules', '@mp', 'domain', 'examples', 'schedule-table.mjs'),
        ...['--principal', '100000', '--term', '12', '--unit', 'WEEK', '--start', '2025-01-06'],
        ...['--method', 'FLAT', '--rate', '0.10', '--basis', 'PER_TERM'],
      ],
      { cwd: path.join(folder, 'project'), encoding: 'utf8' },
    )
    expect(output).toContain('2025-03-31')
    expect(output).toContain('₦110,000.00')
  })
})
