import { type Database, type Kysely } from '@mp/db'
import { companyTimezone } from '../services/list-query.js'
import { disbursedLoanIds, replayBatch } from './replay.js'
import { allocationRowsOf, ledgerLoanOf, ledgerOf } from './state.js'
import { writeLedgers } from './write.js'

export type LedgerRunOptions = {
  /** The date the ledger is computed for: today in the company timezone (on or after every event). */
  today: string
  defaultAfterDays: number
  /** Company timezone (the write-off day of a loan); read from the settings when not given. */
  timeZone?: string
  batchSize?: number
  /** Only these loans (default: every disbursed loan). */
  loanIds?: readonly string[]
  onProgress?: (done: number) => void
}

/**
 * `pnpm mp ledger rebuild`: rewrites every disbursed loan's ledger from its history by replaying it with
 * @mp/domain, batch by batch, each batch in one transaction with its loans locked (safe while staff
 * post). With `allocations`, the stored allocations of the standing repayments are rewritten too.
 */
export async function rebuildLedger(
  db: Kysely<Database>,
  options: LedgerRunOptions & { allocations?: boolean },
): Promise<{ loans: number }> {
  const batchSize = options.batchSize ?? 500
  const timeZone = options.timeZone ?? (await companyTimezone(db))
  let done = 0
  const run = async (ids: readonly string[]) => {
    await db.transaction().execute(async (trx) => {
      const replayed = await replayBatch(trx, ids, {
        asOf: options.today,
        defaultAfterDays: options.defaultAfterDays,
        lock: true,
        isAsOfRaisedToLastEvent: true,
      })
      await writeLedgers(
        trx,
        replayed.map((r) =>
          ledgerOf(
            ledgerLoanOf(
              { id: r.id, created_at: r.createdAt, status: r.storedStatus, closed_at: r.closedAt },
              timeZone,
            ),
            r.terms,
            r.position,
            r.repayments,
          ),
        ),
      )
      if (options.allocations) {
        const loanIds = replayed.map((r) => r.id)
        if (loanIds.length > 0)
          await trx.deleteFrom('repayment_allocation').where('loan_id', 'in', loanIds).execute()
        const rows = replayed.flatMap((r) => allocationRowsOf(r.id, r.position.repayments))
        for (let start = 0; start < rows.length; start += 5000) {
          await trx
            .insertInto('repayment_allocation')
            .values(rows.slice(start, start + 5000))
            .execute()
        }
      }
      done += replayed.length
    })
    options.onProgress?.(done)
  }
  if (options.loanIds !== undefined) {
    const ids = [...options.loanIds].sort()
    for (let start = 0; start < ids.length; start += batchSize) await run(ids.slice(start, start + batchSize))
    return { loans: done }
  }
  let after: string | null = null
  for (;;) {
    const ids = await disbursedLoanIds(db, after, batchSize)
    if (ids.length === 0) break
    await run(ids)
    after = ids[ids.length - 1] ?? null
  }
  return { loans: done }
}
