import { sql, type Database, type Kysely, type Loan, type Transaction } from '@mp/db'
import {
  DEFAULT_DEFAULT_AFTER_DAYS,
  buildSchedule,
  loanPosition,
  todayIn,
  type AllocationOrder,
  type InterestTerms,
  type LoanEvent,
  type LoanHistoryEvent,
  type LoanPosition,
  type LoanStatus,
  type PenaltyRule,
  type ProcessingFeeRule,
  type RoundingMode,
  type Schedule,
  type ScheduleInput,
  type ScheduledInstallment,
} from '@mp/domain'
import { LOAN_LOCK_TIMEOUT_MS } from '../backpressure.js'
import type { AuthedContext } from '../context.js'
import { storedInterest, storedPenalty, storedProcessingFee } from '../schemas/loan-rules.js'
import { isInScope, notFound, staffScope, type StaffScope } from '../scope.js'
import { approvedChangeEvents } from './loan-change-events.js'
import { DEFAULT_TIMEZONE } from './list-query.js'

/**
 * What every loan service shares: the loan's terms as @mp/domain wants them, the company facts that decide
 * "today" and "defaulted", loading a loan within the actor's scope, and the loan's position replayed from
 * the stored schedule and repayments. Every figure the API shows comes from `loanPosition` (docs/product.md §3–§5).
 */
export type Db = Kysely<Database> | Transaction<Database>

export const LOAN = 'Loan'
export const REPAYMENT = 'Repayment'

export type CompanyFacts = { timeZone: string; defaultAfterDays: number; today: string }

export async function companyFacts(db: Db, ctx: Pick<AuthedContext, 'now'>): Promise<CompanyFacts> {
  const row = await db
    .selectFrom('company_settings')
    .select(['timezone', 'default_after_days_past_due'])
    .where('id', '=', 'default')
    .executeTakeFirst()
  const timeZone = row?.timezone ?? DEFAULT_TIMEZONE
  return {
    timeZone,
    defaultAfterDays: row?.default_after_days_past_due ?? DEFAULT_DEFAULT_AFTER_DAYS,
    // docs/product.md §2: the company timezone decides what "today" and "overdue" mean.
    today: todayIn(timeZone, ctx.now()),
  }
}

export type LoanTerms = {
  interest: InterestTerms
  processingFee: ProcessingFeeRule | null
  penalty: PenaltyRule | null
  allocationOrder: AllocationOrder
  rounding: RoundingMode
  installmentMultiple: number | null
}

/** The terms the loan was booked with (validated against these shapes before they were written). */
export function termsOf(
  loan: Pick<
    Loan,
    'interest' | 'processing_fee_rule' | 'penalty' | 'allocation_order' | 'rounding' | 'installment_multiple'
  >,
): LoanTerms {
  return {
    interest: storedInterest(loan.interest),
    processingFee: storedProcessingFee(loan.processing_fee_rule),
    penalty: storedPenalty(loan.penalty),
    allocationOrder: loan.allocation_order,
    rounding: loan.rounding,
    installmentMultiple: loan.installment_multiple,
  }
}

/**
 * The schedule of the loan's terms. `dates` places the installments (the union's meetings, the company
 * calendar: services/loan-dates.ts); without it they fall every period from the start date.
 */
export function scheduleFor(
  terms: LoanTerms,
  loan: { principal: number; termCount: number; termUnit: Loan['term_unit']; startDate: string },
  dates: Pick<ScheduleInput, 'dueDates' | 'calendar' | 'nonWorkingDayRule'> = {},
): Schedule {
  return buildSchedule({
    principal: loan.principal,
    termCount: loan.termCount,
    termUnit: loan.termUnit,
    startDate: loan.startDate,
    interest: terms.interest,
    rounding: terms.rounding,
    ...(terms.installmentMultiple ? { installmentMultiple: terms.installmentMultiple } : {}),
    ...(terms.processingFee ? { processingFee: terms.processingFee } : {}),
    ...dates,
  })
}

/** A loan row with who it belongs to: member → union → credit officer (docs/product.md §4: the loan follows the union). */
export type ScopedLoan = Loan & {
  memberCode: string
  memberName: string
  memberPhone: string | null
  unionId: string
  unionName: string
  officerId: string
  officerName: string
  officerSupervisorId: string | null
}

export function scopedLoanQuery(db: Db) {
  return db
    .selectFrom('loan')
    .innerJoin('member as m', 'm.id', 'loan.member_id')
    .innerJoin('union as u', 'u.id', 'm.union_id')
    .innerJoin('staff_user as o', 'o.id', 'u.credit_officer_id')
    .selectAll('loan')
    .select([
      'm.code as memberCode',
      sql<string>`m.first_name || ' ' || m.last_name`.as('memberName'),
      'm.phone as memberPhone',
      'u.id as unionId',
      'u.name as unionName',
      'o.id as officerId',
      sql<string>`o.first_name || ' ' || o.last_name`.as('officerName'),
      'o.supervisor_id as officerSupervisorId',
    ])
}

/**
 * The loan if the actor may see it, else NOT_FOUND (never its data). With `lock`, the loan row is locked
 * FOR UPDATE as it is read: every change to one loan (transitions, postings, reversals) is serialised on it.
 */
export async function loadLoan(
  db: Db,
  actor: { id: string; role: AuthedContext['user']['role'] },
  id: string,
  options: { lock?: boolean; scope?: StaffScope } = {},
): Promise<ScopedLoan> {
  // One statement: the loan with who it belongs to, its own row locked (FOR UPDATE OF loan) when asked.
  const query = scopedLoanQuery(db).where('loan.id', '=', id)
  // Wait a bounded time for another posting on this loan; past it the caller gets 409 LOAN_BUSY and its
  // connection back (docs/reliability.md). LOCAL: only for this transaction.
  if (options.lock) await sql`set local lock_timeout = ${sql.lit(LOAN_LOCK_TIMEOUT_MS)}`.execute(db)
  const row = await (options.lock ? query.forUpdate('loan') : query).executeTakeFirst()
  const scope = options.scope ?? (await staffScope(db, actor))
  if (!row || !isInScope(scope, row.officerId)) throw notFound(LOAN)
  return row
}

export type StoredRepayment = {
  id: string
  paid_on: string
  amount: number
  posting_sequence: number
  reversed_on: string | null
}

/** The events @mp/domain replays: every repayment, and a reversal for each reversed one. */
function eventsOf(repayments: readonly StoredRepayment[]): LoanEvent[] {
  const events: LoanEvent[] = []
  for (const r of repayments) {
    events.push({
      type: 'REPAYMENT',
      id: r.id,
      date: r.paid_on,
      amount: r.amount,
      sequence: r.posting_sequence,
    })
    if (r.reversed_on !== null) {
      events.push({
        type: 'REVERSAL',
        id: `reversal:${r.id}`,
        date: r.reversed_on,
        repaymentId: r.id,
        sequence: r.posting_sequence,
      })
    }
  }
  return events
}

export type LoanHistory = {
  /** The schedule booked at disbursement (a reschedule's installments come with its event). */
  installments: ScheduledInstallment[]
  repayments: StoredRepayment[]
  /** Approved waivers, reschedules and restructures (services/loan-change-events.ts). */
  changes: LoanHistoryEvent[]
}

export async function loadHistory(db: Db, loanId: string): Promise<LoanHistory> {
  const [installments, repayments, changes] = await Promise.all([
    bookedInstallments(db, [loanId]),
    db
      .selectFrom('repayment')
      .select(['id', 'paid_on', 'amount', 'posting_sequence', 'reversed_on'])
      .where('loan_id', '=', loanId)
      .orderBy('posting_sequence')
      .execute(),
    approvedChangeEvents(db, [loanId]),
  ])
  return {
    installments: installments.map(scheduledOf),
    repayments,
    changes: changes.map((c) => c.event),
  }
}

/**
 * The installments booked at disbursement, as booked: a change keeps their first amounts in `original_*`
 * and leaves what is owed now in `principal`, `interest`, `fee`; rows a reschedule added are its event's.
 */
export function bookedInstallments(db: Db, loanIds: readonly string[]) {
  return db
    .selectFrom('loan_installment')
    .select((eb) => [
      'loan_id',
      'sequence',
      'due_date',
      eb.fn.coalesce('original_principal', 'principal').as('principal'),
      eb.fn.coalesce('original_interest', 'interest').as('interest'),
      eb.fn.coalesce('original_fee', 'fee').as('fee'),
    ])
    .where('loan_id', 'in', [...loanIds])
    .where('change_id', 'is', null)
    .orderBy('loan_id')
    .orderBy('sequence')
    .execute()
}

export function scheduledOf(row: {
  sequence: number
  due_date: string
  principal: number
  interest: number
  fee: number
}): ScheduledInstallment {
  return {
    sequence: row.sequence,
    dueDate: row.due_date,
    principal: row.principal,
    interest: row.interest,
    fee: row.fee,
  }
}

export function positionInput(
  terms: LoanTerms,
  history: LoanHistory,
  asOf: string,
  defaultAfterDays: number,
) {
  return {
    installments: history.installments,
    events: [...eventsOf(history.repayments), ...history.changes],
    asOf,
    order: terms.allocationOrder,
    rounding: terms.rounding,
    defaultAfterDays,
    ...(terms.penalty ? { penalty: terms.penalty } : {}),
  }
}

/** The position of a disbursed loan as of a date (null before disbursement: no fixed schedule yet). */
export function positionOf(
  loan: Loan,
  history: LoanHistory,
  asOf: string,
  defaultAfterDays: number,
): LoanPosition | null {
  if (history.installments.length === 0) return null
  return loanPosition(positionInput(termsOf(loan), history, asOf, defaultAfterDays))
}

/**
 * The status shown: stored for the workflow, computed from the date for a running loan (docs/product.md §4: overdue,
 * days past due and DEFAULTED are right at any moment, not when a payment or a nightly job arrives).
 */
export function effectiveStatus(stored: LoanStatus, position: LoanPosition | null): LoanStatus {
  if ((stored === 'ACTIVE' || stored === 'DEFAULTED') && position !== null) {
    return position.status
  }
  return stored
}

export async function recordLoanEvent(
  db: Db,
  event: {
    loanId: string
    kind: string
    actorId: string | null
    from?: LoanStatus | null
    to?: LoanStatus | null
    reason?: string | null
    details?: unknown
  },
): Promise<void> {
  await db
    .insertInto('loan_event')
    .values({
      loan_id: event.loanId,
      kind: event.kind,
      from_status: event.from ?? null,
      to_status: event.to ?? null,
      actor_id: event.actorId,
      reason: event.reason ?? null,
      details: event.details === undefined ? null : JSON.stringify(event.details),
    })
    .execute()
}

/** A status as words in a message: PENDING_APPROVAL → "pending approval". */
export function words(status: string): string {
  return status.toLowerCase().replace(/_/g, ' ')
}

/** Who the domain's rules see: the actor and the loan's officer, team and submitter. */
export function forTransition(loan: ScopedLoan, status: LoanStatus) {
  return {
    status,
    officerId: loan.officerId,
    officerSupervisorId: loan.officerSupervisorId,
    submittedById: loan.submitted_by,
  }
}

/** The signed-in staff member as the domain's rules see an actor. */
export function staffActor(ctx: AuthedContext) {
  return { kind: 'STAFF' as const, id: ctx.user.id, role: ctx.user.role }
}
