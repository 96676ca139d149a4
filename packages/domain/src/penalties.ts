import type { IsoDate } from './calendar.js'
import { assertIsoDate, fromDayNumber, toDayNumber } from './calendar.js'
import { DomainError, describeValue } from './errors.js'
import type { Kobo } from './money.js'
import { assertKobo, koboFromBigInt } from './money.js'
import type { Rational, RoundingMode } from './rational.js'
import { ONE, ROUNDING_MODES, parseDecimal, roundDiv } from './rational.js'

/**
 * FORGIVE charges only the days after the grace period; BACKDATE charges from the due date once the grace
 * period is exceeded while the installment is still overdue (reference §2.4, Frappe Lending
 * `grace_period_in_days`).
 */
export type PenaltyMode = 'FORGIVE' | 'BACKDATE'

/** What "overdue amount" means for a %-per-day penalty; default principal + interest (reference §2.4). */
export type PenaltyBase = 'PRINCIPAL' | 'PRINCIPAL_AND_INTEREST' | 'PRINCIPAL_INTEREST_AND_FEE'

type PenaltyCommon = {
  /** Whole days after the due date before a penalty applies. */
  graceDays: number
  mode: PenaltyMode
  /** Optional maximum penalty per installment, in kobo. */
  cap?: Kobo
  base?: PenaltyBase
}

/** Per overdue installment: a fixed amount per day, or a percentage of the overdue amount per day (docs/product.md §3). */
export type PenaltyRule =
  | (PenaltyCommon & { kind: 'PERCENT_PER_DAY'; ratePerDay: string })
  | (PenaltyCommon & { kind: 'FIXED_PER_DAY'; amountPerDay: Kobo })

export type NormalizedPenaltyRule = {
  kind: PenaltyRule['kind']
  rate: Rational
  amountPerDay: number
  graceDays: number
  mode: PenaltyMode
  cap: number | null
  base: PenaltyBase
}

/** "After a payment on `date` the overdue base of this installment is `base`", from the next day on. */
export type PenaltyBaseChange = { date: IsoDate; base: Kobo }

export type PenaltyInput = {
  rule: PenaltyRule
  dueDate: IsoDate
  asOf: IsoDate
  /** Overdue base at the due date (e.g. the installment's principal + interest), kobo. */
  base: Kobo
  /** Later changes of the base (partial payments): each closes a segment and opens a new one. */
  baseChanges?: readonly PenaltyBaseChange[]
  rounding?: RoundingMode
}

/** One stretch of days late with a constant base. Days are counted from the due date (day 1 = due + 1). */
export type PenaltySegment = {
  firstDay: number
  lastDay: number
  base: Kobo
  chargeableDays: number
  amount: Kobo
}

export type PenaltyAccrual = { amount: Kobo; uncapped: Kobo; segments: PenaltySegment[]; daysLate: number }

export const MAX_GRACE_DAYS = 3650

function invalid(field: string, message: string): DomainError {
  return new DomainError({ code: 'INVALID_OPTION', message, details: { field } })
}

export function normalizePenaltyRule(rule: PenaltyRule): NormalizedPenaltyRule {
  const graceDays: unknown = rule.graceDays
  if (
    typeof graceDays !== 'number' ||
    !Number.isInteger(graceDays) ||
    graceDays < 0 ||
    graceDays > MAX_GRACE_DAYS
  ) {
    throw invalid(
      'penalty.graceDays',
      `Penalty grace days must be a whole number from 0 to ${MAX_GRACE_DAYS} (got ${describeValue(graceDays)}).`,
    )
  }
  const mode: unknown = rule.mode
  if (mode !== 'FORGIVE' && mode !== 'BACKDATE') {
    throw invalid('penalty.mode', `Penalty mode must be FORGIVE or BACKDATE (got ${describeValue(mode)}).`)
  }
  const base: unknown = rule.base ?? 'PRINCIPAL_AND_INTEREST'
  if (base !== 'PRINCIPAL' && base !== 'PRINCIPAL_AND_INTEREST' && base !== 'PRINCIPAL_INTEREST_AND_FEE') {
    throw invalid(
      'penalty.base',
      `Penalty base must be PRINCIPAL, PRINCIPAL_AND_INTEREST or PRINCIPAL_INTEREST_AND_FEE (got ${describeValue(base)}).`,
    )
  }
  if (rule.cap !== undefined) assertKobo(rule.cap, { field: 'penalty.cap' })
  const common = {
    graceDays,
    mode: rule.mode,
    cap: rule.cap ?? null,
    base: rule.base ?? 'PRINCIPAL_AND_INTEREST',
  }
  const kind: unknown = rule.kind
  switch (rule.kind) {
    case 'PERCENT_PER_DAY':
      return {
        ...common,
        kind: rule.kind,
        rate: parseDecimal(rule.ratePerDay, { field: 'penalty.ratePerDay', max: ONE }),
        amountPerDay: 0,
      }
    case 'FIXED_PER_DAY':
      assertKobo(rule.amountPerDay, { field: 'penalty.amountPerDay' })
      return { ...common, kind: rule.kind, rate: ONE, amountPerDay: rule.amountPerDay }
    default:
      throw invalid(
        'penalty.kind',
        `Penalty kind must be PERCENT_PER_DAY or FIXED_PER_DAY (got ${describeValue(kind)}).`,
      )
  }
}

/** Internal form of a base change: the new base applies from day `afterDay + 1` (days late). */
export type DayBaseChange = { afterDay: number; base: Kobo }

/** Visit the stretches of days 1…daysLate over which the base is constant (empty stretches skipped). */
function forEachStretch(
  initialBase: Kobo,
  changes: readonly DayBaseChange[],
  daysLate: number,
  visit: (firstDay: number, lastDay: number, base: Kobo) => void,
): void {
  let firstDay = 1
  let base = initialBase
  for (const change of changes) {
    if (change.afterDay >= daysLate) break
    if (change.afterDay >= firstDay) {
      visit(firstDay, change.afterDay, base)
      firstDay = change.afterDay + 1
    }
    base = change.base
  }
  visit(firstDay, daysLate, base)
}

/** BACKDATE: grace is "breached" only if the installment was still overdue on a day past the grace period. */
function isGraceBreached(
  rule: NormalizedPenaltyRule,
  initialBase: Kobo,
  changes: readonly DayBaseChange[],
  daysLate: number,
): boolean {
  if (daysLate <= rule.graceDays) return false
  let isBreached = false
  forEachStretch(initialBase, changes, daysLate, (_first, last, base) => {
    if (base > 0 && last > rule.graceDays) isBreached = true
  })
  return isBreached
}

function chargeableDays(
  rule: NormalizedPenaltyRule,
  first: number,
  last: number,
  base: Kobo,
  isBreached: boolean,
): number {
  if (base <= 0) return 0
  if (rule.mode === 'FORGIVE') return Math.max(0, last - Math.max(first, rule.graceDays + 1) + 1)
  return isBreached ? last - first + 1 : 0
}

/** One segment, rounded once on its cumulative amount. */
function segmentAmount(
  rule: NormalizedPenaltyRule,
  base: Kobo,
  days: number,
  rounding: RoundingMode,
): bigint {
  if (days === 0) return 0n
  return rule.kind === 'PERCENT_PER_DAY'
    ? roundDiv(BigInt(base) * rule.rate.num * BigInt(days), rule.rate.den, rounding)
    : BigInt(rule.amountPerDay) * BigInt(days)
}

function capped(rule: NormalizedPenaltyRule, uncapped: Kobo): Kobo {
  return rule.cap === null ? uncapped : Math.min(rule.cap, uncapped)
}

/**
 * Penalty accrued on one installment through `daysLate` days (the as-of day included), with a constant
 * base per segment. Each segment is rounded once, on its cumulative amount, so the daily postings
 * round(cum_t) − round(cum_{t−1}) add up to the total (reference §2.0 rule 6: rounding each day gives
 * 45.83 × 7 = 320.81 instead of 320.83). A base change closes the segment and opens a new one (§2.4).
 */
function accruePenalty(
  rule: NormalizedPenaltyRule,
  initialBase: Kobo,
  changes: readonly DayBaseChange[],
  daysLate: number,
  rounding: RoundingMode,
): PenaltyAccrual {
  if (daysLate <= 0) return { amount: 0, uncapped: 0, segments: [], daysLate: 0 }
  const isBreached = isGraceBreached(rule, initialBase, changes, daysLate)
  const segments: PenaltySegment[] = []
  let uncapped = 0n
  forEachStretch(initialBase, changes, daysLate, (firstDay, lastDay, base) => {
    const days = chargeableDays(rule, firstDay, lastDay, base, isBreached)
    const amount = segmentAmount(rule, base, days, rounding)
    uncapped += amount
    segments.push({
      firstDay,
      lastDay,
      base,
      chargeableDays: days,
      amount: koboFromBigInt(amount, 'penalty'),
    })
  })
  const uncappedKobo = koboFromBigInt(uncapped, 'penalty')
  return { amount: capped(rule, uncappedKobo), uncapped: uncappedKobo, segments, daysLate }
}

/** `accruePenalty(...).amount` without building the segment list (the replay calls this a lot). */
export function accruedPenaltyAmount(
  rule: NormalizedPenaltyRule,
  initialBase: Kobo,
  changes: readonly DayBaseChange[],
  daysLate: number,
  rounding: RoundingMode,
): Kobo {
  if (daysLate <= 0) return 0
  const isBreached = isGraceBreached(rule, initialBase, changes, daysLate)
  let uncapped = 0n
  forEachStretch(initialBase, changes, daysLate, (firstDay, lastDay, base) => {
    uncapped += segmentAmount(rule, base, chargeableDays(rule, firstDay, lastDay, base, isBreached), rounding)
  })
  return capped(rule, koboFromBigInt(uncapped, 'penalty'))
}

function prepare(input: PenaltyInput): {
  rule: NormalizedPenaltyRule
  changes: DayBaseChange[]
  daysLate: number
  due: number
  rounding: RoundingMode
} {
  const rule = normalizePenaltyRule(input.rule)
  assertIsoDate(input.dueDate, 'dueDate')
  assertIsoDate(input.asOf, 'asOf')
  assertKobo(input.base, { field: 'base' })
  const rounding = input.rounding ?? 'HALF_EVEN'
  if (!ROUNDING_MODES.includes(rounding)) {
    throw invalid('rounding', `Rounding must be HALF_EVEN or HALF_UP (got ${describeValue(rounding)}).`)
  }
  const due = toDayNumber(input.dueDate, 'dueDate')
  const changes = (input.baseChanges ?? []).map((change, index) => {
    assertKobo(change.base, { field: `baseChanges[${index}].base` })
    return { afterDay: toDayNumber(change.date, `baseChanges[${index}].date`) - due, base: change.base }
  })
  // Stable sort: two changes on one day keep their given order, the later one wins.
  changes.sort((a, b) => a.afterDay - b.afterDay)
  return { rule, changes, daysLate: toDayNumber(input.asOf, 'asOf') - due, due, rounding }
}

/** Penalty accrued on one installment as of a date (that day included), in kobo (vectors/penalties.json). */
export function penaltyAsOf(input: PenaltyInput): Kobo {
  return penaltyAccrual(input).amount
}

export function penaltyAccrual(input: PenaltyInput): PenaltyAccrual {
  const { rule, changes, daysLate, rounding } = prepare(input)
  return accruePenalty(rule, input.base, changes, daysLate, rounding)
}

/**
 * What a daily job would post for each day from the day after the due date to `asOf`: the difference of
 * the cumulative, rounded totals, so the postings always sum to `penaltyAsOf` (zero days included).
 */
export function penaltyDailyPostings(
  input: PenaltyInput,
): { date: IsoDate; amount: Kobo; cumulative: Kobo }[] {
  const { rule, changes, daysLate, due, rounding } = prepare(input)
  const postings: { date: IsoDate; amount: Kobo; cumulative: Kobo }[] = []
  let previous = 0
  for (let day = 1; day <= daysLate; day += 1) {
    const cumulative = accruedPenaltyAmount(rule, input.base, changes, day, rounding)
    postings.push({ date: fromDayNumber(due + day), amount: cumulative - previous, cumulative })
    previous = cumulative
  }
  return postings
}

/**
 * An installment's penalty in closed form after its latest base change (ADR 0004 in docs/decisions):
 * the stretches of days already closed by payments, summed (`closed`: with their FORGIVE chargeable
 * days, or every day for BACKDATE, which charges them only once the grace period is breached), whether
 * one of them breached the grace period, and the open stretch from `openFrom` (day late, 1 = the day
 * after the due date) with its base. With it the penalty on any later day is one formula
 * (`penaltyFromClosedForm`), which a database can evaluate for a whole portfolio without a replay.
 */
export type PenaltyClosedForm = { closed: Kobo; closedBreached: boolean; openFrom: number; openBase: Kobo }

export function penaltyClosedForm(
  rule: NormalizedPenaltyRule,
  initialBase: Kobo,
  changes: readonly DayBaseChange[],
  rounding: RoundingMode,
): PenaltyClosedForm {
  let firstDay = 1
  let base = initialBase
  let closed = 0n
  let closedBreached = false
  for (const change of changes) {
    // The same stretches as forEachStretch, with no end day: every change closes the stretch before it.
    if (change.afterDay >= firstDay) {
      if (base > 0) {
        if (change.afterDay > rule.graceDays) closedBreached = true
        const days =
          rule.mode === 'FORGIVE'
            ? Math.max(0, change.afterDay - Math.max(firstDay, rule.graceDays + 1) + 1)
            : change.afterDay - firstDay + 1
        closed += segmentAmount(rule, base, days, rounding)
      }
      firstDay = change.afterDay + 1
    }
    base = change.base
  }
  return { closed: koboFromBigInt(closed, 'penalty'), closedBreached, openFrom: firstDay, openBase: base }
}

/**
 * Penalty accrued through `daysLate` from the closed form; equals `accruedPenaltyAmount` for any day on
 * or after the latest base change (property-tested). The SQL twin lives in the API's ledger module.
 */
export function penaltyFromClosedForm(
  rule: NormalizedPenaltyRule,
  form: PenaltyClosedForm,
  daysLate: number,
  rounding: RoundingMode,
): Kobo {
  if (daysLate <= 0) return 0
  const isBreached = daysLate > rule.graceDays && (form.closedBreached || form.openBase > 0)
  let openDays = 0
  if (form.openBase > 0) {
    if (rule.mode === 'FORGIVE')
      openDays = Math.max(0, daysLate - Math.max(form.openFrom, rule.graceDays + 1) + 1)
    else if (isBreached) openDays = Math.max(0, daysLate - form.openFrom + 1)
  }
  const closed = rule.mode === 'FORGIVE' || isBreached ? BigInt(form.closed) : 0n
  const total = closed + segmentAmount(rule, form.openBase, openDays, rounding)
  return capped(rule, koboFromBigInt(total, 'penalty'))
}
