import {
  Alert,
  Anchor,
  Button,
  Group,
  Modal,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core'
import { formatNaira } from '@mp/domain'
import { notifications } from '@mantine/notifications'
import { IconReceipt } from '@tabler/icons-react'
import { useState } from 'react'
import { DayInput } from '../../components/day-input'
import { FormAlert } from '../../components/form-alert'
import { useServerForm } from '../../hooks/use-server-form'
import { koboToNaira } from '../../lib/loan-type-form'
import { todayIn } from '../../lib/member-rules'
import {
  newIdempotencyKey,
  overpaymentMaximum,
  REPAYMENT_REASON_FIELDS,
  toRepaymentInput,
  type RepaymentFormValues,
  type RepaymentInput,
} from '../../lib/repayment-form'
import { isRepaymentMethod, receiptUrl, REPAYMENT_METHOD_OPTIONS } from '../../lib/repayments'
import { trpc } from '../../lib/trpc'
import { useCompanyFormat } from '../../lib/use-company-format'
import type { RepaymentResult } from './loan-data'

type RecordRepaymentDialogProps = {
  loanId: string
  opened: boolean
  onClose: () => void
  /** Everything due as of today (kobo): the "pay what is due now" amount. */
  dueNow: number
  /** Everything still owed as of today (kobo): the most the server accepts. */
  payoffAmount: number
}

/**
 * Records one repayment (docs/product.md §5): what is due now or a custom amount, how and when it was paid. Each
 * opening of the dialog gets one idempotency key, kept across retries of the submission, so a double click
 * or a retry after a lost answer never posts twice.
 */
export function RecordRepaymentDialog({
  loanId,
  opened,
  onClose,
  dueNow,
  payoffAmount,
}: RecordRepaymentDialogProps) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title="Record repayment"
      size="lg"
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      {/* Mounted per opening: a fresh form and a fresh idempotency key each time. */}
      {opened ? (
        <RepaymentForm loanId={loanId} onClose={onClose} dueNow={dueNow} payoffAmount={payoffAmount} />
      ) : null}
    </Modal>
  )
}

function RepaymentForm({
  loanId,
  onClose,
  dueNow,
  payoffAmount,
}: Omit<RecordRepaymentDialogProps, 'opened'>) {
  const format = useCompanyFormat()
  const utils = trpc.useUtils()
  const record = trpc.repayment.record.useMutation()
  const [idempotencyKey, setIdempotencyKey] = useState(() => newIdempotencyKey())
  const today = todayIn(format.timeZone)
  const form = useServerForm<RepaymentFormValues>({
    initialValues: {
      mode: dueNow > 0 ? 'DUE_NOW' : 'AMOUNT',
      amount: '',
      method: '',
      paidOn: today,
      reference: '',
      notes: '',
    },
    serverError: record.error,
    reasonFields: REPAYMENT_REASON_FIELDS,
    validate: (values) => toRepaymentInput(values, { loanId, idempotencyKey, today, dueNow }).errors ?? {},
  })
  const values = form.values
  const maximum = overpaymentMaximum(record.error)

  function post(input: RepaymentInput) {
    // A second click while the first is on its way changes nothing (and would carry the same key anyway).
    if (record.isPending) return
    record.mutate(input, {
      onSuccess: (result) => {
        void utils.loan.invalidate()
        void utils.repayment.invalidate()
        // The next payment is a new payment: it gets a key of its own.
        setIdempotencyKey(newIdempotencyKey())
        showReceipt(result)
        onClose()
      },
    })
  }

  return (
    <form
      noValidate
      aria-label="Record repayment"
      onSubmit={form.onSubmit((submitted) => {
        const { input } = toRepaymentInput(submitted, { loanId, idempotencyKey, today, dueNow })
        if (input) post(input)
      })}
    >
      <Stack gap="md">
        <FormAlert title="The repayment was not recorded" message={form.formError} />
        <Radio.Group
          label="Amount to pay"
          value={values.mode}
          onChange={(value) => {
            form.setValue('mode', value === 'AMOUNT' ? 'AMOUNT' : 'DUE_NOW')
          }}
          error={form.errorOf('mode')}
        >
          <Stack gap="xs" mt="xs">
            <Radio
              value="DUE_NOW"
              label="Pay what is due now"
              description={
                dueNow > 0
                  ? `${formatNaira(dueNow)} is due today (on an earlier date paid, what was due on that date).`
                  : 'Nothing is due today.'
              }
              disabled={dueNow < 1}
            />
            <Radio
              value="AMOUNT"
              label="Custom amount"
              description={`Any amount up to the payoff, ${formatNaira(payoffAmount)} today.`}
            />
          </Stack>
        </Radio.Group>
        {values.mode === 'AMOUNT' ? (
          <Stack gap={6}>
            <TextInput
              label="Amount (₦)"
              required
              placeholder="5,000.00"
              inputMode="decimal"
              autoComplete="off"
              data-autofocus
              {...form.text('amount')}
            />
            {maximum === null ? null : (
              <Group gap="sm">
                <Button
                  variant="light"
                  size="xs"
                  loading={record.isPending}
                  onClick={() => {
                    // The largest payment the server accepts for this date, exactly as it stated it.
                    form.setValue('amount', koboToNaira(maximum))
                    const { input } = toRepaymentInput(
                      { ...values, mode: 'AMOUNT', amount: koboToNaira(maximum) },
                      { loanId, idempotencyKey, today, dueNow },
                    )
                    if (input) post(input)
                  }}
                >
                  Pay the maximum ({formatNaira(maximum)})
                </Button>
              </Group>
            )}
          </Stack>
        ) : (
          <Alert color="blue" variant="light" p="sm">
            <Text size="sm">
              {dueNow > 0 ? (
                <>
                  Records <strong>{formatNaira(dueNow)}</strong>
                  {values.paidOn === today ? '' : ' or what was due on the date paid'}.
                </>
              ) : (
                'Nothing is due today; choose “Custom amount” to pay ahead.'
              )}
            </Text>
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label="Method"
            required
            placeholder="How was it paid?"
            data={REPAYMENT_METHOD_OPTIONS.map((option) => ({ ...option }))}
            value={values.method || null}
            onChange={(value) => {
              form.setValue('method', isRepaymentMethod(value) ? value : '')
            }}
            allowDeselect={false}
            error={form.errorOf('method')}
            comboboxProps={{ withinPortal: true }}
          />
          <DayInput
            label="Date paid"
            required
            value={values.paidOn}
            onChange={(value) => {
              form.setValue('paidOn', value)
            }}
            error={form.errorOf('paidOn')}
            description="Not in the future"
          />
        </SimpleGrid>
        <TextInput
          label="Reference"
          placeholder="Transfer, POS or USSD reference"
          autoComplete="off"
          {...form.text('reference')}
        />
        <Textarea label="Notes" autosize minRows={2} maxRows={4} {...form.text('notes')} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={record.isPending}>
            Cancel
          </Button>
          <Button
            type="submit"
            loading={record.isPending}
            leftSection={<IconReceipt size={16} aria-hidden />}
          >
            Record repayment
          </Button>
        </Group>
      </Stack>
    </form>
  )
}

/** The toast after a posting: receipt number, amount, balance, and the receipt PDF to print or share. */
function showReceipt(result: RepaymentResult) {
  notifications.show({
    color: 'green',
    title: result.isReplay
      ? `Already recorded as ${result.receiptNumber}`
      : `Repayment recorded: ${result.receiptNumber}`,
    autoClose: 12_000,
    message: (
      <Stack gap={4}>
        <Text size="sm">
          {formatNaira(result.amount)} on {result.loanNumber}. Balance now {formatNaira(result.balanceAfter)}.
        </Text>
        <Anchor href={receiptUrl(result.id)} target="_blank" rel="noopener" size="sm">
          Open receipt {result.receiptNumber} (PDF)
        </Anchor>
      </Stack>
    ),
  })
}
