import { sql, type LoanStatusValue } from '@mp/db'
import type { RawBuilder } from 'kysely'
import { formatNaira, type Schedule } from '@mp/domain'
import { allocationRowsOf, ledgerLoanOf, ledgerOf } from '../ledger/state.js'
import { replayBatch } from '../ledger/replay.js'
import { writeLedgers } from '../ledger/write.js'
import { countsOf, insertChunked, type ImportRun, type LoanDifference } from './run.js'

// The ledger of imported loans and the per-loan comparison with the old system's own figures
// (docs/cutover.md, "The difference report").

/** What the old system said about a loan, kept for the comparison after the engine has replayed it. */
export type OldFigures = {
  legacyId: string
  loanNumber: string
  principal: number
  oldStatus: string
  itemCount: number
  scheduled: number
  itemsPaid: number
  repaid: number
  refusedRepayments: number
  dueDates: Map<number, string>
  allocationDrift: number
  oldUnionId: string | null
  memberUnionId: string | null
  hasNoDisbursementDate: boolean
  schedule: Schedule
}

const naira = (kobo: number) => formatNaira(kobo)

/**
 * Replays every imported disbursed loan with @mp/domain, stores its status, allocations and ledger
 * (ADR 0004, as `ledger rebuild --allocations` does, but inside the import's transaction) and lists what
 * differs from the old system's figures.
 */
export async function ledgerAndCompare(run: ImportRun, oldFigures: Map<string, OldFigures>): Promise<void> {
  const ids = [...oldFigures.keys()].sort()
  let done = 0
  for (let start = 0; start < ids.length; start += 500) {
    const batch = ids.slice(start, start + 500)
    const replayed = await replayBatch(run.trx, batch, {
      asOf: run.today,
      defaultAfterDays: run.defaultAfterDays,
      isAsOfRaisedToLastEvent: true,
    })
    const stored = new Map(
      (
        await run.trx
          .selectFrom('loan')
          .select(['id', 'status', 'closed_at'])
          .where('id', 'in', batch)
          .execute()
      ).map((l) => [l.id, l]),
    )
    const ledgers = []
    const allocationRows = []
    const statuses: RawBuilder<unknown>[] = []
    for (const r of replayed) {
      const row = stored.get(r.id)
      const old = oldFigures.get(r.id)
      if (row === undefined || old === undefined) continue
      const status: LoanStatusValue = row.status === 'WRITTEN_OFF' ? 'WRITTEN_OFF' : r.position.status
      if (status !== row.status)
        statuses.push(sql`(${r.id}::uuid, ${status}, ${r.position.completedOn}::date)`)
      ledgers.push(
        ledgerOf(
          ledgerLoanOf({ id: r.id, created_at: r.createdAt, status, closed_at: row.closed_at }, run.timeZone),
          r.terms,
          r.position,
          r.repayments,
        ),
      )
      allocationRows.push(...allocationRowsOf(r.id, r.position.repayments))
      compare(run, old, status, r.position)
    }
    // The stored status follows the replay as of today (COMPLETED, DEFAULTED or ACTIVE), as after a posting.
    if (statuses.length > 0)
      await sql`update loan set status = v.status, completed_on = v.completed_on
        from (values ${sql.join(statuses)}) as v(id, status, completed_on) where loan.id = v.id`.execute(
        run.trx,
      )
    await writeLedgers(run.trx, ledgers)
    await insertChunked(allocationRows, 5000, (chunk) =>
      run.trx.insertInto('repayment_allocation').values(chunk).execute(),
    )
    countsOf(run, 'allocation').imported += allocationRows.length
    done += batch.length
    run.progress('ledger', done, ids.length)
  }
}

type Position = Awaited<ReturnType<typeof replayBatch>>[number]['position']

function compare(run: ImportRun, old: OldFigures, status: LoanStatusValue, position: Position): void {
  const add = (kind: string, oldValue: string, newValue: string, detail: string) => {
    const difference: LoanDifference = {
      loanNumber: old.loanNumber,
      legacyId: old.legacyId,
      kind,
      old: oldValue,
      new: newValue,
      detail,
    }
    run.differences.push(difference)
  }
  const termCount = old.schedule.installments.length
  if (old.itemCount !== termCount) {
    add(
      'SCHEDULE_ROWS',
      String(old.itemCount),
      String(termCount),
      'the old schedule had a different number of installments (missing or never generated); the engine built the full schedule',
    )
  } else if (old.scheduled !== old.principal) {
    const gap = old.principal - old.scheduled
    add(
      'SCHEDULE_REMAINDER',
      naira(old.scheduled),
      naira(old.principal),
      gap > 0
        ? `the old installments added up to ${naira(gap)} less than the principal (the rounding remainder was never scheduled); the engine's last installment carries it`
        : `the old installments added up to ${naira(-gap)} more than the principal (each was rounded up); the engine schedules exactly the principal, its last installment taking the remainder`,
    )
  }
  let moved = 0
  for (const installment of old.schedule.installments) {
    const oldDay = old.dueDates.get(installment.sequence)
    if (oldDay !== undefined && oldDay !== installment.dueDate) moved += 1
  }
  if (moved > 0)
    add(
      'DUE_DATES',
      `${moved} different`,
      `${termCount} installments`,
      'due dates differ from the old schedule (the old system rolled a month end over into the next month); the engine clamps to the month end',
    )
  if (position.creditBalance > 0) {
    add(
      'OVERPAID',
      naira(old.repaid),
      naira(old.repaid - position.creditBalance),
      `payments exceed what the loan owed by ${naira(position.creditBalance)}: kept as a credit balance owed to the member, never allocated`,
    )
  }
  const oldOutstanding = Math.max(0, old.principal - old.itemsPaid)
  if (oldOutstanding !== position.payoffAmount) {
    add(
      'OUTSTANDING',
      naira(oldOutstanding),
      naira(position.payoffAmount),
      "what the old system showed as left to pay differs from the engine's payoff",
    )
  }
  if (old.refusedRepayments > 0)
    add(
      'REPAYMENTS_REFUSED',
      String(old.refusedRepayments),
      '0',
      'repayments refused by the import (see the refusals); the position leaves them out',
    )
  const oldComparable = old.oldStatus
  if (oldComparable !== status)
    add(
      'STATUS',
      oldComparable,
      status,
      "the old status was set by hand or only when a payment arrived; the engine's is from the payments and the dates",
    )
  if (old.allocationDrift > 0)
    add(
      'ALLOCATIONS',
      `${old.allocationDrift} installments`,
      'replayed',
      "the old allocation rows disagreed with the installments' paid amounts; allocations are the engine's replay of the same payments",
    )
  if (old.oldUnionId !== null && old.memberUnionId !== null && old.oldUnionId !== old.memberUnionId)
    add(
      'UNION',
      old.oldUnionId,
      old.memberUnionId,
      "the old system kept this loan under a union its member had left; here a loan follows its member (and so the member's officer)",
    )
  if (old.hasNoDisbursementDate)
    add(
      'DISBURSED_ON',
      '(none)',
      'start date',
      'the old system recorded no disbursement date (loans an admin booked went straight to ACTIVE); the start date is used',
    )
}
