import { inTransaction, type Transaction, type Database } from '@mp/db'
import { canTransition, loanPosition, type LoanTransition } from '@mp/domain'
import { recordAudit } from '../audit.js'
import { ledgerLoanOf, storeLoanLedger } from '../ledger/index.js'
import type { AuthedContext } from '../context.js'
import { AppError } from '../errors.js'
import {
  companyFacts,
  effectiveStatus,
  loadHistory,
  loadLoan,
  positionOf,
  recordLoanEvent,
  scheduleFor,
  termsOf,
  type CompanyFacts,
  type ScopedLoan,
  forTransition,
  staffActor,
} from './loan-core.js'
import { getLoan } from './loan-detail.js'
import { dateTermsOf, loanScheduleDates } from './loan-dates.js'

// The loan workflow (docs/product.md §4): submit, maker-checker approval, disbursement, write-off.

type Trx = Transaction<Database>

const EVENT_KIND: Record<LoanTransition, string> = {
  SUBMIT: 'SUBMITTED',
  APPROVE: 'APPROVED',
  REJECT: 'REJECTED',
  WITHDRAW: 'WITHDRAWN',
  DISBURSE: 'DISBURSED',
  WRITE_OFF: 'WRITTEN_OFF',
  COMPLETE: 'COMPLETED',
  DEFAULT: 'DEFAULTED',
  CURE: 'CURED',
}

/**
 * A staff transition (docs/product.md §4), decided by @mp/domain's rules on the locked loan: the maker-checker rule,
 * the team, the reason. Disbursement fixes the schedule and records the fee; every transition is on the
 * loan's timeline and in the audit trail, in the same transaction.
 */
export async function loanTransition(
  ctx: AuthedContext,
  id: string,
  transition: Exclude<LoanTransition, 'COMPLETE' | 'DEFAULT' | 'CURE'>,
  options: { reason?: string | null; disbursedOn?: string; startDate?: string },
) {
  await inTransaction(ctx.db, async (trx) => {
    const loan = await loadLoan(trx, ctx.user, id, { lock: true })
    const facts = await companyFacts(trx, ctx)
    const position =
      loan.status === 'ACTIVE' || loan.status === 'DEFAULTED'
        ? positionOf(loan, await loadHistory(trx, id), facts.today, facts.defaultAfterDays)
        : null
    const status = effectiveStatus(loan.status, position)
    const decision = canTransition({
      actor: staffActor(ctx),
      loan: forTransition(loan, status),
      transition,
      reason: options.reason ?? '',
    })
    if (!decision.isAllowed) {
      const code =
        decision.denial === 'WRONG_STATUS'
          ? 'CONFLICT'
          : decision.denial === 'REASON_REQUIRED'
            ? 'BAD_REQUEST'
            : 'FORBIDDEN'
      throw new AppError(code, decision.reason, decision.denial)
    }
    const now = ctx.now()
    const patch: Partial<Record<string, unknown>> = { status: decision.to, updated_at: now }
    let details: Record<string, unknown> | undefined
    switch (transition) {
      case 'SUBMIT':
        patch.submitted_by = ctx.user.id
        patch.submitted_at = now
        break
      case 'APPROVE':
      case 'REJECT':
        patch.decided_by = ctx.user.id
        patch.decided_at = now
        if (transition === 'REJECT')
          Object.assign(patch, { closed_reason: options.reason, closed_by: ctx.user.id, closed_at: now })
        break
      case 'WITHDRAW':
      case 'WRITE_OFF':
        Object.assign(patch, { closed_reason: options.reason, closed_by: ctx.user.id, closed_at: now })
        if (transition === 'WRITE_OFF' && position) {
          details = {
            outstanding: position.payoffAmount,
            outstandingPrincipal: position.outstandingPrincipal,
          }
        }
        break
      case 'DISBURSE':
        patch.disbursed_by = ctx.user.id
        patch.disbursed_at = now
        details = await disburse(trx, loan, facts, options, patch)
        break
    }
    await trx.updateTable('loan').set(patch).where('id', '=', id).execute()
    // A write-off is a ledger event: the loan leaves the running portfolio from today (ADR 0004).
    if (transition === 'WRITE_OFF') {
      await trx
        .updateTable('loan_state')
        .set({ written_off_on: facts.today, updated_at: now })
        .where('loan_id', '=', id)
        .execute()
    }
    await recordLoanEvent(trx, {
      loanId: id,
      kind: EVENT_KIND[transition],
      actorId: ctx.user.id,
      from: status,
      to: decision.to,
      reason: options.reason ?? null,
      details,
    })
    await recordAudit(trx, ctx, {
      action: `LOAN_${transition}`,
      entityType: 'loan',
      entityId: id,
      before: { status },
      after: { status: decision.to, reason: options.reason ?? null, ...details },
    })
  })
  return getLoan(ctx, id)
}

/**
 * Disbursement: the money goes out on `disbursedOn` (not in the future, not before the application was
 * made), the schedule is built once from the booked terms and written, the fee is recorded (docs/product.md §3–§4).
 */
async function disburse(
  trx: Trx,
  loan: ScopedLoan,
  facts: CompanyFacts,
  options: { disbursedOn?: string; startDate?: string },
  patch: Partial<Record<string, unknown>>,
) {
  const disbursedOn = options.disbursedOn ?? facts.today
  if (disbursedOn > facts.today) {
    throw new AppError(
      'BAD_REQUEST',
      `Disbursement date cannot be in the future (today is ${facts.today})`,
      'DATE_IN_FUTURE',
    )
  }
  const startDate = options.startDate ?? loan.start_date
  if (startDate < disbursedOn) {
    throw new AppError(
      'BAD_REQUEST',
      `Start date (${startDate}) cannot be before the disbursement date (${disbursedOn}); give a later start date`,
      'START_BEFORE_DISBURSEMENT',
    )
  }
  const terms = termsOf(loan)
  const dateTerms = dateTermsOf(loan)
  const shape = { termCount: loan.term_count, termUnit: loan.term_unit, startDate }
  // The union's meetings and the company calendar of today fix the dates once: they are stored below and
  // never recomputed, so a later change moves only loans disbursed afterwards (docs/lending.md).
  const dates = await loanScheduleDates(trx, dateTerms, loan.unionId, shape)
  const schedule = scheduleFor(terms, { ...shape, principal: loan.principal }, dates)
  await trx
    .insertInto('loan_installment')
    .values(
      schedule.installments.map((i) => ({
        loan_id: loan.id,
        sequence: i.sequence,
        due_date: i.dueDate,
        principal: i.principal,
        interest: i.interest,
        fee: i.fee,
      })),
    )
    .execute()
  // The ledger starts with the schedule: nothing paid, arrears from the first due date (ADR 0004).
  const opening = loanPosition({
    installments: schedule.installments,
    events: [],
    asOf: facts.today,
    order: terms.allocationOrder,
    rounding: terms.rounding,
    defaultAfterDays: facts.defaultAfterDays,
    ...(terms.penalty ? { penalty: terms.penalty } : {}),
  })
  await storeLoanLedger(trx, ledgerLoanOf(loan, facts.timeZone), terms, opening, [])
  Object.assign(patch, {
    disbursed_on: disbursedOn,
    start_date: startDate,
    processing_fee: schedule.processingFee,
  })
  return {
    disbursedOn,
    startDate,
    processingFee: schedule.processingFee,
    total: schedule.total,
    installments: schedule.installments.length,
    firstDueDate: schedule.installments[0]?.dueDate ?? null,
    followsMeetings: dates.dueDates !== undefined,
  }
}
