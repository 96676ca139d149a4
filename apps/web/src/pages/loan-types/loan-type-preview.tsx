// The schedule a loan type gives, worked out by the lending engine as the admin types.
import { Alert, Card, Group, Stack, Table, Text, Title } from '@mantine/core'
import { buildSchedule, costOfCredit, formatPercent, isDomainError, todayIn, type Schedule } from '@mp/domain'
import { interestText, units } from '../../lib/loan-form'
import { IconAlertCircle } from '@tabler/icons-react'
import { formatDate, formatNaira } from '../../lib/format'
import { rateToPercent } from '../../lib/loan-type-form'
import { type LoanType, type LoanTypeInput } from './loan-type-data'
import { type Values, toInput } from './loan-type-values'

type Preview =
  | { kind: 'incomplete' }
  | { kind: 'error'; message: string }
  | { kind: 'ok'; input: LoanTypeInput; schedule: Schedule; apr: number | null; aprError: string | null }

function computePreview(values: Values, original: LoanType | undefined): Preview {
  const { input } = toInput(values, original)
  if (!input) return { kind: 'incomplete' }
  try {
    const schedule = buildSchedule({
      principal: input.minPrincipal,
      termCount: input.minTerm,
      termUnit: input.termUnit,
      startDate: todayIn(),
      interest: input.interest,
      rounding: input.rounding,
      ...(input.installmentMultiple === null ? {} : { installmentMultiple: input.installmentMultiple }),
      ...(input.processingFee === null ? {} : { processingFee: input.processingFee }),
    })
    let apr: number | null = null
    let aprError: string | null = null
    try {
      apr = costOfCredit({
        principal: input.minPrincipal,
        installments: schedule.installments,
        termUnit: input.termUnit,
        processingFee: schedule.processingFee,
      }).apr
    } catch (error) {
      if (!isDomainError(error)) throw error
      aprError = error.message
    }
    return { kind: 'ok', input, schedule, apr, aprError }
  } catch (error) {
    if (isDomainError(error)) return { kind: 'error', message: error.message }
    throw error
  }
}

/** The schedule the smallest, shortest loan of this type would get if disbursed today (same engine as the server). */
export function SchedulePreview({ values, original }: { values: Values; original: LoanType | undefined }) {
  const preview = computePreview(values, original)
  return (
    <Card withBorder padding="sm" aria-live="polite">
      <Title order={4} size="h5" mb="xs">
        Schedule preview
      </Title>
      {preview.kind === 'incomplete' ? (
        <Text size="sm" c="dimmed">
          Fill in the principal, term and interest to see an example schedule.
        </Text>
      ) : preview.kind === 'error' ? (
        <Alert
          color="red"
          icon={<IconAlertCircle aria-hidden />}
          title="This loan type cannot build a schedule"
        >
          {preview.message}
        </Alert>
      ) : (
        <PreviewTable preview={preview} />
      )}
    </Card>
  )
}

function PreviewTable({ preview }: { preview: Extract<Preview, { kind: 'ok' }> }) {
  const { input, schedule, apr, aprError } = preview
  const first = schedule.installments[0]
  const last = schedule.installments.at(-1)
  const rows = first && last && last !== first ? [first, last] : first ? [first] : []
  return (
    <Stack gap="xs">
      <Text size="sm">
        {formatNaira(input.minPrincipal)} over {units(input.minTerm, input.termUnit)} from today,{' '}
        {interestText(input.interest, input.termUnit)}.
      </Text>
      <Table withTableBorder striped fz="sm" aria-label="Example installments">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>#</Table.Th>
            <Table.Th>Due</Table.Th>
            <Table.Th ta="right">Principal</Table.Th>
            <Table.Th ta="right">Interest</Table.Th>
            <Table.Th ta="right">Installment</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.sequence}>
              <Table.Td>{row.sequence}</Table.Td>
              <Table.Td>{formatDate(row.dueDate)}</Table.Td>
              <Table.Td ta="right">{formatNaira(row.principal)}</Table.Td>
              <Table.Td ta="right">{formatNaira(row.interest)}</Table.Td>
              <Table.Td ta="right">{formatNaira(row.total)}</Table.Td>
            </Table.Tr>
          ))}
          <Table.Tr fw={600}>
            <Table.Td colSpan={2}>Total ({units(schedule.installments.length, input.termUnit)})</Table.Td>
            <Table.Td ta="right">{formatNaira(schedule.totalPrincipal)}</Table.Td>
            <Table.Td ta="right">{formatNaira(schedule.totalInterest)}</Table.Td>
            <Table.Td ta="right">{formatNaira(schedule.total)}</Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
      <Group gap="lg">
        <Text size="sm">Processing fee at disbursement: {formatNaira(schedule.processingFee)}</Text>
        {apr === null ? (
          <Text size="sm" c="red">
            {aprError}
          </Text>
        ) : (
          <Text size="sm" fw={600}>
            Effective APR: {formatPercent(apr)}
            {input.interest.method === 'FLAT' ? ` (vs ${rateToPercent(input.interest.rate)}% flat)` : ''}
          </Text>
        )}
      </Group>
    </Stack>
  )
}
