import { inTransaction, sql, type Database, type Transaction } from '@mp/db'
import {
  checkWaiverLimit,
  loanPosition,
  planWaiver,
  rescheduleLoan,
  restructureLoan,
  type LoanPosition,
  type RescheduleEvent,
  type WaiverEvent,
  type WaiverLimits,
} from '@mp/domain'
import { recordAudit } from '../audit.js'
import type { AuthedContext } from '../context.js'
import { AppError } from '../errors.js'
import { ledgerLoanOf, storeLoanLedger } from '../ledger/index.js'
import {
  LOAN_CHANGE_VERSION,
  ZWaiverLimitsInput,
  storedChangeTerms,
  type TLoanChangeDecideInput,
  type TLoanChangePreviewInput,
  type TLoanChangeRequestInput,
  type TLoanChangeTerms,
  type TWaiverLimitsInput,
} from '../schemas/loan-change.js'
import { toStored } from '../schemas/stored.js'
import { loadCompanyCalendar } from './calendar.js'
import {
  companyFacts,
  loadHistory,
  loadLoan,
  positionInput,
  recordLoanEvent,
  termsOf,
  type CompanyFacts,
  type Db,
  type LoanHistory,
  type ScopedLoan,
} from './loan-core.js'
import { settleStatus } from './repayment.js'
import { uniqueViolation } from './union.js'

/**
 * Reschedules, restructures and waivers of a running loan, maker-checker (docs/lending.md
 * "Rescheduling", "Restructuring", "Waivers"): anyone who may see the loan asks, with a reason; someone
 * else (a supervisor or admin, within the waiver limit of their role) approves or rejects. Every number
 * comes from @mp/domain (`rescheduleLoan`, `restructureLoan`, `planWaiver`); approval recomputes from
 * the loan as it stands then, stores the event with the repayments' history and rewrites the ledger in
 * the same transaction, under the loan's row lock, so a replay equals the stored state.
 */

const RUNNING = ['ACTIVE', 'DEFAULTED'] as const

type Summary = {
  outstandingPrincipal: number
  payoffAmount: number
  dueNow: number
  overdue: number
  penaltiesAccrued: number
  daysPastDue: number
  status: string
}

function summaryOf(position: LoanPosition): Summary {
  return {
    outstandingPrincipal: position.outstandingPrincipal,
    payoffAmount: position.payoffAmount,
    dueNow: position.dueNow,
    overdue: position.overdue,
    penaltiesAccrued: position.totals.outstanding.penalty,
    daysPastDue: position.daysPastDue,
    status: position.status,
  }
}

export type ChangePlan = {
  kind: TLoanChangeTerms['kind']
  date: string
  event: WaiverEvent | RescheduleEvent
  before: Summary
  after: Summary
  /** Kobo waived (penalty + interest): what the approver's limit is checked against. */
  waived: number
  /** Kobo of arrears capitalised into principal (restructure). */
  capitalised: number
  movedPrincipal: number
  carriedInterest: number
  droppedInterest: number
  /** Flat for the term: interest not yet due kept (no new interest), docs/lending.md "Rescheduling". */
  keptInterest: number
  /** The schedule from the change on (old installments with what they keep, then the new ones). */
  installments: { sequence: number; dueDate: string; principal: number; interest: number; fee: number }[]
  newSequences: number[]
  waiverLines: { sequence: number; penalty: number; interest: number }[]
  /** New due dates a non-working day moved. */
  moves: { sequence: number; from: string; to: string }[]
}

function badRequest(message: string, reason: string, field: string, limit?: unknown): AppError {
  return new AppError('BAD_REQUEST', message, reason, { field, ...(limit === undefined ? {} : { limit }) })
}

/** The engine's answer for these terms on this loan as it stands (no write). */
async function planChange(
  db: Db,
  loan: ScopedLoan,
  history: LoanHistory,
  terms: TLoanChangeTerms,
  facts: CompanyFacts,
  eventId: string,
): Promise<ChangePlan> {
  if (!(RUNNING as readonly string[]).includes(loan.status) || loan.disbursed_on === null) {
    throw new AppError(
      'CONFLICT',
      `Only a running loan can be rescheduled, restructured or have a waiver (this one is ${loan.status.toLowerCase().replace(/_/g, ' ')})`,
      'LOAN_NOT_RUNNING',
    )
  }
  if (terms.date > facts.today) {
    throw badRequest(
      `The effective date cannot be in the future (today is ${facts.today})`,
      'DATE_IN_FUTURE',
      'date',
      facts.today,
    )
  }
  if (terms.date < loan.disbursed_on) {
    throw badRequest(
      `The effective date cannot be before the disbursement date (${loan.disbursed_on})`,
      'DATE_BEFORE_DISBURSEMENT',
      'date',
      loan.disbursed_on,
    )
  }
  const loanTerms = termsOf(loan)
  const { asOf: _asOf, ...base } = positionInput(loanTerms, history, terms.date, facts.defaultAfterDays)
  if (terms.kind === 'WAIVER') {
    const plan = planWaiver({
      ...base,
      waiver: {
        id: eventId,
        date: terms.date,
        ...(terms.penalty === undefined ? {} : { penalty: terms.penalty }),
        ...(terms.interest === undefined ? {} : { interest: terms.interest }),
      },
    })
    return {
      kind: 'WAIVER',
      date: terms.date,
      event: plan.event,
      before: summaryOf(plan.before),
      after: summaryOf(plan.after),
      waived: (terms.penalty ?? 0) + (terms.interest ?? 0),
      capitalised: 0,
      movedPrincipal: 0,
      carriedInterest: 0,
      droppedInterest: 0,
      keptInterest: 0,
      installments: [],
      newSequences: [],
      waiverLines: plan.lines,
      moves: [],
    }
  }
  if (terms.termUnit !== loan.term_unit && loanTerms.interest.method !== 'NONE') {
    // The loan's interest rate is per period of its own term unit: a weekly rate charged per month is
    // not the product's price.
    throw badRequest(
      `The repayment frequency must stay ${loan.term_unit} for this loan: its interest rate is per ${loan.term_unit.toLowerCase()}`,
      'TERM_UNIT_CHANGE',
      'termUnit',
      loan.term_unit,
    )
  }
  if (terms.firstDueDate <= terms.date) {
    throw badRequest(
      `The first new due date must come after the effective date (${terms.date})`,
      'FIRST_DUE_TOO_EARLY',
      'firstDueDate',
      terms.date,
    )
  }
  const input = {
    ...base,
    date: terms.date,
    id: eventId,
    interest: loanTerms.interest,
    rounding: loanTerms.rounding,
    installmentCount: terms.installmentCount,
    graceOnPrincipal: terms.graceOnPrincipal ?? 0,
    firstDueDate: terms.firstDueDate,
    termUnit: terms.termUnit,
    repaymentEvery: terms.repaymentEvery ?? 1,
    calendar: await loadCompanyCalendar(db),
    nonWorkingDayRule: loan.non_working_day_rule,
    ...(loanTerms.installmentMultiple ? { installmentMultiple: loanTerms.installmentMultiple } : {}),
  }
  const result =
    terms.kind === 'RESTRUCTURE'
      ? restructureLoan({ ...input, penalties: terms.penalties })
      : rescheduleLoan({ ...input, penalties: terms.penalties ?? 'KEEP' })
  const applied = result.after.reschedules.at(-1)
  return {
    kind: terms.kind,
    date: terms.date,
    event: result.event,
    before: summaryOf(result.before),
    after: summaryOf(result.after),
    waived: applied?.waivedPenalty ?? 0,
    capitalised: (applied?.capitalisedInterest ?? 0) + (applied?.capitalisedPenalty ?? 0),
    movedPrincipal: result.movedPrincipal,
    carriedInterest: result.carriedInterest,
    droppedInterest: result.droppedInterest,
    keptInterest: result.keptInterest,
    installments: result.installments.map((i) => ({ ...i, fee: i.fee ?? 0 })),
    newSequences: result.newInstallments.map((i) => i.sequence),
    waiverLines: [],
    moves: result.moves,
  }
}

/** Preview: what the change would do, computed exactly as approval will; nothing is written. */
export async function previewLoanChange(
  ctx: AuthedContext,
  input: TLoanChangePreviewInput,
): Promise<ChangePlan> {
  const loan = await loadLoan(ctx.db, ctx.user, input.loanId)
  const facts = await companyFacts(ctx.db, ctx)
  const history = await loadHistory(ctx.db, loan.id)
  return planChange(ctx.db, loan, history, input.terms, facts, 'preview')
}

/** Asks for a change (reason required); it waits for someone else's approval. */
export async function requestLoanChange(ctx: AuthedContext, input: TLoanChangeRequestInput) {
  try {
    return await inTransaction(ctx.db, async (trx) => {
      const loan = await loadLoan(trx, ctx.user, input.loanId, { lock: true })
      const facts = await companyFacts(trx, ctx)
      const history = await loadHistory(trx, loan.id)
      const plan = await planChange(trx, loan, history, input.terms, facts, 'preview')
      const row = await trx
        .insertInto('loan_change')
        .values({
          loan_id: loan.id,
          kind: input.terms.kind,
          effective_on: input.terms.date,
          terms: toStored(LOAN_CHANGE_VERSION, input.terms),
          amount: plan.waived,
          reason: input.reason,
          requested_by: ctx.user.id,
        })
        .returning(['id', 'requested_at'])
        .executeTakeFirstOrThrow()
      await recordLoanEvent(trx, {
        loanId: loan.id,
        kind: `${input.terms.kind}_REQUESTED`,
        actorId: ctx.user.id,
        reason: input.reason,
        details: { changeId: row.id, terms: input.terms },
      })
      await recordAudit(trx, ctx, {
        action: `LOAN_${input.terms.kind}_REQUEST`,
        entityType: 'loan',
        entityId: loan.id,
        after: { changeId: row.id, terms: input.terms, reason: input.reason, waived: plan.waived },
      })
      return { id: row.id, status: 'PENDING' as const, requestedAt: row.requested_at, preview: plan }
    })
  } catch (error) {
    if (uniqueViolation(error) === 'loan_change_pending_idx') {
      throw new AppError(
        'CONFLICT',
        'This loan already has a change waiting for approval; approve or reject it first',
        'CHANGE_PENDING',
      )
    }
    throw error
  }
}

/** The pending change, locked; 404 outside the actor's scope, 409 once decided. */
async function lockPending(trx: Transaction<Database>, ctx: AuthedContext, id: string) {
  const change = await trx
    .selectFrom('loan_change')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst()
  if (change === undefined) throw new AppError('NOT_FOUND', 'Loan change not found', 'NOT_FOUND')
  const loan = await loadLoan(trx, ctx.user, change.loan_id, { lock: true })
  if (change.status !== 'PENDING') {
    throw new AppError(
      'CONFLICT',
      `This change was already ${change.status.toLowerCase()}`,
      'CHANGE_DECIDED',
      { status: change.status },
    )
  }
  return { change, loan }
}

/** The company's waiver limits per role (kobo); a role not set may not approve waivers. */
export async function waiverLimits(db: Db): Promise<WaiverLimits> {
  const row = await db
    .selectFrom('company_settings')
    .select('waiver_limits')
    .where('id', '=', 'default')
    .executeTakeFirst()
  const parsed = ZWaiverLimitsInput.safeParse(row?.waiver_limits ?? {})
  return parsed.success ? parsed.data : {}
}

/**
 * Approves a pending change: not by the person who asked (maker-checker), and a waiver (or penalties a
 * reschedule waives) only within the approver's role limit. Recomputed from the loan as it stands now,
 * then stored with its event, the new installments and the ledger, in one transaction.
 */
export async function approveLoanChange(ctx: AuthedContext, input: TLoanChangeDecideInput) {
  return inTransaction(ctx.db, async (trx) => {
    const { change, loan } = await lockPending(trx, ctx, input.id)
    if (change.requested_by === ctx.user.id) {
      throw new AppError(
        'FORBIDDEN',
        'You asked for this change; someone else must approve it',
        'SELF_APPROVAL',
      )
    }
    const facts = await companyFacts(trx, ctx)
    const history = await loadHistory(trx, loan.id)
    const terms = storedChangeTerms(change.terms)
    const plan = await planChange(trx, loan, history, terms, facts, `change:${change.id}`)
    if (plan.waived > 0) {
      const decision = checkWaiverLimit(plan.waived, await waiverLimits(trx), ctx.user.role)
      if (!decision.isAllowed) {
        throw new AppError('FORBIDDEN', decision.reason, 'WAIVER_LIMIT', {
          field: 'amount',
          limit: decision.limit,
          amount: plan.waived,
        })
      }
    }
    const { next_sequence: sequence } = await sql<{ next_sequence: string }>`
      select nextval(pg_get_serial_sequence('repayment', 'posting_sequence')) as next_sequence`
      .execute(trx)
      .then((r) => r.rows[0] ?? { next_sequence: '0' })
    const event = { ...plan.event, sequence: Number(sequence) }
    if (event.type === 'RESCHEDULE') {
      await trx
        .insertInto('loan_installment')
        .values(
          event.installments.map((i) => ({
            loan_id: loan.id,
            sequence: i.sequence,
            due_date: i.dueDate,
            principal: i.principal,
            interest: i.interest,
            fee: i.fee ?? 0,
            change_id: change.id,
          })),
        )
        .execute()
    }
    const decidedAt = ctx.now()
    await trx
      .updateTable('loan_change')
      .set({
        status: 'APPROVED',
        decided_by: ctx.user.id,
        decided_at: decidedAt,
        decision_note: input.note ?? null,
        amount: plan.waived,
        event: toStored(LOAN_CHANGE_VERSION, event),
        posting_sequence: Number(sequence),
      })
      .where('id', '=', change.id)
      .execute()
    if (terms.kind === 'RESTRUCTURE' && loan.restructured_at === null) {
      await trx
        .updateTable('loan')
        .set({ restructured_at: terms.date, updated_at: decidedAt })
        .where('id', '=', loan.id)
        .execute()
    }
    const changed: LoanHistory = { ...history, changes: [...history.changes, event] }
    const loanTerms = termsOf(loan)
    const position = loanPosition(positionInput(loanTerms, changed, facts.today, facts.defaultAfterDays))
    await recordLoanEvent(trx, {
      loanId: loan.id,
      kind: terms.kind,
      actorId: ctx.user.id,
      reason: change.reason,
      details: { changeId: change.id, terms, waived: plan.waived, capitalised: plan.capitalised },
    })
    await recordAudit(trx, ctx, {
      action: `LOAN_${terms.kind}_APPROVE`,
      entityType: 'loan',
      entityId: loan.id,
      before: plan.before,
      after: { changeId: change.id, ...plan.after, waived: plan.waived, note: input.note ?? null },
    })
    const status = await settleStatus(trx, ctx, loan, position, `${words(terms.kind)} approved`)
    await storeLoanLedger(trx, ledgerLoanOf(loan, facts.timeZone), loanTerms, position, history.repayments)
    return {
      id: change.id,
      status: 'APPROVED' as const,
      loanStatus: status,
      decidedAt,
      payoffAmount: position.payoffAmount,
      waived: plan.waived,
    }
  })
}

function words(kind: TLoanChangeTerms['kind']): string {
  return kind === 'WAIVER' ? 'Waiver' : kind === 'RESCHEDULE' ? 'Reschedule' : 'Restructure'
}

/** Rejects a pending change (the requester may withdraw their own); nothing on the loan changes. */
export async function rejectLoanChange(ctx: AuthedContext, input: TLoanChangeDecideInput) {
  return inTransaction(ctx.db, async (trx) => {
    const { change, loan } = await lockPending(trx, ctx, input.id)
    const decidedAt = ctx.now()
    await trx
      .updateTable('loan_change')
      .set({
        status: 'REJECTED',
        decided_by: ctx.user.id,
        decided_at: decidedAt,
        decision_note: input.note ?? null,
      })
      .where('id', '=', change.id)
      .execute()
    await recordLoanEvent(trx, {
      loanId: loan.id,
      kind: `${change.kind}_REJECTED`,
      actorId: ctx.user.id,
      reason: input.note ?? null,
      details: { changeId: change.id },
    })
    await recordAudit(trx, ctx, {
      action: `LOAN_${change.kind}_REJECT`,
      entityType: 'loan',
      entityId: loan.id,
      after: { changeId: change.id, note: input.note ?? null },
    })
    return { id: change.id, status: 'REJECTED' as const, decidedAt }
  })
}

/** Sets the waiver limit of each role (admins only; audited). A role left out may not approve waivers. */
export async function setWaiverLimits(ctx: AuthedContext, input: TWaiverLimitsInput): Promise<WaiverLimits> {
  return inTransaction(ctx.db, async (trx) => {
    const before = await waiverLimits(trx)
    await trx
      .updateTable('company_settings')
      .set({ waiver_limits: JSON.stringify(input), updated_by: ctx.user.id })
      .where('id', '=', 'default')
      .execute()
    await recordAudit(trx, ctx, {
      action: 'WAIVER_LIMITS_UPDATE',
      entityType: 'company_settings',
      entityId: 'default',
      before,
      after: input,
    })
    return input
  })
}
