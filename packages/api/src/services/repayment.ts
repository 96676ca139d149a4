import { createHash, randomUUID } from 'node:crypto'
import { inTransaction, type Database, type RepaymentMethod, type Transaction } from '@mp/db'
import {
  REPAYABLE_LOAN_STATUSES,
  loanPosition,
  planRepayment,
  type LoanPosition,
  type LoanStatus,
} from '@mp/domain'
import { recordAudit } from '../audit.js'
import {
  ledgerFigures,
  ledgerLoanOf,
  ledgerStatus,
  storeLoanLedger,
  type LedgerRepayment,
} from '../ledger/index.js'
import { allocationRowsOf } from '../ledger/state.js'
import type { AuthedContext } from '../context.js'
import { AppError } from '../errors.js'
import { isInScope, notFound, staffScope } from '../scope.js'
import {
  REPAYMENT,
  companyFacts,
  effectiveStatus,
  loadHistory,
  loadLoan,
  positionInput,
  recordLoanEvent,
  termsOf,
  type CompanyFacts,
  type LoanHistory,
  type ScopedLoan,
} from './loan-core.js'
import { uniqueViolation } from './union.js'

// Repayments (docs/product.md §5): idempotent postings serialised on the loan's row lock, allocated by @mp/domain,
// stored allocations rewritten whenever history changes, reversals instead of edits or deletes.

type Trx = Transaction<Database>

export type RepaymentInput = {
  loanId: string
  /** AMOUNT: `amount` as given. DUE_NOW: exactly what is due on the payment date (docs/product.md §5 "due now"). */
  mode: 'AMOUNT' | 'DUE_NOW'
  amount?: number | undefined
  paidOn: string
  method: RepaymentMethod
  reference?: string | null | undefined
  notes?: string | null | undefined
  idempotencyKey: string
}

type RepaymentLine = {
  sequence: number
  principal: number
  interest: number
  fee: number
  penalty: number
  total: number
}

export type RepaymentResult = {
  id: string
  receiptNumber: string
  loanId: string
  loanNumber: string
  amount: number
  paidOn: string
  method: RepaymentMethod
  lines: RepaymentLine[]
  /** What is still owed after it (the payoff as of today). */
  balanceAfter: number
  loanStatus: LoanStatus
  /** True when this key was posted before: the original result, nothing posted again. */
  isReplay: boolean
}

/** Same key, same request: the fields that make a payment what it is. */
export function requestHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex')
}

function hashOf(input: RepaymentInput): string {
  return requestHash({
    loanId: input.loanId,
    mode: input.mode,
    amount: input.mode === 'AMOUNT' ? input.amount : null,
    paidOn: input.paidOn,
    method: input.method,
    reference: input.reference ?? null,
    notes: input.notes ?? null,
  })
}

function lineOf(line: {
  sequence: number
  principal: number
  interest: number
  fee: number
  penalty: number
}): RepaymentLine {
  return { ...pick(line), total: line.principal + line.interest + line.fee + line.penalty }
}

function pick(line: { sequence: number; principal: number; interest: number; fee: number; penalty: number }) {
  return {
    sequence: line.sequence,
    principal: line.principal,
    interest: line.interest,
    fee: line.fee,
    penalty: line.penalty,
  }
}

function statusWords(status: string): string {
  return status.toLowerCase().replace(/_/g, ' ')
}

/**
 * Rewrites the loan's stored allocations to what @mp/domain replays for the standing repayments, so the
 * table always equals the position (docs/product.md §5 reconciliation). Called under the loan's row lock.
 */
async function writeAllocations(trx: Trx, loanId: string, position: LoanPosition, onlyRepaymentId?: string) {
  if (onlyRepaymentId === undefined) {
    await trx.deleteFrom('repayment_allocation').where('loan_id', '=', loanId).execute()
  }
  const rows = allocationRowsOf(
    loanId,
    position.repayments.filter((r) => onlyRepaymentId === undefined || r.id === onlyRepaymentId),
  )
  for (let start = 0; start < rows.length; start += 1000) {
    await trx
      .insertInto('repayment_allocation')
      .values(rows.slice(start, start + 1000))
      .execute()
  }
}

/**
 * After money moves, the stored status follows the position as of today: COMPLETED when paid off, DEFAULTED
 * or back to ACTIVE (a cure) by days past due, and a reversal can reopen a completed loan. Written-off loans
 * stay written off; what they receive is a recovery. Returns the status now.
 */
export async function settleStatus(
  trx: Trx,
  ctx: AuthedContext,
  loan: ScopedLoan,
  position: LoanPosition,
  cause: string,
): Promise<LoanStatus> {
  const stored = loan.status
  if (stored !== 'ACTIVE' && stored !== 'DEFAULTED' && stored !== 'COMPLETED') return stored
  const next: LoanStatus = position.status
  if (next === stored) return stored
  await trx
    .updateTable('loan')
    .set({ status: next, completed_on: position.completedOn, updated_at: ctx.now() })
    .where('id', '=', loan.id)
    .execute()
  const kind =
    next === 'COMPLETED'
      ? 'COMPLETED'
      : stored === 'COMPLETED'
        ? 'REOPENED'
        : next === 'DEFAULTED'
          ? 'DEFAULTED'
          : 'CURED'
  await recordLoanEvent(trx, { loanId: loan.id, kind, actorId: null, from: stored, to: next, reason: cause })
  await recordAudit(trx, ctx, {
    action: `LOAN_${kind}`,
    entityType: 'loan',
    entityId: loan.id,
    before: { status: stored },
    after: { status: next, cause },
  })
  return next
}

/** A posted repayment as the API answers it; the loan's balance and status come from its stored ledger. */
async function resultFor(
  trx: Trx,
  repaymentId: string,
  isReplay: boolean,
  facts: CompanyFacts,
): Promise<RepaymentResult> {
  const row = await trx
    .selectFrom('repayment as r')
    .innerJoin('loan as l', 'l.id', 'r.loan_id')
    .select(['r.id', 'r.receipt_number', 'r.loan_id', 'l.loan_number', 'r.amount', 'r.paid_on', 'r.method'])
    .where('r.id', '=', repaymentId)
    .executeTakeFirstOrThrow()
  const lines = await trx
    .selectFrom('repayment_allocation')
    .selectAll()
    .where('repayment_id', '=', repaymentId)
    .orderBy('sequence')
    .execute()
  const figures = await ledgerFigures(trx, row.loan_id, facts.today, facts.defaultAfterDays)
  return {
    id: row.id,
    receiptNumber: row.receipt_number,
    loanId: row.loan_id,
    loanNumber: row.loan_number,
    amount: row.amount,
    paidOn: row.paid_on,
    method: row.method,
    lines: lines.map(lineOf),
    balanceAfter: figures.payoff,
    loanStatus: figures.status,
    isReplay,
  }
}

/**
 * Posts one repayment inside the caller's transaction, on a loan the caller has locked. A key seen before
 * answers the original result (or CONFLICT if it came with a different payment); otherwise the amount is
 * checked and allocated by `planRepayment` against the whole history.
 */
export async function postRepayment(
  trx: Trx,
  ctx: AuthedContext,
  loan: ScopedLoan,
  facts: CompanyFacts,
  input: RepaymentInput,
  hash: string,
  collectionSheetId: string | null,
): Promise<RepaymentResult> {
  // One statement: has this key been posted, and where the loan stands today by its stored ledger
  // (ADR 0004) — no replay to decide whether it can take money.
  const { seen, ...figures } = await ledgerStatus(trx, loan.id, facts.today, facts.defaultAfterDays, {
    idempotencyKey: input.idempotencyKey,
  })
  if (seen) {
    if (seen.request_hash !== hash || seen.loan_id !== loan.id) {
      throw new AppError(
        'CONFLICT',
        'This payment key was already used for a different payment; refresh the form to record a new one',
        'IDEMPOTENCY_KEY_REUSED',
      )
    }
    return resultFor(trx, seen.id, true, facts)
  }
  const status = figures.status
  if (!REPAYABLE_LOAN_STATUSES.includes(status) || !figures.isDisbursed) {
    throw new AppError(
      'CONFLICT',
      status === 'COMPLETED'
        ? `Loan ${loan.loan_number} is fully paid; there is nothing left to pay`
        : `A ${statusWords(status)} loan cannot take repayments; only active, defaulted or written-off loans can`,
      'LOAN_NOT_REPAYABLE',
    )
  }
  if (input.paidOn > facts.today) {
    throw new AppError(
      'BAD_REQUEST',
      `Date paid cannot be in the future (today is ${facts.today})`,
      'DATE_IN_FUTURE',
    )
  }
  if (loan.disbursed_on !== null && input.paidOn < loan.disbursed_on) {
    throw new AppError(
      'BAD_REQUEST',
      `Date paid cannot be before the disbursement date (${loan.disbursed_on})`,
      'DATE_BEFORE_DISBURSEMENT',
    )
  }
  const history = await loadHistory(trx, loan.id)
  const terms = termsOf(loan)
  // "Due now" on a date the ledger covers (on or after the latest event) is SQL; an earlier date replays.
  const isLedgerDate = figures.lastEventOn === null || input.paidOn >= figures.lastEventOn
  const amount =
    input.mode === 'DUE_NOW'
      ? isLedgerDate
        ? (await ledgerFigures(trx, loan.id, input.paidOn, facts.defaultAfterDays)).dueNow
        : dueOn(terms, history, input.paidOn, facts)
      : (input.amount ?? 0)
  if (amount < 1) {
    throw new AppError(
      'BAD_REQUEST',
      input.mode === 'DUE_NOW'
        ? `Nothing is due on ${input.paidOn}; enter a custom amount to pay ahead`
        : 'Amount must be at least 1 kobo',
      input.mode === 'DUE_NOW' ? 'NOTHING_DUE' : 'AMOUNT_TOO_SMALL',
    )
  }
  const id = randomUUID()
  const plan = planRepayment({
    ...positionInput(terms, history, facts.today, facts.defaultAfterDays),
    // No sequence yet: @mp/domain orders it after everything recorded (its posting_sequence will be the
    // next one), so on the day of a reschedule or restructure it comes after it, as the replay will order
    // it — a member whose loan was changed in the morning pays at the afternoon's meeting.
    repayment: { id, date: input.paidOn, amount },
  })
  const isBackdated = history.repayments.some((r) => r.reversed_on === null && r.paid_on > input.paidOn)
  const inserted = await trx
    .insertInto('repayment')
    .values({
      id,
      loan_id: loan.id,
      amount,
      paid_on: input.paidOn,
      method: input.method,
      reference: input.reference ?? null,
      notes: input.notes ?? null,
      received_by: ctx.user.id,
      idempotency_key: input.idempotencyKey,
      request_hash: hash,
      collection_sheet_id: collectionSheetId,
    })
    .returning(['receipt_number', 'posting_sequence'])
    .executeTakeFirstOrThrow()
  // A backdated payment re-allocates the later ones (exactly as the replay does); otherwise only its own
  // lines are new and every earlier allocation is unchanged.
  await writeAllocations(trx, loan.id, plan.position, isBackdated ? undefined : id)
  const isRecovery = status === 'WRITTEN_OFF'
  await recordLoanEvent(trx, {
    loanId: loan.id,
    kind: isRecovery ? 'RECOVERY' : 'REPAYMENT',
    actorId: ctx.user.id,
    details: {
      repaymentId: id,
      receiptNumber: inserted.receipt_number,
      amount,
      paidOn: input.paidOn,
      method: input.method,
    },
  })
  await recordAudit(trx, ctx, {
    action: isRecovery ? 'REPAYMENT_RECOVERY' : 'REPAYMENT_CREATE',
    entityType: 'repayment',
    entityId: id,
    after: {
      loanId: loan.id,
      receiptNumber: inserted.receipt_number,
      amount,
      paidOn: input.paidOn,
      method: input.method,
      reference: input.reference ?? null,
      lines: plan.lines,
    },
  })
  const settled = await settleStatus(trx, ctx, loan, plan.position, `Repayment ${inserted.receipt_number}`)
  const posted: LedgerRepayment = {
    id,
    paid_on: input.paidOn,
    amount,
    posting_sequence: inserted.posting_sequence,
    reversed_on: null,
  }
  await storeLoanLedger(trx, ledgerLoanOf(loan, facts.timeZone), terms, plan.position, [
    ...history.repayments,
    posted,
  ])
  // The answer is the one replay's result (issue 11: posting replays the loan once).
  return {
    id,
    receiptNumber: inserted.receipt_number,
    loanId: loan.id,
    loanNumber: loan.loan_number,
    amount,
    paidOn: input.paidOn,
    method: input.method,
    lines: plan.lines.map(lineOf),
    balanceAfter: plan.position.payoffAmount,
    loanStatus: effectiveStatus(settled, plan.position),
    isReplay: false,
  }
}

function dueOn(
  terms: ReturnType<typeof termsOf>,
  history: LoanHistory,
  date: string,
  facts: CompanyFacts,
): number {
  return loanPosition(positionInput(terms, history, date, facts.defaultAfterDays)).dueNow
}

/** Retries once when two first postings of one key on different loans race past the check (23505). */
async function withKeyRetry<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await work()
    } catch (error) {
      const constraint = uniqueViolation(error)
      if (constraint !== undefined && constraint.includes('idempotency_key') && attempt < 2) continue
      throw error
    }
  }
}

export async function recordRepayment(ctx: AuthedContext, input: RepaymentInput): Promise<RepaymentResult> {
  const hash = hashOf(input)
  return withKeyRetry(() =>
    inTransaction(ctx.db, async (trx) => {
      // Serialise every posting on this loan (docs/product.md §5): the second waits here for the first to commit.
      const loan = await loadLoan(trx, ctx.user, input.loanId, { lock: true })
      const facts = await companyFacts(trx, ctx)
      return postRepayment(trx, ctx, loan, facts, input, hash, null)
    }),
  )
}

/**
 * Reversal (docs/product.md §5): admin, reason required, audited. The payment stays visible as reversed; the loan's
 * allocations are recomputed as if it had never been posted, and the status follows (a completed loan
 * reopens).
 */
export async function reverseRepayment(ctx: AuthedContext, input: { id: string; reason: string }) {
  return inTransaction(ctx.db, async (trx) => {
    const target = await trx
      .selectFrom('repayment')
      .select(['loan_id'])
      .where('id', '=', input.id)
      .executeTakeFirst()
    if (!target) throw notFound(REPAYMENT)
    const loan = await loadLoan(trx, ctx.user, target.loan_id, { lock: true })
    const repayment = await trx
      .selectFrom('repayment')
      .selectAll()
      .where('id', '=', input.id)
      .executeTakeFirstOrThrow()
    if (repayment.reversed_at !== null) {
      throw new AppError(
        'CONFLICT',
        `Repayment ${repayment.receipt_number} is already reversed`,
        'ALREADY_REVERSED',
      )
    }
    // A top-up's payoff is the new loan's money, disbursed with it (docs/lending.md "Top-ups"): reversing it
    // alone would reopen the old loan beside the new one and pay the member twice.
    const topUp = await trx
      .selectFrom('loan')
      .select('loan_number')
      .where('top_up_repayment_id', '=', input.id)
      .executeTakeFirst()
    if (topUp) {
      throw new AppError(
        'CONFLICT',
        `Repayment ${repayment.receipt_number} is the payoff of top-up ${topUp.loan_number}, paid from its principal; it cannot be reversed on its own`,
        'TOP_UP_PAYOFF',
      )
    }
    const facts = await companyFacts(trx, ctx)
    const previous = await trx
      .selectFrom('repayment_allocation')
      .selectAll()
      .where('repayment_id', '=', input.id)
      .orderBy('sequence')
      .execute()
    await trx
      .updateTable('repayment')
      .set({
        reversed_at: ctx.now(),
        reversed_on: facts.today,
        reversed_by: ctx.user.id,
        reversal_reason: input.reason,
        reversed_allocation: JSON.stringify(previous.map(lineOf)),
      })
      .where('id', '=', input.id)
      .execute()
    const history = await loadHistory(trx, loan.id)
    const position = loanPosition(positionInput(termsOf(loan), history, facts.today, facts.defaultAfterDays))
    await writeAllocations(trx, loan.id, position)
    await storeLoanLedger(
      trx,
      ledgerLoanOf(loan, facts.timeZone),
      termsOf(loan),
      position,
      history.repayments,
    )
    await recordLoanEvent(trx, {
      loanId: loan.id,
      kind: 'REVERSAL',
      actorId: ctx.user.id,
      reason: input.reason,
      details: { repaymentId: input.id, receiptNumber: repayment.receipt_number, amount: repayment.amount },
    })
    await recordAudit(trx, ctx, {
      action: 'REPAYMENT_REVERSE',
      entityType: 'repayment',
      entityId: input.id,
      before: { reversed: false, lines: previous.map(lineOf) },
      after: { reversed: true, reason: input.reason, reversedOn: facts.today },
    })
    const status = await settleStatus(trx, ctx, loan, position, `Reversal of ${repayment.receipt_number}`)
    return {
      id: input.id,
      receiptNumber: repayment.receipt_number,
      loanId: loan.id,
      balanceAfter: position.payoffAmount,
      loanStatus: status === 'ACTIVE' || status === 'DEFAULTED' ? effectiveStatus(status, position) : status,
    }
  })
}

// ---- reading ------------------------------------------------------------------------------------------

function repaymentRows(ctx: AuthedContext) {
  return ctx.db
    .selectFrom('repayment as r')
    .innerJoin('loan', 'loan.id', 'r.loan_id')
    .innerJoin('member as m', 'm.id', 'loan.member_id')
    .innerJoin('union as u', 'u.id', 'm.union_id')
    .innerJoin('staff_user as o', 'o.id', 'u.credit_officer_id')
    .leftJoin('staff_user as s', 's.id', 'r.received_by')
}

/** Loads a repayment the actor may see (NOT_FOUND otherwise) with its loan's scope facts. */
async function loadRepaymentInScope(ctx: AuthedContext, id: string) {
  const row = await repaymentRows(ctx)
    .selectAll('r')
    .select(['u.credit_officer_id as officerId'])
    .where('r.id', '=', id)
    .executeTakeFirst()
  if (!row || !isInScope(await staffScope(ctx.db, ctx.user), row.officerId)) throw notFound(REPAYMENT)
  return row
}

export async function getRepayment(
  ctx: AuthedContext,
  id: string,
): Promise<RepaymentResult & { isReversed: boolean }> {
  await loadRepaymentInScope(ctx, id)
  const facts = await companyFacts(ctx.db, ctx)
  return ctx.db.transaction().execute(async (trx) => {
    const result = await resultFor(trx, id, false, facts)
    const row = await trx
      .selectFrom('repayment')
      .select('reversed_at')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    return { ...result, isReversed: row.reversed_at !== null }
  })
}
