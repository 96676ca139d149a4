import type { IsoDate } from './calendar.js'
import { assertIsoDate } from './calendar.js'
import { DomainError } from './errors.js'
import type { AllocationLine } from './allocation.js'
import type { Kobo } from './money.js'
import { assertKobo, formatNaira } from './money.js'
import type { LoanHistoryEvent } from './position.js'
import { loanPosition, planRepayment } from './position.js'
import type { LoanHistory } from './reschedule.js'

export type PayoffQuote = {
  date: IsoDate
  /** What closes the loan on the date: every remaining installment in full and the penalties accrued. */
  amount: Kobo
  principal: Kobo
  interest: Kobo
  fee: Kobo
  penalty: Kobo
  /** How a payment of `amount` would be allocated by the loan's order (what the payoff receipt shows). */
  lines: AllocationLine[]
}

/**
 * What it takes to close the loan on `date` (docs/lending.md "Top-ups"): the payoff of the position —
 * remaining principal, the scheduled interest and fees, penalties accrued so far (no early-settlement
 * rebate; waive interest first for one) — and its allocation by the loan's order. Dated on or after the
 * latest event. A loan with nothing owed is refused (INVALID_OPTION): there is nothing to pay off.
 */
export function payoffQuote(loan: LoanHistory, date: IsoDate): PayoffQuote {
  assertIsoDate(date, 'date')
  const events: readonly LoanHistoryEvent[] = loan.events ?? []
  for (const event of events) {
    if (event.date > date) {
      throw new DomainError({
        code: 'INVALID_DATE',
        message: `A payoff is quoted on or after the loan's latest event (${event.date}); got ${date}.`,
        details: { field: 'date', limit: event.date },
      })
    }
  }
  const position = loanPosition({ ...loan, events, asOf: date })
  if (position.payoffAmount === 0) {
    throw new DomainError({
      code: 'INVALID_OPTION',
      message: `The loan owes nothing on ${date}: there is nothing to pay off.`,
      details: { field: 'loan' },
    })
  }
  const ids = new Set(events.map((event) => event.id))
  let id = `payoff-${date}`
  while (ids.has(id)) id += '+'
  const plan = planRepayment({
    ...loan,
    events,
    asOf: date,
    repayment: { id, date, amount: position.payoffAmount },
  })
  const outstanding = position.totals.outstanding
  return {
    date,
    amount: position.payoffAmount,
    principal: outstanding.principal,
    interest: outstanding.interest,
    fee: outstanding.fee,
    penalty: outstanding.penalty,
    lines: plan.lines,
  }
}

/** `payoffQuote(loan, date).amount`. */
export function payoffAmount(loan: LoanHistory, date: IsoDate): Kobo {
  return payoffQuote(loan, date).amount
}

export type TopUpSplit = { principal: Kobo; processingFee: Kobo; payoff: Kobo; cashToMember: Kobo }

/**
 * A top-up (refinance): the new loan's principal pays its processing fee (collected at disbursement, as
 * for every loan) and the payoff of the live loan, and the rest is paid out to the member. Refused
 * (INVALID_AMOUNT on `principal`, the payoff plus the fee as the limit) when the principal does not
 * cover both: the member would owe money on the day they borrow.
 */
export function topUpSplit(input: { principal: Kobo; payoff: Kobo; processingFee?: Kobo }): TopUpSplit {
  assertKobo(input.principal, { field: 'principal', min: 1 })
  assertKobo(input.payoff, { field: 'payoff' })
  const processingFee = input.processingFee ?? 0
  assertKobo(processingFee, { field: 'processingFee' })
  const needed = input.payoff + processingFee
  if (input.principal < needed) {
    const fee = processingFee > 0 ? ` and its ${formatNaira(processingFee)} processing fee` : ''
    throw new DomainError({
      code: 'INVALID_AMOUNT',
      message: `The new loan's principal (${formatNaira(input.principal)}) must be at least the ${formatNaira(input.payoff)} needed to pay off the current loan${fee}${processingFee > 0 ? ` (${formatNaira(needed)})` : ''}.`,
      details: { field: 'principal', limit: needed, got: input.principal },
    })
  }
  return {
    principal: input.principal,
    processingFee,
    payoff: input.payoff,
    cashToMember: input.principal - needed,
  }
}
