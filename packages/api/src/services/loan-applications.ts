import { inTransaction, type Loan, type Transaction, type Database } from '@mp/db'
import { LIVE_LOAN_STATUSES, costOfCredit, formatNaira, isDomainError, type Schedule } from '@mp/domain'
import { recordAudit } from '../audit.js'
import type { AuthedContext } from '../context.js'
import { toStoredRule } from '../schemas/loan-rules.js'
import { AppError } from '../errors.js'
import type { TLoanCreateInput, TLoanUpdateInput } from '../schemas/loan.js'
import { isInScope, notFound, staffScope, type StaffScope } from '../scope.js'
import {
  LOAN,
  companyFacts,
  effectiveStatus,
  loadHistory,
  loadLoan,
  positionOf,
  recordLoanEvent,
  scheduleFor,
  type LoanTerms,
  words,
} from './loan-core.js'
import { getLoanType, type LoanTypeView } from './loan-type.js'
import { MEMBER } from './member-queries.js'
import { getLoan } from './loan-detail.js'
import { loanScheduleDates, type DateTerms } from './loan-dates.js'

// Loan applications (docs/product.md §4): the preview, booking and editing before approval. The workflow
// is in loan-workflow.ts, the detail in loan-detail.ts, the list in loan-list.ts, the due list in
// due-list.ts; repayments live in repayment.ts; all serialise on the loan's row lock.

type Trx = Transaction<Database>
type ScheduleDates = NonNullable<Parameters<typeof scheduleFor>[2]>

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
  dates: ScheduleDates = {},
): LoanPreview {
  const schedule = scheduleFor(terms, { ...input, termUnit }, dates)
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
  input: { loanTypeId: string; principal: number; termCount: number; startDate: string; memberId?: string },
): Promise<LoanPreview> {
  const type = await getLoanType(ctx, input.loanTypeId)
  if (!type.isActive) throw notFound('Loan type')
  assertInRange(type, input)
  // The due dates as the loan would get them (docs/lending.md "Meetings and holidays"): moved off the
  // company's non-working days by the product's rule and, for the member's union, on its meetings when
  // the product follows them. Without a member, the calendar alone.
  const unionId = input.memberId === undefined ? null : await memberUnion(ctx, input.memberId)
  const terms = dateTermsOfType(type)
  const dates = await loanScheduleDates(
    ctx.db,
    unionId === null ? { ...terms, followsMeetings: false } : terms,
    unionId ?? '',
    { termCount: input.termCount, termUnit: type.termUnit, startDate: input.startDate },
  )
  return previewOf(typeTerms(type), input, type.termUnit, dates)
}

/** The union of a member the actor may see (404 otherwise, as for any member outside their scope). */
async function memberUnion(ctx: AuthedContext, memberId: string): Promise<string> {
  const scope = await staffScope(ctx.db, ctx.user)
  const row = await ctx.db
    .selectFrom('member as m')
    .innerJoin('union as u', 'u.id', 'm.union_id')
    .select(['m.union_id', 'u.credit_officer_id'])
    .where('m.id', '=', memberId)
    .where('m.deleted_at', 'is', null)
    .where('u.deleted_at', 'is', null)
    .executeTakeFirst()
  if (!row || !isInScope(scope, row.credit_officer_id)) throw notFound(MEMBER)
  return row.union_id
}

function dateTermsOfType(type: LoanTypeView): DateTerms {
  return {
    followsMeetings: type.followsMeetings,
    meetingMinGapDays: type.meetingMinGapDays,
    nonWorkingDayRule: type.nonWorkingDayRule,
  }
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
 * by the caller, so a concurrent application for the same member waits and then sees this one. `exceptLoanIds`:
 * the application itself when it is edited, and the loan a top-up pays off (it closes as the new one opens).
 */
async function checkLiveLoans(
  trx: Trx,
  ctx: AuthedContext,
  memberId: string,
  exceptLoanIds: readonly string[],
  overrideReason: string | null | undefined,
): Promise<string | null> {
  let query = trx
    .selectFrom('loan')
    .select(['loan_number', 'status'])
    .where('member_id', '=', memberId)
    .where('status', 'in', LIVE_LOAN_STATUSES)
  if (exceptLoanIds.length > 0) query = query.where('id', 'not in', [...exceptLoanIds])
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

const TOP_UP_FIELD = { field: 'topUpOfLoanId' }

/**
 * A top-up (docs/lending.md "Top-ups"): the application names the member's running loan it will pay off at
 * disbursement. Allowed only when the product allows top-ups, for one of the member's own loans that is
 * active (not defaulted: that is a restructure, not new money), and by one open application at a time.
 * The member row is locked by the caller, so two applications cannot both pass. Returns the loan paid off.
 */
async function checkTopUp(
  trx: Trx,
  ctx: AuthedContext,
  type: LoanTypeView,
  input: { memberId: string; topUpOfLoanId?: string | null | undefined },
  selfId: string | null,
): Promise<{ id: string; loanNumber: string } | null> {
  const oldId = input.topUpOfLoanId ?? null
  if (oldId === null) return null
  if (!type.allowsTopUp) {
    throw new AppError(
      'BAD_REQUEST',
      `${type.name} does not allow top-ups: choose a product that does, or leave "loan to pay off" empty`,
      'TOP_UP_NOT_ALLOWED',
      TOP_UP_FIELD,
    )
  }
  const old = await trx.selectFrom('loan').selectAll().where('id', '=', oldId).executeTakeFirst()
  // Another member's loan (or none) is refused alike: the loan's existence is not told across members.
  if (!old || old.member_id !== input.memberId) {
    throw new AppError(
      'BAD_REQUEST',
      "The loan to pay off must be one of this member's own loans",
      'TOP_UP_OTHER_MEMBER',
      TOP_UP_FIELD,
    )
  }
  const facts = await companyFacts(trx, ctx)
  const position = positionOf(old, await loadHistory(trx, old.id), facts.today, facts.defaultAfterDays)
  const status = effectiveStatus(old.status, position)
  if (status !== 'ACTIVE') {
    throw new AppError(
      'BAD_REQUEST',
      `Loan ${old.loan_number} is ${words(status)}; only an active loan can be paid off by a top-up`,
      'TOP_UP_LOAN_NOT_ACTIVE',
      TOP_UP_FIELD,
    )
  }
  let pending = trx
    .selectFrom('loan')
    .select('loan_number')
    .where('top_up_of_loan_id', '=', old.id)
    .where('status', 'in', ['DRAFT', 'PENDING_APPROVAL', 'APPROVED'])
  if (selfId !== null) pending = pending.where('id', '<>', selfId)
  const other = await pending.executeTakeFirst()
  if (other) {
    throw new AppError(
      'CONFLICT',
      `Loan ${old.loan_number} already has a top-up application (${other.loan_number}); withdraw that one first`,
      'TOP_UP_PENDING',
      TOP_UP_FIELD,
    )
  }
  return { id: old.id, loanNumber: old.loan_number }
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
    interest: toStoredRule(type.interest),
    processing_fee_rule: type.processingFee ? toStoredRule(type.processingFee) : null,
    penalty: type.penalty ? toStoredRule(type.penalty) : null,
    allocation_order: type.allocationOrder,
    rounding: type.rounding,
    installment_multiple: type.installmentMultiple,
    processing_fee: preview.processingFee,
    follows_meetings: type.followsMeetings,
    meeting_min_gap_days: type.meetingMinGapDays,
    non_working_day_rule: type.nonWorkingDayRule,
  }
}

/**
 * A product that follows meetings must fit the union's meeting frequency (a weekly loan cannot follow
 * monthly meetings): refused at booking, naming both, rather than at disbursement. The dates themselves
 * are fixed at disbursement.
 */
async function assertDatesFit(
  trx: Trx,
  type: LoanTypeView,
  unionId: string,
  input: { termCount: number; startDate: string },
): Promise<void> {
  if (!type.followsMeetings) return
  await loanScheduleDates(trx, dateTermsOfType(type), unionId, { ...input, termUnit: type.termUnit })
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
    topUpOfLoanId: loan.top_up_of_loan_id,
  }
}

export async function createLoan(ctx: AuthedContext, input: TLoanCreateInput) {
  const { type, preview } = await bookableType(ctx, input)
  const id = await inTransaction(ctx.db, async (trx) => {
    const scope = await staffScope(trx, ctx.user)
    const member = await lockMember(trx, scope, input.memberId)
    await assertDatesFit(trx, type, member.union_id, input)
    const guarantorIds = await assertGuarantors(trx, input.memberId, input.guarantorIds)
    const topUp = await checkTopUp(trx, ctx, type, input, null)
    const override = await checkLiveLoans(
      trx,
      ctx,
      input.memberId,
      topUp ? [topUp.id] : [],
      input.overrideReason,
    )
    const loan = await trx
      .insertInto('loan')
      .values({
        ...loanValues(type, input, preview),
        top_up_of_loan_id: topUp?.id ?? null,
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
      details: {
        principal: loan.principal,
        termCount: loan.term_count,
        loanType: type.name,
        ...(topUp ? { topUpOf: topUp.loanNumber } : {}),
      },
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
    const member = await lockMember(trx, scope, input.memberId)
    await assertDatesFit(trx, type, member.union_id, input)
    const guarantorIds = await assertGuarantors(trx, input.memberId, input.guarantorIds)
    const topUp = await checkTopUp(trx, ctx, type, input, input.id)
    const override =
      before.live_loan_override_reason ??
      (await checkLiveLoans(
        trx,
        ctx,
        input.memberId,
        topUp ? [input.id, topUp.id] : [input.id],
        input.overrideReason,
      ))
    const after = await trx
      .updateTable('loan')
      .set({
        ...loanValues(type, input, preview),
        top_up_of_loan_id: topUp?.id ?? null,
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
