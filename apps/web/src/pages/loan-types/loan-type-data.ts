// A loan type as the list and the editor read it, and its term in words.
import { type RouterInputs, type RouterOutputs } from '../../lib/trpc'

export type LoanType = RouterOutputs['loanType']['list'][number]
export type LoanTypeInput = RouterInputs['loanType']['create']
export type TermUnit = LoanType['termUnit']
export type Interest = LoanType['interest']
export type Fee = NonNullable<LoanType['processingFee']>
export type Penalty = NonNullable<LoanType['penalty']>

const UNIT_WORDS: Record<TermUnit, [string, string]> = {
  DAY: ['day', 'days'],
  WEEK: ['week', 'weeks'],
  MONTH: ['month', 'months'],
}

export function units(count: number, unit: TermUnit): string {
  return `${count} ${UNIT_WORDS[unit][count === 1 ? 0 : 1]}`
}
