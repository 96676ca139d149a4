// Reports → Aging: outstanding by days past due.
import { BarChart } from '@mantine/charts'
import { Box, Center, EmptyState, Stack, Table, Text } from '@mantine/core'
import { ratioString } from '@mp/domain'
import { IconChartBar } from '@tabler/icons-react'
import {
  agingBucketColor,
  agingBucketLabel,
  chartNaira,
  compactNaira,
  countText,
  ratioPercent,
} from '../../lib/report-format'
import { type CompanyFormat } from '../../lib/use-company-format'
import { money } from './report-parts'
import { PortfolioView } from './portfolio-view'
import { type PortfolioInput } from './report-types'

export function AgingTab({ input, format }: { input: PortfolioInput | null; format: CompanyFormat }) {
  return (
    <PortfolioView input={input} format={format} errorTitle="Could not load the aging report">
      {(data, isFetching) => {
        const total = data.aging.reduce((sum, row) => sum + row.amount, 0)
        const count = data.aging.reduce((sum, row) => sum + row.count, 0)
        return (
          <Stack gap="lg">
            <Text size="sm" c="dimmed">
              Outstanding principal of running loans as of {format.date(data.asOf)}, by how many days the
              oldest unpaid instalment is late.
            </Text>
            <Table.ScrollContainer minWidth={520}>
              <Table striped verticalSpacing="xs" aria-label="Aging" aria-busy={isFetching}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Days past due</Table.Th>
                    <Table.Th ta="right">Loans</Table.Th>
                    <Table.Th ta="right">Outstanding principal</Table.Th>
                    <Table.Th ta="right">Share</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.aging.map((row) => (
                    <Table.Tr key={row.bucket}>
                      <Table.Th scope="row" fw={500}>
                        {agingBucketLabel(row.bucket)}
                      </Table.Th>
                      <Table.Td ta="right">{countText(row.count)}</Table.Td>
                      <Table.Td ta="right">{money(row.amount)}</Table.Td>
                      <Table.Td ta="right">{ratioPercent(ratioString(row.amount, total))}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
                <Table.Tfoot>
                  <Table.Tr fw={700}>
                    <Table.Th scope="row">Total</Table.Th>
                    <Table.Td ta="right">{countText(count)}</Table.Td>
                    <Table.Td ta="right">{money(total)}</Table.Td>
                    <Table.Td ta="right">{total === 0 ? '—' : '100.00%'}</Table.Td>
                  </Table.Tr>
                </Table.Tfoot>
              </Table>
            </Table.ScrollContainer>
            {total === 0 ? (
              <Center py="md">
                <EmptyState
                  icon={<IconChartBar aria-hidden />}
                  withIndicatorBackground
                  title="Nothing outstanding"
                  description="No running loan on this date, so there is nothing to age."
                />
              </Center>
            ) : (
              <Box component="figure" m={0} aria-label="Chart of outstanding principal by days past due">
                <BarChart
                  h={260}
                  data={data.aging.map((row) => ({
                    bucket: agingBucketLabel(row.bucket),
                    amount: row.amount,
                    color: agingBucketColor(row.bucket),
                  }))}
                  dataKey="bucket"
                  series={[{ name: 'amount', label: 'Outstanding principal', color: 'blue.6' }]}
                  valueFormatter={chartNaira}
                  yAxisProps={{ tickFormatter: compactNaira, width: 70 }}
                  tickLine="y"
                />
                <Text component="figcaption" size="xs" c="dimmed" ta="center">
                  Outstanding principal by days past due (figures in the table above)
                </Text>
              </Box>
            )}
          </Stack>
        )
      }}
    </PortfolioView>
  )
}
