import { Alert, Button, Stack } from '@mantine/core'
import { IconInfoCircle, IconLock } from '@tabler/icons-react'
import { Link, useNavigate, useParams } from 'react-router'
import { PageHeader } from '../../components/page-header'
import { DetailPage } from '../../components/detail-page'
import { koboToNaira } from '../../lib/loan-type-form'
import { loanStatusLabel } from '../../lib/loan-status'
import { notifySuccess } from '../../lib/notify'
import { trpc } from '../../lib/trpc'
import type { LoanDetail } from './loan-data'
import { LoanForm } from './loan-form'

/** /loans/:id/edit: change an application before approval (only when the server offers EDIT). */
export function EditLoanPage() {
  const { id = '' } = useParams()
  const loan = trpc.loan.get.useQuery({ id })
  return (
    <DetailPage
      back={{ to: `/loans/${id}`, label: 'Back to the loan' }}
      query={loan}
      errorTitle="Could not load this loan"
      skeletons={[320]}
    >
      {(data) => <EditLoan loan={data} />}
    </DetailPage>
  )
}

function EditLoan({ loan }: { loan: LoanDetail }) {
  const navigate = useNavigate()
  const utils = trpc.useUtils()
  const update = trpc.loan.update.useMutation()
  const title = `Edit ${loan.loanNumber}`

  if (!loan.actions.includes('EDIT')) {
    return (
      <Stack gap="lg">
        <PageHeader title={title} />
        <Alert color="gray" icon={<IconLock aria-hidden />} title="This loan cannot be edited">
          <Stack gap="sm" align="flex-start">
            {loan.status === 'DRAFT' || loan.status === 'PENDING_APPROVAL'
              ? 'Only the loan’s credit officer, their supervisor or an admin can change this application.'
              : `A loan that is ${loanStatusLabel(loan.status).toLowerCase()} cannot be edited; only drafts and applications awaiting approval can.`}
            <Button component={Link} to={`/loans/${loan.id}`} variant="default" size="xs">
              Back to the loan
            </Button>
          </Stack>
        </Alert>
      </Stack>
    )
  }

  const isPending = loan.status === 'PENDING_APPROVAL'
  return (
    <Stack gap="lg">
      <PageHeader title={title} description={`${loan.member.name} · ${loan.loanType.name}`} />
      {isPending ? (
        <Alert color="yellow" icon={<IconInfoCircle aria-hidden />} title="Saving returns it to draft">
          This application is waiting for approval. Saving your changes makes it a draft again, so it has to
          be submitted for approval once more: the approver always decides on exactly what was submitted.
        </Alert>
      ) : null}
      <LoanForm
        fixedMember={{
          id: loan.member.id,
          name: loan.member.name,
          code: loan.member.code,
          unionName: loan.union.name,
        }}
        initialValues={{
          unionId: loan.union.id,
          memberId: loan.member.id,
          loanTypeId: loan.loanType.id,
          principal: koboToNaira(loan.principal),
          termCount: String(loan.termCount),
          startDate: loan.startDate,
          purpose: loan.purpose ?? '',
          guarantorIds: loan.guarantors.map((guarantor) => guarantor.id),
          overrideReason: '',
          // Kept on an edit: an update without it would book an ordinary loan (docs/lending.md "Top-ups").
          topUpOfLoanId: loan.topUp?.loanId ?? '',
        }}
        serverError={update.error}
        isPending={update.isPending}
        submitLabel="Save changes"
        onCancel={() => {
          void navigate(`/loans/${loan.id}`)
        }}
        onSave={(input) => {
          update.mutate(
            { id: loan.id, ...input },
            {
              onSuccess: (saved) => {
                void utils.loan.invalidate()
                notifySuccess(
                  isPending
                    ? `${saved.loanNumber} is saved as a draft; submit it for approval again`
                    : `${saved.loanNumber} is saved`,
                )
                void navigate(`/loans/${saved.id}`)
              },
            },
          )
        }}
      />
    </Stack>
  )
}
