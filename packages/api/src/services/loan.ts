import { z } from 'zod'
import { inTransaction, sql, type Loan, type Transaction, type Database } from '@mp/db'
import {
  LIVE_LOAN_STATUSES,
  TRANSITIONS,
  canTransition,
  costOfCredit,
  formatNaira,
  isDomainError,
  loanPosition,
  type LoanStatus,
  type LoanTransition,
  type Schedule,
} from '@mp/domain'
import { recordAudit } from '../audit.js'
import { ledgerLoanOf, storeLoanLedger } from '../ledger/index.js'
import type { AuthedContext } from '../context.js'
import { AppError } from '../errors.js'
import type { TLoanCreateInput, TLoanUpdateInput } from '../schemas/loan.js'
import { isInScope, notFound, staffScope, type StaffScope } from '../scope.js'
import {
  LOAN,
  companyFacts,
  domainCall,
  effectiveStatus,
  loadHistory,
  loadLoan,
  positionOf,
  recordLoanEvent,
  scheduleFor,
  termsOf,
  type CompanyFacts,
  type LoanTerms,
  type ScopedLoan,
} from './loan-core.js'
import { getLoanType, type LoanTypeView } from './loan-type.js'
import { MEMBER } from './member.js'

/** Timeline details are small JSON objects written by this service; checked when read back. */
const ZEventDetails = z.record(z.string(), z.unknown()).nullable()

// Loans (docs/product.md §4): applications, maker-checker approval, disbursement, write-off and detail. The list is
// in loan-list.ts and the due list in due-list.ts; repayments live in repayment.ts; both serialise on the
// loan's row lock.

type Trx = Transaction<Database>

function rangeMessage(type: LoanTypeView, input: { principal: number; termCount: number }): string | null {
  if (input.principal < type.minPrincipal || input.principal > type.maxPrincipal) {
    return `Principal must be between ${formatNaira(type.minPrincipal)} and ${formatNaira(type.maxPrincipal)} for ${type.name}`
  }
  if (input.termCount < type.minTerm || input.termCount > type.maxTerm) {
    const unit = type.termUnit.toLowerCase()
    return `Term must be between ${type.minTerm} and ${type.maxTerm} ${unit}s for ${type.name}`
  }
  return null
}

/** The product's ranges, enforced by the server with the limits in the message (docs/product.md §3). */
function assertInRange(type: LoanTypeView, input: { principal: number; termCount: number }): void {
  const message = rangeMessage(type, input)
  if (message === null) return
  throw new AppError(
    'BAD_REQUEST',
    message,
    message.startsWith('Principal') ? 'PRINCIPAL_OUT_OF_RANGE' : 'TERM_OUT_OF_RANGE',
  )
}

function typeTerms(type: LoanTypeView): LoanTerms {
  return {
    interest: type.interest,
    processingFee: type.processingFee,
    penalty: type.penalty,
    allocationOrder: type.allocationOrder,
    rounding: type.rounding,
    installmentMultiple: type.installmentMultiple,
  }
}

export type LoanPreview = {
  schedule: Schedule
  processingFee: number
  /** Cost of credit (annualised IRR of the borrower's cash flows), shown next to flat rates; null if undefined. */
  apr: number | null
  effectiveAnnualRate: number | null
}

function previewOf(
  terms: LoanTerms,
  input: { principal: number; termCount: number; startDate: string },
  termUnit: Loan['term_unit'],
): LoanPreview {
  const schedule = scheduleFor(terms, { ...input, termUnit })
  const fee = schedule.processingFee
  if (fee >= input.principal) {
    throw new AppError(
      'BAD_REQUEST',
      `The processing fee (${formatNaira(fee)}) must be less than the principal (${formatNaira(input.principal)})`,
      'FEE_EXCEEDS_PRINCIPAL',
    )
  }
  let apr: number | null = null
  let effective: number | null = null
  try {
    const cost = costOfCredit({
      principal: input.principal,
      installments: schedule.installments,
      termUnit,
      processingFee: fee,
    })
    apr = Number.isFinite(cost.apr) ? cost.apr : null
    effective = Number.isFinite(cost.effectiveAnnualRate) ? cost.effectiveAnnualRate : null
  } catch (error) {
    if (!isDomainError(error)) throw error
  }
  return { schedule, processingFee: fee, apr, effectiveAnnualRate: effective }
}

export async function previewLoan(
  ctx: AuthedContext,
  input: { loanTypeId: string; principal: number; termCount: number; startDate: string },
): Promise<LoanPreview> {
  const type = await getLoanType(ctx, input.loanTypeId)
  if (!type.isActive) throw notFound('Loan type')
  assertInRange(type, input)
  return previewOf(typeTerms(type), input, type.termUnit)
}

/** Locks the member (so two applications for one member cannot both pass the live-loan check). */
async function lockMember(trx: Trx, scope: StaffScope, memberId: string) {
  const row = await trx
    .selectFrom('member as m')
    .innerJoin('union as u', 'u.id', 'm.union_id')
    .select(['m.id', 'm.union_id', 'u.credit_officer_id', 'm.first_name', 'm.last_name'])
    .where('m.id', '=', memberId)
    .where('m.deleted_at', 'is', null)
    .where('u.deleted_at', 'is', null)
    .forUpdate('m')
    .executeTakeFirst()
  if (!row || !isInScope(scope, row.credit_officer_id)) throw notFound(MEMBER)
  return row
}

async function assertGuarantors(trx: Trx, memberId: string, ids: readonly string[]): Promise<string[]> {
  const unique = [...new Set(ids)]
  if (unique.length === 0) return []
  const rows = await trx
    .selectFrom('guarantor')
    .select('id')
    .where('id', 'in', unique)
    .where('member_id', '=', memberId)
    .where('deleted_at', 'is', null)
    .execute()
  if (rows.length !== unique.length) {
    throw new AppError(
      'BAD_REQUEST',
      "Guarantors must be the member's own guarantors (one was not found for this member)",
      'GUARANTOR_NOT_FOUND',
    )
  }
  return unique
}

/**
 * One live loan per member (docs/product.md §4) unless an admin overrides it with a reason. The member row is locked
 * by the caller, so a concurrent application for the same member waits and then sees this one.
 */
async function checkLiveLoans(
  trx: Trx,
  ctx: AuthedContext,
  memberId: string,
  exceptLoanId: string | null,
  overrideReason: string | null | undefined,
): Promise<string | null> {
  let query = trx
    .selectFrom('loan')
    .select(['loan_number', 'status'])
    .where('member_id', '=', memberId)
    .where('status', 'in', LIVE_LOAN_STATUSES)
  if (exceptLoanId !== null) query = query.where('id', '<>', exceptLoanId)
  const live = await query.orderBy('created_at').executeTakeFirst()
  if (!live) return null
  const what = `This member already has a live loan (${live.loan_number}, ${live.status.toLowerCase().replace(/_/g, ' ')})`
  if (ctx.user.role !== 'ADMIN') {
    throw new AppError(
      'CONFLICT',
      `${what}. Only an admin can book a second one, with a reason.`,
      'MEMBER_HAS_LIVE_LOAN',
    )
  }
  const reason = overrideReason?.trim() ?? ''
  if (reason.length < 3) {
    throw new AppError(
      'CONFLICT',
      `${what}. To book another, give an override reason (at least 3 characters).`,
      'MEMBER_HAS_LIVE_LOAN',
    )
  }
  return reason
}

function loanValues(type: LoanTypeView, input: TLoanCreateInput, preview: LoanPreview) {
  return {
    loan_type_id: type.id,
    loan_type_name: type.name,
    principal: input.principal,
    term_count: input.termCount,
    term_unit: type.termUnit,
    start_date: input.startDate,
    purpose: input.purpose ?? null,
    interest: JSON.stringify(type.interest),
    processing_fee_rule: type.processingFee ? JSON.stringify(type.processingFee) : null,
    penalty: type.penalty ? JSON.stringify(type.penalty) : null,
    allocation_order: type.allocationOrder,
    rounding: type.rounding,
    installment_multiple: type.installmentMultiple,
    processing_fee: preview.processingFee,
  }
}

async function bookableType(ctx: AuthedContext, input: TLoanCreateInput) {
  const type = await getLoanType(ctx, input.loanTypeId)
  if (!type.isActive) {
    throw new AppError(
      'BAD_REQUEST',
      `Loan type ${type.name} is not active; choose an active one`,
      'LOAN_TYPE_INACTIVE',
    )
  }
  assertInRange(type, input)
  return { type, preview: previewOf(typeTerms(type), input, type.termUnit) }
}

function auditView(loan: Loan) {
  return {
    loanNumber: loan.loan_number,
    memberId: loan.member_id,
    loanTypeId: loan.loan_type_id,
    principal: loan.principal,
    termCount: loan.term_count,
    termUnit: loan.term_unit,
    startDate: loan.start_date,
    purpose: loan.purpose,
    processingFee: loan.processing_fee,
    status: loan.status,
    liveLoanOverrideReason: loan.live_loan_override_reason,
  }
}

export async function createLoan(ctx: AuthedContext, input: TLoanCreateInput) {
  const { type, preview } = await bookableType(ctx, input)
  const id = await inTransaction(ctx.db, async (trx) => {
    const scope = await staffScope(trx, ctx.user)
    await lockMember(trx, scope, input.memberId)
    const guarantorIds = await assertGuarantors(trx, input.memberId, input.guarantorIds)
    const override = await checkLiveLoans(trx, ctx, input.memberId, null, input.overrideReason)
    const loan = await trx
      .insertInto('loan')
      .values({
        ...loanValues(type, input, preview),
        member_id: input.memberId,
        live_loan_override_reason: override,
        created_by: ctx.user.id,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    if (guarantorIds.length > 0) {
      await trx
        .insertInto('loan_guarantor')
        .values(guarantorIds.map((guarantorId) => ({ loan_id: loan.id, guarantor_id: guarantorId })))
        .execute()
    }
    await recordLoanEvent(trx, {
      loanId: loan.id,
      kind: 'CREATED',
      actorId: ctx.user.id,
      to: 'DRAFT',
      reason: override,
      details: { principal: loan.principal, termCount: loan.term_count, loanType: type.name },
    })
    await recordAudit(trx, ctx, {
      action: override ? 'LOAN_CREATE_OVERRIDE' : 'LOAN_CREATE',
      entityType: 'loan',
      entityId: loan.id,
      after: { ...auditView(loan), guarantorIds },
    })
    return loan.id
  })
  return getLoan(ctx, id)
}

/**
 * Edits only before approval (docs/product.md §4). Editing a submitted application sends it back to DRAFT: it must be
 * submitted again, so the checker always decides on exactly what the maker submitted.
 */
export async function updateLoan(ctx: AuthedContext, input: TLoanUpdateInput) {
  const { type, preview } = await bookableType(ctx, input)
  await inTransaction(ctx.db, async (trx) => {
    const scope = await staffScope(trx, ctx.user)
    const before = await loadLoan(trx, ctx.user, input.id, { lock: true, scope })
    if (before.status !== 'DRAFT' && before.status !== 'PENDING_APPROVAL') {
      throw new AppError(
        'CONFLICT',
        `A ${words(before.status)} loan cannot be edited; only drafts and applications awaiting approval can`,
        'LOAN_NOT_EDITABLE',
      )
    }
    if (ctx.user.role === 'CREDIT_OFFICER' && before.officerId !== ctx.user.id) throw notFound(LOAN)
    if (input.memberId !== before.member_id) {
      throw new AppError(
        'BAD_REQUEST',
        'The member of a loan cannot be changed; withdraw it and apply again',
        'MEMBER_FIXED',
      )
    }
    await lockMember(trx, scope, input.memberId)
    const guarantorIds = await assertGuarantors(trx, input.memberId, input.guarantorIds)
    const override =
      before.live_loan_override_reason ??
      (await checkLiveLoans(trx, ctx, input.memberId, input.id, input.overrideReason))
    const after = await trx
      .updateTable('loan')
      .set({
        ...loanValues(type, input, preview),
        live_loan_override_reason: override,
        status: 'DRAFT',
        submitted_by: null,
        submitted_at: null,
        updated_at: ctx.now(),
      })
      .where('id', '=', input.id)
      .returningAll()
      .executeTakeFirstOrThrow()
    await trx.deleteFrom('loan_guarantor').where('loan_id', '=', input.id).execute()
    if (guarantorIds.length > 0) {
      await trx
        .insertInto('loan_guarantor')
        .values(guarantorIds.map((guarantorId) => ({ loan_id: input.id, guarantor_id: guarantorId })))
        .execute()
    }
    await recordLoanEvent(trx, {
      loanId: input.id,
      kind: 'UPDATED',
      actorId: ctx.user.id,
      from: before.status,
      to: 'DRAFT',
      details: { principal: after.principal, termCount: after.term_count, loanType: type.name },
    })
    await recordAudit(trx, ctx, {
      action: 'LOAN_UPDATE',
      entityType: 'loan',
      entityId: input.id,
      before: auditView(before),
      after: { ...auditView(after), guarantorIds },
    })
  })
  return getLoan(ctx, input.id)
}

function words(status: string): string {
  return status.toLowerCase().replace(/_/g, ' ')
}

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

/** Who the domain's rules see: the actor and the loan's officer, team and submitter. */
function forTransition(loan: ScopedLoan, status: LoanStatus) {
  return {
    status,
    officerId: loan.officerId,
    officerSupervisorId: loan.officerSupervisorId,
    submittedById: loan.submitted_by,
  }
}

function staffActor(ctx: AuthedContext) {
  return { kind: 'STAFF' as const, id: ctx.user.id, role: ctx.user.role }
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
  const schedule = scheduleFor(terms, {
    principal: loan.principal,
    termCount: loan.term_count,
    termUnit: loan.term_unit,
    startDate,
  })
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
  const opening = domainCall(() =>
    loanPosition({
      installments: schedule.installments,
      events: [],
      asOf: facts.today,
      order: terms.allocationOrder,
      rounding: terms.rounding,
      defaultAfterDays: facts.defaultAfterDays,
      ...(terms.penalty ? { penalty: terms.penalty } : {}),
    }),
  )
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
  }
}

// ---- reading ------------------------------------------------------------------------------------------

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

export type LoanDetail = Awaited<ReturnType<typeof getLoan>>

export async function getLoan(ctx: AuthedContext, id: string) {
  const loan = await loadLoan(ctx.db, ctx.user, id)
  const facts = await companyFacts(ctx.db, ctx)
  const history = await loadHistory(ctx.db, id)
  const position = positionOf(loan, history, facts.today, facts.defaultAfterDays)
  const status = effectiveStatus(loan.status, position)
  const terms = termsOf(loan)
  const schedule = position === null ? previewOrNull(terms, loan) : null
  const [guarantors, repayments, allocations, events] = await Promise.all([
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
  }
}

function previewOrNull(terms: LoanTerms, loan: Loan): Schedule | null {
  try {
    return scheduleFor(terms, {
      principal: loan.principal,
      termCount: loan.term_count,
      termUnit: loan.term_unit,
      startDate: loan.start_date,
    })
  } catch (error) {
    if (error instanceof AppError) return null
    throw error
  }
}
