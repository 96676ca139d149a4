import '@mantine/charts/styles.css'
import { BarChart, DonutChart, LineChart } from '@mantine/charts'
import { Box, Card, ColorSwatch, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import type { ReactNode } from 'react'
import {
  compactNaira,
  formatChartNaira,
  formatCount,
  monthlyChartData,
  parTrendData,
  statusMixData,
  type Dashboard,
} from '../lib/dashboard'
import { useCompanyFormat } from '../lib/use-company-format'

const percentText = (value: number) => `${value.toFixed(2)}%`

function ChartCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card withBorder padding="md">
      <Title order={2} size="h4" mb="sm">
        {title}
      </Title>
      <Box component="figure" aria-label={title} m={0}>
        {children}
      </Box>
    </Card>
  )
}

export default function DashboardCharts({ data }: { data: Dashboard }) {
  const format = useCompanyFormat()
  const monthly = monthlyChartData(data.charts.monthly)
  const par = parTrendData(data.charts.parTrend, format.date)
  const mix = statusMixData(data.charts.statusMix)
  const totalLoans = mix.reduce((sum, cell) => sum + cell.value, 0)
  return (
    <>
      <ChartCard title="Disbursed and collected by month">
        <BarChart
          h={280}
          data={monthly}
          dataKey="month"
          series={[
            { name: 'disbursed', label: 'Disbursed', color: 'blue.6' },
            { name: 'collected', label: 'Collected', color: 'teal.6' },
          ]}
          valueFormatter={formatChartNaira}
          yAxisProps={{ tickFormatter: compactNaira, width: 64 }}
          withLegend
          legendProps={{ verticalAlign: 'bottom', height: 40 }}
        />
      </ChartCard>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <ChartCard title="PAR30 trend">
          <LineChart
            h={240}
            data={par}
            dataKey="date"
            series={[{ name: 'par30', label: 'PAR30', color: 'red.6' }]}
            valueFormatter={percentText}
            yAxisProps={{ width: 56 }}
            curveType="linear"
          />
          <Text size="xs" c="dimmed" mt={4}>
            {data.lastClosedOn === null
              ? 'Today only: month-ends appear once the daily close has snapshotted them.'
              : `Month-ends from the daily close (snapshots up to ${format.date(data.lastClosedOn)}), and today.`}
          </Text>
        </ChartCard>
        <ChartCard title="Loan status mix">
          <Group justify="center" gap="xl" wrap="wrap">
            <DonutChart
              data={mix}
              size={180}
              thickness={26}
              chartLabel={`${formatCount(totalLoans)} loans`}
              tooltipDataSource="segment"
              valueFormatter={formatCount}
            />
            <Stack gap={6}>
              {mix.map((cell) => (
                <Group key={cell.name} gap="xs" wrap="nowrap">
                  <ColorSwatch color={`var(--mantine-color-${cell.color}-filled)`} size={12} aria-hidden />
                  <Text size="sm">
                    {cell.name}: {formatCount(cell.value)}
                  </Text>
                </Group>
              ))}
            </Stack>
          </Group>
        </ChartCard>
      </SimpleGrid>
    </>
  )
}
