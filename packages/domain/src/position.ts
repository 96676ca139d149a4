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

export type PositionInput = AllocationPlan & {
  installments: readonly ScheduledInstallment[]
  /** Stored repayments and reversals, in any order. Events after `asOf` are ignored. */
  events?: readonly LoanEvent[]
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
  allocations: InstallmentAllocation[]
}

type Prepared = {
  slots: Slot[]
  repayments: (RepaymentEvent & { day: number })[]
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

/** Deterministic event order: date, then posting sequence (absent = last), then id (code-unit order). */
function compareEvents(a: { date: IsoDate; sequence?: number; id: string }, b: typeof a): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1
  const sa = a.sequence ?? Number.POSITIVE_INFINITY
  const sb = b.sequence ?? Number.POSITIVE_INFINITY
  if (sa !== sb) return sa < sb ? -1 : 1
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

function baseOf(slot: Slot, rule: NormalizedPenaltyRule | null): Kobo {
  const principal = slot.scheduled.principal - slot.paid.principal
  switch (rule?.base ?? 'PRINCIPAL_AND_INTEREST') {
    case 'PRINCIPAL':
      return principal
    case 'PRINCIPAL_AND_INTEREST':
      return principal + slot.scheduled.interest - slot.paid.interest
    case 'PRINCIPAL_INTEREST_AND_FEE':
      return principal + slot.scheduled.interest - slot.paid.interest + slot.scheduled.fee - slot.paid.fee
  }
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
  const slots: Slot[] = input.installments.map((inst, index) => {
    const field = `installments[${index}]`
    if (!Number.isInteger(inst.sequence) || sequences.has(inst.sequence)) {
      throw invalidOption(
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
      allocations: [],
    }
    slot.initialBase = baseOf(slot, rule)
    return slot
  })
  slots.sort((a, b) => a.dueDay - b.dueDay || a.sequence - b.sequence)

  const asOfDay = toDayNumber(input.asOf, 'asOf')
  const ids = new Set<string>()
  const repayments = new Map<string, RepaymentEvent & { day: number }>()
  const reversals: (ReversalEvent & { day: number })[] = []
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
      default:
        throw invalidEvent(
          `${field}.type must be REPAYMENT or REVERSAL (got ${describeValue(type)}).`,
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
  const applied: (RepaymentEvent & { day: number })[] = []
  for (const repayment of repayments.values()) {
    if (repayment.day > asOfDay) continue
    const reversalDay = reversedAt.get(repayment.id)
    // A reversal known as of the date removes the payment entirely: replaying without it is exactly the
    // state as if it had never been posted (docs/product.md §5, reference §2.5 invariant).
    if (reversalDay !== undefined && reversalDay <= asOfDay) reversed.push(repayment.id)
    else applied.push(repayment)
  }
  applied.sort(compareEvents)
  reversed.sort()
  return { slots, repayments: applied, reversed, asOfDay, plan, rule, rounding, defaultAfterDays, tolerance }
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
  return slot.scheduled.principal - slot.paid.principal + slot.scheduled.interest - slot.paid.interest
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
  const applied: AppliedRepayment[] = []

  for (const repayment of prepared.repayments) {
    const day = repayment.day
    // DPD only grows between payments, so checking just before each payment (and at asOf) is exact.
    const lateBefore = daysPastDueOn(slots, day, tolerance)
    if (lateBefore > defaultAfterDays) isDefaulted = true
    if (lateBefore > episodePeak) episodePeak = lateBefore
    // Paid-off installments owe nothing and can accrue nothing more: leave them out of the waterfall.
    const open = slots.filter((slot) => slot.paidOffOn === null)
    const accrued = open.map((slot) => penaltyOn(slot, day, prepared))
    const owed: OwedInstallment[] = open.map((slot, index) => ({
      sequence: slot.sequence,
      dueDate: slot.dueDate,
      penalty: (accrued[index] ?? 0) - slot.paid.penalty,
      fee: slot.scheduled.fee - slot.paid.fee,
      interest: slot.scheduled.interest - slot.paid.interest,
      principal: slot.scheduled.principal - slot.paid.principal,
    }))
    const isDue = open.map((slot) => slot.dueDay <= day)
    const { lines, excess } = distribute(repayment.amount, owed, isDue, plan)
    creditBalance += excess
    applied.push({ id: repayment.id, date: repayment.date, amount: repayment.amount, lines, credit: excess })

    const bySequence = new Map(lines.map((line) => [line.sequence, line]))
    let owedAfter = 0
    open.forEach((slot, index) => {
      const line = bySequence.get(slot.sequence)
      const accruedHere = accrued[index] ?? 0
      if (line !== undefined) {
        const before = baseOf(slot, prepared.rule)
        for (const component of ['principal', 'interest', 'fee', 'penalty'] satisfies Component[]) {
          slot.paid[component] += line[component]
        }
        slot.allocations.push({
          repaymentId: repayment.id,
          date: repayment.date,
          principal: line.principal,
          interest: line.interest,
          fee: line.fee,
          penalty: line.penalty,
          total: line.total,
        })
        const after = baseOf(slot, prepared.rule)
        if (after !== before) slot.changes.push({ afterDay: day - slot.dueDay, base: after })
        // With no base left nothing more can accrue: keep the amount accrued through this day.
        if (after === 0 && slot.frozenPenalty === null) slot.frozenPenalty = accruedHere
      }
      const left = accruedHere - slot.paid.penalty + arrearsOf(slot) + slot.scheduled.fee - slot.paid.fee
      if (left === 0 && slot.paidOffOn === null) slot.paidOffOn = repayment.date
      owedAfter += left
    })
    if (daysPastDueOn(slots, day, tolerance) === 0) {
      isDefaulted = false
      episodePeak = 0
    }
    if (owedAfter === 0 && completedOn === null) completedOn = repayment.date
  }

  const daysPastDue = daysPastDueOn(slots, asOfDay, tolerance)
  if (daysPastDue > defaultAfterDays) isDefaulted = true

  let totalsDue = NO_AMOUNTS
  let totalsPaid = NO_AMOUNTS
  let overdue = 0
  let overduePrincipal = 0
  let dueNow = 0
  const installments: InstallmentPosition[] = slots.map((slot) => {
    const penalty = penaltyOn(slot, asOfDay, prepared)
    const due = amounts(slot.scheduled.principal, slot.scheduled.interest, slot.scheduled.fee, penalty)
    const paid = amounts(slot.paid.principal, slot.paid.interest, slot.paid.fee, slot.paid.penalty)
    const outstanding = amounts(
      due.principal - paid.principal,
      due.interest - paid.interest,
      due.fee - paid.fee,
      due.penalty - paid.penalty,
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
      penaltyForm:
        prepared.rule === null
          ? null
          : penaltyClosedForm(prepared.rule, slot.initialBase, slot.changes, prepared.rounding),
    }
    totalsDue = addAmounts(totalsDue, due)
    totalsPaid = addAmounts(totalsPaid, paid)
    if (slot.dueDay < asOfDay) {
      overdue += outstanding.total
      overduePrincipal += outstanding.principal
    }
    if (slot.dueDay <= asOfDay) dueNow += outstanding.total
    return position
  })
  const outstanding = amounts(
    totalsDue.principal - totalsPaid.principal,
    totalsDue.interest - totalsPaid.interest,
    totalsDue.fee - totalsPaid.fee,
    totalsDue.penalty - totalsPaid.penalty,
  )
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
  }
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
