// The report procedures' inputs and outputs, as the report tabs use them.
import { type RouterInputs, type RouterOutputs } from '../../lib/trpc'

export type Portfolio = RouterOutputs['report']['portfolio']
export type PortfolioRow = NonNullable<Portfolio['rows']>['items'][number]
export type PortfolioInput = RouterInputs['report']['portfolio']
export type PortfolioSort = NonNullable<PortfolioInput['sort']>
type Disbursements = RouterOutputs['report']['disbursements']
export type DisbursementRow = Disbursements['rows']['items'][number]
export type FlowInput = RouterInputs['report']['repaymentsByMethod']
export type ByMethod = RouterOutputs['report']['repaymentsByMethod']
