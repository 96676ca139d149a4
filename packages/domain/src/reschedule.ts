import type { IsoDate, TermUnit } from './calendar.js'
import { addPeriods, assertIsoDate, toDayNumber } from './calendar.js'
import { DomainError, describeValue } from './errors.js'
import type { Kobo } from './money.js'
import { formatNaira } from './money.js'
import type {
  LoanHistoryEvent,
  LoanPosition,
  PenaltyTreatment,
  PositionInput,
  RescheduleEvent,
  ScheduledInstallment,
} from './position.js'
import { loanPosition } from './position.js'
import type { RoundingMode } from './rational.js'
import { parseDecimal, roundDiv } from './rational.js'
import type { Installment, InterestTerms } from './schedule.js'
import { MAX_RATE, MAX_TERM_COUNT, buildSchedule, scheduleDates } from './schedule.js'
import type { DueDateMove, NonWorkingDayRule, WorkingCalendar } from './working-days.js'

/** The loan as the replay knows it (its `asOf` is the reschedule date). */
export type LoanHistory = Omit<PositionInput, 'asOf'>

export type RescheduleTerms = {
  /** The day the new schedule takes effect (from the end of that day); on or after the latest event. */
  date: IsoDate
  /** Interest of the new installments on what they repay (the product's terms; default NONE). */
  interest?: InterestTerms
  rounding?: RoundingMode
  /** Number of new installments (the remaining term, extended or shortened). */
  installmentCount: number
  /** The first k new installments repay no principal (interest only). */
  graceOnPrincipal?: number
  /** First new due date (after `date`), then every `repaymentEvery` `termUnit`s counted from it. */
  firstDueDate?: IsoDate
  termUnit?: TermUnit
  repaymentEvery?: number
  /** Or the new due dates themselves (e.g. `meetingDueDates`), one per installment. */
  dueDates?: readonly IsoDate[]
  /** Company calendar: new due dates on non-working days move by the rule (default 'next'). */
  calendar?: WorkingCalendar
  nonWorkingDayRule?: NonWorkingDayRule
  installmentMultiple?: Kobo
  /** Id of the RESCHEDULE event (default `reschedule-<date>`). */
  id?: string
}

export type RescheduleInput = LoanHistory &
  RescheduleTerms & {
    /** Penalties accrued and unpaid: stay owed now (KEEP, default) or are waived (WAIVE). */
    penalties?: Exclude<PenaltyTreatment, 'CAPITALISE'>
  }

export type RescheduleResult = {
  /** Store it in the loan's history: the replay with it gives `after`. */
  event: RescheduleEvent
  /** The loan as of the date before the reschedule and after it. */
  before: LoanPosition
  after: LoanPosition
  /** The old installments with what they keep (paid or waived, penalties left owed), those with anything. */
  kept: ScheduledInstallment[]
  newInstallments: Installment[]
  /** kept + new: the schedule shown from now on (the old one stays in the history). */
  installments: ScheduledInstallment[]
  /** Σ principal of the new installments. */
  newPrincipal: Kobo
  /** Outstanding principal before the reschedule (moved to the new installments). */
  movedPrincipal: Kobo
  /** Unpaid interest of installments due on or before the date, spread over the new installments. */
  carriedInterest: Kobo
  /**
   * Unpaid interest of later installments, replaced by the new installments' own interest (0 for FLAT
   * PER_TERM, which keeps it: `keptInterest`).
   */
  droppedInterest: Kobo
  /**
   * FLAT PER_TERM only: unpaid interest of later installments, kept and spread over the new installments
   * instead of new interest (the price of the loan was fixed when it was booked); 0 for other methods.
   */
  keptInterest: Kobo
  /** New due dates that a non-working day moved. */
  moves: DueDateMove[]
}

export type RestructureInput = LoanHistory &
  RescheduleTerms & {
    /** Penalties accrued and unpaid: capitalised into the new principal, waived, or left owed (KEEP). */
    penalties: PenaltyTreatment
  }

export type RestructureResult = RescheduleResult & {
  /** Outstanding principal + capitalised interest + capitalised penalties. */
  newPrincipal: Kobo
  capitalised: { interest: Kobo; penalty: Kobo }
  waivedPenalty: Kobo
}

function invalidOption(field: string, message: string, details: Record<string, number> = {}): DomainError {
  return new DomainError({ code: 'INVALID_OPTION', message, details: { field, ...details } })
}

/**
 * Principal and interest of the new installments, by the method's own arithmetic (`buildSchedule`):
 * without grace exactly a schedule of `count` installments. With k installments of grace on principal:
 * FLAT charges its interest over all `count` periods, spread evenly over every installment, and the
 * principal is spread over the last count − k; the declining methods charge interest on the whole
 * principal during the grace (balance × rate each) and then amortise it over count − k installments.
 */
function newLines(
  principal: Kobo,
  count: number,
  grace: number,
  interest: InterestTerms,
  rounding: RoundingMode,
  multiple: Kobo | undefined,
): { principal: Kobo; interest: Kobo }[] {
  const build = (p: Kobo, n: number, terms: InterestTerms) =>
    buildSchedule({
      principal: p,
      termCount: n,
      termUnit: 'WEEK',
      startDate: '2000-01-01',
      interest: terms,
      rounding,
      ...(multiple === undefined ? {} : { installmentMultiple: multiple }),
    }).installments
  if (grace === 0) return build(principal, count, interest)
  if (multiple !== undefined) {
    throw invalidOption(
      'installmentMultiple',
      'Installments in multiples cannot be combined with a grace on principal.',
    )
  }
  switch (interest.method) {
    case 'NONE':
      throw invalidOption(
        'graceOnPrincipal',
        'A grace on principal needs an interest-bearing method: without interest the grace installments would be ₦0.00. Move the first due date instead.',
      )
    case 'FLAT': {
      const interestColumn = build(principal, count, interest)
      const principalColumn = build(principal, count - grace, { method: 'NONE' })
      return interestColumn.map((line, index) => ({
        principal: index < grace ? 0 : (principalColumn[index - grace]?.principal ?? 0),
        interest: line.interest,
      }))
    }
    case 'DECLINING_ANNUITY':
    case 'DECLINING_EQUAL_PRINCIPAL': {
      const rate = parseDecimal(interest.ratePerPeriod, {
        field: 'interest.ratePerPeriod',
        max: parseDecimal(MAX_RATE, { field: 'max' }),
      })
      const graceInterest = Number(roundDiv(BigInt(principal) * rate.num, rate.den, rounding))
      const rest = build(principal, count - grace, interest)
      return [
        ...Array.from({ length: grace }, () => ({ principal: 0, interest: graceInterest })),
        ...rest.map((line) => ({ principal: line.principal, interest: line.interest })),
      ]
    }
  }
}

/**
 * FLAT PER_TERM (docs/lending.md "Rescheduling"): the price of the loan was fixed when it was booked, so the
 * new installments charge no interest of their own. Their principal column is the flat one (principal
 * spread over the installments after the grace, as `buildSchedule` with no interest does); `interest` is
 * what each new installment carries (carried + kept interest, already spread). With installments in
 * multiples, each installment is (principal + interest) / count rounded up to the multiple, principal
 * = that − its interest, the last one taking the remainder — the FLAT schedule's own rule.
 */
function perTermPrincipal(
  principal: Kobo,
  count: number,
  grace: number,
  interest: readonly Kobo[],
  rounding: RoundingMode,
  multiple: Kobo | undefined,
): Kobo[] {
  const totalInterest = interest.reduce((sum, value) => sum + value, 0)
  if (grace > 0) {
    if (multiple !== undefined) {
      throw invalidOption(
        'installmentMultiple',
        'Installments in multiples cannot be combined with a grace on principal.',
      )
    }
    if (interest.slice(0, grace).some((value) => value === 0)) {
      throw invalidOption(
        'graceOnPrincipal',
        `A grace on principal needs interest to collect: this loan's price is fixed (flat for the term) and only ${formatNaira(totalInterest)} of its interest is unpaid, so a grace installment would be ₦0.00. Move the first due date instead.`,
      )
    }
  }
  if (multiple === undefined || multiple <= 1) {
    const column = buildSchedule({
      principal,
      termCount: count - grace,
      termUnit: 'WEEK',
      startDate: '2000-01-01',
      interest: { method: 'NONE' },
      rounding,
    }).installments
    return Array.from({ length: count }, (_, index) =>
      index < grace ? 0 : (column[index - grace]?.principal ?? 0),
    )
  }
  const each = Math.ceil((principal + totalInterest) / (count * multiple)) * multiple
  let remaining = principal
  return interest.map((value, index) => {
    const line = index === count - 1 ? remaining : Math.min(Math.max(each - value, 0), remaining)
    remaining -= line
    return line
  })
}

/** `amount` spread over `count` installments in whole kobo, the last one taking the remainder. */
function spread(amount: Kobo, count: number): Kobo[] {
  const each = Math.floor(amount / count)
  return Array.from({ length: count }, (_, index) =>
    index === count - 1 ? amount - each * (count - 1) : each,
  )
}

function nominalDates(terms: RescheduleTerms, count: number): IsoDate[] {
  if (terms.dueDates !== undefined) return [...terms.dueDates]
  if (terms.firstDueDate === undefined || terms.termUnit === undefined) {
    throw invalidOption(
      'firstDueDate',
      'A reschedule needs the new due dates, or the first due date and the repayment frequency (term unit).',
    )
  }
  assertIsoDate(terms.firstDueDate, 'firstDueDate')
  const every: unknown = terms.repaymentEvery ?? 1
  if (typeof every !== 'number' || !Number.isInteger(every) || every < 1 || every > 12) {
    throw invalidOption(
      'repaymentEvery',
      `Repayment every must be 1 to 12 periods (got ${describeValue(every)}).`,
    )
  }
  const first = terms.firstDueDate
  const unit = terms.termUnit
  return Array.from({ length: count }, (_, j) => addPeriods(first, unit, j * every))
}

function latestEventDate(events: readonly LoanHistoryEvent[]): IsoDate | null {
  let latest: IsoDate | null = null
  for (const event of events) if (latest === null || event.date > latest) latest = event.date
  return latest
}

function maxSequence(loan: LoanHistory): number {
  let max = 0
  for (const inst of loan.installments) max = Math.max(max, inst.sequence)
  for (const event of loan.events ?? []) {
    if (event.type === 'RESCHEDULE') for (const inst of event.installments) max = Math.max(max, inst.sequence)
  }
  return max
}

type Treatment = {
  penalties: PenaltyTreatment
  isRestructure: boolean
}

function reschedule(input: RescheduleInput | RestructureInput, treatment: Treatment): RescheduleResult {
  const { date } = input
  assertIsoDate(date, 'date')
  const events = input.events ?? []
  const latest = latestEventDate(events)
  if (latest !== null && latest > date) {
    throw new DomainError({
      code: 'INVALID_DATE',
      message: `A reschedule takes effect on or after the loan's latest event (${latest}); got ${date}.`,
      details: { field: 'date', limit: latest },
    })
  }
  const count: unknown = input.installmentCount
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_TERM_COUNT) {
    throw new DomainError({
      code: 'INVALID_TERM',
      message: `The number of new installments must be 1 to ${MAX_TERM_COUNT} (got ${describeValue(count)}).`,
      details: { field: 'installmentCount', limit: MAX_TERM_COUNT },
    })
  }
  const grace: unknown = input.graceOnPrincipal ?? 0
  if (typeof grace !== 'number' || !Number.isInteger(grace) || grace < 0 || grace >= count) {
    throw invalidOption(
      'graceOnPrincipal',
      `Grace on principal must be 0 to ${count - 1} installments, fewer than the ${count} new installments (got ${describeValue(grace)}).`,
      { limit: count - 1 },
    )
  }
  const history: LoanHistory = { ...input, events }
  const before = loanPosition({ ...history, asOf: date })
  if (before.outstandingPrincipal === 0) {
    throw invalidOption(
      'date',
      `Nothing to reschedule on ${date}: the loan has no principal outstanding (${formatNaira(before.payoffAmount)} still owed).`,
    )
  }
  const dateDay = toDayNumber(date)
  let overdueInterest = 0
  let laterInterest = 0
  let fee = 0
  let penalty = 0
  for (const inst of before.installments) {
    if (toDayNumber(inst.dueDate) <= dateDay) overdueInterest += inst.outstanding.interest
    else laterInterest += inst.outstanding.interest
    fee += inst.outstanding.fee
    penalty += inst.outstanding.penalty
  }
  const capitalisedInterest = treatment.isRestructure ? overdueInterest : 0
  const capitalisedPenalty = treatment.penalties === 'CAPITALISE' ? penalty : 0
  const newPrincipal = before.outstandingPrincipal + capitalisedInterest + capitalisedPenalty
  const carriedInterest = overdueInterest - capitalisedInterest
  const rounding = input.rounding ?? 'HALF_EVEN'
  const interestTerms: InterestTerms = input.interest ?? { method: 'NONE' }
  // FLAT PER_TERM: "10 % for the loan" is charged once, when the loan is booked; charging it again on the
  // moved principal would make a member in arrears pay the price twice (docs/lending.md "Rescheduling").
  // The unpaid interest of the later installments is kept and spread instead of replaced.
  const isPerTerm = interestTerms.method === 'FLAT' && interestTerms.basis === 'PER_TERM'
  const keptInterest = isPerTerm ? laterInterest : 0
  const droppedInterest = isPerTerm ? 0 : laterInterest
  const carried = spread(carriedInterest, count)
  let lines: { principal: Kobo; interest: Kobo }[]
  if (isPerTerm) {
    const keptColumn = spread(keptInterest, count)
    const principalColumn = perTermPrincipal(
      newPrincipal,
      count,
      grace,
      keptColumn.map((value, index) => value + (carried[index] ?? 0)),
      rounding,
      input.installmentMultiple,
    )
    lines = principalColumn.map((value, index) => ({ principal: value, interest: keptColumn[index] ?? 0 }))
  } else {
    lines = newLines(newPrincipal, count, grace, interestTerms, rounding, input.installmentMultiple)
  }

  const nominal = nominalDates(input, count)
  const dates = scheduleDates(
    {
      principal: newPrincipal,
      termCount: count,
      termUnit: input.termUnit ?? 'WEEK',
      startDate: date,
      dueDates: nominal,
      ...(input.calendar === undefined ? {} : { calendar: input.calendar }),
      ...(input.nonWorkingDayRule === undefined ? {} : { nonWorkingDayRule: input.nonWorkingDayRule }),
    },
    count,
  )
  const moves: DueDateMove[] = []
  const fees = spread(fee, count)
  const first = maxSequence(history) + 1
  const newInstallments: Installment[] = lines.map((line, index) => {
    const dueDate = dates[index] ?? date
    const nominalDate = nominal[index] ?? dueDate
    if (nominalDate !== dueDate) moves.push({ sequence: first + index, from: nominalDate, to: dueDate })
    const interest = line.interest + (carried[index] ?? 0)
    const feeHere = fees[index] ?? 0
    return {
      sequence: first + index,
      dueDate,
      principal: line.principal,
      interest,
      fee: feeHere,
      total: line.principal + interest + feeHere,
    }
  })
  const event: RescheduleEvent = {
    type: 'RESCHEDULE',
    id: input.id ?? `reschedule-${date}`,
    date,
    installments: newInstallments.map(({ sequence, dueDate, principal, interest, fee: f }) => ({
      sequence,
      dueDate,
      principal,
      interest,
      fee: f,
    })),
    penalties: treatment.penalties,
    overdueInterest: treatment.isRestructure ? 'CAPITALISE' : 'CARRY',
    ...(treatment.isRestructure ? { isRestructure: true } : {}),
  }
  const after = loanPosition({ ...history, events: [...events, event], asOf: date })
  const newSequences = new Set(event.installments.map((inst) => inst.sequence))
  const kept: ScheduledInstallment[] = after.installments
    .filter((inst) => !newSequences.has(inst.sequence))
    .filter((inst) => inst.due.principal + inst.due.interest + inst.due.fee > 0)
    .map((inst) => ({
      sequence: inst.sequence,
      dueDate: inst.dueDate,
      principal: inst.due.principal,
      interest: inst.due.interest,
      fee: inst.due.fee,
    }))
  return {
    event,
    before,
    after,
    kept,
    newInstallments,
    installments: [...kept, ...event.installments],
    newPrincipal,
    movedPrincipal: before.outstandingPrincipal,
    carriedInterest,
    droppedInterest,
    keptInterest,
    moves,
  }
}

/**
 * Reschedule (docs/lending.md "Rescheduling"): a new schedule for what is outstanding on `date` — new
 * first date and frequency (or meeting dates), a longer or shorter term, k installments of grace on
 * principal. Paid installments stay as they are; the outstanding principal is repaid by the new
 * installments with interest by the given method; unpaid interest of installments already due is carried
 * (spread over the new installments, never charged interest on); interest of installments not yet due is
 * replaced — except for FLAT PER_TERM, whose price was fixed when the loan was booked: no new interest,
 * the unpaid interest of the installments not yet due is kept and spread the same way, so Σ interest of
 * the loan is unchanged whatever the new term. Penalties accrued so far stay owed now, or are waived. Nothing falls on a non-working day of
 * the calendar. The returned `event` goes into the loan's history; replaying it gives `after`.
 */
export function rescheduleLoan(input: RescheduleInput): RescheduleResult {
  const penalties: unknown = input.penalties ?? 'KEEP'
  if (penalties !== 'KEEP' && penalties !== 'WAIVE') {
    throw invalidOption(
      'penalties',
      `A reschedule keeps or waives penalties (KEEP or WAIVE; got ${describeValue(penalties)}); capitalising them is a restructure.`,
    )
  }
  return reschedule(input, { penalties, isRestructure: false })
}

/**
 * Restructure (docs/lending.md "Restructuring"): the arrears — unpaid interest of installments due on
 * or before `date`, and the accrued penalties when `penalties` is CAPITALISE — are added to the
 * outstanding principal, and that new principal is repaid by a new schedule (same terms as a reschedule;
 * for FLAT PER_TERM no new interest on it, the not-yet-due interest kept and spread).
 * Penalties may instead be waived or left owed. The loan counts as restructured from `date`.
 */
export function restructureLoan(input: RestructureInput): RestructureResult {
  const penalties: unknown = input.penalties
  if (penalties !== 'KEEP' && penalties !== 'WAIVE' && penalties !== 'CAPITALISE') {
    throw invalidOption(
      'penalties',
      `Penalties must be CAPITALISE, WAIVE or KEEP (got ${describeValue(penalties)}).`,
    )
  }
  const result = reschedule(input, { penalties, isRestructure: true })
  const applied = result.after.reschedules.at(-1)
  return {
    ...result,
    capitalised: { interest: applied?.capitalisedInterest ?? 0, penalty: applied?.capitalisedPenalty ?? 0 },
    waivedPenalty: applied?.waivedPenalty ?? 0,
  }
}
