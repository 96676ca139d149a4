#!/usr/bin/env node
// `pnpm test`: the whole suite, as CI runs it.
// 1. makes sure the system Chromium exists for the browser tests (apt-get as root, once);
// 2. runs every package's tests through turbo, each writing a JSON report;
// 3. ends with one plain line: "N passed, N failed", counted from those reports.
// Set DATABASE_URL to run the database tests against that server instead of an embedded one.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const label = process.env.DATABASE_URL ? 'external-db' : 'embedded-db'
const resultsDir = path.join(root, 'test-results', label)

function ensureChromium() {
  if (existsSync(chromium)) return
  const isRoot = os.userInfo().uid === 0
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log(
      `Chromium not found at ${chromium}: installing Debian's chromium package (browser tests need it)`,
    )
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
    const install = spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env })
    if (update.status === 0 && install.status === 0 && existsSync(chromium)) return
  }
  console.error(
    `Chromium is required for the browser tests and was not found at ${chromium}.\n` +
      'Install it (Debian/Ubuntu: sudo apt-get install -y chromium) or set CHROMIUM_PATH.',
  )
  process.exit(1)
}

ensureChromium()
rmSync(resultsDir, { recursive: true, force: true })
mkdirSync(resultsDir, { recursive: true })

const passThrough = process.argv.slice(2)
const run = spawnSync('pnpm', ['exec', 'turbo', 'run', 'test', '--continue', ...passThrough], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    MP_TEST_RESULTS_DIR: resultsDir,
    TURBO_TELEMETRY_DISABLED: '1',
    CHROMIUM_PATH: chromium,
  },
})

// Every package with a test script must have reported; a missing report is a failure too.
const packages = ['apps', 'packages'].flatMap((group) =>
  readdirSync(path.join(root, group)).flatMap((name) => {
    const manifest = path.join(root, group, name, 'package.json')
    if (!existsSync(manifest)) return []
    const json = JSON.parse(readFileSync(manifest, 'utf8'))
    return json.scripts?.test ? [name] : []
  }),
)
let passed = 0
let failed = 0
for (const name of packages) {
  const report = path.join(resultsDir, `${name}.json`)
  if (!existsSync(report)) {
    console.error(`no test report from ${name}: counted as 1 failure`)
    failed += 1
    continue
  }
  const json = JSON.parse(readFileSync(report, 'utf8'))
  passed += json.numPassedTests ?? 0
  failed += json.numFailedTests ?? 0
  // A file that failed to load has no tests to count but is still a failure.
  const brokenFiles = (json.testResults ?? []).filter(
    (file) => file.status === 'failed' && (file.assertionResults ?? []).length === 0,
  ).length
  failed += brokenFiles
}
if (run.status !== 0 && failed === 0) failed = 1
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed === 0 && run.status === 0 ? 0 : 1)
