import {
  isDomainError,
  loanPosition,
  planRepayment,
  type AllocationOrder,
  type LoanEvent,
  type PenaltyRule,
  type RoundingMode,
  type ScheduledInstallment,
} from '@mp/domain'

export type HistoryTerms = {
  installments: readonly ScheduledInstallment[]
  order: AllocationOrder
  rounding: RoundingMode
  penalty?: PenaltyRule | null | undefined
}

/**
 * One payment of a generated loan history, as the server would accept it: what is owed on `date`
 * given the `events` so far (as known on `asOf`), an amount chosen from it by `amountOf`, checked by
 * the domain's own planRepayment. Answers 'settled' when nothing is owed, undefined when the rules
 * refuse the amount (the generator then tries another day), else the repayment to record.
 */
export function acceptedRepayment(
  terms: HistoryTerms,
  events: readonly LoanEvent[],
  asOf: string,
  date: string,
  amountOf: (owed: number) => number,
): { id: string; date: string; amount: number } | 'settled' | undefined {
  const base = {
    installments: terms.installments,
    events,
    asOf,
    order: terms.order,
    rounding: terms.rounding,
    ...(terms.penalty ? { penalty: terms.penalty } : {}),
  }
  const owed = loanPosition({ ...base, asOf: date }).payoffAmount
  if (owed === 0) return 'settled'
  const repayment = { id: crypto.randomUUID(), date, amount: amountOf(owed) }
  try {
    planRepayment({ ...base, repayment })
  } catch (error) {
    if (isDomainError(error)) return undefined
    throw error
  }
  return repayment
}
