import { Accordion, Badge, Center, EmptyState, Stack, Table, Text, Title } from '@mantine/core'
import { formatNaira } from '@mp/domain'
import { IconCalendarRepeat } from '@tabler/icons-react'
import { trpc, type RouterOutputs } from '../../lib/trpc'
import { useCompanyFormat } from '../../lib/use-company-format'
import { CHANGE_KIND_LABELS, CHANGE_STATUS_BADGES } from './loan-change-labels'
import { ScheduleHeadCells, ScheduleTotalCells } from './schedule-head'

type History = RouterOutputs['loanChange']['history']
type ScheduleVersion = History['schedules'][number]

/**
 * The loan's changes (docs/lending.md "Rescheduling", "Waivers"): every request with its decision, and
 * every schedule the loan has had — the old ones are kept, so an officer can show a member what they
 * owed before a reschedule.
 */
export function ChangesTab({ loanId }: { loanId: string }) {
  const history = trpc.loanChange.history.useQuery({ loanId })
  if (history.data === undefined) {
    return (
      <Text size="sm" c="dimmed" role="status">
        {history.isError ? 'Could not load the changes of this loan.' : 'Loading changes…'}
      </Text>
    )
  }
  const { requests, schedules } = history.data
  if (requests.length === 0) {
    return (
      <Center py="xl">
        <EmptyState
          icon={<IconCalendarRepeat aria-hidden />}
          withIndicatorBackground
          title="No changes asked"
          description="Reschedules, restructures and waivers asked on this loan show here with their decision, and every schedule the loan has had."
        />
      </Center>
    )
  }
  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Title order={3} size="h4">
          Requests
        </Title>
        <RequestsTable requests={requests} />
      </Stack>
      {schedules.length > 0 ? (
        <Stack gap="xs">
          <Title order={3} size="h4">
            Schedules
          </Title>
          <Schedules schedules={schedules} />
        </Stack>
      ) : null}
    </Stack>
  )
}

function RequestsTable({ requests }: { requests: History['requests'] }) {
  const format = useCompanyFormat()
  return (
    // Native scrolling with focus: on a phone the keyboard scrolls it (axe "scrollable-region-focusable").
    <Table.ScrollContainer
      type="native"
      minWidth={760}
      tabIndex={0}
      role="region"
      aria-label="Change requests"
    >
      <Table striped withTableBorder fz="sm" aria-label="Change requests" verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Asked</Table.Th>
            <Table.Th>Kind</Table.Th>
            <Table.Th>Effective</Table.Th>
            <Table.Th>Reason</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Asked by</Table.Th>
            <Table.Th>Decided</Table.Th>
            <Table.Th>Decision note</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {requests.map((request) => {
            const badge = CHANGE_STATUS_BADGES[request.status]
            return (
              <Table.Tr key={request.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{format.dateTime(request.requestedAt)}</Table.Td>
                <Table.Td>
                  {CHANGE_KIND_LABELS[request.kind]}
                  {request.amount > 0 ? (
                    <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                      {formatNaira(request.amount)} waived
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{format.date(request.effectiveOn)}</Table.Td>
                <Table.Td>{request.reason}</Table.Td>
                <Table.Td>
                  {/* The whole word, not an ellipsis, when the table is squeezed. */}
                  <Badge
                    color={badge.color}
                    variant="light"
                    size="sm"
                    styles={{ label: { overflow: 'visible' } }}
                  >
                    {badge.label}
                  </Badge>
                </Table.Td>
                <Table.Td>{request.requestedBy}</Table.Td>
                <Table.Td>
                  {request.decidedBy ?? '—'}
                  {request.decidedAt ? (
                    <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                      {format.dateTime(request.decidedAt)}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>{request.decisionNote ?? '—'}</Table.Td>
              </Table.Tr>
            )
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}

/** "Booked at disbursement", "After reschedule of 03/12/2026", "After restructure of …". */
function scheduleLabel(version: ScheduleVersion, date: (value: string) => string): string {
  if (version.effectiveOn === null) return 'Booked at disbursement'
  return `After ${version.isRestructure ? 'restructure' : 'reschedule'} of ${date(version.effectiveOn)}`
}

/** Every schedule the loan has had, newest (the current one) first and open; earlier ones fold away. */
function Schedules({ schedules }: { schedules: ScheduleVersion[] }) {
  const format = useCompanyFormat()
  const newestFirst = [...schedules].reverse()
  const key = (index: number) => `schedule-${String(schedules.length - 1 - index)}`
  return (
    <Accordion multiple variant="separated" defaultValue={[key(0)]}>
      {newestFirst.map((version, index) => {
        const label = scheduleLabel(version, format.date)
        return (
          <Accordion.Item key={key(index)} value={key(index)}>
            <Accordion.Control>
              {label}
              {index === 0 ? ' (current)' : ''}
              <Text span size="sm" c="dimmed">
                {' '}
                · {version.installments.length} installments
              </Text>
            </Accordion.Control>
            <Accordion.Panel>
              <VersionTable version={version} label={label} />
            </Accordion.Panel>
          </Accordion.Item>
        )
      })}
    </Accordion>
  )
}

function VersionTable({ version, label }: { version: ScheduleVersion; label: string }) {
  const format = useCompanyFormat()
  const hasFee = version.installments.some((row) => (row.fee ?? 0) > 0)
  const sum = (pick: (row: ScheduleVersion['installments'][number]) => number) =>
    version.installments.reduce((total, row) => total + pick(row), 0)
  const principal = sum((row) => row.principal)
  const interest = sum((row) => row.interest)
  const fee = sum((row) => row.fee ?? 0)
  return (
    <Table.ScrollContainer type="native" minWidth={560} tabIndex={0} role="region" aria-label={label}>
      <Table striped withTableBorder fz="sm" aria-label={label} verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <ScheduleHeadCells hasFee={hasFee} />
            <Table.Th ta="right">Total</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {version.installments.map((row) => (
            <Table.Tr key={row.sequence}>
              <Table.Td>{row.sequence}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{format.date(row.dueDate)}</Table.Td>
              <Table.Td ta="right">{formatNaira(row.principal)}</Table.Td>
              <Table.Td ta="right">{formatNaira(row.interest)}</Table.Td>
              {hasFee ? <Table.Td ta="right">{formatNaira(row.fee ?? 0)}</Table.Td> : null}
              <Table.Td ta="right">{formatNaira(row.principal + row.interest + (row.fee ?? 0))}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr fw={700}>
            <ScheduleTotalCells principal={principal} interest={interest} fee={fee} hasFee={hasFee} />
            <Table.Td ta="right">{formatNaira(principal + interest + fee)}</Table.Td>
          </Table.Tr>
        </Table.Tfoot>
      </Table>
    </Table.ScrollContainer>
  )
}
