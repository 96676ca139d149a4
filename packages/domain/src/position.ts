import type {
  AllocationLine,
  AllocationPlan,
  Component,
  OwedInstallment,
  ResolvedPlan,
} from './allocation.js'
import { distribute, overpaymentError, resolvePlan } from './allocation.js'
import type { IsoDate } from './calendar.js'
import { assertIsoDate, fromDayNumber, toDayNumber } from './calendar.js'
import { DomainError, describeValue } from './errors.js'
import type { Kobo } from './money.js'
import { MAX_KOBO, assertKobo, formatNaira } from './money.js'
import type { DayBaseChange, NormalizedPenaltyRule, PenaltyClosedForm, PenaltyRule } from './penalties.js'
import { accruedPenaltyAmount, normalizePenaltyRule, penaltyClosedForm } from './penalties.js'
import type { RoundingMode } from './rational.js'
import { ROUNDING_MODES } from './rational.js'

/** An installment as fixed at disbursement (a `buildSchedule` installment fits). */
export type ScheduledInstallment = {
  sequence: number
  dueDate: IsoDate
  principal: Kobo
  interest: Kobo
  fee?: Kobo
}

export type RepaymentEvent = {
  type: 'REPAYMENT'
  /** Unique across all events of the loan; breaks ties between events on one date. */
  id: string
  date: IsoDate
  amount: Kobo
  /** Optional posting sequence; events on one date are ordered by it, then by id. */
  sequence?: number
}

/** Cancels a repayment as if it never happened (docs/product.md §5: repayments are never edited, only reversed). */
export type ReversalEvent = {
  type: 'REVERSAL'
  id: string
  date: IsoDate
  repaymentId: string
  sequence?: number
}

export type LoanEvent = RepaymentEvent | ReversalEvent

/**
 * Penalties and/or interest forgiven on a date (docs/lending.md "Waivers"): penalties accrued so far and
 * interest are waived oldest installment first. Never more than is outstanding of that kind on the date.
 */
export type WaiverEvent = {
  type: 'WAIVER'
  id: string
  date: IsoDate
  penalty?: Kobo
  interest?: Kobo
  sequence?: number
}

/** What a reschedule does with the penalties accrued and unpaid on its date. */
export type PenaltyTreatment = 'KEEP' | 'CAPITALISE' | 'WAIVE'
/** What a reschedule does with unpaid interest of installments due on or before its date. */
export type OverdueInterestTreatment = 'CARRY' | 'CAPITALISE'

/**
 * A new schedule for what is outstanding, from the end of `date` (built by `rescheduleLoan` /
 * `restructureLoan`). On the date every installment keeps what was paid or waived of it; its unpaid
 * principal and fee move to `installments`, its unpaid interest is carried into their interest
 * (installments due on or before the date: CARRY) or capitalised into their principal (CAPITALISE), and
 * unpaid interest of later installments is dropped (the new installments charge their own). Penalties
 * accrued so far stay owed (KEEP), are capitalised, or are waived; none accrue on the old installments
 * afterwards. The replay checks that the new principal is exactly what moved plus what was capitalised.
 */
export type RescheduleEvent = {
  type: 'RESCHEDULE'
  id: string
  date: IsoDate
  installments: readonly ScheduledInstallment[]
  penalties?: PenaltyTreatment
  overdueInterest?: OverdueInterestTreatment
  /** Arrears capitalised: the loan counts as restructured from this date (PAR "with restructured"). */
  isRestructure?: boolean
  sequence?: number
}

/** Everything the replay understands. On one date, by `sequence`, then repayments, waivers, reschedules, then id. */
export type LoanHistoryEvent = LoanEvent | WaiverEvent | RescheduleEvent

export type PositionInput = AllocationPlan & {
  installments: readonly ScheduledInstallment[]
  /** Stored repayments, reversals, waivers and reschedules, in any order. Events after `asOf` are ignored. */
  events?: readonly LoanHistoryEvent[]
  asOf: IsoDate
  penalty?: PenaltyRule
  rounding?: RoundingMode
  /** DEFAULTED once days past due exceed this (docs/product.md §4, default 90). */
  defaultAfterDays?: number
  /** Outstanding principal+interest at or below this does not count as in arrears (Fineract inArrearsTolerance). */
  arrearsTolerance?: Kobo
}

export type ComponentAmounts = { principal: Kobo; interest: Kobo; fee: Kobo; penalty: Kobo; total: Kobo }

export type InstallmentState = 'PAID' | 'OVERDUE' | 'DUE_TODAY' | 'PARTIAL' | 'UPCOMING'

export type InstallmentAllocation = {
  repaymentId: string
  date: IsoDate
  principal: Kobo
  interest: Kobo
  fee: Kobo
  penalty: Kobo
  total: Kobo
}

export type InstallmentPosition = {
  sequence: number
  dueDate: IsoDate
  /** Scheduled amounts plus the penalty accrued as of the date. */
  due: ComponentAmounts
  paid: ComponentAmounts
  outstanding: ComponentAmounts
  state: InstallmentState
  /** Days since the due date while principal+interest is outstanding, else 0. */
  daysLate: number
  /** Date of the payment that cleared it (penalties included), or null. */
  paidOffOn: IsoDate | null
  allocations: InstallmentAllocation[]
  /** Penalty and interest waived on this installment. */
  waived: { interest: Kobo; penalty: Kobo }
  /** Penalty capitalised into a restructured schedule's principal. */
  capitalisedPenalty: Kobo
  /** Date a reschedule moved this installment's unpaid amounts to new installments, or null. */
  rescheduledOn: IsoDate | null
  /**
   * The penalty in closed form after the latest payment known on the date (null without a penalty rule):
   * what a stored ledger keeps so the penalty on any later date is one formula (ADR 0004).
   */
  penaltyForm: PenaltyClosedForm | null
}

export type AppliedRepayment = {
  id: string
  date: IsoDate
  amount: Kobo
  lines: AllocationLine[]
  /** Part of the payment above everything owed at its date (only possible for backdated history). */
  credit: Kobo
}

export type AppliedWaiver = {
  id: string
  date: IsoDate
  penalty: Kobo
  interest: Kobo
  lines: { sequence: number; penalty: Kobo; interest: Kobo }[]
}

export type AppliedReschedule = {
  id: string
  date: IsoDate
  isRestructure: boolean
  /** Unpaid principal moved to the new installments. */
  movedPrincipal: Kobo
  /** Unpaid interest of installments due on or before the date: carried or capitalised. */
  overdueInterest: Kobo
  /** Unpaid interest of later installments, replaced by the new installments' interest. */
  droppedInterest: Kobo
  movedFee: Kobo
  capitalisedInterest: Kobo
  capitalisedPenalty: Kobo
  waivedPenalty: Kobo
  /** Penalties that stay owed on the old installments (KEEP). */
  keptPenalty: Kobo
  newSequences: number[]
}

export type LoanPositionStatus = 'ACTIVE' | 'DEFAULTED' | 'COMPLETED'

export type LoanPosition = {
  asOf: IsoDate
  installments: InstallmentPosition[]
  repayments: AppliedRepayment[]
  /** Repayments cancelled by a reversal dated on or before `asOf`. */
  reversedRepaymentIds: string[]
  totals: { due: ComponentAmounts; paid: ComponentAmounts; outstanding: ComponentAmounts }
  outstandingPrincipal: Kobo
  /** Principal of installments due before `asOf` still unpaid (arrears-rate numerator). */
  overduePrincipal: Kobo
  /** Everything outstanding on installments due before `asOf`, penalties included. */
  overdue: Kobo
  /** Everything outstanding on installments due on or before `asOf`: the "due now" payment. */
  dueNow: Kobo
  /** Everything still owed (all remaining installments + penalties): the largest payment accepted. */
  payoffAmount: Kobo
  penaltiesAccrued: Kobo
  daysPastDue: number
  nextDueDate: IsoDate | null
  nextDueAmount: Kobo
  status: LoanPositionStatus
  isOverdue: boolean
  /** Payments above the payoff at their date (only from backdated history); owed back to the borrower. */
  creditBalance: Kobo
  /** Date the loan became fully paid, or null. */
  completedOn: IsoDate | null
  /**
   * Highest days past due seen just before a payment in the current delinquency episode (reset when a
   * payment brings the loan current). DEFAULTED on a later date = this or that date's days past due above
   * the threshold, which lets a stored ledger answer "defaulted?" for any date without a replay.
   */
  episodePeakDaysPastDue: number
  waivers: AppliedWaiver[]
  reschedules: AppliedReschedule[]
  /** Σ waived over the installments. */
  waived: { interest: Kobo; penalty: Kobo }
  /** Date of the latest restructure known on the date, or null (PAR "with restructured"). */
  restructuredOn: IsoDate | null
}

export const DEFAULT_DEFAULT_AFTER_DAYS = 90

type Slot = {
  sequence: number
  dueDate: IsoDate
  dueDay: number
  scheduled: { principal: Kobo; interest: Kobo; fee: Kobo }
  paid: { principal: Kobo; interest: Kobo; fee: Kobo; penalty: Kobo }
  initialBase: Kobo
  changes: DayBaseChange[]
  /** Penalty accrued for good: set once the base reaches 0 (nothing more can accrue). */
  frozenPenalty: Kobo | null
  paidOffOn: IsoDate | null
  /** Nothing left to pay (paid, waived or moved): out of the waterfall. */
  isClosed: boolean
  allocations: InstallmentAllocation[]
  waived: { interest: Kobo; penalty: Kobo }
  capitalisedPenalty: Kobo
  rescheduledOn: IsoDate | null
}

type Action =
  | (RepaymentEvent & { day: number; rank: 0 })
  | (WaiverEvent & { day: number; rank: 1 })
  | (RescheduleEvent & { day: number; rank: 2 })

type Prepared = {
  slots: Slot[]
  actions: Action[]
  reversed: string[]
  asOfDay: number
  plan: ResolvedPlan
  rule: NormalizedPenaltyRule | null
  rounding: RoundingMode
  defaultAfterDays: number
  tolerance: Kobo
}

function invalidEvent(message: string, field: string): DomainError {
  return new DomainError({ code: 'INVALID_EVENT', message, details: { field } })
}

function invalidOption(message: string, field: string): DomainError {
  return new DomainError({ code: 'INVALID_OPTION', message, details: { field } })
}

function checkEventId(value: unknown, field: string): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) {
    throw invalidEvent(`${field} must be a non-empty text id (got ${describeValue(value)}).`, field)
  }
}

/**
 * Deterministic event order: date, then posting sequence (absent = last), then kind (repayments, then
 * waivers, then reschedules: without sequences a waiver or reschedule takes effect at the end of its day,
 * after that day's payments, which is what it was computed from), then id (code-unit order).
 */
function compareEvents(
  a: { date: IsoDate; sequence?: number; id: string; rank: number },
  b: typeof a,
): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1
  const sa = a.sequence ?? Number.POSITIVE_INFINITY
  const sb = b.sequence ?? Number.POSITIVE_INFINITY
  if (sa !== sb) return sa < sb ? -1 : 1
  if (a.rank !== b.rank) return a.rank - b.rank
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

function settledPenalty(slot: Slot): Kobo {
  return slot.paid.penalty + slot.waived.penalty + slot.capitalisedPenalty
}

function unpaidInterest(slot: Slot): Kobo {
  return slot.scheduled.interest - slot.paid.interest - slot.waived.interest
}

function baseOf(slot: Slot, rule: NormalizedPenaltyRule | null): Kobo {
  const principal = slot.scheduled.principal - slot.paid.principal
  switch (rule?.base ?? 'PRINCIPAL_AND_INTEREST') {
    case 'PRINCIPAL':
      return principal
    case 'PRINCIPAL_AND_INTEREST':
      return principal + unpaidInterest(slot)
    case 'PRINCIPAL_INTEREST_AND_FEE':
      return principal + unpaidInterest(slot) + slot.scheduled.fee - slot.paid.fee
  }
}

function bySlotDue(a: Slot, b: Slot): number {
  return a.dueDay - b.dueDay || a.sequence - b.sequence
}

function makeSlot(
  inst: ScheduledInstallment,
  field: string,
  sequences: Set<number>,
  rule: NormalizedPenaltyRule | null,
  fail: (message: string, field: string) => DomainError,
): Slot {
  if (!Number.isInteger(inst.sequence) || sequences.has(inst.sequence)) {
    throw fail(
      `${field}.sequence must be a whole number used once (got ${describeValue(inst.sequence)}).`,
      field,
    )
  }
  sequences.add(inst.sequence)
  assertKobo(inst.principal, { field: `${field}.principal` })
  assertKobo(inst.interest, { field: `${field}.interest` })
  const fee = inst.fee ?? 0
  assertKobo(fee, { field: `${field}.fee` })
  const slot: Slot = {
    sequence: inst.sequence,
    dueDate: inst.dueDate,
    dueDay: toDayNumber(inst.dueDate, `${field}.dueDate`),
    scheduled: { principal: inst.principal, interest: inst.interest, fee },
    paid: { principal: 0, interest: 0, fee: 0, penalty: 0 },
    initialBase: 0,
    changes: [],
    frozenPenalty: null,
    paidOffOn: null,
    isClosed: false,
    allocations: [],
    waived: { interest: 0, penalty: 0 },
    capitalisedPenalty: 0,
    rescheduledOn: null,
  }
  slot.initialBase = baseOf(slot, rule)
  return slot
}

function prepare(input: PositionInput): Prepared {
  assertIsoDate(input.asOf, 'asOf')
  const rounding = input.rounding ?? 'HALF_EVEN'
  if (!ROUNDING_MODES.includes(rounding)) {
    throw invalidOption(`Rounding must be HALF_EVEN or HALF_UP (got ${describeValue(rounding)}).`, 'rounding')
  }
  const defaultAfterDays = input.defaultAfterDays ?? DEFAULT_DEFAULT_AFTER_DAYS
  if (!Number.isInteger(defaultAfterDays) || defaultAfterDays < 1) {
    throw invalidOption(
      `Default after days must be a whole number of at least 1 (got ${describeValue(defaultAfterDays)}).`,
      'defaultAfterDays',
    )
  }
  const tolerance = input.arrearsTolerance ?? 0
  assertKobo(tolerance, { field: 'arrearsTolerance' })
  const rule = input.penalty === undefined ? null : normalizePenaltyRule(input.penalty)
  const plan = resolvePlan(input)

  if (input.installments.length === 0) {
    throw invalidOption('A loan position needs at least one scheduled installment.', 'installments')
  }
  const sequences = new Set<number>()
  const slots: Slot[] = input.installments.map((inst, index) =>
    makeSlot(inst, `installments[${index}]`, sequences, rule, invalidOption),
  )
  slots.sort(bySlotDue)

  const asOfDay = toDayNumber(input.asOf, 'asOf')
  const ids = new Set<string>()
  const repayments = new Map<string, RepaymentEvent & { day: number }>()
  const reversals: (ReversalEvent & { day: number })[] = []
  const adjustments: Action[] = []
  ;(input.events ?? []).forEach((event, index) => {
    const field = `events[${index}]`
    checkEventId(event.id, `${field}.id`)
    if (ids.has(event.id)) throw invalidEvent(`Event id "${event.id}" is used twice.`, `${field}.id`)
    ids.add(event.id)
    const day = toDayNumber(event.date, `${field}.date`)
    if (event.sequence !== undefined && !Number.isFinite(event.sequence)) {
      throw invalidEvent(`${field}.sequence must be a finite number.`, `${field}.sequence`)
    }
    const type: unknown = event.type
    switch (event.type) {
      case 'REPAYMENT':
        assertKobo(event.amount, { field: `${field}.amount`, min: 1 })
        repayments.set(event.id, { ...event, day })
        break
      case 'REVERSAL':
        checkEventId(event.repaymentId, `${field}.repaymentId`)
        reversals.push({ ...event, day })
        break
      case 'WAIVER': {
        const penalty = event.penalty ?? 0
        const interest = event.interest ?? 0
        assertKobo(penalty, { field: `${field}.penalty` })
        assertKobo(interest, { field: `${field}.interest` })
        if (penalty + interest === 0) {
          throw invalidEvent(`Waiver "${event.id}" waives nothing.`, `${field}.penalty`)
        }
        if (day <= asOfDay) adjustments.push({ ...event, day, rank: 1 })
        break
      }
      case 'RESCHEDULE': {
        const penalties: unknown = event.penalties ?? 'KEEP'
        if (penalties !== 'KEEP' && penalties !== 'CAPITALISE' && penalties !== 'WAIVE') {
          throw invalidEvent(
            `${field}.penalties must be KEEP, CAPITALISE or WAIVE (got ${describeValue(penalties)}).`,
            `${field}.penalties`,
          )
        }
        const overdueInterest: unknown = event.overdueInterest ?? 'CARRY'
        if (overdueInterest !== 'CARRY' && overdueInterest !== 'CAPITALISE') {
          throw invalidEvent(
            `${field}.overdueInterest must be CARRY or CAPITALISE (got ${describeValue(overdueInterest)}).`,
            `${field}.overdueInterest`,
          )
        }
        const newInstallments: readonly ScheduledInstallment[] = Array.isArray(event.installments)
          ? event.installments
          : []
        if (newInstallments.length === 0) {
          throw invalidEvent(`Reschedule "${event.id}" has no new installments.`, `${field}.installments`)
        }
        newInstallments.forEach((inst, i) => {
          // Sequences are unique over the whole history, old and new installments alike.
          const slot = makeSlot(inst, `${field}.installments[${i}]`, sequences, rule, invalidEvent)
          if (slot.dueDay <= day) {
            throw invalidEvent(
              `Reschedule "${event.id}" (${event.date}): new installment ${inst.sequence} is due ${inst.dueDate}, not after the reschedule.`,
              `${field}.installments[${i}].dueDate`,
            )
          }
        })
        if (day <= asOfDay) adjustments.push({ ...event, day, rank: 2 })
        break
      }
      default:
        throw invalidEvent(
          `${field}.type must be REPAYMENT, REVERSAL, WAIVER or RESCHEDULE (got ${describeValue(type)}).`,
          `${field}.type`,
        )
    }
  })
  const reversedAt = new Map<string, number>()
  for (const reversal of reversals) {
    const target = repayments.get(reversal.repaymentId)
    if (target === undefined) {
      throw invalidEvent(
        `Reversal "${reversal.id}" names repayment "${reversal.repaymentId}", which does not exist.`,
        'repaymentId',
      )
    }
    if (reversedAt.has(reversal.repaymentId)) {
      throw invalidEvent(`Repayment "${reversal.repaymentId}" is reversed more than once.`, 'repaymentId')
    }
    if (reversal.day < target.day) {
      throw invalidEvent(
        `Reversal "${reversal.id}" (${reversal.date}) is dated before repayment "${target.id}" (${target.date}).`,
        'date',
      )
    }
    reversedAt.set(reversal.repaymentId, reversal.day)
  }
  const reversed: string[] = []
  const actions: Action[] = adjustments
  for (const repayment of repayments.values()) {
    if (repayment.day > asOfDay) continue
    const reversalDay = reversedAt.get(repayment.id)
    // A reversal known as of the date removes the payment entirely: replaying without it is exactly the
    // state as if it had never been posted (docs/product.md §5, reference §2.5 invariant).
    if (reversalDay !== undefined && reversalDay <= asOfDay) reversed.push(repayment.id)
    else actions.push({ ...repayment, rank: 0 })
  }
  actions.sort(compareEvents)
  reversed.sort()
  return { slots, actions, reversed, asOfDay, plan, rule, rounding, defaultAfterDays, tolerance }
}

function penaltyOn(slot: Slot, day: number, prepared: Prepared): Kobo {
  if (prepared.rule === null || slot.dueDay >= day) return 0
  if (slot.frozenPenalty !== null) return slot.frozenPenalty
  return accruedPenaltyAmount(
    prepared.rule,
    slot.initialBase,
    slot.changes,
    day - slot.dueDay,
    prepared.rounding,
  )
}

function arrearsOf(slot: Slot): Kobo {
  return slot.scheduled.principal - slot.paid.principal + unpaidInterest(slot)
}

/**
 * Days past due on `day`: days since the due date of the oldest installment whose outstanding
 * principal+interest exceeds the tolerance (docs/product.md §7, reference §2.6); 0 when none.
 */
function daysPastDueOn(slots: readonly Slot[], day: number, tolerance: Kobo): number {
  for (const slot of slots) {
    if (slot.dueDay >= day) return 0
    if (arrearsOf(slot) > tolerance) return day - slot.dueDay
  }
  return 0
}

function amounts(principal: Kobo, interest: Kobo, fee: Kobo, penalty: Kobo): ComponentAmounts {
  const total = principal + interest + fee + penalty
  // Penalties can carry a loan past 2^53 kobo, where a float sum silently loses kobo: refuse instead.
  if (!Number.isSafeInteger(total)) {
    throw new DomainError({
      code: 'INVALID_AMOUNT',
      message: `The amount owed is larger than the largest amount this system can hold (${formatNaira(MAX_KOBO)}).`,
      details: { field: 'total', limit: MAX_KOBO },
    })
  }
  return { principal, interest, fee, penalty, total }
}

function addAmounts(a: ComponentAmounts, b: ComponentAmounts): ComponentAmounts {
  return amounts(a.principal + b.principal, a.interest + b.interest, a.fee + b.fee, a.penalty + b.penalty)
}

const NO_AMOUNTS = amounts(0, 0, 0, 0)

/**
 * The loan as of a date: replay the fixed schedule, the repayments and the reversals known on that date
 * (docs/product.md §4–5). Sorted deterministically, so the answer never depends on the order events were stored in.
 * Each repayment pays the penalties accrued through its own date; a partial payment that lowers an
 * installment's overdue base closes that installment's penalty segment and opens a new one.
 */
export function loanPosition(input: PositionInput): LoanPosition {
  const prepared = prepare(input)
  const { slots, plan, tolerance, defaultAfterDays, asOfDay } = prepared
  let isDefaulted = false
  let episodePeak = 0
  let creditBalance = 0
  let completedOn: IsoDate | null = null
  let restructuredOn: IsoDate | null = null
  const applied: AppliedRepayment[] = []
  const waivers: AppliedWaiver[] = []
  const reschedules: AppliedReschedule[] = []

  /** After an event changed `slot` on `day`: a new penalty segment and, with no base left, the freeze. */
  const settle = (slot: Slot, day: number, before: Kobo, accruedHere: Kobo): void => {
    const after = baseOf(slot, prepared.rule)
    if (after !== before) slot.changes.push({ afterDay: day - slot.dueDay, base: after })
    // With no base left nothing more can accrue: keep the amount accrued through this day.
    if (after === 0 && slot.frozenPenalty === null) slot.frozenPenalty = accruedHere
  }

  for (const action of prepared.actions) {
    const day = action.day
    // DPD only grows between events, so checking just before each one (and at asOf) is exact.
    const lateBefore = daysPastDueOn(slots, day, tolerance)
    if (lateBefore > defaultAfterDays) isDefaulted = true
    if (lateBefore > episodePeak) episodePeak = lateBefore
    // Closed installments owe nothing and can accrue nothing more: leave them out.
    const open = slots.filter((slot) => !slot.isClosed)
    const accrued = open.map((slot) => penaltyOn(slot, day, prepared))
    switch (action.rank) {
      case 0: {
        const owed: OwedInstallment[] = open.map((slot, index) => ({
          sequence: slot.sequence,
          dueDate: slot.dueDate,
          penalty: (accrued[index] ?? 0) - settledPenalty(slot),
          fee: slot.scheduled.fee - slot.paid.fee,
          interest: unpaidInterest(slot),
          principal: slot.scheduled.principal - slot.paid.principal,
        }))
        const isDue = open.map((slot) => slot.dueDay <= day)
        const { lines, excess } = distribute(action.amount, owed, isDue, plan)
        creditBalance += excess
        applied.push({ id: action.id, date: action.date, amount: action.amount, lines, credit: excess })
        const bySequence = new Map(lines.map((line) => [line.sequence, line]))
        open.forEach((slot, index) => {
          const line = bySequence.get(slot.sequence)
          if (line === undefined) return
          const before = baseOf(slot, prepared.rule)
          for (const component of ['principal', 'interest', 'fee', 'penalty'] satisfies Component[]) {
            slot.paid[component] += line[component]
          }
          slot.allocations.push({
            repaymentId: action.id,
            date: action.date,
            principal: line.principal,
            interest: line.interest,
            fee: line.fee,
            penalty: line.penalty,
            total: line.total,
          })
          settle(slot, day, before, accrued[index] ?? 0)
        })
        break
      }
      case 1:
        waivers.push(applyWaiver(action, open, accrued, prepared, settle))
        break
      case 2: {
        const done = applyReschedule(action, open, accrued, prepared, settle)
        reschedules.push(done)
        if (action.isRestructure === true) restructuredOn = action.date
        break
      }
    }
    // Installments left owing nothing (the ones this event cleared, and any scheduled at ₦0.00) close.
    let owedAfter = 0
    open.forEach((slot, index) => {
      const left = owedOn(slot, accrued[index] ?? 0)
      owedAfter += left
      if (left !== 0) return
      slot.isClosed = true
      if (slot.rescheduledOn === null) slot.paidOffOn = action.date
    })
    if (daysPastDueOn(slots, day, tolerance) === 0) {
      isDefaulted = false
      episodePeak = 0
    }
    // A reschedule always leaves new installments owing: only payments and waivers complete a loan.
    if (owedAfter === 0 && action.rank !== 2 && completedOn === null) completedOn = action.date
  }

  const daysPastDue = daysPastDueOn(slots, asOfDay, tolerance)
  if (daysPastDue > defaultAfterDays) isDefaulted = true

  let totalsDue = NO_AMOUNTS
  let totalsPaid = NO_AMOUNTS
  let totalsOutstanding = NO_AMOUNTS
  let waivedInterest = 0
  let waivedPenalty = 0
  let overdue = 0
  let overduePrincipal = 0
  let dueNow = 0
  const installments: InstallmentPosition[] = slots.map((slot) => {
    const penalty = penaltyOn(slot, asOfDay, prepared)
    const due = amounts(slot.scheduled.principal, slot.scheduled.interest, slot.scheduled.fee, penalty)
    const paid = amounts(slot.paid.principal, slot.paid.interest, slot.paid.fee, slot.paid.penalty)
    const outstanding = amounts(
      due.principal - paid.principal,
      unpaidInterest(slot),
      due.fee - paid.fee,
      penalty - settledPenalty(slot),
    )
    const isLateArrears = slot.dueDay < asOfDay && arrearsOf(slot) > 0
    let state: InstallmentState
    if (outstanding.total === 0) state = 'PAID'
    else if (slot.dueDay < asOfDay) state = 'OVERDUE'
    else if (slot.dueDay === asOfDay) state = 'DUE_TODAY'
    else state = paid.total > 0 ? 'PARTIAL' : 'UPCOMING'
    const position: InstallmentPosition = {
      sequence: slot.sequence,
      dueDate: slot.dueDate,
      due,
      paid,
      outstanding,
      state,
      daysLate: isLateArrears ? asOfDay - slot.dueDay : 0,
      paidOffOn: outstanding.total === 0 ? slot.paidOffOn : null,
      allocations: slot.allocations,
      waived: { ...slot.waived },
      capitalisedPenalty: slot.capitalisedPenalty,
      rescheduledOn: slot.rescheduledOn,
      penaltyForm:
        prepared.rule === null
          ? null
          : penaltyClosedForm(prepared.rule, slot.initialBase, slot.changes, prepared.rounding),
    }
    totalsDue = addAmounts(totalsDue, due)
    totalsPaid = addAmounts(totalsPaid, paid)
    totalsOutstanding = addAmounts(totalsOutstanding, outstanding)
    waivedInterest += slot.waived.interest
    waivedPenalty += slot.waived.penalty
    if (slot.dueDay < asOfDay) {
      overdue += outstanding.total
      overduePrincipal += outstanding.principal
    }
    if (slot.dueDay <= asOfDay) dueNow += outstanding.total
    return position
  })
  const outstanding = totalsOutstanding
  const isCompleted = outstanding.total === 0
  const asOf = fromDayNumber(asOfDay)
  const next = installments.find((inst) => inst.dueDate >= asOf && inst.outstanding.total > 0) ?? null
  return {
    asOf,
    installments,
    repayments: applied,
    reversedRepaymentIds: prepared.reversed,
    totals: { due: totalsDue, paid: totalsPaid, outstanding },
    outstandingPrincipal: outstanding.principal,
    overduePrincipal,
    overdue,
    dueNow,
    payoffAmount: outstanding.total,
    penaltiesAccrued: totalsDue.penalty,
    daysPastDue,
    nextDueDate: next === null ? null : next.dueDate,
    nextDueAmount: next === null ? 0 : next.outstanding.total,
    status: isCompleted ? 'COMPLETED' : isDefaulted ? 'DEFAULTED' : 'ACTIVE',
    isOverdue: daysPastDue > 0,
    creditBalance,
    completedOn: isCompleted ? completedOn : null,
    episodePeakDaysPastDue: episodePeak,
    waivers,
    reschedules,
    waived: { interest: waivedInterest, penalty: waivedPenalty },
    restructuredOn,
  }
}

type Settle = (slot: Slot, day: number, before: Kobo, accruedHere: Kobo) => void

/** What an installment still owes, its penalty accrued to `accruedHere`. */
function owedOn(slot: Slot, accruedHere: Kobo): Kobo {
  return accruedHere - settledPenalty(slot) + arrearsOf(slot) + slot.scheduled.fee - slot.paid.fee
}

function applyWaiver(
  waiver: WaiverEvent & { day: number },
  open: readonly Slot[],
  accrued: readonly Kobo[],
  prepared: Prepared,
  settle: Settle,
): AppliedWaiver {
  let penaltyLeft = waiver.penalty ?? 0
  let interestLeft = waiver.interest ?? 0
  const lines: AppliedWaiver['lines'] = []
  open.forEach((slot, index) => {
    const penalty = Math.min(penaltyLeft, (accrued[index] ?? 0) - settledPenalty(slot))
    const interest = Math.min(interestLeft, unpaidInterest(slot))
    if (penalty + interest === 0) return
    penaltyLeft -= penalty
    interestLeft -= interest
    const before = baseOf(slot, prepared.rule)
    slot.waived.penalty += penalty
    slot.waived.interest += interest
    lines.push({ sequence: slot.sequence, penalty, interest })
    settle(slot, waiver.day, before, accrued[index] ?? 0)
  })
  if (penaltyLeft > 0 || interestLeft > 0) {
    const kind = penaltyLeft > 0 ? 'penalty' : 'interest'
    const asked = (kind === 'penalty' ? waiver.penalty : waiver.interest) ?? 0
    const left = kind === 'penalty' ? penaltyLeft : interestLeft
    throw new DomainError({
      code: 'INVALID_EVENT',
      message: `Waiver "${waiver.id}" (${waiver.date}) waives ${formatNaira(asked)} of ${kind === 'penalty' ? 'penalties' : 'interest'}, but only ${formatNaira(asked - left)} was outstanding that day.`,
      details: { field: kind, limit: asked - left },
    })
  }
  return {
    id: waiver.id,
    date: waiver.date,
    penalty: waiver.penalty ?? 0,
    interest: waiver.interest ?? 0,
    lines,
  }
}

function applyReschedule(
  event: RescheduleEvent & { day: number },
  open: readonly Slot[],
  accrued: readonly Kobo[],
  prepared: Prepared,
  settle: Settle,
): AppliedReschedule {
  const day = event.day
  const penalties = event.penalties ?? 'KEEP'
  const done: AppliedReschedule = {
    id: event.id,
    date: event.date,
    isRestructure: event.isRestructure === true,
    movedPrincipal: 0,
    overdueInterest: 0,
    droppedInterest: 0,
    movedFee: 0,
    capitalisedInterest: 0,
    capitalisedPenalty: 0,
    waivedPenalty: 0,
    keptPenalty: 0,
    newSequences: event.installments.map((inst) => inst.sequence),
  }
  open.forEach((slot, index) => {
    const principal = slot.scheduled.principal - slot.paid.principal
    const interest = unpaidInterest(slot)
    const fee = slot.scheduled.fee - slot.paid.fee
    const penalty = (accrued[index] ?? 0) - settledPenalty(slot)
    const before = baseOf(slot, prepared.rule)
    done.movedPrincipal += principal
    if (slot.dueDay <= day) done.overdueInterest += interest
    else done.droppedInterest += interest
    done.movedFee += fee
    slot.scheduled.principal -= principal
    slot.scheduled.interest -= interest
    slot.scheduled.fee -= fee
    if (principal + interest + fee > 0) slot.rescheduledOn = event.date
    if (penalty > 0) {
      switch (penalties) {
        case 'KEEP':
          done.keptPenalty += penalty
          break
        case 'CAPITALISE':
          slot.capitalisedPenalty += penalty
          done.capitalisedPenalty += penalty
          break
        case 'WAIVE':
          slot.waived.penalty += penalty
          done.waivedPenalty += penalty
          break
      }
    }
    settle(slot, day, before, accrued[index] ?? 0)
  })
  if (event.overdueInterest === 'CAPITALISE') done.capitalisedInterest = done.overdueInterest
  const expected = done.movedPrincipal + done.capitalisedInterest + done.capitalisedPenalty
  const newPrincipal = event.installments.reduce((sum, inst) => sum + inst.principal, 0)
  const newInterest = event.installments.reduce((sum, inst) => sum + inst.interest, 0)
  const newFee = event.installments.reduce((sum, inst) => sum + (inst.fee ?? 0), 0)
  const carried = done.overdueInterest - done.capitalisedInterest
  if (newPrincipal !== expected || newFee !== done.movedFee || newInterest < carried) {
    throw new DomainError({
      code: 'INVALID_EVENT',
      message: `Reschedule "${event.id}" (${event.date}) does not match the loan (was a payment before it reversed or backdated? Payments before a reschedule cannot change): its new installments hold principal ${formatNaira(newPrincipal)}, fee ${formatNaira(newFee)} and interest ${formatNaira(newInterest)}, but ${formatNaira(expected)} of principal (with what is capitalised), ${formatNaira(done.movedFee)} of fee and at least ${formatNaira(carried)} of carried interest are outstanding.`,
      details: { field: 'installments', limit: expected },
    })
  }
  event.installments.forEach((inst, i) => {
    const slot = makeSlot(inst, `installments[${i}]`, new Set(), prepared.rule, invalidEvent)
    slot.rescheduledOn = null
    prepared.slots.push(slot)
  })
  prepared.slots.sort(bySlotDue)
  return done
}

export type RepaymentPlan = {
  /** How the new payment is allocated (what the server stores for it). */
  lines: AllocationLine[]
  /** The position as of the later of `asOf` and the payment date, with the payment included. */
  position: LoanPosition
  /**
   * The largest amount accepted on that date: the payoff on the payment date, or, for a payment backdated
   * before payments already recorded, the largest amount that leaves none of them over the payoff.
   */
  maximum: Kobo
}

/**
 * Largest amount in [0, upper] whose replay keeps the credit balance at `baseline` (0 when none does).
 * More money earlier means less owed later, so "fits" is monotone and a bisection finds the edge; the
 * excess of `upper` itself narrows the search to a few replays in the usual case.
 */
function largestFittingAmount(
  creditWith: (amount: Kobo) => Kobo,
  baseline: Kobo,
  upper: Kobo,
  excessAtUpper: Kobo,
): Kobo {
  let low = 0
  let high = upper
  const guess = upper - excessAtUpper
  if (guess > 0 && guess < upper) {
    if (creditWith(guess) <= baseline) low = guess
    else high = guess
  }
  while (high - low > 1) {
    const mid = low + Math.floor((high - low) / 2)
    if (creditWith(mid) <= baseline) low = mid
    else high = mid
  }
  return low
}

/**
 * Check and allocate a new repayment against the loan's history: refuses an amount above the payoff on its
 * date (OVERPAYMENT, maximum in the details), then replays everything with the payment included. A
 * backdated payment re-allocates later ones exactly as a replay would (docs/product.md §5 reversals/recompute), and is
 * refused too if it would push a later payment over the payoff: the excess would sit as an unallocated
 * credit, and docs/product.md §5 says money is never unallocated.
 */
export function planRepayment(
  input: PositionInput & { repayment: Omit<RepaymentEvent, 'type'> },
): RepaymentPlan {
  const { repayment, ...loan } = input
  assertIsoDate(repayment.date, 'repayment.date')
  assertKobo(repayment.amount, { field: 'repayment.amount', min: 1 })
  const asOf = loan.asOf > repayment.date ? loan.asOf : repayment.date
  const events = loan.events ?? []
  // A reschedule moved exactly what was unpaid on its date: a payment slipped in before it would change
  // that, and the stored new schedule would no longer fit the loan. Such a payment is refused; on the
  // reschedule's own date it must come after it in the replay's order (compareEvents): a larger posting
  // sequence, or none at all against a recorded one — a payment not yet posted (a new posting, a payoff
  // quote) comes after everything recorded. Two events without sequences put the payment first, so it is
  // refused then.
  for (const event of events) {
    if (event.type !== 'RESCHEDULE') continue
    const isAfter =
      repayment.date > event.date ||
      (repayment.date === event.date &&
        (repayment.sequence ?? Number.POSITIVE_INFINITY) > (event.sequence ?? Number.POSITIVE_INFINITY))
    if (!isAfter) {
      throw new DomainError({
        code: 'INVALID_DATE',
        message: `The loan was ${event.isRestructure === true ? 'restructured' : 'rescheduled'} on ${event.date}: a payment must be dated after that (got ${repayment.date}).`,
        details: { field: 'repayment.date', limit: event.date },
      })
    }
  }
  const withPayment = (amount: Kobo): LoanPosition =>
    loanPosition({ ...loan, asOf, events: [...events, { ...repayment, amount, type: 'REPAYMENT' }] })

  // The usual posting — dated today, after every recorded payment — needs one replay: the payment's own
  // excess over the payoff is what a refusal must report, and nothing later can be pushed over.
  const isDatedLast = !events.some((event) => event.date > repayment.date)
  if (isDatedLast && loan.asOf <= repayment.date) {
    const position = withPayment(repayment.amount)
    const applied = position.repayments.find((r) => r.id === repayment.id)
    const excess = applied?.credit ?? 0
    if (excess > 0) throw overpaymentError(repayment.amount, repayment.amount - excess)
    return { lines: applied?.lines ?? [], position, maximum: repayment.amount + position.payoffAmount }
  }
  const before = loanPosition({ ...loan, asOf: repayment.date })
  const history = loanPosition({ ...loan, asOf })
  // Backdated before recorded payments, the payoff on its own date overstates what can be taken: find the
  // largest amount that leaves every later payment within the payoff.
  const isBackdated = history.repayments.some((r) => r.date > repayment.date)
  const maximumAccepted = (): Kobo => {
    if (!isBackdated) return before.payoffAmount
    const creditWith = (amount: Kobo): Kobo => withPayment(amount).creditBalance
    const excess = before.payoffAmount === 0 ? 0 : creditWith(before.payoffAmount) - history.creditBalance
    return excess <= 0
      ? before.payoffAmount
      : largestFittingAmount(creditWith, history.creditBalance, before.payoffAmount, excess)
  }
  if (repayment.amount > before.payoffAmount) throw overpaymentError(repayment.amount, maximumAccepted())
  const position = withPayment(repayment.amount)
  const maximum = maximumAccepted()
  // The second test is a safety net should "fits" ever not be monotone: an accepted payment never leaves
  // credit behind, whatever the search said.
  if (repayment.amount > maximum || position.creditBalance > history.creditBalance) {
    throw overpaymentError(repayment.amount, Math.min(maximum, repayment.amount - 1))
  }
  const lines = position.repayments.find((r) => r.id === repayment.id)?.lines ?? []
  return { lines, position, maximum }
}
