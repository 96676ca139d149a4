import {
  Alert,
  Anchor,
  Badge,
  Button,
  Center,
  EmptyState,
  Group,
  Stack,
  Table,
  Text,
  Timeline,
  Title,
} from '@mantine/core'
import { formatNaira, type InstallmentPosition, type LoanPosition } from '@mp/domain'
import {
  IconAlertCircle,
  IconArrowBackUp,
  IconCircleCheck,
  IconCoin,
  IconFileText,
  IconUsers,
} from '@tabler/icons-react'
import { Link } from 'react-router'
import { ReceiptMenu } from '../../components/receipt-menu'
import {
  daysLateText,
  eventFacts,
  installmentStateBadge,
  loanEventLabel,
  statusWords,
} from '../../lib/loan-status'
import { methodLabel } from '../../lib/repayments'
import { useCompanyFormat } from '../../lib/use-company-format'
import type { LoanDetail, LoanEventRow, LoanRepayment } from './loan-data'
import { ScheduleTable } from './loan-form'
import { ScheduleHeadCells, ScheduleTotalCells } from './schedule-head'
import { formatPhone } from '../../lib/format'

/** The fixed schedule and where each installment stands today; before disbursement, the proposed one. */
export function ScheduleTab({ loan }: { loan: LoanDetail }) {
  const format = useCompanyFormat()
  if (loan.position) return <PositionTable position={loan.position} />
  if (!loan.previewSchedule) {
    return (
      <Alert color="red" icon={<IconAlertCircle aria-hidden />} title="No schedule">
        This loan’s terms no longer build a schedule; edit the application or ask an administrator.
      </Alert>
    )
  }
  return (
    <Stack gap="sm">
      <Title order={3} size="h4">
        Proposed schedule
      </Title>
      <Text size="sm" c="dimmed">
        {loan.status === 'CANCELED'
          ? `The application was closed before disbursement; this is the schedule it would have had from ${format.date(loan.startDate)}.`
          : `From the start date ${format.date(loan.startDate)}. The schedule is fixed at disbursement (from the first-period start date chosen then).`}
      </Text>
      <ScheduleTable schedule={loan.previewSchedule} label="Proposed schedule" />
    </Stack>
  )
}

function PositionTable({ position }: { position: LoanPosition }) {
  const format = useCompanyFormat()
  const hasFee = position.totals.due.fee > 0
  const totals = position.totals
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped withTableBorder fz="sm" aria-label="Schedule" verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <ScheduleHeadCells hasFee={hasFee} />
            <Table.Th ta="right">Penalty</Table.Th>
            <Table.Th ta="right">Total due</Table.Th>
            <Table.Th ta="right">Paid</Table.Th>
            <Table.Th ta="right">Outstanding</Table.Th>
            <Table.Th>State</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {position.installments.map((row) => (
            <InstallmentRow key={row.sequence} row={row} hasFee={hasFee} dueDate={format.date(row.dueDate)} />
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr fw={700}>
            <ScheduleTotalCells
              principal={totals.due.principal}
              interest={totals.due.interest}
              fee={totals.due.fee}
              hasFee={hasFee}
            />
            <Table.Td ta="right">{formatNaira(totals.due.penalty)}</Table.Td>
            <Table.Td ta="right">{formatNaira(totals.due.total)}</Table.Td>
            <Table.Td ta="right">{formatNaira(totals.paid.total)}</Table.Td>
            <Table.Td ta="right">{formatNaira(totals.outstanding.total)}</Table.Td>
            <Table.Td />
          </Table.Tr>
        </Table.Tfoot>
      </Table>
    </Table.ScrollContainer>
  )
}

function InstallmentRow({
  row,
  hasFee,
  dueDate,
}: {
  row: InstallmentPosition
  hasFee: boolean
  dueDate: string
}) {
  const state = installmentStateBadge(row.state)
  return (
    <Table.Tr>
      <Table.Td>{row.sequence}</Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{dueDate}</Table.Td>
      <Table.Td ta="right">{formatNaira(row.due.principal)}</Table.Td>
      <Table.Td ta="right">{formatNaira(row.due.interest)}</Table.Td>
      {hasFee ? <Table.Td ta="right">{formatNaira(row.due.fee)}</Table.Td> : null}
      <Table.Td ta="right" c={row.due.penalty > 0 ? 'red' : undefined}>
        {formatNaira(row.due.penalty)}
      </Table.Td>
      <Table.Td ta="right">{formatNaira(row.due.total)}</Table.Td>
      <Table.Td ta="right">{formatNaira(row.paid.total)}</Table.Td>
      <Table.Td ta="right" fw={row.outstanding.total > 0 ? 600 : undefined}>
        {formatNaira(row.outstanding.total)}
      </Table.Td>
      <Table.Td>
        <Group gap={6} wrap="nowrap">
          <Badge color={state.color} variant="light" size="sm">
            {state.label}
          </Badge>
          {row.daysLate > 0 ? (
            <Text size="xs" c="red" style={{ whiteSpace: 'nowrap' }}>
              {daysLateText(row.daysLate)}
            </Text>
          ) : null}
        </Group>
      </Table.Td>
    </Table.Tr>
  )
}

/** Every payment on the loan with how it was allocated; reversed ones struck through, with why. */
export function PaymentsTab({
  loan,
  canReverse,
  onReverse,
}: {
  loan: LoanDetail
  canReverse: boolean
  onReverse: (repayment: LoanRepayment) => void
}) {
  const format = useCompanyFormat()
  if (loan.repayments.length === 0) {
    return (
      <Center py="xl">
        <EmptyState
          icon={<IconCoin aria-hidden />}
          withIndicatorBackground
          title="No payments yet"
          description={
            loan.position
              ? 'Payments recorded on this loan show here, each with its receipt.'
              : 'Payments can be recorded once the loan is disbursed.'
          }
        />
      </Center>
    )
  }
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped withTableBorder fz="sm" aria-label="Payments" verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Receipt no.</Table.Th>
            <Table.Th>Date paid</Table.Th>
            <Table.Th ta="right">Amount</Table.Th>
            <Table.Th>Method</Table.Th>
            <Table.Th>Reference</Table.Th>
            <Table.Th>Received by</Table.Th>
            <Table.Th>Allocated to</Table.Th>
            <Table.Th ta="right">Actions</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {loan.repayments.map((repayment) => {
            const isReversed = repayment.reversal !== null
            return (
              <Table.Tr key={repayment.id} c={isReversed ? 'dimmed' : undefined}>
                <Table.Td>
                  <Text size="sm" ff="monospace" td={isReversed ? 'line-through' : undefined}>
                    {repayment.receiptNumber}
                  </Text>
                  {repayment.reversal ? (
                    <Stack gap={2} mt={4}>
                      <Badge color="red" variant="light" size="sm">
                        Reversed
                      </Badge>
                      <Text size="xs" c="red">
                        {format.date(repayment.reversal.reversedOn ?? repayment.reversal.reversedAt)}
                        {repayment.reversal.by ? ` by ${repayment.reversal.by}` : ''}
                        {repayment.reversal.reason ? `: ${repayment.reversal.reason}` : ''}
                      </Text>
                    </Stack>
                  ) : null}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{format.date(repayment.paidOn)}</Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  <Text size="sm" fw={600} td={isReversed ? 'line-through' : undefined}>
                    {formatNaira(repayment.amount)}
                  </Text>
                </Table.Td>
                <Table.Td>{methodLabel(repayment.method)}</Table.Td>
                <Table.Td>{repayment.reference ?? '—'}</Table.Td>
                <Table.Td>
                  <Text size="sm">{repayment.receivedBy ?? '—'}</Text>
                  <Text size="xs" c="dimmed">
                    {format.dateTime(repayment.postedAt)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <AllocationLines lines={repayment.lines} />
                </Table.Td>
                <Table.Td ta="right">
                  <Group gap={4} justify="flex-end">
                    <ReceiptMenu repaymentId={repayment.id} receiptNumber={repayment.receiptNumber} />
                    {canReverse && !isReversed ? (
                      <Button
                        size="xs"
                        variant="subtle"
                        color="red"
                        leftSection={<IconArrowBackUp size={14} aria-hidden />}
                        onClick={() => {
                          onReverse(repayment)
                        }}
                      >
                        Reverse
                      </Button>
                    ) : null}
                  </Group>
                </Table.Td>
              </Table.Tr>
            )
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}

function AllocationLines({ lines }: { lines: LoanRepayment['lines'] }) {
  if (lines.length === 0) return <Text size="sm">—</Text>
  return (
    <Stack gap={2}>
      {lines.map((line) => {
        const parts = (
          [
            ['penalty', line.penalty],
            ['fee', line.fee],
            ['interest', line.interest],
            ['principal', line.principal],
          ] as const
        )
          .filter(([, amount]) => amount > 0)
          .map(([name, amount]) => `${name} ${formatNaira(amount)}`)
        return (
          <Text key={line.sequence} size="xs" style={{ whiteSpace: 'nowrap' }}>
            <Text span fw={600} size="xs">
              #{line.sequence}: {formatNaira(line.total)}
            </Text>{' '}
            <Text span c="dimmed" size="xs">
              ({parts.join(' · ')})
            </Text>
          </Text>
        )
      })}
    </Stack>
  )
}

export function GuarantorsTab({ loan }: { loan: LoanDetail }) {
  if (loan.guarantors.length === 0) {
    return (
      <Center py="xl">
        <EmptyState
          icon={<IconUsers aria-hidden />}
          withIndicatorBackground
          title="No guarantors on this loan"
          description={
            loan.actions.includes('EDIT')
              ? 'Add the member’s guarantors by editing the application.'
              : 'This loan was booked without guarantors.'
          }
        />
      </Center>
    )
  }
  return (
    <Stack gap="sm">
      <Table.ScrollContainer minWidth={480}>
        <Table striped withTableBorder fz="sm" aria-label="Guarantors">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Phone</Table.Th>
              <Table.Th>Relationship</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {loan.guarantors.map((guarantor) => (
              <Table.Tr key={guarantor.id}>
                <Table.Td fw={600}>{guarantor.name}</Table.Td>
                <Table.Td>
                  <Anchor href={`tel:${guarantor.phone}`} size="sm">
                    {formatPhone(guarantor.phone)}
                  </Anchor>
                </Table.Td>
                <Table.Td>{guarantor.relationship}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text size="sm" c="dimmed">
        Guarantors’ details and documents are kept on{' '}
        <Anchor component={Link} to={`/members/${loan.member.id}`} size="sm">
          {loan.member.name}’s page
        </Anchor>
        .
      </Text>
    </Stack>
  )
}

/** What happened to the loan, oldest first: who, when, why, and the status it moved to. */
export function TimelineTab({ loan }: { loan: LoanDetail }) {
  if (loan.timeline.length === 0) {
    return (
      <Center py="xl">
        <EmptyState
          icon={<IconFileText aria-hidden />}
          withIndicatorBackground
          title="Nothing recorded yet"
        />
      </Center>
    )
  }
  return (
    <Timeline active={loan.timeline.length - 1} bulletSize={22} lineWidth={2} aria-label="Timeline">
      {loan.timeline.map((event) => (
        <Timeline.Item
          key={event.id}
          bullet={<IconCircleCheck size={14} aria-hidden />}
          color={eventColor(event.kind)}
          title={loanEventLabel(event.kind)}
        >
          <TimelineEvent event={event} />
        </Timeline.Item>
      ))}
    </Timeline>
  )
}

function eventColor(kind: string): string | undefined {
  switch (kind) {
    case 'REJECTED':
    case 'WITHDRAWN':
    case 'REVERSAL':
    case 'DEFAULTED':
    case 'WRITTEN_OFF':
      return 'red'
    case 'APPROVED':
    case 'DISBURSED':
    case 'COMPLETED':
    case 'CURED':
      return 'green'
    default:
      return undefined
  }
}

function TimelineEvent({ event }: { event: LoanEventRow }) {
  const format = useCompanyFormat()
  const when = typeof event.at === 'string' ? format.date(event.at) : format.dateTime(event.at)
  const facts = eventFacts(event.details)
  return (
    <Stack gap={4}>
      <Text size="xs" c="dimmed">
        {when} · {event.actorName ?? 'System'}
      </Text>
      {event.toStatus !== null ? (
        <Text size="sm">
          {event.fromStatus === null
            ? `Status: ${statusWords(event.toStatus)}`
            : `${statusWords(event.fromStatus)} → ${statusWords(event.toStatus)}`}
        </Text>
      ) : null}
      {event.reason ? (
        <Text size="sm" fs="italic">
          “{event.reason}”
        </Text>
      ) : null}
      {facts.length > 0 ? (
        <Text size="xs" c="dimmed">
          {facts
            .map(
              (fact) =>
                `${fact.label}: ${
                  fact.kind === 'money'
                    ? formatNaira(Number(fact.value))
                    : fact.kind === 'date'
                      ? format.date(fact.value)
                      : fact.value
                }`,
            )
            .join(' · ')}
        </Text>
      ) : null}
    </Stack>
  )
}
