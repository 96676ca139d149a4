// The dashboard's three charts as small hand-drawn SVG (docs/benchmarks.md "Web app: page weight and load
// time": a charts library alone weighed more than the rest of the dashboard's budget). Each chart is one
// image with a summary for screen readers, exact values in each mark's title, and its figures as a table.
import { Box, Card, ColorSwatch, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core'
import { useElementSize } from '@mantine/hooks'
import { formatNaira } from '@mp/domain'
import type { ReactNode } from 'react'
import {
  axisTicks,
  compactNaira,
  formatCount,
  monthlyChartData,
  parTrendData,
  statusMixData,
  type Dashboard,
  type MonthlyPoint,
  type ParPoint,
  type StatusCell,
} from '../lib/dashboard'
import { useCompanyFormat } from '../lib/use-company-format'

const AXIS_TEXT = { fontSize: 11, fill: 'var(--mantine-color-dimmed)' } as const
const GRID = 'var(--mantine-color-default-border)'
const color = (name: string) => `var(--mantine-color-${name}-6)`

const percentText = (value: number) => `${String(Number(value.toFixed(2)))}%`

/** Every how many points to print an axis label so labels about `labelWidth` px wide never overlap. */
const labelEvery = (count: number, plotWidth: number, labelWidth: number) =>
  Math.max(1, Math.ceil((count * labelWidth) / Math.max(plotWidth, 1)))

type Figures = { headers: readonly string[]; rows: readonly (readonly string[])[] }

function ChartCard({ title, figures, children }: { title: string; figures: Figures; children: ReactNode }) {
  return (
    <Card withBorder padding="md">
      <Title order={2} size="h4" mb="sm">
        {title}
      </Title>
      <Box component="figure" aria-label={title} m={0}>
        {children}
      </Box>
      <Box component="details" mt="xs" fz="sm">
        <summary style={{ cursor: 'pointer' }}>{title}: the figures</summary>
        <Table.ScrollContainer minWidth={280} mt="xs">
          <Table fz="sm" verticalSpacing={4} aria-label={title}>
            <Table.Thead>
              <Table.Tr>
                {figures.headers.map((header, index) => (
                  <Table.Th key={header} ta={index === 0 ? undefined : 'right'}>
                    {header}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {figures.rows.map((row) => (
                <Table.Tr key={row[0]}>
                  {row.map((cell, index) => (
                    <Table.Td
                      key={index}
                      ta={index === 0 ? undefined : 'right'}
                      style={{ whiteSpace: 'nowrap' }}
                    >
                      {cell}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Box>
    </Card>
  )
}

/** The plot area inside an SVG of `width` × `height`, with room for the value axis on the left. */
type Frame = { left: number; top: number; right: number; bottom: number }

function ValueAxis({
  ticks,
  frame,
  y,
  label,
}: {
  ticks: number[]
  frame: Frame
  y: (v: number) => number
  label: (v: number) => string
}) {
  return (
    <g aria-hidden>
      {ticks.map((tick) => (
        <g key={tick}>
          <line
            x1={frame.left}
            x2={frame.right}
            y1={y(tick)}
            y2={y(tick)}
            stroke={GRID}
            strokeDasharray={tick === 0 ? undefined : '4 4'}
          />
          <text x={frame.left - 6} y={y(tick)} dy="0.32em" textAnchor="end" {...AXIS_TEXT}>
            {label(tick)}
          </text>
        </g>
      ))}
    </g>
  )
}

function Legend({ items }: { items: readonly { label: string; color: string }[] }) {
  return (
    <Group gap="md" justify="center" mt={4} aria-hidden>
      {items.map((item) => (
        <Group key={item.label} gap={6} wrap="nowrap">
          <ColorSwatch color={item.color} size={12} withShadow={false} />
          <Text size="sm">{item.label}</Text>
        </Group>
      ))}
    </Group>
  )
}

const SERIES = [
  { key: 'disbursed', label: 'Disbursed', color: color('blue') },
  { key: 'collected', label: 'Collected', color: color('teal') },
] as const

function MonthlyBars({ points }: { points: readonly MonthlyPoint[] }) {
  const { ref, width } = useElementSize()
  const height = 260
  const frame: Frame = { left: 64, top: 8, right: Math.max(width, 200) - 8, bottom: height - 24 }
  const ticks = axisTicks(Math.max(0, ...points.flatMap((point) => [point.disbursed, point.collected])))
  const top = ticks.at(-1) ?? 1
  const y = (kobo: number) => frame.bottom - (kobo / top) * (frame.bottom - frame.top)
  const slot = (frame.right - frame.left) / Math.max(points.length, 1)
  const barWidth = Math.max(2, Math.min(28, (slot * 0.7) / 2))
  const every = labelEvery(points.length, frame.right - frame.left, 64)
  const summary = `Disbursed and collected by month: ${points
    .map(
      (point) =>
        `${point.month}, disbursed ${formatNaira(point.disbursed)}, collected ${formatNaira(point.collected)}`,
    )
    .join('; ')}`
  return (
    <div ref={ref}>
      {width > 0 ? (
        <svg width={width} height={height} role="img" aria-label={summary}>
          <ValueAxis ticks={ticks} frame={frame} y={y} label={(kobo) => compactNaira(kobo / 100)} />
          {points.map((point, index) => {
            const middle = frame.left + slot * (index + 0.5)
            return (
              <g key={point.month}>
                {SERIES.map((series, seriesIndex) => {
                  const value = point[series.key]
                  return (
                    <rect
                      key={series.key}
                      x={middle - barWidth + seriesIndex * barWidth}
                      y={y(value)}
                      width={barWidth - 1}
                      height={Math.max(0, frame.bottom - y(value))}
                      fill={series.color}
                      rx={2}
                    >
                      <title>{`${point.month}: ${series.label.toLowerCase()} ${formatNaira(value)}`}</title>
                    </rect>
                  )
                })}
                {index % every === 0 ? (
                  <text x={middle} y={height - 6} textAnchor="middle" {...AXIS_TEXT} aria-hidden>
                    {point.month}
                  </text>
                ) : null}
              </g>
            )
          })}
        </svg>
      ) : null}
      <Legend items={SERIES} />
    </div>
  )
}

function ParLine({ points }: { points: readonly ParPoint[] }) {
  const { ref, width } = useElementSize()
  const height = 220
  // Room on the right for half of the last date's label, centred under its point.
  const frame: Frame = { left: 56, top: 8, right: Math.max(width, 200) - 36, bottom: height - 24 }
  const ticks = axisTicks(Math.max(0, ...points.map((point) => point.par30)))
  const top = ticks.at(-1) ?? 1
  const y = (percent: number) => frame.bottom - (percent / top) * (frame.bottom - frame.top)
  const x = (index: number) =>
    points.length <= 1
      ? (frame.left + frame.right) / 2
      : frame.left + (index / (points.length - 1)) * (frame.right - frame.left)
  const every = labelEvery(points.length, frame.right - frame.left, 76)
  const summary = `PAR30 trend: ${points.map((point) => `${point.date} ${point.text}`).join('; ')}`
  return (
    <div ref={ref}>
      {width > 0 ? (
        <svg width={width} height={height} role="img" aria-label={summary}>
          <ValueAxis ticks={ticks} frame={frame} y={y} label={percentText} />
          <polyline
            points={points.map((point, index) => `${String(x(index))},${String(y(point.par30))}`).join(' ')}
            fill="none"
            stroke={color('red')}
            strokeWidth={2}
          />
          {points.map((point, index) => (
            <g key={point.date}>
              <circle cx={x(index)} cy={y(point.par30)} r={4} fill={color('red')}>
                <title>{`${point.date}: PAR30 ${point.text}`}</title>
              </circle>
              {(points.length - 1 - index) % every === 0 ? (
                <text x={x(index)} y={height - 6} textAnchor="middle" {...AXIS_TEXT} aria-hidden>
                  {point.date}
                </text>
              ) : null}
            </g>
          ))}
        </svg>
      ) : null}
    </div>
  )
}

function StatusDonut({ cells }: { cells: readonly StatusCell[] }) {
  const total = cells.reduce((sum, cell) => sum + cell.value, 0)
  const size = 180
  const thickness = 26
  const radius = (size - thickness) / 2
  const circumference = 2 * Math.PI * radius
  // Where each status's arc starts along the ring: the lengths of the arcs before it.
  const lengths = cells.map((cell) => (total === 0 ? 0 : (cell.value / total) * circumference))
  const starts = lengths.map((_, index) => lengths.slice(0, index).reduce((sum, length) => sum + length, 0))
  const summary = `Loan status mix, ${formatCount(total)} loans: ${cells
    .map((cell) => `${cell.name} ${formatCount(cell.value)}`)
    .join('; ')}`
  return (
    <Group justify="center" gap="xl" wrap="wrap">
      <svg width={size} height={size} role="img" aria-label={summary}>
        <g transform={`rotate(-90 ${String(size / 2)} ${String(size / 2)})`}>
          {cells.map((cell, index) => {
            const length = lengths[index] ?? 0
            return (
              <circle
                key={cell.name}
                cx={size / 2}
                cy={size / 2}
                r={radius}
                fill="none"
                stroke={`var(--mantine-color-${cell.color}-filled)`}
                strokeWidth={thickness}
                strokeDasharray={`${String(length)} ${String(circumference - length)}`}
                strokeDashoffset={-(starts[index] ?? 0)}
              >
                <title>{`${cell.name}: ${formatCount(cell.value)} of ${formatCount(total)} loans`}</title>
              </circle>
            )
          })}
        </g>
        <text
          x={size / 2}
          y={size / 2}
          dy="0.32em"
          textAnchor="middle"
          fontSize={14}
          fontWeight={600}
          fill="var(--mantine-color-text)"
          aria-hidden
        >
          {formatCount(total)} loans
        </text>
      </svg>
      <Stack gap={6} aria-hidden>
        {cells.map((cell) => (
          <Group key={cell.name} gap="xs" wrap="nowrap">
            <ColorSwatch color={`var(--mantine-color-${cell.color}-filled)`} size={12} withShadow={false} />
            <Text size="sm">
              {cell.name}: {formatCount(cell.value)}
            </Text>
          </Group>
        ))}
      </Stack>
    </Group>
  )
}

export default function DashboardCharts({ data }: { data: Dashboard }) {
  const format = useCompanyFormat()
  const monthly = monthlyChartData(data.charts.monthly)
  const par = parTrendData(data.charts.parTrend, format.date)
  const mix = statusMixData(data.charts.statusMix)
  return (
    <>
      <ChartCard
        title="Disbursed and collected by month"
        figures={{
          headers: ['Month', 'Disbursed', 'Collected'],
          rows: monthly.map((point) => [
            point.month,
            formatNaira(point.disbursed),
            formatNaira(point.collected),
          ]),
        }}
      >
        <MonthlyBars points={monthly} />
      </ChartCard>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <ChartCard
          title="PAR30 trend"
          figures={{ headers: ['Date', 'PAR30'], rows: par.map((point) => [point.date, point.text]) }}
        >
          <ParLine points={par} />
          <Text size="xs" c="dimmed" mt={4}>
            {data.lastClosedOn === null
              ? 'Today only: month-ends appear once the daily close has snapshotted them.'
              : `Month-ends from the daily close (snapshots up to ${format.date(data.lastClosedOn)}), and today.`}
          </Text>
        </ChartCard>
        <ChartCard
          title="Loan status mix"
          figures={{
            headers: ['Status', 'Loans'],
            rows: mix.map((cell) => [cell.name, formatCount(cell.value)]),
          }}
        >
          <StatusDonut cells={mix} />
        </ChartCard>
      </SimpleGrid>
    </>
  )
}
