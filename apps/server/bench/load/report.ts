import type { Measurement } from './http.js'
import type { ChangeCounts } from './changes.js'
import type { ScenarioResults } from './scenarios.js'
import type { FloorResult } from './sql-floor.js'

/** Everything measured on one portfolio size (also kept as JSON so a run of one size keeps the other). */
export type SizeResult = {
  loans: number
  seed: number
  measuredAt: string
  machine: {
    cores: number
    /** CPU model and clock, and the time of a fixed loop on one core (absent in older results). */
    cpu?: string
    referenceLoopMs?: number
    memoryGb: number
    node: string
    postgres: string
    database: 'external' | 'embedded'
  }
  seeding: { seconds: number | null; isReused: boolean; seededOn: string | null }
  counts: Record<string, number>
  serverRssIdleMb: number | null
  /**
   * Against the previous run at this size: the median, over the requests both measured, of this run's SQL
   * floor over that run's (how much slower or faster the machine and database answered the same SQL) and
   * of the API p50s. Absent for a first run.
   */
  previous?: { measuredAt: string; floorRatio: number; apiRatio: number }
  /** Issue 16's changes made on the database before measuring (absent in results from before them). */
  changes?: ChangeCounts
  scenarios: ScenarioResults
  floors: FloorResult[]
}

type Verdict = { value: string; isMet: boolean }
type Budget = { what: string; check: (r: SizeResult, all: readonly SizeResult[]) => Verdict | null }

const ms = (value: number) =>
  Number.isFinite(value) ? `${value < 10 ? value.toFixed(1) : Math.round(value)} ms` : '—'
const perSecond = (value: number) => `${Math.round(value)}/s`

function find(r: SizeResult, name: string, clients = 1): Measurement | undefined {
  return r.scenarios.measurements.find((m) => m.name === name && m.clients === clients)
}

function listBudget(name: string): Budget[] {
  return [
    {
      what: `${name}: p50 < 30 ms (1 client)`,
      check: (r) => {
        const m = find(r, name)
        return m ? { value: ms(m.p50), isMet: m.p50 < 30 && m.errors === 0 } : null
      },
    },
    {
      what: `${name}: ≥ 150 requests/s at 20 clients, 0 errors`,
      check: (r) => {
        const m = find(r, name, 20)
        return m
          ? { value: `${perSecond(m.rate)}, ${m.errors} errors`, isMet: m.rate >= 150 && m.errors === 0 }
          : null
      },
    },
  ]
}

/** The budgets of issue 11 (set for 100,000 loans; shown at every size for reference). */
export const BUDGETS: readonly Budget[] = [
  {
    what: 'Admin dashboard: p50 < 300 ms, server RSS < 500 MB',
    check: (r) => {
      const m = find(r, 'Dashboard (admin)')
      if (!m) return null
      return {
        value: `${ms(m.p50)}, ${m.rssPeakMb ?? '?'} MB`,
        isMet: m.p50 < 300 && m.errors === 0 && (m.rssPeakMb ?? Infinity) < 500,
      }
    },
  },
  {
    what: 'Officer dashboard: p50 < 150 ms',
    check: (r) => {
      const m = find(r, 'Dashboard (officer)')
      return m ? { value: ms(m.p50), isMet: m.p50 < 150 && m.errors === 0 } : null
    },
  },
  {
    what: 'PAR/portfolio report, first page: p50 < 300 ms',
    check: (r) => {
      const m = find(r, 'PAR/portfolio report, first page')
      return m ? { value: ms(m.p50), isMet: m.p50 < 300 && m.errors === 0 } : null
    },
  },
  ...listBudget('Loan list, first page'),
  ...listBudget('Loan list OVERDUE'),
  {
    what: 'Loan list: p50 at 100,000 within 1.5× of its p50 at 10,000',
    check: (r, all) => {
      const small = all.find((s) => s.loans === 10_000)
      const a = small && find(small, 'Loan list, first page')
      const b = find(r, 'Loan list, first page')
      if (r.loans !== 100_000 || !a || !b) return null
      return { value: `${(b.p50 / a.p50).toFixed(2)}×`, isMet: b.p50 <= 1.5 * a.p50 }
    },
  },
  {
    what: 'Member search: p50 < 30 ms',
    check: (r) => {
      const m = r.scenarios.measurements.find((x) => x.name.startsWith('Member search'))
      return m ? { value: ms(m.p50), isMet: m.p50 < 30 && m.errors === 0 } : null
    },
  },
  {
    what: 'Loan detail: p50 < 20 ms',
    check: (r) => {
      const m = find(r, 'Loan detail')
      return m ? { value: ms(m.p50), isMet: m.p50 < 20 && m.errors === 0 } : null
    },
  },
  {
    what: 'Group lending: change history, pending list, top-up detail, dated preview: p50 < 30 ms each',
    check: (r) => {
      const names = [
        'Loan changes of a loan',
        'Pending changes, first page',
        'Loan detail of a top-up',
        "Application preview on the union's dates",
      ]
      const found = names.map((name) => find(r, name)).filter((m) => m !== undefined)
      if (found.length === 0) return null
      const worst = Math.max(...found.map((m) => m.p50))
      return {
        value: `worst ${ms(worst)} (${found.length} of ${names.length})`,
        isMet: found.length === names.length && worst < 30 && found.every((m) => m.errors === 0),
      }
    },
  },
  {
    what: 'Waiver report over a year, first page: p50 < 100 ms',
    check: (r) => {
      const m = find(r, 'Waiver report over a year, first page')
      return m ? { value: ms(m.p50), isMet: m.p50 < 100 && m.errors === 0 } : null
    },
  },
  {
    what: 'Due list: every due loan reachable',
    check: (r) => ({
      value: `${r.scenarios.dueList.walkedLoans.toLocaleString('en')} of ${r.scenarios.dueList.summaryCount.toLocaleString('en')}`,
      isMet: r.scenarios.dueList.walkedLoans === r.scenarios.dueList.summaryCount,
    }),
  },
  {
    what: 'Due list: a page p50 < 100 ms',
    check: (r) => {
      const m = find(r, 'Due list, first page')
      return m ? { value: ms(m.p50), isMet: m.p50 < 100 && m.errors === 0 } : null
    },
  },
  {
    what: 'Repayment posting: ≥ 200/s at 20 clients on distinct loans, p99 < 150 ms',
    check: (r) => {
      const m = find(r, 'Repayment posting', 20)
      return m
        ? {
            value: `${perSecond(m.rate)}, p99 ${ms(m.p99)}, ${m.errors} errors`,
            isMet: m.rate >= 200 && m.p99 < 150 && m.errors === 0,
          }
        : null
    },
  },
  {
    what: 'CSV export of every loan: < 15 s, peak server RSS < 400 MB',
    check: (r) => ({
      value: `${r.scenarios.exportCsv.seconds.toFixed(1)} s, ${r.scenarios.exportCsv.rssPeakMb ?? '?'} MB`,
      isMet: r.scenarios.exportCsv.seconds < 15 && (r.scenarios.exportCsv.rssPeakMb ?? Infinity) < 400,
    }),
  },
  {
    what: '/health p99 < 50 ms while a dashboard and an export run',
    check: (r) => ({ value: ms(r.scenarios.health.p99), isMet: r.scenarios.health.p99 < 50 }),
  },
]

const n = (value: number) => value.toLocaleString('en')

function sizeSection(r: SizeResult): string[] {
  const s = r.scenarios
  const lines: string[] = []
  lines.push(`## ${n(r.loans)} loans`, '')
  lines.push(
    `Measured ${r.measuredAt} (today ${s.today}) on ${r.machine.cores} cores` +
      (r.machine.cpu ? ` (${r.machine.cpu}; reference loop ${r.machine.referenceLoopMs ?? '?'} ms)` : '') +
      `, ${r.machine.memoryGb} GB, Node ${r.machine.node}, ` +
      `${r.machine.postgres} (${r.machine.database}). Seed ${r.seed}: ` +
      (r.seeding.isReused
        ? `database reused (seeded ${r.seeding.seededOn ?? 'earlier'}).`
        : `seeded by \`pnpm mp seed-load\` in ${r.seeding.seconds?.toFixed(0) ?? '?'} s.`) +
      ` Server RSS after start: ${r.serverRssIdleMb ?? '?'} MB.`,
    '',
  )
  lines.push(
    Object.entries(r.counts)
      .map(([table, count]) => `${table} ${n(count)}`)
      .join(' · '),
    '',
  )
  if (r.previous) {
    const p = r.previous
    lines.push(
      `Against the previous run (${p.measuredAt}): the same SQL took ${p.floorRatio.toFixed(1)}× as long (median SQL floor ` +
        `ratio) and the API ${p.apiRatio.toFixed(1)}× (median p50 ratio). A floor ratio far from 1 is the machine, not the code: ` +
        `read the budgets against it.`,
      '',
    )
  }
  if (r.changes) {
    const c = r.changes
    lines.push(
      `Group lending on this database (made over HTTP by \`bench/load/changes.ts\`: the officer asks, the admin approves): ` +
        `${n(c.waivers)} waivers, ${n(c.reschedules)} reschedules, ${n(c.restructures)} restructures, ` +
        `${n(c.pending)} requests pending, ${n(c.topUps)} top-ups` +
        (c.seconds > 0
          ? ` (made in ${c.seconds.toFixed(0)} s; ${n(c.refused)} requests refused by the server's rules).`
          : '.'),
      '',
    )
  }
  lines.push('| Request | Clients | Requests | p50 | p99 | Requests/s | Errors | Peak server RSS |')
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|')
  for (const m of s.measurements) {
    lines.push(
      `| ${m.name} | ${m.clients} | ${m.requests} | ${ms(m.p50)} | ${ms(m.p99)} | ${m.rate.toFixed(1)} | ${m.errors} | ${m.rssPeakMb ?? '?'} MB |`,
    )
  }
  lines.push(
    `| Collection sheet of ${s.sheets.rows} rows (posted by the union's officer) | 1 | ${s.sheets.count} | ${ms(s.sheets.p50)} | ${ms(s.sheets.max)} | — | 0 | — |`,
    `| CSV export of every loan (start, poll, download) | 1 | 1 | ${s.exportCsv.seconds.toFixed(1)} s | — | — | 0 | ${s.exportCsv.rssPeakMb ?? '?'} MB |`,
    `| /health while ${s.health.during} | 1 | ${s.health.samples} | ${ms(s.health.p50)} | ${ms(s.health.p99)} | — | 0 | — |`,
    '',
  )
  const errors = s.measurements.filter((m) => m.firstError)
  for (const m of errors)
    lines.push(`- ${m.name} (${m.clients} clients), first error: \`${m.firstError ?? ''}\``)
  if (errors.length > 0) lines.push('')
  lines.push(
    `Due list: ${n(s.dueList.walkedLoans)} loans reached by following \`nextCursor\` over ${n(s.dueList.pages)} pages of 100 ` +
      `(${s.dueList.seconds.toFixed(1)} s); \`loan.dueListSummary\` counts ${n(s.dueList.summaryCount)}. ` +
      `CSV export: ${n(s.exportCsv.rows ?? 0)} rows, ${(s.exportCsv.bytes / 1e6).toFixed(1)} MB, ${n(s.exportCsv.lines)} lines.`,
    '',
  )
  lines.push('### SQL floor', '')
  lines.push(
    "The plain SQL that produces the same page or figures, run with `EXPLAIN (ANALYZE, BUFFERS)` on the same database (best of three; several statements are summed). API/SQL = the request's p50 over the floor.",
    '',
  )
  lines.push('| Request | SQL floor | API p50 | API/SQL |')
  lines.push('|---|---:|---:|---:|')
  for (const f of r.floors) {
    const api =
      f.name === 'CSV export of every loan'
        ? s.exportCsv.seconds * 1000
        : (s.measurements.find((m) => m.name.startsWith(f.name) && m.clients === 1)?.p50 ?? Number.NaN)
    lines.push(
      `| ${f.name} | ${ms(f.ms)} | ${ms(api)} | ${Number.isFinite(api) ? (api / f.ms).toFixed(1) : '—'}× |`,
    )
  }
  lines.push('')
  for (const f of r.floors) {
    lines.push(`<details><summary>${f.name}: plan${f.plans.length > 1 ? 's' : ''}</summary>`, '')
    f.statements.forEach((statement, index) => {
      lines.push(
        '```sql',
        statement
          .split('\n')
          .map((line) => line.trim())
          .join('\n'),
        '```',
        '```',
        f.plans[index] ?? '',
        '```',
        '',
      )
    })
    lines.push('</details>', '')
  }
  return lines
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? Number.NaN)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2
}

/** How `fresh` compares with `before` at the same size (see SizeResult.previous). */
export function comparedWith(fresh: SizeResult, before: SizeResult): SizeResult['previous'] {
  const floors = fresh.floors
    .map((f) => {
      const old = before.floors.find((b) => b.name === f.name)
      return old && old.ms > 0 ? f.ms / old.ms : null
    })
    .filter((ratio) => ratio !== null)
  const apis = fresh.scenarios.measurements
    .map((m) => {
      const old = before.scenarios.measurements.find((b) => b.name === m.name && b.clients === m.clients)
      return old && old.p50 > 0 && Number.isFinite(m.p50) ? m.p50 / old.p50 : null
    })
    .filter((ratio) => ratio !== null)
  if (floors.length === 0 || apis.length === 0) return undefined
  return { measuredAt: before.measuredAt, floorRatio: median(floors), apiRatio: median(apis) }
}

export function renderReport(results: readonly SizeResult[]): string {
  const sizes = [...results].sort((a, b) => b.loans - a.loans)
  const lines: string[] = [
    '# Load benchmarks',
    '',
    'Written by `pnpm bench:load` (apps/server/bench/load): it builds the production bundle, seeds one database per size with',
    '`pnpm mp seed-load` (reused when a database with that size and seed exists), starts `node apps/server/dist/main.js`',
    '(NODE_ENV=production) against it and measures over HTTP with real sessions, as the web app calls the API. Budgets are',
    'the scale budgets, set for 100,000 loans; at 10,000 they are shown for reference. Before measuring it runs the daily',
    'close (`pnpm mp ledger close`) and `vacuum analyze`, as a deployment has them. The first time a database is measured it',
    'also gets group lending as an office makes it (`bench/load/changes.ts`, over HTTP: the officer asks, the admin',
    'approves): waivers, reschedules, restructures, requests left pending and top-ups, so the change history, the pending',
    'list, the waiver report, PAR with restructured loans and the top-up links are measured on real rows.',
    '',
    '**Noise.** This is a 2-core machine, and the bench client, the server and PostgreSQL share those cores: treat single',
    'numbers as ±30 % and compare orders of magnitude. Machines differ too: each run names its CPU and times a fixed loop',
    '(300 M additions on one core); the numbers scale with it roughly, the SQL floor with them.',
    '',
    '**What the numbers rest on** (docs/decisions/0004-stored-loan-ledger.md): every read comes from the stored ledger in',
    'SQL, never a replay of the portfolio; lists page by keyset with counts capped at 1,000; the server sets, for its own',
    'sessions, `jit=off` (PostgreSQL 15 spent seconds compiling millisecond list queries), `random_page_cost=1.1` (the',
    'working set is cached) and `max_parallel_workers_per_gather=0` (on two cores shared with Node, parallel workers made',
    'one big aggregate starve every other request: /health p99 54 → 13 ms, the PAR page 197 → 109 ms); /health probes on',
    'its own connection; a posting is 15 statements and one replay.',
    '',
    'Postings and sheets write to the bench database, so a reused database has a few more repayments on each run.',
    '',
    '`pnpm bench:load [--sizes 10000,100000] [--seed 1] [--skip-seed] [--skip-build]`; `DATABASE_URL` set: the databases',
    '`mp_bench_<size>` are made on that server, otherwise on an embedded PostgreSQL in `.data/bench-postgres`.',
    '',
    '## Budgets',
    '',
    `| Budget | ${sizes.map((r) => `${n(r.loans)} loans`).join(' | ')} |`,
    `|---|${sizes.map(() => '---').join('|')}|`,
  ]
  for (const budget of BUDGETS) {
    const cells = sizes.map((r) => {
      const verdict = budget.check(r, results)
      return verdict ? `${verdict.isMet ? '✅' : '❌'} ${verdict.value}` : '—'
    })
    lines.push(`| ${budget.what} | ${cells.join(' | ')} |`)
  }
  lines.push('')
  for (const r of sizes) lines.push(...sizeSection(r))
  return `${lines.join('\n').trimEnd()}\n`
}
