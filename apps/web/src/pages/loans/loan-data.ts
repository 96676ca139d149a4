// The loan API's shapes as the loan pages use them (types only: they flow from AppRouter).
import type { RouterInputs, RouterOutputs } from '../../lib/trpc'

type LoanListInput = RouterInputs['loan']['list']
export type LoanSort = NonNullable<LoanListInput['sort']>
export type LoanRow = RouterOutputs['loan']['list']['items'][number]
export type LoanDetail = RouterOutputs['loan']['get']
export type LoanRepayment = LoanDetail['repayments'][number]
export type LoanEventRow = LoanDetail['timeline'][number]
export type LoanProductRow = RouterOutputs['loanType']['list'][number]
export type RepaymentResult = RouterOutputs['repayment']['record']
