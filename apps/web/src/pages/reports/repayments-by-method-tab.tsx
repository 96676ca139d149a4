// Reports → Repayments by method in the period.
import { DonutChart } from '@mantine/charts'
import { Box, Center, EmptyState, Group, Stack, Table, Text } from '@mantine/core'
import { formatNaira } from '@mp/domain'
import { IconChartPie } from '@tabler/icons-react'
import { keepPreviousData, skipToken } from '@tanstack/react-query'
import { chartNaira, countText, ratioPercent } from '../../lib/report-format'
import { periodText } from '../../lib/report-period'
import { methodLabel } from '../../lib/repayments'
import { trpc } from '../../lib/trpc'
import { type CompanyFormat } from '../../lib/use-company-format'
import { InvalidChoice, money, ReportView } from './report-parts'
import { type ByMethod, type FlowInput } from './report-types'

const METHOD_COLORS = ['blue.6', 'teal.6', 'grape.6', 'orange.6', 'cyan.6', 'gray.6'] as const

export function RepaymentsByMethodTab({
  input,
  error,
  format,
}: {
  input: FlowInput | null
  error: string | null
  format: CompanyFormat
}) {
  const query = trpc.report.repaymentsByMethod.useQuery(input ?? skipToken, {
    placeholderData: keepPreviousData,
  })
  if (input === null) return <InvalidChoice message={error ?? 'Choose the period.'} />
  return (
    <ReportView query={query} errorTitle="Could not load repayments by method">
      {(data) => <ByMethodReport data={data} format={format} isFetching={query.isFetching} />}
    </ReportView>
  )
}

function ByMethodReport({
  data,
  format,
  isFetching,
}: {
  data: ByMethod
  format: CompanyFormat
  isFetching: boolean
}) {
  const slices = data.rows
    .map((row, index) => ({
      name: methodLabel(row.method),
      value: row.amount,
      color: METHOD_COLORS[index % METHOD_COLORS.length] ?? 'gray.6',
    }))
    .filter((slice) => slice.value > 0)
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        Repayments received {periodText({ from: data.from, to: data.to }, format.date)}. Reversed payments are
        not in the amounts or shares; they are counted on their own.
      </Text>
      <Table.ScrollContainer minWidth={720}>
        <Table striped verticalSpacing="xs" aria-label="Repayments by method" aria-busy={isFetching}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Method</Table.Th>
              <Table.Th ta="right">Payments</Table.Th>
              <Table.Th ta="right">Amount</Table.Th>
              <Table.Th ta="right">Share</Table.Th>
              <Table.Th ta="right">Reversed payments</Table.Th>
              <Table.Th ta="right">Reversed amount</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.rows.map((row) => (
              <Table.Tr key={row.method}>
                <Table.Th scope="row" fw={500}>
                  {methodLabel(row.method)}
                </Table.Th>
                <Table.Td ta="right">{countText(row.count)}</Table.Td>
                <Table.Td ta="right">{money(row.amount)}</Table.Td>
                <Table.Td ta="right">{ratioPercent(row.share)}</Table.Td>
                <Table.Td ta="right">{countText(row.reversedCount)}</Table.Td>
                <Table.Td ta="right" c={row.reversedAmount > 0 ? 'red' : undefined}>
                  {money(row.reversedAmount)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr fw={700}>
              <Table.Th scope="row">Total</Table.Th>
              <Table.Td ta="right">{countText(data.totals.count)}</Table.Td>
              <Table.Td ta="right">{money(data.totals.amount)}</Table.Td>
              <Table.Td ta="right">{data.totals.amount === 0 ? '—' : '100.00%'}</Table.Td>
              <Table.Td ta="right">{countText(data.totals.reversedCount)}</Table.Td>
              <Table.Td ta="right">{money(data.totals.reversedAmount)}</Table.Td>
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      </Table.ScrollContainer>
      {slices.length === 0 ? (
        <Center py="md">
          <EmptyState
            icon={<IconChartPie aria-hidden />}
            withIndicatorBackground
            title="No payments"
            description="No repayment was received in this period. Try another period or other filters."
          />
        </Center>
      ) : (
        <Box component="figure" m={0} aria-label="Chart of amounts received by method">
          <Center>
            <DonutChart
              data={slices}
              size={200}
              thickness={28}
              withLabelsLine
              withLabels
              labelsType="percent"
              valueFormatter={chartNaira}
              chartLabel={formatNaira(data.totals.amount)}
            />
          </Center>
          <Group justify="center" gap="md" mt="xs" component="figcaption">
            {slices.map((slice) => (
              <Group key={slice.name} gap={6} wrap="nowrap">
                <Box w={10} h={10} bg={slice.color} style={{ borderRadius: 2 }} aria-hidden />
                <Text size="xs">{slice.name}</Text>
              </Group>
            ))}
          </Group>
        </Box>
      )}
    </Stack>
  )
}
