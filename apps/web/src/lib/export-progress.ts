// What the Export menu shows while a file is written on the server (docs/product.md §7, §10: progress bars on long
// work). Pure, so the wording and the arithmetic are tested without a browser.
import type { RouterInputs, RouterOutputs } from './trpc'

export type ExportName = RouterInputs['export']['start']['name']
export type ExportFormat = RouterInputs['export']['start']['format']
export type ExportJob = RouterOutputs['export']['status']

/** How often the menu asks how far the job got. */
export const EXPORT_POLL_MS = 400

function exportFormatLabel(format: ExportFormat): string {
  switch (format) {
    case 'csv':
      return 'CSV'
    case 'xlsx':
      return 'Excel (XLSX)'
    case 'pdf':
      return 'PDF'
  }
}

/** The menu's choices, in the order they are offered. */
export const EXPORT_FORMATS: readonly { format: ExportFormat; label: string }[] = (
  ['csv', 'xlsx', 'pdf'] as const
).map((format) => ({ format, label: exportFormatLabel(format) }))

// A Record over the API's own names: a new export on the server fails the typecheck here until it is named.
const EXPORT_TITLES: Record<ExportName, string> = {
  loans: 'loans',
  repayments: 'repayments',
  members: 'members',
  unions: 'unions',
  staff: 'staff',
  audit: 'audit log',
  loginHistory: 'login history',
  dueList: 'due list',
  collectionSheet: 'collection sheet',
  portfolio: 'portfolio',
  aging: 'aging report',
  par: 'portfolio at risk',
  officerPerformance: 'officer performance',
  disbursements: 'disbursements',
  repaymentsByMethod: 'repayments by method',
  waivers: 'waivers',
}

/** 'Exporting loans as CSV' */
export function exportTitle(name: ExportName, format: ExportFormat): string {
  return `Exporting ${EXPORT_TITLES[name]} as ${exportFormatLabel(format)}`
}

export type ExportProgress = {
  /** 0–100, or null while the number of rows is not known yet (an indeterminate bar). */
  percent: number | null
  label: string
}

function rows(count: number): string {
  const grouped = String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${grouped} ${count === 1 ? 'row' : 'rows'}`
}

/**
 * The bar and its words for a job, or for `null` before the server has answered the start. The percent is
 * rounded down, so the bar never shows 100% before the file is complete.
 */
export function exportProgress(
  job: Pick<ExportJob, 'state' | 'rowsDone' | 'rowsTotal' | 'error'> | null,
): ExportProgress {
  if (job === null) return { percent: null, label: 'Starting…' }
  switch (job.state) {
    case 'DONE':
      return { percent: 100, label: `Done: ${rows(job.rowsDone)}` }
    case 'FAILED':
      return { percent: null, label: job.error ?? 'The export failed; try again' }
    case 'QUEUED':
      // Waiting for a worker (all busy, or retrying after a passing failure).
      return { percent: null, label: 'Waiting to start…' }
    case 'RUNNING': {
      if (job.rowsTotal === null) {
        return { percent: null, label: job.rowsDone === 0 ? 'Preparing…' : `${rows(job.rowsDone)} so far` }
      }
      if (job.rowsTotal === 0) return { percent: 0, label: 'No rows to write' }
      const done = Math.min(job.rowsDone, job.rowsTotal)
      const percent = Math.min(99, Math.floor((done / job.rowsTotal) * 100))
      const grouped = String(done).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
      return { percent, label: `${grouped} of ${rows(job.rowsTotal)} (${String(percent)}%)` }
    }
  }
}

/** Whether the server is still working on it (the menu keeps polling). */
export function isExportPending(job: Pick<ExportJob, 'state'>): boolean {
  return job.state === 'QUEUED' || job.state === 'RUNNING'
}

/** Where the finished file is downloaded from (same origin; the session cookie authorises it). */
export function exportFileUrl(id: string): string {
  return `/exports/${encodeURIComponent(id)}/file`
}
