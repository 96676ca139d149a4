// A loan type as the list and the editor read it.
import { type RouterInputs, type RouterOutputs } from '../../lib/trpc'

export type LoanType = RouterOutputs['loanType']['list'][number]
export type LoanTypeInput = RouterInputs['loanType']['create']
export type TermUnit = LoanType['termUnit']
export type Interest = LoanType['interest']
export type Fee = NonNullable<LoanType['processingFee']>
export type Penalty = NonNullable<LoanType['penalty']>
