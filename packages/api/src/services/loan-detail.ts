import { z } from 'zod'
import { sql } from '@mp/db'
import { TRANSITIONS, canTransition, type LoanStatus, type Schedule } from '@mp/domain'
import type { AuthedContext } from '../context.js'
import { refusalOf } from '../errors.js'
import {
  companyFacts,
  effectiveStatus,
  loadHistory,
  loadLoan,
  positionOf,
  scheduleFor,
  termsOf,
  type Db,
  type LoanTerms,
  type ScopedLoan,
  forTransition,
  staffActor,
} from './loan-core.js'
import { dateTermsOf, loanScheduleDates } from './loan-dates.js'

// The loan detail page's read (docs/product.md §4): position, schedule, repayments, timeline and the
// actions the caller may take.

/** Timeline details are small JSON objects written by this service; checked when read back. */
const ZEventDetails = z.record(z.string(), z.unknown()).nullable()

export type LoanAction =
  | 'EDIT'
  | 'SUBMIT'
  | 'APPROVE'
  | 'REJECT'
  | 'WITHDRAW'
  | 'DISBURSE'
  | 'WRITE_OFF'
  | 'RECORD_REPAYMENT'
  | 'REVERSE_REPAYMENT'

/** What the actor may do now, from the same rules the server enforces (the UI shows only these). */
function availableActions(ctx: AuthedContext, loan: ScopedLoan, status: LoanStatus): LoanAction[] {
  const actions: LoanAction[] = []
  const editable = status === 'DRAFT' || status === 'PENDING_APPROVAL'
  if (editable && (ctx.user.role !== 'CREDIT_OFFICER' || loan.officerId === ctx.user.id)) actions.push('EDIT')
  for (const transition of ['SUBMIT', 'APPROVE', 'REJECT', 'WITHDRAW', 'DISBURSE', 'WRITE_OFF'] as const) {
    const decision = canTransition({
      actor: staffActor(ctx),
      loan: forTransition(loan, status),
      transition,
      reason: TRANSITIONS[transition].needsReason ? 'reason given in the dialog' : '',
    })
    if (decision.isAllowed) actions.push(transition)
  }
  if (status === 'ACTIVE' || status === 'DEFAULTED' || status === 'WRITTEN_OFF')
    actions.push('RECORD_REPAYMENT')
  if (ctx.user.role === 'ADMIN' && loan.disbursed_on !== null) actions.push('REVERSE_REPAYMENT')
  return actions
}

/**
 * Why the caller sees no Approve button on a loan waiting for approval, or null when they do (or the
 * loan is not waiting). Maker-checker (docs/product.md §4): whoever submitted never approves, and the
 * submitter should read that instead of wondering where the button went.
 */
function approvalNote(ctx: AuthedContext, loan: ScopedLoan, status: LoanStatus): string | null {
  if (status !== 'PENDING_APPROVAL') return null
  const decision = canTransition({
    actor: staffActor(ctx),
    loan: forTransition(loan, status),
    transition: 'APPROVE',
  })
  if (decision.isAllowed) return null
  if (decision.denial === 'MAKER_CHECKER') {
    return loan.submitted_by === ctx.user.id
      ? 'You submitted this application; another supervisor or admin must approve it.'
      : decision.reason
  }
  return ctx.user.role === 'CREDIT_OFFICER'
    ? "Waiting for approval by the officer's supervisor or an admin."
    : null
}

export async function getLoan(ctx: AuthedContext, id: string) {
  const loan = await loadLoan(ctx.db, ctx.user, id)
  const facts = await companyFacts(ctx.db, ctx)
  const history = await loadHistory(ctx.db, id)
  const position = positionOf(loan, history, facts.today, facts.defaultAfterDays)
  const status = effectiveStatus(loan.status, position)
  const terms = termsOf(loan)
  const schedule = position === null ? await previewOrNull(ctx.db, terms, loan) : null
  const [guarantors, repayments, allocations, events, topUp, paidOffBy] = await Promise.all([
    ctx.db
      .selectFrom('loan_guarantor as lg')
      .innerJoin('guarantor as g', 'g.id', 'lg.guarantor_id')
      .select(['g.id', 'g.first_name', 'g.last_name', 'g.phone', 'g.relationship'])
      .where('lg.loan_id', '=', id)
      .orderBy('g.last_name')
      .execute(),
    ctx.db
      .selectFrom('repayment as r')
      .leftJoin('staff_user as s', 's.id', 'r.received_by')
      .leftJoin('staff_user as rv', 'rv.id', 'r.reversed_by')
      .select([
        'r.id',
        'r.receipt_number',
        'r.amount',
        'r.paid_on',
        'r.method',
        'r.reference',
        'r.notes',
        'r.created_at',
        'r.reversed_at',
        'r.reversed_on',
        'r.reversal_reason',
        'r.collection_sheet_id',
        sql<string | null>`s.first_name || ' ' || s.last_name`.as('receivedBy'),
        sql<string | null>`rv.first_name || ' ' || rv.last_name`.as('reversedBy'),
      ])
      .where('r.loan_id', '=', id)
      .orderBy('r.paid_on', 'desc')
      .orderBy('r.posting_sequence', 'desc')
      .execute(),
    ctx.db
      .selectFrom('repayment_allocation')
      .selectAll()
      .where('loan_id', '=', id)
      .orderBy('sequence')
      .execute(),
    ctx.db
      .selectFrom('loan_event as e')
      .leftJoin('staff_user as s', 's.id', 'e.actor_id')
      .select([
        'e.id',
        'e.kind',
        'e.from_status',
        'e.to_status',
        'e.reason',
        'e.details',
        'e.created_at',
        sql<string | null>`s.first_name || ' ' || s.last_name`.as('actorName'),
      ])
      .where('e.loan_id', '=', id)
      .orderBy('e.id')
      .execute(),
    topUpOf(ctx.db, loan),
    paidOffByOf(ctx.db, id),
  ])
  const linesByRepayment = new Map<string, typeof allocations>()
  for (const line of allocations) {
    const list = linesByRepayment.get(line.repayment_id) ?? []
    list.push(line)
    linesByRepayment.set(line.repayment_id, list)
  }
  const timeline = events.map((e) => ({
    id: String(e.id),
    kind: e.kind,
    fromStatus: e.from_status,
    toStatus: e.to_status,
    reason: e.reason,
    details: ZEventDetails.parse(e.details),
    at: e.created_at,
    actorName: e.actorName,
  }))
  // DEFAULTED arrives with the date, not with a write: show when it happened (docs/product.md §4).
  if (status === 'DEFAULTED' && loan.status === 'ACTIVE' && position) {
    timeline.push({
      id: 'computed-default',
      kind: 'DEFAULTED',
      fromStatus: 'ACTIVE',
      toStatus: 'DEFAULTED',
      reason: `More than ${facts.defaultAfterDays} days past due (now ${position.daysPastDue})`,
      details: null,
      at: ctx.now(),
      actorName: null,
    })
  }
  return {
    id: loan.id,
    loanNumber: loan.loan_number,
    status,
    storedStatus: loan.status,
    member: { id: loan.member_id, code: loan.memberCode, name: loan.memberName, phone: loan.memberPhone },
    union: { id: loan.unionId, name: loan.unionName },
    officer: { id: loan.officerId, name: loan.officerName },
    loanType: { id: loan.loan_type_id, name: loan.loan_type_name },
    principal: loan.principal,
    termCount: loan.term_count,
    termUnit: loan.term_unit,
    startDate: loan.start_date,
    purpose: loan.purpose,
    terms,
    processingFee: loan.processing_fee,
    liveLoanOverrideReason: loan.live_loan_override_reason,
    /** A top-up: the loan it pays off; payoff and cash to the member are known once disbursed (null before). */
    topUp,
    /** The top-up that paid this loan off, if one did (and its payment stands). */
    paidOffBy,
    submittedAt: loan.submitted_at,
    decidedAt: loan.decided_at,
    disbursedOn: loan.disbursed_on,
    closedReason: loan.closed_reason,
    completedOn: loan.completed_on,
    createdAt: loan.created_at,
    today: facts.today,
    defaultAfterDays: facts.defaultAfterDays,
    /** Before disbursement: the schedule the loan would get; after: null (see position.installments). */
    previewSchedule: schedule,
    position,
    guarantors: guarantors.map((g) => ({
      id: g.id,
      name: `${g.first_name} ${g.last_name}`,
      phone: g.phone,
      relationship: g.relationship,
    })),
    repayments: repayments.map((r) => ({
      id: r.id,
      receiptNumber: r.receipt_number,
      amount: r.amount,
      paidOn: r.paid_on,
      method: r.method,
      reference: r.reference,
      notes: r.notes,
      postedAt: r.created_at,
      receivedBy: r.receivedBy,
      collectionSheetId: r.collection_sheet_id,
      reversal:
        r.reversed_at === null
          ? null
          : {
              reversedAt: r.reversed_at,
              reversedOn: r.reversed_on,
              reason: r.reversal_reason,
              by: r.reversedBy,
            },
      lines: (linesByRepayment.get(r.id) ?? []).map((line) => ({
        sequence: line.sequence,
        principal: line.principal,
        interest: line.interest,
        fee: line.fee,
        penalty: line.penalty,
        total: line.principal + line.interest + line.fee + line.penalty,
      })),
    })),
    timeline,
    actions: availableActions(ctx, loan, status),
    approvalNote: approvalNote(ctx, loan, status),
  }
}

/** Before disbursement: the schedule as it would be booked today (meetings and calendar included). */
async function previewOrNull(db: Db, terms: LoanTerms, loan: ScopedLoan): Promise<Schedule | null> {
  try {
    const shape = { termCount: loan.term_count, termUnit: loan.term_unit, startDate: loan.start_date }
    const dates = await loanScheduleDates(db, dateTermsOf(loan), loan.unionId, shape)
    return scheduleFor(terms, { ...shape, principal: loan.principal }, dates)
  } catch (error) {
    // A schedule the engine refuses (e.g. terms it cannot book) shows as none; a bug still fails.
    if (refusalOf(error)) return null
    throw error
  }
}

/** The loan a top-up pays off (docs/lending.md "Top-ups"), with the split fixed at disbursement. */
async function topUpOf(db: Db, loan: ScopedLoan) {
  if (loan.top_up_of_loan_id === null) return null
  const old = await db
    .selectFrom('loan')
    .select(['id', 'loan_number'])
    .where('id', '=', loan.top_up_of_loan_id)
    .executeTakeFirstOrThrow()
  return {
    loanId: old.id,
    loanNumber: old.loan_number,
    payoff: loan.top_up_payoff,
    cashToMember: loan.top_up_cash_to_member,
  }
}

/** The disbursed top-up whose payoff closed this loan (none once that payment is reversed). */
async function paidOffByOf(db: Db, loanId: string) {
  const row = await db
    .selectFrom('loan as t')
    .innerJoin('repayment as r', 'r.id', 't.top_up_repayment_id')
    .select(['t.id', 't.loan_number', 'r.amount', 'r.paid_on'])
    .where('t.top_up_of_loan_id', '=', loanId)
    .where('r.loan_id', '=', loanId)
    .where('r.reversed_at', 'is', null)
    .executeTakeFirst()
  return row ? { loanId: row.id, loanNumber: row.loan_number, amount: row.amount, date: row.paid_on } : null
}
