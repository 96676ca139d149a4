import { sql, type Database, type Kysely, type Transaction } from '@mp/db'
import { disbursedLoanIds, replayBatch, sampleLoanIds, type ReplayedLoan } from './replay.js'
import type { LedgerRunOptions } from './rebuild.js'
import { daysPastDueSql, installmentOutstandingSql, penaltyAccruedSql, statusSql } from './sql.js'
import { INSTALLMENT_LEDGER_FIELDS, LEDGER_STATE_FIELDS, ledgerLoanOf, ledgerOf } from './state.js'
import { companyTimezone } from '../services/list-query.js'

export type LedgerDifference = {
  loanId: string
  loanNumber: string
  /** e.g. "state.principal_paid", "installment 3.paid_penalty", "asOf.payoff", "allocations 2.penalty". */
  field: string
  stored: Primitive
  expected: Primitive
}

type Primitive = string | number | boolean | null | undefined

export type LedgerVerification = { checked: number; skipped: number; differences: LedgerDifference[] }

/**
 * `pnpm mp ledger verify`: replays loans with @mp/domain (the oracle) and compares, kobo for kobo, the
 * stored state, each installment's ledger columns, the stored allocations, and the date-dependent figures
 * SQL computes from the state on `today` (status, days past due, payoff, due now, overdue, penalty per
 * installment). Loans with an event dated after `today` are skipped (the state reflects a later day).
 */
export async function verifyLedger(
  db: Kysely<Database>,
  options: LedgerRunOptions & { sample?: number },
): Promise<LedgerVerification> {
  const batchSize = options.batchSize ?? 500
  const timeZone = options.timeZone ?? (await companyTimezone(db))
  const result: LedgerVerification = { checked: 0, skipped: 0, differences: [] }
  const check = async (ids: readonly string[]) => {
    // One snapshot per batch: the history replayed and the ledger compared with it are read by several
    // statements, and staff keep posting while a verify runs (a posting between two reads would show as
    // a difference that is not there).
    await db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute(async (trx) => {
        const replayed = await replayBatch(trx, ids, {
          asOf: options.today,
          defaultAfterDays: options.defaultAfterDays,
        })
        await compareBatch(trx, replayed, { ...options, timeZone }, result)
      })
    options.onProgress?.(result.checked)
  }
  const listed =
    options.loanIds !== undefined
      ? [...options.loanIds].sort()
      : options.sample !== undefined
        ? await sampleLoanIds(db, options.sample)
        : null
  if (listed !== null) {
    for (let start = 0; start < listed.length; start += batchSize)
      await check(listed.slice(start, start + batchSize))
    return result
  }
  let after: string | null = null
  for (;;) {
    const ids = await disbursedLoanIds(db, after, batchSize)
    if (ids.length === 0) break
    await check(ids)
    after = ids[ids.length - 1] ?? null
  }
  return result
}

async function compareBatch(
  db: Kysely<Database> | Transaction<Database>,
  replayed: readonly ReplayedLoan[],
  options: LedgerRunOptions & { timeZone: string },
  result: LedgerVerification,
): Promise<void> {
  if (replayed.length === 0) return
  const timeZone = options.timeZone
  const ids = replayed.map((r) => r.id)
  const asOf = options.today
  const [states, installments, allocations, figures] = await Promise.all([
    db.selectFrom('loan_state').selectAll().where('loan_id', 'in', ids).execute(),
    db
      .selectFrom('loan_installment as i')
      .innerJoin('loan_state as ls', 'ls.loan_id', 'i.loan_id')
      .selectAll('i')
      .select(sql<number>`${penaltyAccruedSql(asOf)}`.as('penalty_accrued'))
      .where('i.loan_id', 'in', ids)
      .execute(),
    db
      .selectFrom('repayment_allocation')
      .select((eb) => [
        'loan_id',
        'sequence',
        eb.fn.sum<string>('principal').as('principal'),
        eb.fn.sum<string>('interest').as('interest'),
        eb.fn.sum<string>('fee').as('fee'),
        eb.fn.sum<string>('penalty').as('penalty'),
      ])
      .where('loan_id', 'in', ids)
      .groupBy(['loan_id', 'sequence'])
      .execute(),
    db
      .selectFrom('loan')
      .innerJoin('loan_state as ls', 'ls.loan_id', 'loan.id')
      .select([
        'loan.id',
        sql<string>`${statusSql(asOf, options.defaultAfterDays)}`.as('status'),
        sql<number>`${daysPastDueSql(asOf)}`.as('days_past_due'),
        (eb) =>
          eb
            .selectFrom('loan_installment as i')
            .select(sql<string>`coalesce(sum(${installmentOutstandingSql(asOf)}), 0)`.as('v'))
            .whereRef('i.loan_id', '=', 'loan.id')
            .as('payoff'),
        (eb) =>
          eb
            .selectFrom('loan_installment as i')
            .select(sql<string>`coalesce(sum(${installmentOutstandingSql(asOf)}), 0)`.as('v'))
            .whereRef('i.loan_id', '=', 'loan.id')
            .where('i.due_date', '<=', sql<string>`cast(${asOf} as date)`)
            .as('due_now'),
        (eb) =>
          eb
            .selectFrom('loan_installment as i')
            .select(sql<string>`coalesce(sum(${installmentOutstandingSql(asOf)}), 0)`.as('v'))
            .whereRef('i.loan_id', '=', 'loan.id')
            .where('i.due_date', '<', sql<string>`cast(${asOf} as date)`)
            .as('overdue'),
      ])
      .where('loan.id', 'in', ids)
      .execute(),
  ])
  const stateOf = new Map(states.map((s) => [s.loan_id, s]))
  const figuresOf = new Map(figures.map((f) => [f.id, f]))
  const installmentsOf = new Map<string, Map<number, (typeof installments)[number]>>()
  for (const row of installments) {
    const map = installmentsOf.get(row.loan_id) ?? new Map<number, (typeof installments)[number]>()
    map.set(row.sequence, row)
    installmentsOf.set(row.loan_id, map)
  }
  const allocationsOf = new Map<string, (typeof allocations)[number]>()
  for (const row of allocations) allocationsOf.set(`${row.loan_id}:${row.sequence}`, row)

  for (const loan of replayed) {
    const differ = (field: string, stored: Primitive, expected: Primitive) => {
      const same =
        stored === expected ||
        (stored !== null && expected !== null && String(stored) === String(expected)) ||
        (stored === undefined && expected === null)
      if (!same)
        result.differences.push({ loanId: loan.id, loanNumber: loan.loanNumber, field, stored, expected })
    }
    const stored = stateOf.get(loan.id)
    if (stored === undefined) {
      differ('state', 'missing', 'present')
      result.checked += 1
      continue
    }
    if (stored.last_event_on !== null && stored.last_event_on > asOf) {
      result.skipped += 1
      continue
    }
    const facts = ledgerLoanOf(
      { id: loan.id, created_at: loan.createdAt, status: loan.storedStatus, closed_at: loan.closedAt },
      timeZone,
    )
    const expected = ledgerOf(facts, loan.terms, loan.position, loan.repayments)
    for (const field of LEDGER_STATE_FIELDS) differ(`state.${field}`, stored[field], expected.state[field])
    const storedInstallments = installmentsOf.get(loan.id) ?? new Map<number, (typeof installments)[number]>()
    for (const inst of expected.installments) {
      const row = storedInstallments.get(inst.sequence)
      if (row === undefined) {
        differ(`installment ${String(inst.sequence)}`, 'missing', 'present')
        continue
      }
      for (const field of INSTALLMENT_LEDGER_FIELDS)
        differ(`installment ${String(inst.sequence)}.${field}`, row[field], inst[field])
    }
    for (const inst of loan.position.installments) {
      const row = storedInstallments.get(inst.sequence)
      if (row !== undefined)
        differ(`asOf.installment ${String(inst.sequence)}.penalty`, row.penalty_accrued, inst.due.penalty)
      const allocated = allocationsOf.get(`${loan.id}:${String(inst.sequence)}`)
      for (const part of ['principal', 'interest', 'fee', 'penalty'] as const) {
        differ(
          `allocations ${String(inst.sequence)}.${part}`,
          Number(allocated?.[part] ?? 0),
          inst.paid[part],
        )
      }
    }
    const figure = figuresOf.get(loan.id)
    const position = loan.position
    const isWorkflowStatus = !['ACTIVE', 'DEFAULTED', 'COMPLETED'].includes(loan.storedStatus)
    differ('asOf.status', figure?.status, isWorkflowStatus ? loan.storedStatus : position.status)
    differ('asOf.daysPastDue', figure?.days_past_due, position.daysPastDue)
    differ('asOf.payoff', Number(figure?.payoff ?? -1), position.payoffAmount)
    differ('asOf.dueNow', Number(figure?.due_now ?? -1), position.dueNow)
    differ('asOf.overdue', Number(figure?.overdue ?? -1), position.overdue)
    result.checked += 1
  }
}
