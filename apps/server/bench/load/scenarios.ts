import { randomUUID } from 'node:crypto'
import { todayIn } from '@mp/domain'
import type pg from 'pg'
import { measure, percentile, Session, type Measurement } from './http.js'
import type { BenchServer } from './server.js'

/**
 * What `pnpm bench:load` measures over HTTP on one database (issue 11 §6), with real sessions: lists,
 * searches, detail, dashboards, the PAR report, the due list (and that every due loan is reachable),
 * postings at 20 clients, collection sheets, a CSV export of every loan and /health under load.
 *
 * Procedure names and inputs follow packages/api/src/routers (loan.list, member.list, loan.get,
 * report.dashboard, report.portfolio, loan.dueList/dueListSummary, repayment.record,
 * collectionSheet.get/post, export.start/status and GET /exports/:id/file).
 */
export type ScenarioResults = {
  today: string
  measurements: Measurement[]
  dueList: { summaryCount: number; walkedLoans: number; pages: number; seconds: number }
  exportCsv: { seconds: number; bytes: number; lines: number; rssPeakMb: number | null; rows: number | null }
  health: { samples: number; p50: number; p99: number; max: number; during: string }
  sheets: { rows: number; p50: number; max: number; count: number }
  /** Inputs the SQL floor reuses, so it measures the same pages. */
  fixtures: { officerId: string; detailLoanId: string; search: string }
}

const SEARCH = 'obi'
const PAGE = 50

type Page<T> = { items: T[]; nextCursor: string | null; total?: number }

async function rows<T>(pool: pg.Pool, text: string, values: unknown[] = []): Promise<T[]> {
  return (await pool.query(text, values)).rows as T[]
}

async function fixtures(pool: pg.Pool) {
  const [settings] = await rows<{ timezone: string }>(pool, 'select timezone from company_settings')
  const today = todayIn(settings?.timezone ?? 'Africa/Lagos')
  const officers = await rows<{ id: string; email: string; n: number }>(
    pool,
    `select o.id, o.email, count(*)::int as n from loan l
       join member m on m.id = l.member_id join "union" u on u.id = m.union_id
       join staff_user o on o.id = u.credit_officer_id
     where l.status in ('ACTIVE','DEFAULTED') group by 1, 2 order by n desc, o.email limit 20`,
  )
  const detail = await rows<{ id: string }>(
    pool,
    `select id from loan where status in ('ACTIVE','DEFAULTED') order by md5(id::text) limit 200`,
  )
  // Distinct running loans per officer for the postings, each still owing far more than ₦100.
  const postable = await rows<{ id: string; officer: string }>(
    pool,
    `select id, officer from (
       select l.id, u.credit_officer_id as officer,
         row_number() over (partition by u.credit_officer_id order by md5(l.id::text)) as k
       from loan l join loan_state s on s.loan_id = l.id join member m on m.id = l.member_id
       join "union" u on u.id = m.union_id
       where l.status in ('ACTIVE','DEFAULTED') and s.principal_outstanding > 100000) t
     where k <= 40`,
  )
  const unions = await rows<{ id: string; email: string; n: number }>(
    pool,
    `select u.id, o.email, count(*)::int as n from loan l join member m on m.id = l.member_id
       join "union" u on u.id = m.union_id join staff_user o on o.id = u.credit_officer_id
     where l.status in ('ACTIVE','DEFAULTED') group by 1, 2 order by n desc, u.id limit 3`,
  )
  return { today, officers, detail, postable, unions }
}

export async function runScenarios(
  server: BenchServer,
  pool: pg.Pool,
  password: string,
  log: (line: string) => void,
): Promise<ScenarioResults> {
  const f = await fixtures(pool)
  const topOfficer = f.officers[0]
  const detailLoan = f.detail[0]
  if (!topOfficer || !detailLoan) throw new Error('the bench database has no running loans')
  const admin = await Session.signIn(server.base, 'admin@load.test', password)
  const officer = await Session.signIn(server.base, topOfficer.email, password)
  const rss = server.rss
  const results: Measurement[] = []
  const run = async (
    name: string,
    options: { clients: number; requests: number; warmup?: number },
    call: (i: number, client: number) => Promise<unknown>,
  ) => {
    for (let i = 0; i < (options.warmup ?? 2); i++) await call(i, 0).catch(() => undefined)
    const m = await measure(name, { ...options, rss }, call)
    results.push(m)
    log(
      `  ${name.padEnd(34)} p50 ${m.p50.toFixed(1).padStart(8)} ms  p99 ${m.p99.toFixed(1).padStart(8)} ms  ` +
        `${m.rate.toFixed(1).padStart(7)}/s  errors ${m.errors}  RSS ${m.rssPeakMb ?? '?'} MB` +
        (m.firstError ? `  (${m.firstError.slice(0, 120)})` : ''),
    )
    return m
  }

  const list = (input: Record<string, unknown>) => () =>
    admin.query('loan.list', { pageSize: PAGE, ...input })
  await run('Loan list, first page', { clients: 1, requests: 40 }, list({}))
  await run('Loan list, first page', { clients: 20, requests: 400 }, list({}))
  await run('Loan list OVERDUE', { clients: 1, requests: 40 }, list({ status: 'OVERDUE' }))
  await run('Loan list OVERDUE', { clients: 20, requests: 400 }, list({ status: 'OVERDUE' }))
  await run(`Loan list search "${SEARCH}"`, { clients: 1, requests: 40 }, list({ search: SEARCH }))
  await run(`Member search "${SEARCH}"`, { clients: 1, requests: 40 }, () =>
    admin.query('member.list', { search: SEARCH, pageSize: PAGE }),
  )
  await run('Loan detail', { clients: 1, requests: 60 }, (i) =>
    admin.query('loan.get', { id: f.detail[i % f.detail.length]?.id }),
  )
  await run('Dashboard (admin)', { clients: 1, requests: 5, warmup: 1 }, () =>
    admin.query('report.dashboard', {}),
  )
  await run('Dashboard (officer)', { clients: 1, requests: 10, warmup: 1 }, () =>
    officer.query('report.dashboard', {}),
  )
  await run('PAR/portfolio report, first page', { clients: 1, requests: 10, warmup: 1 }, () =>
    admin.query('report.portfolio', { pageSize: PAGE }),
  )
  await run('Due list, first page', { clients: 1, requests: 20 }, () =>
    admin.query('loan.dueList', { pageSize: PAGE }),
  )

  // Every due loan reachable: walk the due list to its end and compare with the summary's count.
  const walkStarted = performance.now()
  const summary = await admin.query<{ count: number }>('loan.dueListSummary', {})
  const seen = new Set<string>()
  let cursor: string | null = null
  let pages = 0
  do {
    const page: Page<{ loanId: string }> = await admin.query('loan.dueList', {
      pageSize: 100,
      ...(cursor ? { cursor } : {}),
    })
    for (const item of page.items) seen.add(item.loanId)
    cursor = page.nextCursor
    pages += 1
  } while (cursor !== null && pages < 100_000)
  const dueList = {
    summaryCount: summary.count,
    walkedLoans: seen.size,
    pages,
    seconds: (performance.now() - walkStarted) / 1000,
  }
  log(
    `  due list walked: ${dueList.walkedLoans} loans in ${pages} pages; summary says ${dueList.summaryCount}`,
  )

  // Group lending (issue 16): the change history of changed loans, the pending list, the waiver report over
  // the year, a top-up loan's page and the dated application preview for a member of a union.
  const changed = await rows<{ loan_id: string }>(
    pool,
    `select distinct on (loan_id) loan_id from loan_change where status = 'APPROVED' order by loan_id limit 200`,
  )
  if (changed.length > 0) {
    await run('Loan changes of a loan', { clients: 1, requests: 60 }, (i) =>
      admin.query('loanChange.history', { loanId: changed[i % changed.length]?.loan_id }),
    )
  }
  await run('Pending changes, first page', { clients: 1, requests: 20 }, () =>
    admin.query('loanChange.pending', { page: 1, pageSize: PAGE }),
  )
  await run('Waiver report over a year, first page', { clients: 1, requests: 20 }, () =>
    admin.query('loanChange.waiverReport', {
      from: `${Number(f.today.slice(0, 4)) - 1}${f.today.slice(4)}`,
      to: f.today,
      page: 1,
      pageSize: PAGE,
    }),
  )
  const topUps = await rows<{ id: string }>(
    pool,
    `select id from loan where top_up_of_loan_id is not null and status = 'ACTIVE' order by id limit 50`,
  )
  if (topUps.length > 0) {
    await run('Loan detail of a top-up', { clients: 1, requests: 40 }, (i) =>
      admin.query('loan.get', { id: topUps[i % topUps.length]?.id }),
    )
  }
  const applicant = await rows<{
    member_id: string
    loan_type_id: string
    term_count: number
    principal: number
  }>(
    pool,
    `select l.member_id, l.loan_type_id, l.term_count, l.principal::float8 as principal from loan l
       join loan_type t on t.id = l.loan_type_id
     where l.status = 'ACTIVE' and t.is_active and l.term_count between t.min_term and t.max_term
       and l.principal between t.min_principal and t.max_principal
     order by md5(l.id::text) limit 1`,
  )
  const a = applicant[0]
  if (a) {
    await run("Application preview on the union's dates", { clients: 1, requests: 40 }, () =>
      admin.query('loan.preview', {
        memberId: a.member_id,
        loanTypeId: a.loan_type_id,
        principal: a.principal,
        termCount: a.term_count,
        startDate: f.today,
      }),
    )
  }

  // Postings: 20 clients, each an officer posting ₦100 on its own loans, never the same loan twice.
  const postingOfficers = await Promise.all(
    f.officers.slice(0, 20).map(async (o) => ({
      session: await Session.signIn(server.base, o.email, password),
      loans: f.postable.filter((p) => p.officer === o.id).map((p) => p.id),
      used: 0,
    })),
  )
  const perClient = Math.min(10, ...postingOfficers.map((o) => o.loans.length))
  await run(
    'Repayment posting',
    { clients: postingOfficers.length, requests: postingOfficers.length * perClient, warmup: 0 },
    (_, client) => {
      const poster = postingOfficers[client]
      const loanId = poster?.loans[poster.used++]
      if (!poster || !loanId) return Promise.reject(new Error('no loan left to post on'))
      return poster.session.mutate('repayment.record', {
        loanId,
        mode: 'AMOUNT',
        amount: 10_000,
        paidOn: f.today,
        method: 'CASH',
        idempotencyKey: randomUUID(),
      })
    },
  )

  // Collection sheets: the largest unions' meetings, up to 30 rows each, posted by their officers.
  const sheetTimes: number[] = []
  let sheetRows = 0
  for (const union of f.unions) {
    const poster = await Session.signIn(server.base, union.email, password)
    const sheet = await poster.query<{ rows: { loanId: string; dueNow: number; payoffAmount: number }[] }>(
      'collectionSheet.get',
      { unionId: union.id, date: f.today },
    )
    const chosen = sheet.rows.filter((r) => r.payoffAmount > 0).slice(0, 30)
    const t0 = performance.now()
    await poster.mutate('collectionSheet.post', {
      unionId: union.id,
      date: f.today,
      method: 'CASH',
      idempotencyKey: `bench-${randomUUID()}`,
      rows: chosen.map((r) => ({
        loanId: r.loanId,
        amount: Math.min(r.dueNow > 0 ? r.dueNow : 50_000, r.payoffAmount),
      })),
    })
    sheetTimes.push(performance.now() - t0)
    sheetRows = Math.max(sheetRows, chosen.length)
  }
  sheetTimes.sort((a, b) => a - b)
  const sheets = {
    rows: sheetRows,
    count: sheetTimes.length,
    p50: percentile(sheetTimes, 50),
    max: sheetTimes[sheetTimes.length - 1] ?? Number.NaN,
  }
  log(
    `  collection sheet of ${sheets.rows} rows: p50 ${sheets.p50.toFixed(0)} ms (max ${sheets.max.toFixed(0)} ms, ${sheets.count} sheets)`,
  )

  // CSV export of every loan: start, poll, download; time and the server's peak RSS.
  const exportAll = async () => {
    const job = await admin.mutate<{ id: string }>('export.start', {
      name: 'loans',
      format: 'csv',
      input: {},
    })
    let status: { state: string; rowsDone: number; error: string | null }
    do {
      await new Promise((resolve) => setTimeout(resolve, 100))
      status = await admin.query('export.status', { id: job.id })
    } while (status.state === 'RUNNING' || status.state === 'QUEUED')
    if (status.state !== 'DONE') throw new Error(`export ${status.state}: ${status.error ?? ''}`)
    const file = await admin.download(`/exports/${job.id}/file`)
    return { ...file, rows: status.rowsDone }
  }
  rss.reset()
  const exportStarted = performance.now()
  const exported = await exportAll()
  const exportCsv = {
    seconds: (performance.now() - exportStarted) / 1000,
    bytes: exported.bytes,
    lines: exported.lines,
    rows: exported.rows,
    rssPeakMb: rss.peakMb(),
  }
  log(
    `  CSV export: ${exportCsv.rows} rows, ${(exportCsv.bytes / 1e6).toFixed(1)} MB in ${exportCsv.seconds.toFixed(1)} s, peak RSS ${exportCsv.rssPeakMb ?? '?'} MB`,
  )

  // /health while an admin dashboard and an export run.
  const healthTimes: number[] = []
  const state = { isBusy: true }
  const busy = Promise.all([admin.query('report.dashboard', {}), exportAll()]).finally(() => {
    state.isBusy = false
  })
  while (state.isBusy) {
    const t0 = performance.now()
    await fetch(`${server.base}/health`, { signal: AbortSignal.timeout(30_000) }).then((r) => r.text())
    healthTimes.push(performance.now() - t0)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  await busy
  healthTimes.sort((a, b) => a - b)
  const health = {
    samples: healthTimes.length,
    p50: percentile(healthTimes, 50),
    p99: percentile(healthTimes, 99),
    max: healthTimes[healthTimes.length - 1] ?? Number.NaN,
    during: 'an admin dashboard and a CSV export of every loan',
  }
  log(
    `  /health during dashboard + export: p50 ${health.p50.toFixed(1)} ms, p99 ${health.p99.toFixed(1)} ms (${health.samples} samples)`,
  )

  return {
    today: f.today,
    measurements: results,
    dueList,
    exportCsv,
    health,
    sheets,
    fixtures: { officerId: topOfficer.id, detailLoanId: detailLoan.id, search: SEARCH },
  }
}
