// The portfolio as of a past date that no snapshot or earlier computation covers is computed on the server
// in the background (docs/reports.md); the page shows a progress bar while it runs. Pure, so the wording
// and the arithmetic are tested without a browser.
import { reasonOf } from './errors'
import type { RouterOutputs } from './trpc'

export type AsOfRun = RouterOutputs['report']['asOfStatus']

/** How often the page asks how far the computation got. */
export const AS_OF_POLL_MS = 500

/** The server's answer for a past date it has not computed yet. */
export function isAsOfNotReady(error: unknown): boolean {
  return reasonOf(error) === 'AS_OF_NOT_READY'
}

function loans(count: number): string {
  const grouped = String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${grouped} ${count === 1 ? 'loan' : 'loans'}`
}

/** The bar (0–100, or null while the size is unknown) and its words, for a run or before it started. */
export function asOfProgress(run: Pick<AsOfRun, 'state' | 'loansDone' | 'loansTotal' | 'error'> | null): {
  percent: number | null
  label: string
} {
  if (run === null) return { percent: null, label: 'Starting…' }
  switch (run.state) {
    case 'DONE':
      return { percent: 100, label: `Done: ${loans(run.loansDone)}` }
    case 'FAILED':
      return { percent: null, label: run.error ?? 'The computation failed; try again' }
    case 'RUNNING': {
      if (run.loansTotal === null) return { percent: null, label: 'Preparing…' }
      if (run.loansTotal === 0) return { percent: 0, label: 'No loans on that date' }
      const done = Math.min(run.loansDone, run.loansTotal)
      // Rounded down: never 100% before the last loan is in.
      const percent = Math.min(99, Math.floor((done / run.loansTotal) * 100))
      const grouped = String(done).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
      return { percent, label: `${grouped} of ${loans(run.loansTotal)} (${String(percent)}%)` }
    }
  }
}
