import { useState } from 'react'
import { TypeCatalogPage } from '../components/type-catalog'
import { formatNaira } from '../lib/format'
import { interestText, principalRangeText, termRangeText, units } from '../lib/loan-form'
import { rateToPercent } from '../lib/loan-type-form'
import { trpc } from '../lib/trpc'
import { type Fee, type Penalty } from './loan-types/loan-type-data'
import { LoanTypeDialog } from './loan-types/loan-type-dialog'

function feeSummary(fee: Fee | null): string {
  if (!fee) return 'None'
  if (fee.kind === 'FLAT') return formatNaira(fee.amount)
  const bounds = [
    fee.min === undefined ? null : `min ${formatNaira(fee.min)}`,
    fee.max === undefined ? null : `max ${formatNaira(fee.max)}`,
  ].filter(Boolean)
  return `${rateToPercent(fee.rate)}% of principal${bounds.length ? ` (${bounds.join(', ')})` : ''}`
}

function penaltySummary(penalty: Penalty | null): string {
  if (!penalty) return 'None'
  const amount =
    penalty.kind === 'PERCENT_PER_DAY'
      ? `${rateToPercent(penalty.ratePerDay)}% a day`
      : `${formatNaira(penalty.amountPerDay)} a day`
  const grace = penalty.graceDays > 0 ? ` after ${units(penalty.graceDays, 'DAY')}` : ''
  const cap = penalty.cap === undefined ? '' : `, cap ${formatNaira(penalty.cap)}`
  return `${amount}${grace}${cap}`
}

/** /loan-types (admin): the loan products staff offer members. */
export function LoanTypesPage() {
  const [isShowingInactive, setIsShowingInactive] = useState(true)
  const types = trpc.loanType.list.useQuery({ includeInactive: isShowingInactive })
  const utils = trpc.useUtils()
  const setActive = trpc.loanType.setActive.useMutation({
    onSuccess: () => void utils.loanType.invalidate(),
  })
  return (
    <TypeCatalogPage
      title="Loan types"
      description="Loan products: amounts, terms, interest, fees and penalties."
      noun="loan type"
      types={types}
      isShowingInactive={isShowingInactive}
      onShowingInactiveChange={setIsShowingInactive}
      columns={[
        { key: 'principal', header: 'Principal', render: (type) => principalRangeText(type) },
        { key: 'term', header: 'Term', render: (type) => termRangeText(type) },
        { key: 'interest', header: 'Interest', render: (type) => interestText(type.interest, type.termUnit) },
        {
          key: 'fee',
          header: 'Processing fee',
          visibleFrom: 'md',
          render: (type) => feeSummary(type.processingFee),
        },
        {
          key: 'penalty',
          header: 'Penalty',
          visibleFrom: 'md',
          render: (type) => penaltySummary(type.penalty),
        },
      ]}
      empty={{
        title: 'No loan types yet',
        description: 'Add the loan products staff can offer, such as “12-week trader loan”.',
      }}
      minWidth={900}
      Editor={LoanTypeDialog}
      setActive={setActive}
      describeActive={(name, isActive) =>
        isActive
          ? `Staff can offer ${name} on new loans again.`
          : `Staff can no longer offer ${name} on new loans. Existing loans keep their terms.`
      }
    />
  )
}
