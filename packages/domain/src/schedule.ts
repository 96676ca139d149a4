import type { IsoDate, TermUnit } from './calendar.js'
import { TERM_UNITS, assertIsoDate, dueDates, toDayNumber } from './calendar.js'
import { DomainError, describeValue } from './errors.js'
import type { ProcessingFeeRule } from './fees.js'
import { processingFeeWithReason } from './fees.js'
import type { Kobo } from './money.js'
import { assertKobo, formatNaira, formatNairaExact, koboFromBigInt } from './money.js'
import type { Rational, RoundingMode } from './rational.js'
import type { NonWorkingDayRule, WorkingCalendar } from './working-days.js'
import { adjustDueDates } from './working-days.js'
import {
  ROUNDING_MODES,
  ZERO,
  ceilDiv,
  parseDecimal,
  rational,
  roundDiv,
  toDecimalString,
} from './rational.js'

/** FLAT rate basis: per period (× number of periods) or for the whole term ("10% for 12 weeks"). */
export type FlatRateBasis = 'PER_TERM' | 'PER_PERIOD'

export type InterestTerms =
  | { method: 'NONE' }
  | { method: 'FLAT'; rate: string; basis: FlatRateBasis }
  | { method: 'DECLINING_ANNUITY'; ratePerPeriod: string }
  | { method: 'DECLINING_EQUAL_PRINCIPAL'; ratePerPeriod: string }

export type InterestMethod = InterestTerms['method']

export const INTEREST_METHODS: readonly InterestMethod[] = [
  'NONE',
  'FLAT',
  'DECLINING_ANNUITY',
  'DECLINING_EQUAL_PRINCIPAL',
]

export type ScheduleInput = {
  /** Integer kobo, at least 1. */
  principal: Kobo
  /** Number of installments, 1 … MAX_TERM_COUNT. */
  termCount: number
  termUnit: TermUnit
  /** Installment k is due k periods after this date. */
  startDate: IsoDate
  /** Defaults to `{ method: 'NONE' }` (the lender's current policy: principal split evenly + fee). */
  interest?: InterestTerms
  /** Defaults to HALF_EVEN. */
  rounding?: RoundingMode
  /** Round each installment up to a multiple of this many kobo (1000 = ₦10); the last one is smaller. */
  installmentMultiple?: Kobo
  /** Collected at disbursement, reported as `processingFee`, never inside an installment. */
  processingFee?: ProcessingFeeRule
  /**
   * The installments' dates instead of "k periods after startDate" (e.g. `meetingDueDates` for loans that
   * follow the union's meetings): one per installment, strictly increasing, all after `startDate`.
   */
  dueDates?: readonly IsoDate[]
  /** Company calendar: a due date on a non-working day moves by `nonWorkingDayRule` (docs/lending.md). */
  calendar?: WorkingCalendar
  /** Default 'next'. */
  nonWorkingDayRule?: NonWorkingDayRule
}

export type Installment = {
  sequence: number
  dueDate: IsoDate
  principal: Kobo
  interest: Kobo
  fee: Kobo
  total: Kobo
}

export type Schedule = {
  installments: Installment[]
  totalPrincipal: Kobo
  totalInterest: Kobo
  totalFee: Kobo
  /** Σ installment totals (what the borrower repays over the term; the processing fee is separate). */
  total: Kobo
  /** Collected at disbursement; 0 without a fee rule. */
  processingFee: Kobo
}

/** The arithmetic behind each component of one installment (see explain.ts). */
export type InstallmentReason = { sequence: number; principal: string; interest: string }

export const MAX_TERM_COUNT = 1200
/** 1000 %: far above any real product, low enough that exact arithmetic stays cheap. */
export const MAX_RATE = '10'

type Line = {
  principal: bigint
  interest: bigint
  /** The installment rounded up to the multiple, before any limit to the remaining balance; else null. */
  rounded: bigint | null
  principalWhy: string
  interestWhy: string
}

type Normalized = {
  principal: bigint
  n: number
  rounding: RoundingMode
  multiple: bigint | null
  interest: InterestTerms
  rate: Rational
}

const MAX_RATE_VALUE = rational(10n)

function invalidOption(field: string, message: string): DomainError {
  return new DomainError({ code: 'INVALID_OPTION', message, details: { field } })
}

function normalize(input: ScheduleInput): Normalized {
  assertKobo(input.principal, { field: 'principal', min: 1 })
  const termCount: unknown = input.termCount
  if (
    typeof termCount !== 'number' ||
    !Number.isInteger(termCount) ||
    termCount < 1 ||
    termCount > MAX_TERM_COUNT
  ) {
    throw new DomainError({
      code: 'INVALID_TERM',
      message: `Term count must be a whole number of installments from 1 to ${MAX_TERM_COUNT} (got ${describeValue(termCount)}).`,
      details: { field: 'termCount', limit: MAX_TERM_COUNT },
    })
  }
  if (!TERM_UNITS.includes(input.termUnit)) {
    throw invalidOption(
      'termUnit',
      `Term unit must be DAY, WEEK or MONTH (got ${describeValue(input.termUnit)}).`,
    )
  }
  assertIsoDate(input.startDate, 'startDate')
  const rounding = input.rounding ?? 'HALF_EVEN'
  if (!ROUNDING_MODES.includes(rounding)) {
    throw invalidOption('rounding', `Rounding must be HALF_EVEN or HALF_UP (got ${describeValue(rounding)}).`)
  }
  let multiple: bigint | null = null
  if (input.installmentMultiple !== undefined) {
    assertKobo(input.installmentMultiple, { field: 'installmentMultiple', min: 1, max: 100_000_000 })
    multiple = input.installmentMultiple > 1 ? BigInt(input.installmentMultiple) : null
  }
  const interest: InterestTerms = input.interest ?? { method: 'NONE' }
  return {
    principal: BigInt(input.principal),
    n: termCount,
    rounding,
    multiple,
    interest,
    rate: interestRate(interest),
  }
}

function interestRate(interest: InterestTerms): Rational {
  const method: unknown = interest.method
  switch (interest.method) {
    case 'NONE':
      return ZERO
    case 'FLAT': {
      const basis: unknown = interest.basis
      if (basis !== 'PER_TERM' && basis !== 'PER_PERIOD') {
        throw invalidOption(
          'interest.basis',
          `Flat rate basis must be PER_TERM or PER_PERIOD (got ${describeValue(basis)}).`,
        )
      }
      return parseDecimal(interest.rate, { field: 'interest.rate', max: MAX_RATE_VALUE })
    }
    case 'DECLINING_ANNUITY':
    case 'DECLINING_EQUAL_PRINCIPAL':
      return parseDecimal(interest.ratePerPeriod, { field: 'interest.ratePerPeriod', max: MAX_RATE_VALUE })
    default:
      throw invalidOption(
        'interest.method',
        `Interest method must be one of ${INTEREST_METHODS.join(', ')} (got ${describeValue(method)}).`,
      )
  }
}

const min = (a: bigint, b: bigint): bigint => (a < b ? a : b)
const max = (a: bigint, b: bigint): bigint => (a > b ? a : b)
const naira = (kobo: bigint): string => formatNaira(kobo)
/** "= ₦8,333.3333… → ₦8,333.33 (HALF_EVEN)" when rounding happened, just the amount when it was exact. */
function rounded(num: bigint, den: bigint, result: bigint, mode: RoundingMode): string {
  const value = rational(num, den)
  return value.den === 1n ? naira(result) : `${formatNairaExact(value)} → ${naira(result)} (${mode})`
}

/**
 * Installment in multiples of m: round the installment *up* so cash changes hands in round notes, and let
 * the last installment be smaller; never a surprise larger final payment (reference §2.0 rule 4, Fineract
 * `installmentAmountInMultiplesOf`). The installment is rounded up from its exact value `num/den`, not from
 * its already-rounded kobo components: ₦120,000.01 ÷ 12 = ₦10,000.0008… must become ₦10,010, whereas the
 * rounded ₦10,000.00 is already a multiple and would leave a last installment of ₦10,000.01, larger than
 * the others and not a multiple.
 */
function roundUpToMultiple(num: bigint, den: bigint, multiple: bigint): bigint {
  return ceilDiv(num, den * multiple) * multiple
}

function multipleWhy(num: bigint, den: bigint, rounded: bigint, multiple: bigint): string {
  return `installment ${formatNairaExact(rational(num, den))} rounded up to a multiple of ${naira(multiple)} = ${naira(rounded)}`
}

/**
 * FLAT (and NONE, which is FLAT at 0): interest on the original principal, spread evenly (reference §2.1).
 * I_total = round(P × r_term); p_k = round(P/n), i_k = round(I_total/n); the last installment takes
 * what remains of each component, so Σ principal = P and Σ interest = I_total exactly.
 */
function flatLines(norm: Normalized, explain: boolean): Line[] {
  const { principal: P, n, rounding, multiple } = norm
  const N = BigInt(n)
  const isPerPeriod = norm.interest.method === 'FLAT' && norm.interest.basis === 'PER_PERIOD'
  const factor = isPerPeriod ? rational(norm.rate.num * N, norm.rate.den) : norm.rate
  const iTotal = roundDiv(P * factor.num, factor.den, rounding)
  const pEach = roundDiv(P, N, rounding)
  const iEach = roundDiv(iTotal, N, rounding)
  // Exact installment (P + I_total)/n, so (n−1) of them never leave the last one larger than the rest.
  const instEach = multiple === null ? null : roundUpToMultiple(P + iTotal, N, multiple)
  const rateText = isPerPeriod ? `${toDecimalString(norm.rate)} × ${n} periods` : toDecimalString(norm.rate)
  const totalWhy =
    norm.interest.method === 'NONE'
      ? 'no interest (method NONE)'
      : `total interest ${naira(P)} × ${rateText} = ${rounded(P * factor.num, factor.den, iTotal, rounding)}`

  const lines: Line[] = []
  let remainingP = P
  let remainingI = iTotal
  for (let k = 1; k <= n; k += 1) {
    const isLast = k === n
    const interest = isLast ? remainingI : min(iEach, remainingI)
    let principal: bigint
    if (isLast) principal = remainingP
    else if (instEach === null) principal = min(pEach, remainingP)
    else principal = min(max(instEach - interest, 0n), remainingP)

    let principalWhy = ''
    let interestWhy = ''
    if (explain) {
      if (isLast) {
        principalWhy =
          n === 1
            ? `the whole principal ${naira(P)}`
            : `${naira(P)} − ${naira(P - remainingP)} in installments 1–${n - 1} = ${naira(principal)} (the last installment absorbs the remainder)`
        interestWhy =
          n === 1
            ? totalWhy
            : `${totalWhy}; ${naira(iTotal)} − ${naira(iTotal - remainingI)} in installments 1–${n - 1} = ${naira(interest)} (the last installment absorbs the remainder)`
      } else {
        const even = `${naira(P)} ÷ ${n} = ${rounded(P, N, pEach, rounding)}`
        const wanted = instEach === null ? pEach : instEach - interest
        const base =
          instEach === null || multiple === null
            ? even
            : `${even}; ${multipleWhy(P + iTotal, N, instEach, multiple)}; principal = ${naira(instEach)} − interest ${naira(interest)} = ${naira(wanted)}`
        principalWhy = principal < wanted ? `${base}, limited to the remaining ${naira(remainingP)}` : base
        interestWhy =
          norm.interest.method === 'NONE'
            ? totalWhy
            : `${totalWhy}; ÷ ${n} = ${rounded(iTotal, N, iEach, rounding)}${interest < iEach ? `, limited to the remaining ${naira(remainingI)}` : ''}`
      }
    }
    lines.push({ principal, interest, rounded: instEach, principalWhy, interestWhy })
    remainingP -= principal
    remainingI -= interest
  }
  return lines
}

/**
 * DECLINING_ANNUITY (equal installments, reference §2.2): EMI = round(P·r / (1 − (1+r)^−n)) computed exactly
 * as P·a·(a+b)^n / (b·((a+b)^n − b^n)) for r = a/b; i_k = round(B_{k−1}·r); p_k = EMI − i_k; the last
 * installment pays the remaining balance. The EMI is never ceiled (Frappe Lending issue #31).
 */
function annuityLines(norm: Normalized, explain: boolean): Line[] {
  const { principal: P, n, rounding, multiple, rate } = norm
  const N = BigInt(n)
  const a = rate.num
  const b = rate.den
  let emiNum: bigint
  let emiDen: bigint
  if (a === 0n) {
    emiNum = P
    emiDen = N
  } else {
    const growth = (a + b) ** N
    emiNum = P * a * growth
    emiDen = b * (growth - b ** N)
  }
  const emi = roundDiv(emiNum, emiDen, rounding)
  // Rounded up from the exact EMI: a raw EMI just above a multiple must not round down to it.
  const installment = multiple === null ? emi : roundUpToMultiple(emiNum, emiDen, multiple)
  const rateText = toDecimalString(rate)
  const emiWhy = explain
    ? `EMI = P·r ÷ (1 − (1+r)^−n) = ${naira(P)} × ${rateText} ÷ (1 − (1 + ${rateText})^−${n}) = ${rounded(emiNum, emiDen, emi, rounding)}${
        multiple === null ? '' : `; ${multipleWhy(emiNum, emiDen, installment, multiple)}`
      }`
    : ''

  const lines: Line[] = []
  let balance = P
  for (let k = 1; k <= n; k += 1) {
    const isLast = k === n
    const interest = roundDiv(balance * a, b, rounding)
    // Clamped to the balance: with tiny principals and high rates rounding could otherwise overshoot.
    const principal = isLast ? balance : min(max(installment - interest, 0n), balance)
    let principalWhy = ''
    let interestWhy = ''
    if (explain) {
      interestWhy = `balance ${naira(balance)} × ${rateText} = ${rounded(balance * a, b, interest, rounding)}`
      principalWhy = isLast
        ? `the remaining balance ${naira(balance)} (the last installment absorbs the remainder)`
        : `${emiWhy}; principal = ${naira(installment)} − interest ${naira(interest)} = ${naira(installment - interest)}${
            principal < installment - interest ? `, limited to the remaining ${naira(balance)}` : ''
          }`
    }
    lines.push({
      principal,
      interest,
      rounded: multiple === null ? null : installment,
      principalWhy,
      interestWhy,
    })
    balance -= principal
  }
  return lines
}

/**
 * DECLINING_EQUAL_PRINCIPAL (reference §2.3): p_k = round(P/n), i_k = round(B_{k−1}·r); the last installment
 * pays the remaining balance.
 */
function equalPrincipalLines(norm: Normalized, explain: boolean): Line[] {
  const { principal: P, n, rounding, multiple, rate } = norm
  const N = BigInt(n)
  const pEach = roundDiv(P, N, rounding)
  const rateText = toDecimalString(rate)
  const lines: Line[] = []
  let balance = P
  for (let k = 1; k <= n; k += 1) {
    const isLast = k === n
    const interest = roundDiv(balance * rate.num, rate.den, rounding)
    // Exact P/n + i_k, rounded up to the multiple.
    const installment = multiple === null ? null : roundUpToMultiple(P + interest * N, N, multiple)
    const wanted = installment === null ? pEach : max(installment - interest, 0n)
    const principal = isLast ? balance : min(wanted, balance)
    let principalWhy = ''
    let interestWhy = ''
    if (explain) {
      interestWhy = `balance ${naira(balance)} × ${rateText} = ${rounded(balance * rate.num, rate.den, interest, rounding)}`
      if (isLast)
        principalWhy = `the remaining balance ${naira(balance)} (the last installment absorbs the remainder)`
      else {
        const base = `${naira(P)} ÷ ${n} = ${rounded(P, N, pEach, rounding)}`
        principalWhy =
          installment === null || multiple === null
            ? base
            : `${base}; ${multipleWhy(P + interest * N, N, installment, multiple)}; principal = ${naira(installment)} − interest ${naira(interest)} = ${naira(wanted)}`
        if (principal < wanted) principalWhy += `, limited to the remaining ${naira(balance)}`
      }
    }
    lines.push({
      principal,
      interest,
      rounded: multiple === null ? null : installment,
      principalWhy,
      interestWhy,
    })
    balance -= principal
  }
  return lines
}

function linesOf(norm: Normalized, explain: boolean): Line[] {
  switch (norm.interest.method) {
    case 'NONE':
    case 'FLAT':
      return flatLines(norm, explain)
    case 'DECLINING_ANNUITY':
      return annuityLines(norm, explain)
    case 'DECLINING_EQUAL_PRINCIPAL':
      return equalPrincipalLines(norm, explain)
  }
}

function computeLines(norm: Normalized, explain: boolean): Line[] {
  const lines = linesOf(norm, explain)
  const last = lines.at(-1)
  // Rounded up to a multiple that is large for the loan, the installments repay the whole principal
  // before the last one, which is left with no principal (only interest, or ₦0.00) and the installment
  // that hit the balance is not a multiple either (₦1.00 over 12 weeks in multiples of ₦10 was ₦1.00 then
  // eleven ₦0.00 installments). No schedule is better than that one: the officer picks a smaller multiple.
  if (norm.multiple !== null && last !== undefined && norm.n > 1 && last.principal <= 0n) {
    const installment = lines[0]?.rounded ?? norm.multiple
    throw new DomainError({
      code: 'INVALID_OPTION',
      message: `Installment multiple ${naira(norm.multiple)} is too large for this loan: installments rounded up to ${naira(installment)} would repay the whole ${naira(norm.principal)} principal before installment ${norm.n}. Use a smaller multiple or none.`,
      details: {
        field: 'installmentMultiple',
        limit: koboFromBigInt(norm.principal, 'principal'),
        multiple: koboFromBigInt(norm.multiple, 'installmentMultiple'),
      },
    })
  }
  return lines
}

/**
 * The due dates of a schedule: `input.dueDates` when given (checked: one per installment, increasing,
 * after the start), else k periods after the start; then, with a calendar, each date on a non-working day
 * moved by the rule, never onto or before the previous installment (see `adjustDueDates`).
 */
export function scheduleDates(input: ScheduleInput, count: number): IsoDate[] {
  let dates: IsoDate[]
  if (input.dueDates === undefined) dates = dueDates(input.startDate, input.termUnit, count)
  else {
    const given: unknown = input.dueDates
    if (!Array.isArray(given) || given.length !== count) {
      throw invalidOption(
        'dueDates',
        `Due dates must list one date per installment: ${count} (got ${Array.isArray(given) ? given.length : describeValue(given)}).`,
      )
    }
    let previous = toDayNumber(input.startDate, 'startDate')
    input.dueDates.forEach((date, index) => {
      const day = toDayNumber(date, `dueDates[${index}]`)
      if (day <= previous) {
        throw invalidOption(
          `dueDates[${index}]`,
          `Due date ${index + 1} (${date}) must be after ${index === 0 ? `the start date ${input.startDate}` : `due date ${index} (${input.dueDates?.[index - 1] ?? ''})`}.`,
        )
      }
      previous = day
    })
    dates = [...input.dueDates]
  }
  if (input.calendar === undefined) return dates
  return adjustDueDates(dates, input.calendar, input.nonWorkingDayRule ?? 'next', { after: input.startDate })
    .dates
}

/** Builds the schedule and, when asked, the arithmetic behind every component (used by explain.ts). */
export function computeSchedule(
  input: ScheduleInput,
  options: { explain: boolean },
): { schedule: Schedule; reasons: InstallmentReason[]; processingFeeReason: string } {
  const norm = normalize(input)
  const fee = processingFeeWithReason({
    principal: input.principal,
    rule: input.processingFee,
    rounding: norm.rounding,
  })
  const lines = computeLines(norm, options.explain)
  const dates = scheduleDates(input, norm.n)
  const installments: Installment[] = []
  const reasons: InstallmentReason[] = []
  let totalInterest = 0n
  let sequence = 0
  for (const line of lines) {
    sequence += 1
    totalInterest += line.interest
    const principal = koboFromBigInt(line.principal, 'principal')
    const interest = koboFromBigInt(line.interest, 'interest')
    installments.push({
      sequence,
      dueDate: dates[sequence - 1] ?? input.startDate,
      principal,
      interest,
      fee: 0,
      total: koboFromBigInt(line.principal + line.interest, 'installment total'),
    })
    if (options.explain) reasons.push({ sequence, principal: line.principalWhy, interest: line.interestWhy })
  }
  const totalInterestKobo = koboFromBigInt(totalInterest, 'total interest')
  return {
    schedule: {
      installments,
      totalPrincipal: input.principal,
      totalInterest: totalInterestKobo,
      totalFee: 0,
      total: koboFromBigInt(norm.principal + totalInterest, 'total repayable'),
      processingFee: fee.amount,
    },
    reasons,
    processingFeeReason: fee.reason,
  }
}

/**
 * The repayment schedule of a loan (docs/product.md §3). Pure and fast enough to run on every keystroke in the
 * browser preview; the server calls the same function when it fixes the schedule at disbursement.
 * Throws DomainError (INVALID_AMOUNT, INVALID_TERM, INVALID_RATE, INVALID_DATE, INVALID_OPTION).
 */
export function buildSchedule(input: ScheduleInput): Schedule {
  return computeSchedule(input, { explain: false }).schedule
}

/** How many periods of a term unit make a year, for APR: DAY 365, WEEK 52, MONTH 12. */
export function periodsPerYear(unit: TermUnit): number {
  switch (unit) {
    case 'DAY':
      return 365
    case 'WEEK':
      return 52
    case 'MONTH':
      return 12
  }
}
