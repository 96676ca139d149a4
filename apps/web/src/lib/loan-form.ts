// The loan application form's rules: what an officer types → the API's input (integer kobo, whole terms),
// the loan type's ranges checked in the browser with the server's wording, and the schedule preview built
// by the same @mp/domain engine the server books with, so what the officer sees is what the loan gets.
import {
  buildSchedule,
  costOfCredit,
  formatNaira,
  formatPercent,
  isDomainError,
  isIsoDate,
  MAX_TERM_COUNT,
  type InterestTerms,
  type ProcessingFeeRule,
  type RoundingMode,
  type Schedule,
  type TermUnit,
} from '@mp/domain'
import { ZLoanCreateInput, zReason } from '@mp/api/schemas'
import { nairaToKobo, parseWhole, rateToPercent } from './loan-type-form'
import { schemaProblem } from './schema-problem'

/** The loan type (product) facts the form needs; `loanType.list` items fit. */
export type LoanProduct = {
  name: string
  minPrincipal: number
  maxPrincipal: number
  termUnit: TermUnit
  minTerm: number
  maxTerm: number
  interest: InterestTerms
  processingFee: ProcessingFeeRule | null
  rounding: RoundingMode
  installmentMultiple: number | null
}

/** Keys match the API's input fields, so the server's field errors land under the right control. */
export type LoanFormValues = {
  unionId: string
  memberId: string
  loanTypeId: string
  /** Naira as typed, e.g. "50,000" — converted to kobo only through {@link nairaToKobo}. */
  principal: string
  termCount: string
  startDate: string
  purpose: string
  guarantorIds: string[]
  /** Admin only, when the member already has a live loan (docs/product.md §4). */
  overrideReason: string
  /**
   * A top-up (docs/lending.md "Top-ups"): the member's active loan this one pays off at disbursement; '' or
   * left out, an ordinary loan.
   */
  topUpOfLoanId?: string
}

export type LoanFormErrors = Partial<Record<keyof LoanFormValues, string>>

/** Server refusals that belong under one field (packages/api services/loan-applications.ts, loan-workflow.ts). */
export const LOAN_REASON_FIELDS: Partial<Record<string, keyof LoanFormValues>> = {
  PRINCIPAL_OUT_OF_RANGE: 'principal',
  FEE_EXCEEDS_PRINCIPAL: 'principal',
  TERM_OUT_OF_RANGE: 'termCount',
  LOAN_TYPE_INACTIVE: 'loanTypeId',
  GUARANTOR_NOT_FOUND: 'guarantorIds',
  MEMBER_FIXED: 'memberId',
  TOP_UP_NOT_ALLOWED: 'topUpOfLoanId',
  TOP_UP_OTHER_MEMBER: 'topUpOfLoanId',
  TOP_UP_LOAN_NOT_ACTIVE: 'topUpOfLoanId',
  TOP_UP_PENDING: 'topUpOfLoanId',
}

export const LIVE_LOAN_REASON = 'MEMBER_HAS_LIVE_LOAN'

const UNIT_WORDS: Record<TermUnit, [string, string]> = {
  DAY: ['day', 'days'],
  WEEK: ['week', 'weeks'],
  MONTH: ['month', 'months'],
}

/** `(1, 'WEEK')` → '1 week', `(12, 'WEEK')` → '12 weeks'. */
export function units(count: number, unit: TermUnit): string {
  return `${count} ${UNIT_WORDS[unit][count === 1 ? 0 : 1]}`
}

/** `'WEEK'` → 'week'; with a count other than 1, 'weeks'. */
export function unitName(unit: TermUnit, count = 1): string {
  return UNIT_WORDS[unit][count === 1 ? 0 : 1]
}

/** '4 – 12 weeks', or '12 weeks' when the product has one term. */
export function termRangeText(product: Pick<LoanProduct, 'minTerm' | 'maxTerm' | 'termUnit'>): string {
  return product.minTerm === product.maxTerm
    ? units(product.minTerm, product.termUnit)
    : `${product.minTerm} – ${units(product.maxTerm, product.termUnit)}`
}

export function principalRangeText(product: Pick<LoanProduct, 'minPrincipal' | 'maxPrincipal'>): string {
  return `${formatNaira(product.minPrincipal)} – ${formatNaira(product.maxPrincipal)}`
}

/** '10% flat per term', '2.5% per week, declining (equal installments)', 'No interest'. */
export function interestText(interest: InterestTerms, unit: TermUnit): string {
  switch (interest.method) {
    case 'NONE':
      return 'No interest'
    case 'FLAT':
      return `${rateToPercent(interest.rate)}% flat per ${interest.basis === 'PER_TERM' ? 'term' : unitName(unit)}`
    case 'DECLINING_ANNUITY':
      return `${rateToPercent(interest.ratePerPeriod)}% per ${unitName(unit)}, declining (equal installments)`
    case 'DECLINING_EQUAL_PRINCIPAL':
      return `${rateToPercent(interest.ratePerPeriod)}% per ${unitName(unit)}, declining (equal principal)`
  }
}

/** The advertised rate next to the cost of credit: '10% flat per term ≈ 78.12% APR'. */
export function rateWithApr(interest: InterestTerms, unit: TermUnit, apr: number | null): string {
  const rate = interestText(interest, unit)
  return apr === null ? rate : `${rate} ≈ ${formatPercent(apr)} APR`
}

function rangeProblem(
  product: LoanProduct,
  principal: number | undefined,
  termCount: number | undefined,
): LoanFormErrors {
  const errors: LoanFormErrors = {}
  if (principal !== undefined && (principal < product.minPrincipal || principal > product.maxPrincipal)) {
    errors.principal = `Amount must be between ${formatNaira(product.minPrincipal)} and ${formatNaira(product.maxPrincipal)} for ${product.name}`
  }
  if (termCount !== undefined && (termCount < product.minTerm || termCount > product.maxTerm)) {
    errors.termCount = `Term must be between ${product.minTerm} and ${units(product.maxTerm, product.termUnit)} for ${product.name}`
  }
  return errors
}

export type LoanInput = {
  memberId: string
  loanTypeId: string
  principal: number
  termCount: number
  startDate: string
  purpose: string | null
  guarantorIds: string[]
  overrideReason: string | null
  topUpOfLoanId: string | null
}

/**
 * The form as the API's create/update input, or the message under each field that is not right yet. The
 * product's ranges are checked here with the limits in the message; the server checks them again.
 */
export function toLoanInput(
  values: LoanFormValues,
  product: LoanProduct | undefined,
): { input: LoanInput; errors: null } | { input: null; errors: LoanFormErrors } {
  const errors: LoanFormErrors = {}
  if (values.unionId === '') errors.unionId = 'Choose a union'
  if (values.memberId === '') errors.memberId = 'Choose a member'
  if (values.loanTypeId === '' || product === undefined) errors.loanTypeId = 'Choose a loan type'
  const principal = nairaToKobo(values.principal, 'Amount')
  if (!principal.ok) errors.principal = principal.error
  const termCount = parseWhole(values.termCount, 'Term', 1, MAX_TERM_COUNT)
  if (!termCount.ok) errors.termCount = termCount.error
  if (!isIsoDate(values.startDate)) errors.startDate = 'Choose the start date'
  const purposeProblem = schemaProblem(ZLoanCreateInput.shape.purpose, values.purpose)
  if (purposeProblem !== undefined) errors.purpose = purposeProblem
  const override = values.overrideReason.trim()
  if (override !== '' && override.length < 3) {
    errors.overrideReason = 'Override reason must be at least 3 characters'
  }
  if (product) {
    Object.assign(
      errors,
      rangeProblem(
        product,
        principal.ok ? principal.value : undefined,
        termCount.ok ? termCount.value : undefined,
      ),
    )
  }
  if (Object.keys(errors).length > 0 || !principal.ok || !termCount.ok) return { input: null, errors }
  return {
    input: {
      memberId: values.memberId,
      loanTypeId: values.loanTypeId,
      principal: principal.value,
      termCount: termCount.value,
      startDate: values.startDate,
      purpose: values.purpose.trim() || null,
      guarantorIds: values.guarantorIds,
      overrideReason: override || null,
      topUpOfLoanId: values.topUpOfLoanId || null,
    },
    errors: null,
  }
}

export type LoanPreview =
  | { kind: 'incomplete'; message: string }
  | { kind: 'error'; message: string }
  | { kind: 'ok'; schedule: Schedule; processingFee: number; apr: number | null; principal: number }

/**
 * The schedule, fee and APR this application would get, computed in the browser with the loan type's terms
 * exactly as the server books them (services/loan-core.ts scheduleFor + previewOf).
 */
export function loanPreview(
  product: LoanProduct | undefined,
  values: Pick<LoanFormValues, 'principal' | 'termCount' | 'startDate'>,
): LoanPreview {
  if (!product) return { kind: 'incomplete', message: 'Choose a loan type to see the schedule.' }
  if (values.principal.trim() === '' || values.termCount.trim() === '') {
    return { kind: 'incomplete', message: 'Enter the amount and term to see the schedule.' }
  }
  const principal = nairaToKobo(values.principal, 'Amount')
  if (!principal.ok) return { kind: 'error', message: principal.error }
  const termCount = parseWhole(values.termCount, 'Term', 1, MAX_TERM_COUNT)
  if (!termCount.ok) return { kind: 'error', message: termCount.error }
  if (!isIsoDate(values.startDate)) {
    return { kind: 'incomplete', message: 'Choose the start date to see the due dates.' }
  }
  const range = rangeProblem(product, principal.value, termCount.value)
  const rangeMessage = range.principal ?? range.termCount
  if (rangeMessage !== undefined) return { kind: 'error', message: rangeMessage }
  try {
    const schedule = buildSchedule({
      principal: principal.value,
      termCount: termCount.value,
      termUnit: product.termUnit,
      startDate: values.startDate,
      interest: product.interest,
      rounding: product.rounding,
      // Same presence rules as the server's scheduleFor: a missing or zero multiple means none.
      ...(product.installmentMultiple ? { installmentMultiple: product.installmentMultiple } : {}),
      ...(product.processingFee ? { processingFee: product.processingFee } : {}),
    })
    const fee = schedule.processingFee
    if (fee >= principal.value) {
      return {
        kind: 'error',
        message: `The processing fee (${formatNaira(fee)}) must be less than the principal (${formatNaira(principal.value)})`,
      }
    }
    return {
      kind: 'ok',
      schedule,
      processingFee: fee,
      apr: aprOf({
        principal: principal.value,
        installments: schedule.installments,
        termUnit: product.termUnit,
        processingFee: fee,
      }),
      principal: principal.value,
    }
  } catch (error) {
    if (isDomainError(error)) return { kind: 'error', message: error.message }
    throw error
  }
}

/**
 * What a top-up hands the member (docs/lending.md "Top-ups"): the principal less the processing fee and the
 * running loan's payoff. The payoff is an estimate as of today; the server quotes it again on the
 * disbursement day and refuses a principal below it. Negative: the principal does not cover the payoff.
 */
export function topUpCash(principal: number, processingFee: number, payoff: number): number {
  return principal - processingFee - payoff
}

/**
 * Cost of credit (IRR of the borrower's cash flows: principal less the fee received, installments paid,
 * annualised), or null when it is undefined. Installment totals exclude penalties: the contract's cost.
 */
export function aprOf(options: {
  principal: number
  installments: readonly { total: number }[]
  termUnit: TermUnit
  processingFee: number
}): number | null {
  try {
    const { apr } = costOfCredit(options)
    return Number.isFinite(apr) ? apr : null
  } catch (error) {
    if (isDomainError(error)) return null
    throw error
  }
}

/** A reason for a reject / withdraw / write-off / reversal: 3–500 characters, as the server requires. */
export function reasonProblem(text: string, label = 'Reason'): string | undefined {
  return schemaProblem(zReason(label), text)
}

/** The printable statement and schedule of a loan (served by the server, cookie auth). */
export function statementPdfUrl(loanId: string): string {
  return `/files/loans/${encodeURIComponent(loanId)}/statement.pdf`
}

/** A "from ₦ / to ₦" list filter: '' → no bound, naira text → kobo, anything else → a message. */
export function amountFilter(
  text: string,
  label: string,
): { kobo: number | undefined; error: string | undefined } {
  if (text.trim() === '') return { kobo: undefined, error: undefined }
  const parsed = nairaToKobo(text, label)
  return parsed.ok ? { kobo: parsed.value, error: undefined } : { kobo: undefined, error: parsed.error }
}
