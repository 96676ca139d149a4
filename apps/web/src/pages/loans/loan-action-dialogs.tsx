import { Button, Group, Modal, SimpleGrid, Stack, Text, Textarea } from '@mantine/core'
import { formatNaira } from '@mp/domain'
import { useState } from 'react'
import { ConfirmDialog } from '../../components/confirm-dialog'
import { DayInput } from '../../components/day-input'
import { FormAlert } from '../../components/form-alert'
import { useServerForm } from '../../hooks/use-server-form'
import { fieldErrorsOf } from '../../lib/errors'
import { reasonProblem, unitName, units } from '../../lib/loan-form'
import { todayIn } from '../../lib/member-rules'
import { notifySuccess } from '../../lib/notify'
import { trpc } from '../../lib/trpc'
import { useCompanyFormat } from '../../lib/use-company-format'
import type { LoanDetail, LoanRepayment } from './loan-data'
import { useReturnFocus } from '../../hooks/use-return-focus'

type DialogProps = { loan: LoanDetail; onClose: () => void }

/** After any change to a loan, every view of it (detail, lists, due list, repayments) is stale. */
function useRefreshLoans() {
  const utils = trpc.useUtils()
  return () => {
    void utils.loan.invalidate()
    void utils.repayment.invalidate()
  }
}

function summaryOf(loan: LoanDetail): string {
  return `${formatNaira(loan.principal)} for ${loan.member.name} (${loan.loanType.name}, ${units(loan.termCount, loan.termUnit)})`
}

/** Approval asks for confirmation (docs/product.md §4); an optional note goes on the timeline. */
export function ApproveDialog({ loan, onClose }: DialogProps) {
  useReturnFocus()
  const approve = trpc.loan.approve.useMutation()
  const refresh = useRefreshLoans()
  const [note, setNote] = useState('')
  return (
    <ConfirmDialog
      opened
      onClose={onClose}
      title={`Approve ${loan.loanNumber}?`}
      message={`Approve ${summaryOf(loan)}. It can then be disbursed.`}
      confirmLabel="Approve"
      confirmColor="green"
      isPending={approve.isPending}
      error={approve.error}
      onConfirm={() => {
        approve.mutate(
          { id: loan.id, note: note.trim() || null },
          {
            onSuccess: () => {
              refresh()
              notifySuccess(`${loan.loanNumber} is approved`)
              onClose()
            },
          },
        )
      }}
    >
      <Textarea
        label="Note (optional)"
        autosize
        minRows={2}
        value={note}
        onChange={(event) => {
          setNote(event.currentTarget.value)
        }}
      />
    </ConfirmDialog>
  )
}

type ReasonDialogProps = {
  title: string
  message: string
  confirmLabel: string
  confirmColor?: string
  reasonLabel?: string
  isPending: boolean
  error: unknown
  onConfirm: (reason: string) => void
  onClose: () => void
}

/** A confirmation that needs a reason (3–500 characters, like the server), shown under the field. */
function ReasonDialog({
  title,
  message,
  confirmLabel,
  confirmColor,
  reasonLabel = 'Reason',
  isPending,
  error,
  onConfirm,
  onClose,
}: ReasonDialogProps) {
  useReturnFocus()
  const [reason, setReason] = useState('')
  const [problem, setProblem] = useState<string | undefined>(undefined)
  const serverReasonError = fieldErrorsOf(error).reason
  return (
    <ConfirmDialog
      opened
      onClose={onClose}
      title={title}
      message={message}
      confirmLabel={confirmLabel}
      confirmColor={confirmColor}
      isPending={isPending}
      error={serverReasonError === undefined ? error : undefined}
      onConfirm={() => {
        const found = reasonProblem(reason, reasonLabel)
        setProblem(found)
        if (found === undefined) onConfirm(reason.trim())
      }}
    >
      <Textarea
        label={reasonLabel}
        required
        data-autofocus
        autosize
        minRows={2}
        value={reason}
        onChange={(event) => {
          setReason(event.currentTarget.value)
          setProblem(undefined)
        }}
        error={problem ?? serverReasonError}
      />
    </ConfirmDialog>
  )
}

export function RejectDialog({ loan, onClose }: DialogProps) {
  const reject = trpc.loan.reject.useMutation()
  const refresh = useRefreshLoans()
  return (
    <ReasonDialog
      title={`Reject ${loan.loanNumber}?`}
      message={`Reject ${summaryOf(loan)}. The application is closed; the reason is recorded and shown to the officer.`}
      confirmLabel="Reject"
      confirmColor="red"
      isPending={reject.isPending}
      error={reject.error}
      onClose={onClose}
      onConfirm={(reason) => {
        reject.mutate(
          { id: loan.id, reason },
          {
            onSuccess: () => {
              refresh()
              notifySuccess(`${loan.loanNumber} is rejected`)
              onClose()
            },
          },
        )
      }}
    />
  )
}

export function WithdrawDialog({ loan, onClose }: DialogProps) {
  const withdraw = trpc.loan.withdraw.useMutation()
  const refresh = useRefreshLoans()
  return (
    <ReasonDialog
      title={`Withdraw ${loan.loanNumber}?`}
      message={`Withdraw the application for ${summaryOf(loan)}. It is closed and cannot be reopened; apply again if needed.`}
      confirmLabel="Withdraw"
      confirmColor="orange"
      isPending={withdraw.isPending}
      error={withdraw.error}
      onClose={onClose}
      onConfirm={(reason) => {
        withdraw.mutate(
          { id: loan.id, reason },
          {
            onSuccess: () => {
              refresh()
              notifySuccess(`${loan.loanNumber} is withdrawn`)
              onClose()
            },
          },
        )
      }}
    />
  )
}

export function WriteOffDialog({ loan, onClose }: DialogProps) {
  const writeOff = trpc.loan.writeOff.useMutation()
  const refresh = useRefreshLoans()
  const outstanding = loan.position?.payoffAmount ?? 0
  return (
    <ReasonDialog
      title={`Write off ${loan.loanNumber}?`}
      message={`Write off ${formatNaira(outstanding)} still owed by ${loan.member.name}. The loan leaves the active portfolio; payments received later are recorded as recoveries.`}
      confirmLabel="Write off"
      confirmColor="red"
      isPending={writeOff.isPending}
      error={writeOff.error}
      onClose={onClose}
      onConfirm={(reason) => {
        writeOff.mutate(
          { id: loan.id, reason },
          {
            onSuccess: () => {
              refresh()
              notifySuccess(`${loan.loanNumber} is written off`)
              onClose()
            },
          },
        )
      }}
    />
  )
}

/** Reversal (admin, docs/product.md §5): the payment stays visible as reversed and the loan is recomputed without it. */
export function ReverseRepaymentDialog({
  loan,
  repayment,
  onClose,
}: DialogProps & { repayment: LoanRepayment }) {
  const reverse = trpc.repayment.reverse.useMutation()
  const refresh = useRefreshLoans()
  return (
    <ReasonDialog
      title={`Reverse receipt ${repayment.receiptNumber}?`}
      message={`Reverse the payment of ${formatNaira(repayment.amount)} on ${loan.loanNumber}. It stays on record as reversed, and the loan's balances are worked out again as if it had never been paid.`}
      confirmLabel="Reverse payment"
      confirmColor="red"
      isPending={reverse.isPending}
      error={reverse.error}
      onClose={onClose}
      onConfirm={(reason) => {
        reverse.mutate(
          { id: repayment.id, reason },
          {
            onSuccess: (result) => {
              refresh()
              notifySuccess(
                `Receipt ${result.receiptNumber} is reversed; ${formatNaira(result.balanceAfter)} is now owed`,
              )
              onClose()
            },
          },
        )
      }}
    />
  )
}

type DisburseValues = { disbursedOn: string; startDate: string }

/**
 * Disbursement (docs/product.md §4): the money goes out on a date (today by default, never in the future), the
 * schedule is fixed from the start date, and the processing fee is collected.
 */
export function DisburseDialog({ loan, onClose }: DialogProps) {
  useReturnFocus()
  const format = useCompanyFormat()
  const disburse = trpc.loan.disburse.useMutation()
  const refresh = useRefreshLoans()
  const today = todayIn(format.timeZone)
  const form = useServerForm<DisburseValues>({
    initialValues: { disbursedOn: today, startDate: '' },
    serverError: disburse.error,
    reasonFields: { DATE_IN_FUTURE: 'disbursedOn', START_BEFORE_DISBURSEMENT: 'startDate' },
    validate: (values) => {
      const errors: Partial<Record<keyof DisburseValues, string>> = {}
      if (values.disbursedOn === '') errors.disbursedOn = 'Choose the disbursement date'
      else if (values.disbursedOn > today) errors.disbursedOn = 'Disbursement date cannot be in the future'
      const start = values.startDate || loan.startDate
      if (values.disbursedOn !== '' && start < values.disbursedOn) {
        errors.startDate = `The start date (${format.date(start)}) cannot be before the disbursement date; give a later one`
      }
      return errors
    },
  })
  const fee = loan.processingFee
  return (
    <Modal
      opened
      onClose={onClose}
      title={`Disburse ${loan.loanNumber}`}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form
        noValidate
        aria-label={`Disburse ${loan.loanNumber}`}
        onSubmit={form.onSubmit((values) => {
          disburse.mutate(
            {
              id: loan.id,
              disbursedOn: values.disbursedOn,
              ...(values.startDate ? { startDate: values.startDate } : {}),
            },
            {
              onSuccess: (saved) => {
                refresh()
                notifySuccess(`${saved.loanNumber} is disbursed; the schedule is fixed`)
                onClose()
              },
            },
          )
        })}
      >
        <Stack gap="md">
          <Text size="sm">Pay out {summaryOf(loan)}.</Text>
          {loan.topUp ? (
            // docs/lending.md "Top-ups": the payoff is quoted on the disbursement date and taken from the principal.
            <Text size="sm">
              This is a top-up: {loan.topUp.loanNumber} will be paid off from the principal, at its payoff on
              the disbursement date, and the member receives the rest (less the processing fee). A principal
              below that payoff is refused.
            </Text>
          ) : null}
          <SimpleGrid cols={2} spacing="sm">
            <Stack gap={0}>
              <Text size="xs" c="dimmed">
                Processing fee to collect
              </Text>
              <Text fw={700}>{formatNaira(fee)}</Text>
            </Stack>
            <Stack gap={0}>
              <Text size="xs" c="dimmed">
                {loan.topUp ? 'Principal less the fee (before the payoff)' : 'Member receives'}
              </Text>
              <Text fw={700}>{formatNaira(loan.principal - fee)}</Text>
            </Stack>
          </SimpleGrid>
          <FormAlert title="The loan was not disbursed" message={form.formError} />
          <DayInput
            label="Disbursement date"
            required
            value={form.values.disbursedOn}
            onChange={(value) => {
              form.setValue('disbursedOn', value)
            }}
            error={form.errorOf('disbursedOn')}
            description="The day the money went out; not in the future"
          />
          <DayInput
            label="First-period start date"
            value={form.values.startDate}
            onChange={(value) => {
              form.setValue('startDate', value)
            }}
            error={form.errorOf('startDate')}
            description={`Installment 1 falls one ${unitName(loan.termUnit)} after this. Leave empty to keep ${format.date(loan.startDate)}.`}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose} disabled={disburse.isPending}>
              Cancel
            </Button>
            <Button type="submit" loading={disburse.isPending}>
              Disburse
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
