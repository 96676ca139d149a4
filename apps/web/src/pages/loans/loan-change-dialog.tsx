import {
  Button,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core'
import { formatNaira } from '@mp/domain'
import { useState } from 'react'
import { DayInput } from '../../components/day-input'
import { FormAlert } from '../../components/form-alert'
import { messageOf } from '../../lib/errors'
import { reasonProblem } from '../../lib/loan-form'
import { nairaToKobo } from '../../lib/loan-type-form'
import { todayIn } from '../../lib/member-rules'
import { notifySuccess } from '../../lib/notify'
import { trpc, type RouterOutputs } from '../../lib/trpc'
import { useCompanyFormat } from '../../lib/use-company-format'
import type { LoanDetail } from './loan-data'

type Kind = 'RESCHEDULE' | 'RESTRUCTURE' | 'WAIVER'
type TermUnit = LoanDetail['termUnit']
type Penalties = 'KEEP' | 'WAIVE' | 'CAPITALISE'
type Preview = RouterOutputs['loanChange']['preview']

const FREQUENCIES: { value: TermUnit; label: string }[] = [
  { value: 'DAY', label: 'Daily' },
  { value: 'WEEK', label: 'Weekly' },
  { value: 'MONTH', label: 'Monthly' },
]

const KIND_LABELS: Record<Kind, string> = {
  RESCHEDULE: 'Reschedule',
  RESTRUCTURE: 'Restructure',
  WAIVER: 'Waive',
}

/**
 * Reschedule, restructure or waive (docs/lending.md): the officer fills the terms, sees the server's
 * preview (exactly what approval applies), and asks for approval with a reason. A supervisor or admin
 * approves or rejects it from the banner at the top of the loan page (PendingChangeBanner); the server
 * enforces maker-checker and the waiver limits.
 */
export function LoanChangeDialog({ loan, onClose }: { loan: LoanDetail; onClose: () => void }) {
  const format = useCompanyFormat()
  const today = todayIn(format.timeZone)
  const utils = trpc.useUtils()
  const [kind, setKind] = useState<Kind>('RESCHEDULE')
  const [date, setDate] = useState(today)
  const [count, setCount] = useState<number | string>(loan.termCount)
  const [firstDueDate, setFirstDueDate] = useState('')
  const [termUnit, setTermUnit] = useState<TermUnit>(loan.termUnit)
  const [every, setEvery] = useState<number | string>(1)
  const [grace, setGrace] = useState<number | string>(0)
  const [penalties, setPenalties] = useState<Penalties>('KEEP')
  const [penalty, setPenalty] = useState('')
  const [interest, setInterest] = useState('')
  const [reason, setReason] = useState('')
  const [preview, setPreview] = useState<Preview | null>(null)
  /** A term changed: the preview no longer shows what would be asked, so it goes (and Ask with it). */
  const edited =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value)
      setPreview(null)
    }
  const [problem, setProblem] = useState<string | null>(null)
  const request = trpc.loanChange.request.useMutation()

  function termsOf() {
    if (kind === 'WAIVER') {
      const amounts: { penalty?: number; interest?: number } = {}
      for (const [key, text, label] of [
        ['penalty', penalty, 'Penalty waived'],
        ['interest', interest, 'Interest waived'],
      ] as const) {
        if (text.trim() === '') continue
        const parsed = nairaToKobo(text, label)
        if (!parsed.ok) throw new Error(parsed.error)
        amounts[key] = parsed.value
      }
      return { kind, date, ...amounts }
    }
    const terms = {
      date,
      installmentCount: Number(count),
      firstDueDate,
      termUnit,
      ...(Number(every) > 1 ? { repaymentEvery: Number(every) } : {}),
      ...(Number(grace) > 0 ? { graceOnPrincipal: Number(grace) } : {}),
    }
    return kind === 'RESTRUCTURE'
      ? { kind, ...terms, penalties }
      : { kind, ...terms, penalties: penalties === 'CAPITALISE' ? 'KEEP' : penalties }
  }

  async function showPreview() {
    setProblem(null)
    setPreview(null)
    try {
      setPreview(await utils.loanChange.preview.fetch({ loanId: loan.id, terms: termsOf() }))
    } catch (error) {
      setProblem(messageOf(error))
    }
  }

  function ask() {
    const reasonIssue = reasonProblem(reason)
    if (reasonIssue !== undefined) {
      setProblem(reasonIssue)
      return
    }
    request.mutate(
      { loanId: loan.id, terms: termsOf(), reason: reason.trim() },
      {
        onSuccess: () => {
          void utils.loanChange.invalidate()
          void utils.loan.invalidate()
          notifySuccess(`${KIND_LABELS[kind]} of ${loan.loanNumber} is waiting for approval`)
          onClose()
        },
        onError: (error) => {
          setProblem(messageOf(error))
        },
      },
    )
  }

  return (
    <Modal
      opened
      onClose={onClose}
      title={`Change ${loan.loanNumber}`}
      size="lg"
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <Stack>
        <SegmentedControl
          aria-label="Kind of change"
          value={kind}
          onChange={(value) => {
            setKind(value)
            setPreview(null)
          }}
          data={(Object.keys(KIND_LABELS) as Kind[]).map((value) => ({ value, label: KIND_LABELS[value] }))}
        />
        <DayInput label="Effective date" value={date} onChange={edited(setDate)} />
        {kind === 'WAIVER' ? (
          <SimpleGrid cols={2}>
            <TextInput
              label="Penalty waived (₦)"
              value={penalty}
              onChange={(e) => {
                edited(setPenalty)(e.currentTarget.value)
              }}
            />
            <TextInput
              label="Interest waived (₦)"
              value={interest}
              onChange={(e) => {
                edited(setInterest)(e.currentTarget.value)
              }}
            />
          </SimpleGrid>
        ) : (
          <SimpleGrid cols={2}>
            <NumberInput
              label="New installments"
              min={1}
              max={1200}
              value={count}
              onChange={edited(setCount)}
            />
            <DayInput label="First new due date" value={firstDueDate} onChange={edited(setFirstDueDate)} />
            <Select
              label="Repayment frequency"
              value={termUnit}
              allowDeselect={false}
              onChange={(value) => {
                if (value) edited(setTermUnit)(value)
              }}
              data={FREQUENCIES}
            />
            <NumberInput
              label="Repay every"
              description={`1 = every ${termUnit === 'DAY' ? 'day' : termUnit === 'WEEK' ? 'week' : 'month'}`}
              min={1}
              max={12}
              value={every}
              onChange={edited(setEvery)}
            />
            <NumberInput
              label="Grace on principal"
              description="First installments with no principal"
              min={0}
              max={1199}
              value={grace}
              onChange={edited(setGrace)}
            />
            <Select
              label="Penalties owed"
              value={penalties}
              allowDeselect={false}
              onChange={(value) => {
                edited(setPenalties)((value ?? 'KEEP') as Penalties)
              }}
              data={[
                { value: 'KEEP', label: 'Keep owing them' },
                { value: 'WAIVE', label: 'Waive them' },
                ...(kind === 'RESTRUCTURE' ? [{ value: 'CAPITALISE', label: 'Capitalise them' }] : []),
              ]}
            />
          </SimpleGrid>
        )}
        <Group>
          <Button variant="default" onClick={() => void showPreview()}>
            Preview
          </Button>
        </Group>
        <FormAlert title="Not possible" message={problem} />
        {preview ? <PreviewView preview={preview} /> : null}
        <Textarea
          label="Reason"
          autosize
          minRows={2}
          value={reason}
          onChange={(e) => {
            setReason(e.currentTarget.value)
          }}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button disabled={preview === null} loading={request.isPending} onClick={ask}>
            Ask for approval
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}

function PreviewView({ preview }: { preview: Preview }) {
  const rows: [string, string, string][] = [
    ['Still owed', formatNaira(preview.before.payoffAmount), formatNaira(preview.after.payoffAmount)],
    [
      'Principal outstanding',
      formatNaira(preview.before.outstandingPrincipal),
      formatNaira(preview.after.outstandingPrincipal),
    ],
    ['Days past due', String(preview.before.daysPastDue), String(preview.after.daysPastDue)],
  ]
  return (
    <Stack gap="xs" aria-label="Preview">
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th />
            <Table.Th>Now</Table.Th>
            <Table.Th>After</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map(([label, before, after]) => (
            <Table.Tr key={label}>
              <Table.Td>{label}</Table.Td>
              <Table.Td>{before}</Table.Td>
              <Table.Td>{after}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {preview.waived > 0 ? <Text size="sm">Waived: {formatNaira(preview.waived)}</Text> : null}
      {preview.capitalised > 0 ? (
        <Text size="sm">Capitalised into principal: {formatNaira(preview.capitalised)}</Text>
      ) : null}
      <NewInstallments preview={preview} />
    </Stack>
  )
}

/** The installments the change would add, as they would be booked: due date in the company's format, exact naira. */
function NewInstallments({ preview }: { preview: Preview }) {
  const format = useCompanyFormat()
  const added = preview.installments.filter((installment) =>
    preview.newSequences.includes(installment.sequence),
  )
  if (added.length === 0) return null
  return (
    <Table.ScrollContainer minWidth={420} tabIndex={0} aria-label="New installments">
      <Table>
        <Table.Caption>{added.length} new installments</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>#</Table.Th>
            <Table.Th>Due date</Table.Th>
            <Table.Th ta="right">Principal</Table.Th>
            <Table.Th ta="right">Interest</Table.Th>
            <Table.Th ta="right">Total</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {added.map((installment) => (
            <Table.Tr key={installment.sequence}>
              <Table.Td>{installment.sequence}</Table.Td>
              <Table.Td>{format.date(installment.dueDate)}</Table.Td>
              <Table.Td ta="right">{formatNaira(installment.principal)}</Table.Td>
              <Table.Td ta="right">{formatNaira(installment.interest)}</Table.Td>
              <Table.Td ta="right">
                {formatNaira(installment.principal + installment.interest + installment.fee)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}
