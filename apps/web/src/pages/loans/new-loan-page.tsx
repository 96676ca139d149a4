import { Skeleton, Stack } from '@mantine/core'
import { useNavigate, useSearchParams } from 'react-router'
import { PageHeader } from '../../components/page-header'
import { QueryView } from '../../components/states'
import type { LoanFormValues } from '../../lib/loan-form'
import { todayIn } from '../../lib/member-rules'
import { notifySuccess } from '../../lib/notify'
import { trpc } from '../../lib/trpc'
import { useCompanyFormat } from '../../lib/use-company-format'
import { LoanForm } from './loan-form'

const EMPTY: Omit<LoanFormValues, 'unionId' | 'memberId' | 'startDate'> = {
  loanTypeId: '',
  principal: '',
  termCount: '',
  purpose: '',
  guarantorIds: [],
  overrideReason: '',
}

/**
 * /loans/new: a loan application, saved as a draft. `?member=<id>` (from a member's page) or `?union=<id>`
 * starts with that member or union chosen.
 */
export function NewLoanPage() {
  const [searchParams] = useSearchParams()
  const memberId = searchParams.get('member')
  const unionId = searchParams.get('union') ?? ''
  const member = trpc.member.get.useQuery({ id: memberId ?? '' }, { enabled: memberId !== null })

  return (
    <Stack gap="lg">
      <PageHeader
        title="New loan"
        description="The schedule below updates as you type; the application is saved as a draft for you to submit."
      />
      {memberId === null ? (
        <NewLoanForm unionId={unionId} memberId="" />
      ) : (
        <QueryView
          query={member}
          errorTitle="Could not load this member"
          loading={<Skeleton height={320} aria-busy />}
        >
          {(data) => <NewLoanForm unionId={data.unionId} memberId={data.id} />}
        </QueryView>
      )}
    </Stack>
  )
}

function NewLoanForm({ unionId, memberId }: { unionId: string; memberId: string }) {
  const navigate = useNavigate()
  const format = useCompanyFormat()
  const utils = trpc.useUtils()
  const create = trpc.loan.create.useMutation()
  return (
    <LoanForm
      initialValues={{ ...EMPTY, unionId, memberId, startDate: todayIn(format.timeZone) }}
      serverError={create.error}
      isPending={create.isPending}
      submitLabel="Save application"
      onCancel={() => {
        void navigate('/loans')
      }}
      onSave={(input) => {
        create.mutate(input, {
          onSuccess: (loan) => {
            void utils.loan.invalidate()
            notifySuccess(`${loan.loanNumber} for ${loan.member.name} is saved as a draft`)
            void navigate(`/loans/${loan.id}`)
          },
        })
      }}
    />
  )
}
