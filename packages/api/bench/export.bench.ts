// Exports of 100,000 repayments (`pnpm --filter @mp/api bench`): time per format and the process's peak
// memory growth while writing, which must stay far below the file size × rows (rows are streamed).
import { sql } from '@mp/db'
import { afterAll, beforeAll, bench, describe } from 'vitest'
import { waitForExport } from '../src/exports/jobs.js'
import { startTestJobs } from '../test/support/jobs.js'
import { activeLoan, addLoanWorld, type LoanWorld } from '../test/loan-fixtures.js'
import { openTestDatabase } from '../test/staff-fixtures.js'

const ROWS = 100_000
let t: Awaited<ReturnType<typeof openTestDatabase>>
let queue: Awaited<ReturnType<typeof startTestJobs>>
let w: LoanWorld
const peaks: Record<string, { peakMb: number; fileMb: number; rows: number }> = {}

beforeAll(async () => {
  t = await openTestDatabase({ poolSize: 4 })
  queue = await startTestJobs(t)
  w = await addLoanWorld(t.db, '2025-06-02', queue)
  const loan = await activeLoan(w, { principal: 100_000_000, termCount: 52, startDate: '2025-01-06' })
  // 100,000 payment rows written straight to the table (the export only reads them).
  await sql`insert into repayment (loan_id, amount, paid_on, method, idempotency_key, request_hash, received_by)
            select ${loan.id}, 100 + (g % 5000), date '2025-01-06' + (g % 140), (array['CASH','TRANSFER','POS'])[1 + g % 3],
                   'bench-' || g, 'x', ${w.coA1.id}
            from generate_series(1, ${ROWS}) g`.execute(t.db)
}, 600_000)

afterAll(async () => {
  await queue.stop()
  console.table(peaks)
  await t.close()
})

async function exportAll(format: 'csv' | 'xlsx' | 'pdf') {
  const before = process.memoryUsage().rss
  let peak = before
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss)
  }, 25)
  try {
    const started = await w.asAdmin.export.start({ name: 'repayments', format, input: {} })
    const job = await waitForExport(t.db, w.admin.id, started.id, 600_000)
    const size = job.size ?? 0
    peaks[format] = {
      peakMb: Math.round((peak - before) / 1e6),
      fileMb: Math.round(size / 1e6),
      rows: job.rowsDone,
    }
    if (job.rowsDone !== ROWS)
      throw new Error(`exported ${String(job.rowsDone)} rows, expected ${String(ROWS)}`)
  } finally {
    clearInterval(timer)
  }
}

describe('export 100,000 repayments', () => {
  bench('CSV', () => exportAll('csv'), { iterations: 1, warmupIterations: 0, time: 0 })
  bench('XLSX', () => exportAll('xlsx'), { iterations: 1, warmupIterations: 0, time: 0 })
  bench('PDF', () => exportAll('pdf'), { iterations: 1, warmupIterations: 0, time: 0 })
})
