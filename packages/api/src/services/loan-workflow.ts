import { inTransaction, type Transaction, type Database } from '@mp/db'
import {
  canTransition,
  isDomainError,
  loanPosition,
  payoffQuote,
  topUpSplit,
  type LoanTransition,
} from '@mp/domain'
import { recordAudit } from '../audit.js'
import { ledgerLoanOf, storeLoanLedger } from '../ledger/index.js'
import type { AuthedContext } from '../context.js'
import { AppError } from '../errors.js'
import {
  companyFacts,
  effectiveStatus,
  loadHistory,
  loadLoan,
  positionInput,
  positionOf,
  recordLoanEvent,
  scheduleFor,
  termsOf,
  words,
  type CompanyFacts,
  type ScopedLoan,
  forTransition,
  staffActor,
} from './loan-core.js'
import { getLoan } from './loan-detail.js'
import { dateTermsOf, loanScheduleDates } from './loan-dates.js'
import { postRepayment, requestHash, type RepaymentInput } from './repayment.js'

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
        details = await disburse(trx, ctx, loan, facts, options, patch)
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
  ctx: AuthedContext,
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
  const topUp =
    loan.top_up_of_loan_id === null
      ? null
      : await payOffTopUp(trx, ctx, loan, facts, disbursedOn, schedule.processingFee)
  Object.assign(patch, {
    disbursed_on: disbursedOn,
    start_date: startDate,
    processing_fee: schedule.processingFee,
    ...(topUp
      ? {
          top_up_payoff: topUp.payoff,
          top_up_cash_to_member: topUp.cashToMember,
          top_up_repayment_id: topUp.repaymentId,
        }
      : {}),
  })
  return {
    ...(topUp
      ? {
          topUpOf: topUp.loanNumber,
          payoff: topUp.payoff,
          cashToMember: topUp.cashToMember,
          payoffReceipt: topUp.receiptNumber,
        }
      : {}),
    disbursedOn,
    startDate,
    processingFee: schedule.processingFee,
    total: schedule.total,
    installments: schedule.installments.length,
    firstDueDate: schedule.installments[0]?.dueDate ?? null,
    followsMeetings: dates.dueDates !== undefined,
  }
}

/**
 * A top-up's disbursement (docs/lending.md "Top-ups"), in the disbursement's transaction: the old loan is
 * locked (after the new one, the only order anything takes both in, so no deadlock), its payoff quoted on
 * the disbursement day from its replayed history (@mp/domain payoffQuote), the new principal split into
 * its processing fee, the payoff and the cash to the member (topUpSplit: a principal below payoff + fee
 * is refused), and a
 * repayment of exactly the payoff posted on the old loan like any other (allocations, ledger, COMPLETED),
 * marked as paid off by this loan. A payment racing on the old loan either lands first (the payoff is
 * quoted after it) or finds the loan completed and is refused; it is never paid twice.
 */
async function payOffTopUp(
  trx: Trx,
  ctx: AuthedContext,
  loan: ScopedLoan,
  facts: CompanyFacts,
  disbursedOn: string,
  /** The new loan's processing fee, collected at disbursement like any loan's: the member gets the rest. */
  processingFee: number,
) {
  const oldId = loan.top_up_of_loan_id ?? ''
  const old = await loadLoan(trx, ctx.user, oldId, { lock: true })
  const history = await loadHistory(trx, old.id)
  const terms = termsOf(old)
  const status = effectiveStatus(old.status, positionOf(old, history, facts.today, facts.defaultAfterDays))
  if (status !== 'ACTIVE' || old.member_id !== loan.member_id) {
    throw new AppError(
      'CONFLICT',
      `Loan ${old.loan_number}, which this top-up pays off, is ${words(status)}; only an active loan can be paid off. Edit the application (no loan to pay off) or withdraw it`,
      'TOP_UP_LOAN_NOT_ACTIVE',
      { field: 'topUpOfLoanId' },
    )
  }
  let quote
  try {
    quote = payoffQuote(positionInput(terms, history, disbursedOn, facts.defaultAfterDays), disbursedOn)
  } catch (error) {
    // A payment or change on the old loan after the disbursement date: the payoff cannot be quoted before it.
    if (isDomainError(error) && error.code === 'INVALID_DATE') {
      const limit = error.details.limit
      throw new AppError(
        'BAD_REQUEST',
        `Loan ${old.loan_number} has a payment or change on ${String(limit)}; a top-up paying it off is disbursed on or after that day`,
        'INVALID_DATE',
        { field: 'disbursedOn', limit },
      )
    }
    throw error
  }
  const split = topUpSplit({ principal: loan.principal, payoff: quote.amount, processingFee })
  const marker = `Paid off by top-up ${loan.loan_number}`
  const input: RepaymentInput = {
    loanId: old.id,
    mode: 'AMOUNT',
    amount: split.payoff,
    paidOn: disbursedOn,
    method: 'OTHER',
    reference: `Top-up ${loan.loan_number}`,
    notes: marker,
    idempotencyKey: `top-up:${loan.id}`,
  }
  const posted = await postRepayment(trx, ctx, old, facts, input, requestHash(input), null)
  return {
    loanNumber: old.loan_number,
    payoff: split.payoff,
    cashToMember: split.cashToMember,
    repaymentId: posted.id,
    receiptNumber: posted.receiptNumber,
  }
}
