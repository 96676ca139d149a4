// `pnpm bench:load [--sizes 10000,100000] [--seed 1] [--skip-seed] [--skip-build]` (issue 11 §6).
//
// Builds the production bundle, makes one database per size (on DATABASE_URL's server, else on an
// embedded PostgreSQL started for the bench), seeds it with `pnpm mp seed-load` unless a marker says it
// already holds that size and seed, starts the built server against it and measures over HTTP
// (scenarios.ts), then the SQL floor (sql-floor.ts), and writes docs/benchmarks.md.
//
// It lives in apps/server because everything it drives is the server's: the built main.js, the seed-load
// command it ships, its database package; it runs with tsx like the server's other scripts.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import {
  defaultDataDir,
  findRepoRoot,
  startEmbeddedPostgres,
  withDatabase,
  type EmbeddedPostgres,
} from '@mp/db'
import pg from 'pg'
import { ensureLoanChanges } from './changes.js'
import { comparedWith, renderReport, type SizeResult } from './report.js'
import { WEB_SECTION_HEADING } from '../web-load-doc.js'
import { runScenarios } from './scenarios.js'
import { startServer } from './server.js'
import { measureFloors } from './sql-floor.js'

const print = (text: string) => process.stdout.write(`${text}\n`)
const PASSWORD = 'LoadTest-2026!'
const COUNTED = [
  'member',
  'loan',
  'loan_installment',
  'loan_state',
  'repayment',
  'repayment_allocation',
  'collection_sheet',
  'loan_event',
  'loan_change',
] as const

type Marker = { loans: number; seed: number; today: string }

/** The CPU's model, and its clock when the system reports one (a VM may say 0). */
function cpuName(): string {
  const cpu = os.cpus()[0]
  if (!cpu) return '?'
  return cpu.speed > 0 ? `${cpu.model.trim()}, ${cpu.speed} MHz` : cpu.model.trim()
}

/**
 * Machines differ: the same fixed loop (300 M additions, best of three) times this one's single-core
 * speed, so runs on different machines can be compared (the bench's numbers scale with it roughly).
 */
function referenceLoopMs(): number {
  let best = Number.POSITIVE_INFINITY
  for (let attempt = 0; attempt < 3; attempt++) {
    const t0 = performance.now()
    let sum = 0
    for (let i = 0; i < 300_000_000; i++) sum += i
    if (sum < 0) throw new Error('unreachable')
    best = Math.min(best, performance.now() - t0)
  }
  return Math.round(best)
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

/** The LOAD_SEED audit row seed-load writes last, or null when the database is missing or unseeded. */
async function markerOf(adminUrl: string, database: string): Promise<Marker | null> {
  const exists = await withClient(adminUrl, (c) =>
    c.query('select 1 from pg_database where datname = $1', [database]),
  )
  if (!exists.rowCount) return null
  return withClient(withDatabase(adminUrl, database), async (c) => {
    try {
      const row = await c.query<{ after: Marker }>(
        `select after from audit_log where action = 'LOAD_SEED' order by created_at desc limit 1`,
      )
      return row.rows[0]?.after ?? null
    } catch {
      return null
    }
  })
}

async function recreate(adminUrl: string, database: string) {
  await withClient(adminUrl, async (c) => {
    await c.query(`drop database if exists ${c.escapeIdentifier(database)} with (force)`)
    await c.query(`create database ${c.escapeIdentifier(database)}`)
  })
}

function seed(root: string, url: string, loans: number, seedValue: number): Promise<number> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        path.join(root, 'apps/server/dist/cli/mp.js'),
        'seed-load',
        '--loans',
        String(loans),
        '--seed',
        String(seedValue),
      ],
      { cwd: root, env: { ...process.env, DATABASE_URL: url }, stdio: ['ignore', 'pipe', 'inherit'] },
    )
    child.stdout.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') print(`    ${line}`)
    })
    child.on('error', reject)
    child.on('exit', (code) => {
      if (code === 0) resolve((performance.now() - started) / 1000)
      else reject(new Error(`seed-load exited with ${code}`))
    })
  })
}

async function counts(url: string): Promise<Record<string, number>> {
  return withClient(url, async (c) => {
    const result: Record<string, number> = {}
    for (const table of COUNTED) {
      result[table] = Number(
        (await c.query<{ n: string }>(`select count(*) as n from ${table}`)).rows[0]?.n ?? 0,
      )
    }
    return result
  })
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '10000,100000' },
      seed: { type: 'string', default: '1' },
      'skip-seed': { type: 'boolean', default: false },
      'skip-build': { type: 'boolean', default: false },
    },
  })
  const sizes = values.sizes.split(',').map((s) => Number(s.trim().replace(/_/g, '')))
  const seedValue = Number(values.seed)
  if (sizes.some((s) => !Number.isInteger(s) || s < 100) || !Number.isInteger(seedValue)) {
    print('usage: pnpm bench:load [--sizes 10000,100000] [--seed 1] [--skip-seed] [--skip-build]')
    return 2
  }
  const root = findRepoRoot() ?? process.cwd()
  if (!values['skip-build']) {
    print('Building the production bundle (turbo build)…')
    const built = spawnSync('pnpm', ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
    })
    if (built.status !== 0) return 1
  }

  let embedded: EmbeddedPostgres | undefined
  const external = process.env.DATABASE_URL
  let adminUrl = external
  if (!adminUrl) {
    const dataDir = path.join(defaultDataDir(), 'bench-postgres')
    print(`Starting an embedded PostgreSQL for the bench in ${dataDir}…`)
    embedded = await startEmbeddedPostgres({ dataDir })
    adminUrl = embedded.adminUrl
  }
  const dataFile = path.join(root, 'docs/benchmarks-data.json')
  const previous: SizeResult[] = existsSync(dataFile)
    ? (JSON.parse(readFileSync(dataFile, 'utf8')) as SizeResult[])
    : []
  const fresh: SizeResult[] = []
  try {
    for (const loans of [...sizes].sort((a, b) => a - b)) {
      const database = `mp_bench_${loans}`
      const url = withDatabase(adminUrl, database)
      print('')
      print(`== ${loans.toLocaleString('en')} loans (${database}) ==`)
      const marker = await markerOf(adminUrl, database)
      let seedSeconds: number | null = null
      const isReused = marker !== null && marker.loans === loans && marker.seed === seedValue
      if (isReused) {
        print(`  reusing ${database}: seeded with ${loans} loans, seed ${seedValue}, on ${marker.today}`)
      } else if (values['skip-seed']) {
        print(
          `  --skip-seed, but ${database} holds no load portfolio of ${loans} loans with seed ${seedValue}`,
        )
        return 1
      } else {
        print(`  seeding ${database} with pnpm mp seed-load…`)
        await recreate(adminUrl, database)
        seedSeconds = await seed(root, url, loans, seedValue)
      }
      // The daily close as a deployment runs it (snapshots for the PAR trend, collection facts), so the
      // server's own start-up catch-up does not compete with the measurements; then fresh statistics.
      print('  daily close (pnpm mp ledger close) and vacuum analyze…')
      const closed = spawnSync(
        process.execPath,
        [path.join(root, 'apps/server/dist/cli/mp.js'), 'ledger', 'close'],
        {
          cwd: root,
          env: { ...process.env, DATABASE_URL: url },
          stdio: ['ignore', 'inherit', 'inherit'],
        },
      )
      if (closed.status !== 0) throw new Error(`ledger close exited with ${String(closed.status)}`)
      await withClient(url, (c) => c.query('vacuum analyze'))
      const server = await startServer({ root, databaseUrl: url })
      const pool = new pg.Pool({ connectionString: url, max: 2 })
      try {
        await new Promise((resolve) => setTimeout(resolve, 1000))
        const idle = server.rss.currentMb()
        print(`  server up at ${server.base} (pid ${server.pid}, RSS ${idle ?? '?'} MB)`)
        const changes = await ensureLoanChanges(server, pool, PASSWORD, print)
        const scenarios = await runScenarios(server, pool, PASSWORD, print)
        print('  SQL floor…')
        const floors = await measureFloors(pool, { today: scenarios.today, ...scenarios.fixtures })
        const version =
          (await pool.query<{ v: string }>(`select current_setting('server_version') as v`)).rows[0]?.v ?? '?'
        fresh.push({
          loans,
          seed: seedValue,
          measuredAt: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
          machine: {
            cores: os.availableParallelism(),
            cpu: cpuName(),
            referenceLoopMs: referenceLoopMs(),
            memoryGb: Math.round(os.totalmem() / 1024 ** 3),
            node: process.version,
            postgres: `PostgreSQL ${version.split(' ')[0] ?? version}`,
            database: external ? 'external' : 'embedded',
          },
          seeding: { seconds: seedSeconds, isReused, seededOn: marker?.today ?? null },
          counts: await counts(url),
          serverRssIdleMb: idle,
          changes,
          scenarios,
          floors,
        })
      } finally {
        await pool.end()
        await server.stop()
      }
    }
  } finally {
    await embedded?.stop()
  }
  for (const result of fresh) {
    const before = previous.find((p) => p.loans === result.loans)
    const compared = before ? comparedWith(result, before) : undefined
    if (compared) result.previous = compared
  }
  const merged = [...previous.filter((p) => !fresh.some((f) => f.loans === p.loans)), ...fresh]
  writeFileSync(dataFile, `${JSON.stringify(merged, null, 2)}\n`)
  // The web app's section (bench/web-load.ts, `pnpm bench`) is kept as it is, at the end.
  const docFile = path.join(root, 'docs/benchmarks.md')
  const previousDoc = existsSync(docFile) ? readFileSync(docFile, 'utf8') : ''
  const webSection = previousDoc.indexOf(WEB_SECTION_HEADING)
  const report =
    webSection >= 0
      ? `${renderReport(merged).trimEnd()}\n\n${previousDoc.slice(webSection)}`
      : renderReport(merged)
  writeFileSync(docFile, report)
  print('')
  print(report.split('\n## ')[1]?.replace(/^/, '## ') ?? '')
  print(`Wrote docs/benchmarks.md (and docs/benchmarks-data.json).`)
  return 0
}

main().then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    print(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
    process.exitCode = 1
  },
)
