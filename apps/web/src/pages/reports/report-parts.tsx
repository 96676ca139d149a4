// Pieces the reports page and the supervisor reports page share: the period picker, the "explain this
// number" popover, figure cards and the officer performance table (live and frozen in a snapshot); and
// what the report tabs share: the filter bar with its Export menu, union and officer filters, and the
// loading / error / "choose the dates" states.
import {
  ActionIcon,
  Anchor,
  Badge,
  Box,
  Card,
  Center,
  EmptyState,
  Group,
  Popover,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
} from '@mantine/core'
import { formatNaira } from '@mp/domain'
import { IconCalendarDue, IconInfoCircle, IconUsersGroup } from '@tabler/icons-react'
import type { ReactNode } from 'react'
import { Link } from 'react-router'
import type { DataTableColumn } from '../../components/data-table'
import { DayInput } from '../../components/day-input'
import { ExportMenu } from '../../components/export-menu'
import { OfficerSelect } from '../../components/officer-select'
import { QueryView } from '../../components/states'
import { UnionSelect } from '../../components/union-select'
import type { ExportName } from '../../lib/export-progress'
import { countText, kpiInputText, ratioPercent } from '../../lib/report-format'
import {
  choosePreset,
  isPeriodPreset,
  PERIOD_PRESETS,
  periodText,
  type PeriodChoice,
  type ReportPeriod,
} from '../../lib/report-period'
import type { Parsed } from '../../lib/loan-type-form'
import type { RouterOutputs } from '../../lib/trpc'
import type { CompanyFormat } from '../../lib/use-company-format'

export type Kpi = RouterOutputs['report']['portfolio']['arrears']
export type OfficerPerformance = RouterOutputs['report']['officerPerformance']

export const NO_WRAP = { whiteSpace: 'nowrap' as const }

/**
 * "Explain this number": the KPI's definition and the figures it was computed from, as the server sent
 * them (docs/product.md §7). `name` is what the button is called after "Explain", e.g. "PAR30 for the team".
 */
export function KpiExplain({ kpi, name }: { kpi: Kpi; name?: string }) {
  const value =
    kpi.unit === 'RATIO' ? ratioPercent(kpi.ratio) : kpiInputText({ value: kpi.value, unit: kpi.unit })
  return (
    <Popover width={320} position="bottom" withArrow shadow="md" trapFocus returnFocus>
      <Popover.Target>
        <ActionIcon
          variant="subtle"
          color="gray"
          size="sm"
          aria-label={`Explain ${name ?? kpi.label}`}
          data-print-hidden
        >
          <IconInfoCircle size={16} aria-hidden />
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown aria-label={`How ${kpi.label} is worked out`}>
        <Stack gap="xs">
          <Text size="sm" fw={700}>
            {kpi.label}: {value}
          </Text>
          <Text size="sm">{kpi.definition}</Text>
          {kpi.inputs.length > 0 ? (
            <Table withRowBorders={false} verticalSpacing={2} horizontalSpacing={0} fz="sm">
              <Table.Tbody>
                {kpi.inputs.map((input) => (
                  <Table.Tr key={input.label}>
                    <Table.Th fw={400} c="dimmed" pr="sm" scope="row">
                      {input.label}
                    </Table.Th>
                    <Table.Td ta="right" fw={600} style={NO_WRAP}>
                      {kpiInputText(input)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ) : null}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  )
}

/** A ratio KPI as a percentage with its explain button beside it. */
export function RatioWithExplain({ kpi, name }: { kpi: Kpi | undefined; name?: string }) {
  if (!kpi) return <>—</>
  return (
    <Group gap={2} wrap="nowrap" justify="flex-end" component="span">
      <span style={NO_WRAP}>{ratioPercent(kpi.ratio)}</span>
      <KpiExplain kpi={kpi} name={name} />
    </Group>
  )
}

/** A headline figure in a small card. */
export function FigureCard({
  label,
  value,
  detail,
}: {
  label: string
  value: ReactNode
  detail?: ReactNode
}) {
  return (
    <Card withBorder padding="sm" component="section" aria-label={label}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fz={{ base: 'md', sm: 'lg' }} fw={700} style={{ overflowWrap: 'anywhere' }}>
        {value}
      </Text>
      {detail ? (
        <Text size="xs" c="dimmed">
          {detail}
        </Text>
      ) : null}
    </Card>
  )
}

/** Cards and a table-shaped block while a report loads, so the page does not jump. */
export function ReportSkeleton({ cards = 0 }: { cards?: number }) {
  return (
    <Stack gap="sm" aria-busy aria-label="Loading report">
      {cards > 0 ? (
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          {Array.from({ length: cards }, (_, index) => (
            <Skeleton key={index} height={64} />
          ))}
        </SimpleGrid>
      ) : null}
      <Skeleton height={20} width="40%" />
      <Skeleton height={200} />
    </Stack>
  )
}

/** Period: Last 7/30/90 days, This month, Last month or Custom (then From and To). */
export function PeriodPicker({
  value,
  onChange,
  today,
  period,
}: {
  value: PeriodChoice
  onChange: (next: PeriodChoice) => void
  today: string
  /** The resolved choice, for the error under the dates. */
  period: Parsed<ReportPeriod>
}) {
  return (
    <>
      <Select
        label="Period"
        data={PERIOD_PRESETS.map((preset) => ({ ...preset }))}
        value={value.preset}
        onChange={(next) => {
          if (isPeriodPreset(next)) onChange(choosePreset(value, next, today))
        }}
        allowDeselect={false}
        w={{ base: '100%', sm: 160 }}
      />
      {value.preset === 'custom' ? (
        <>
          <DayInput
            label="From"
            required
            value={value.from}
            onChange={(from) => {
              onChange({ ...value, from })
            }}
          />
          <DayInput
            label="To"
            required
            value={value.to}
            onChange={(to) => {
              onChange({ ...value, to })
            }}
            error={period.ok ? undefined : period.error}
          />
        </>
      ) : null}
    </>
  )
}

/** An amount in naira that does not break across lines. */
export function money(kobo: number) {
  return <span style={NO_WRAP}>{formatNaira(kobo)}</span>
}

/**
 * Officer performance per credit officer with the team's totals (docs/product.md §7). Loans, outstanding and PAR30
 * are as of the period's last day; disbursed, collected and the rates are over the period. The team's
 * rates are worked out over the team's loans, never averaged from the officers' rates.
 */
export function OfficerPerformanceTable({
  data,
  label = 'Officer performance',
  isFetching = false,
}: {
  data: OfficerPerformance
  label?: string
  isFetching?: boolean
}) {
  if (data.rows.length === 0) {
    return (
      <Center py="xl">
        <EmptyState
          icon={<IconUsersGroup aria-hidden />}
          withIndicatorBackground
          title="No credit officers"
          description="There is no credit officer to report on here. Choose other officers or ask an admin."
        />
      </Center>
    )
  }
  const team = data.team
  const teamEfficiency = team.kpis.find((kpi) => kpi.key === 'collectionEfficiency')
  const teamOnTime = team.kpis.find((kpi) => kpi.key === 'onTimeRate')
  return (
    <Table.ScrollContainer minWidth={1080}>
      <Table striped verticalSpacing="xs" aria-label={label} aria-busy={isFetching}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Officer</Table.Th>
            <Table.Th ta="right">Members</Table.Th>
            <Table.Th ta="right">Active loans</Table.Th>
            <Table.Th ta="right">Outstanding</Table.Th>
            <Table.Th ta="right">Disbursed</Table.Th>
            <Table.Th ta="right">Collected</Table.Th>
            <Table.Th ta="right">PAR30</Table.Th>
            <Table.Th ta="right">Collection efficiency</Table.Th>
            <Table.Th ta="right">On-time rate</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.rows.map((row) => (
            <Table.Tr key={row.officerId}>
              <Table.Th scope="row" fw={500}>
                <Group gap={6} wrap="nowrap">
                  <span>{row.officerName}</span>
                  {row.isActive ? null : (
                    <Badge color="gray" variant="light" size="xs">
                      Inactive
                    </Badge>
                  )}
                </Group>
              </Table.Th>
              <Table.Td ta="right">{countText(row.members)}</Table.Td>
              <Table.Td ta="right">{countText(row.activeLoans)}</Table.Td>
              <Table.Td ta="right">{money(row.outstandingPrincipal)}</Table.Td>
              <Table.Td ta="right">
                {money(row.disbursed)}
                <Text size="xs" c="dimmed">
                  {countText(row.disbursedCount)} loan{row.disbursedCount === 1 ? '' : 's'}
                </Text>
              </Table.Td>
              <Table.Td ta="right">{money(row.collected)}</Table.Td>
              <Table.Td ta="right">
                <RatioWithExplain kpi={row.par30} name={`PAR30 for ${row.officerName}`} />
              </Table.Td>
              <Table.Td ta="right">
                <RatioWithExplain
                  kpi={row.collectionEfficiency}
                  name={`collection efficiency for ${row.officerName}`}
                />
              </Table.Td>
              <Table.Td ta="right">
                <RatioWithExplain kpi={row.onTimeRate} name={`on-time rate for ${row.officerName}`} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr fw={700}>
            <Table.Th scope="row">
              Team ({data.rows.length} officer{data.rows.length === 1 ? '' : 's'})
            </Table.Th>
            <Table.Td ta="right">{countText(team.members)}</Table.Td>
            <Table.Td ta="right">{countText(team.activeLoans)}</Table.Td>
            <Table.Td ta="right">{money(team.outstandingPrincipal)}</Table.Td>
            <Table.Td ta="right">{money(team.disbursed)}</Table.Td>
            <Table.Td ta="right">{money(team.collected)}</Table.Td>
            <Table.Td ta="right">
              <RatioWithExplain kpi={team.par30} name="PAR30 for the team" />
            </Table.Td>
            <Table.Td ta="right">
              <RatioWithExplain kpi={teamEfficiency} name="collection efficiency for the team" />
            </Table.Td>
            <Table.Td ta="right">
              <RatioWithExplain kpi={teamOnTime} name="on-time rate for the team" />
            </Table.Td>
          </Table.Tr>
        </Table.Tfoot>
      </Table>
    </Table.ScrollContainer>
  )
}

/** What the officer figures cover: flows over the period, balances at its end. */
export function PeriodNote({ period, format }: { period: ReportPeriod; format: CompanyFormat }) {
  return (
    <Text size="sm" c="dimmed">
      <Text span fw={600} c="var(--mantine-color-text)">
        {periodText(period, format.date)}
      </Text>
      . Disbursed, collected, collection efficiency and on-time rate cover the period; active loans,
      outstanding and PAR30 are as of {format.date(period.to)}; members are counted as the unions stand today.
    </Text>
  )
}

/**
 * A note that explains what the figures mean. Not an Alert: that would be announced on every change and
 * its title would compete with the filters' labels.
 */
export function InfoNote({
  children,
  icon = <IconInfoCircle size={20} aria-hidden />,
}: {
  children: ReactNode
  icon?: ReactNode
}) {
  return (
    <Box p="sm" bg="var(--mantine-color-blue-light)" style={{ borderRadius: 'var(--mantine-radius-md)' }}>
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <Box c="var(--mantine-color-blue-light-color)" lh={0} pt={1}>
          {icon}
        </Box>
        <Text size="sm">{children}</Text>
      </Group>
    </Box>
  )
}

/** The tab's filters, with its Export menu at the end (disabled until the filters make a valid input). */
export function FilterBar({
  children,
  exportName,
  exportInput,
}: {
  children: ReactNode
  exportName: ExportName
  exportInput: object | null
}) {
  return (
    <Group gap="sm" align="flex-end" mb="md">
      {children}
      <Box ml={{ base: 0, sm: 'auto' }}>
        <ExportMenu name={exportName} input={exportInput ?? undefined} disabled={exportInput === null} />
      </Box>
    </Group>
  )
}

export type UnionOfficerFilter = { unionId: string | null; officerId: string | null }

/** Union and (for managers) credit officer, for a FilterBar. */
export function UnionOfficerFilters({
  value,
  onChange,
  withOfficer,
}: {
  value: UnionOfficerFilter
  onChange: (change: Partial<UnionOfficerFilter>) => void
  withOfficer: boolean
}) {
  return (
    <>
      <UnionSelect
        label="Union"
        placeholder="Any union"
        clearable
        value={value.unionId}
        onChange={(unionId) => {
          onChange({ unionId })
        }}
        w={{ base: '100%', sm: 220 }}
      />
      {withOfficer ? (
        <OfficerSelect
          label="Credit officer"
          placeholder="Any officer"
          clearable
          value={value.officerId}
          onChange={(officerId) => {
            onChange({ officerId })
          }}
          w={{ base: '100%', sm: 200 }}
        />
      ) : null}
    </>
  )
}

/** Loading (a report-shaped skeleton), error with retry, or the report. Data wins over a failed refetch. */
export function ReportView<TData>({
  query,
  errorTitle,
  cards,
  children,
}: {
  query: { data: TData | undefined; error: unknown; isFetching: boolean; refetch: () => Promise<unknown> }
  errorTitle: string
  cards?: number
  children: (data: TData) => ReactNode
}) {
  return (
    <QueryView query={query} errorTitle={errorTitle} loading={<ReportSkeleton cards={cards} />}>
      {children}
    </QueryView>
  )
}

/** The member: name over code, the name linking to the member where the row knows who it is. */
export function memberColumn<
  TRow extends { memberName: string; memberCode: string; memberId?: string },
>(): DataTableColumn<TRow> {
  return {
    key: 'member',
    header: 'Member',
    render: (row) => (
      <Stack gap={0}>
        {row.memberId === undefined ? (
          <Text size="sm">{row.memberName}</Text>
        ) : (
          <Anchor component={Link} to={`/members/${row.memberId}`} size="sm">
            {row.memberName}
          </Anchor>
        )}
        <Text size="xs" c="dimmed" ff="monospace">
          {row.memberCode}
        </Text>
      </Stack>
    ),
  }
}

/** The loan's union and, for those who see several officers' loans, its credit officer. */
export function unionOfficerColumns<TRow extends { unionName: string; officerName: string }>(
  withOfficer: boolean,
): DataTableColumn<TRow>[] {
  const union: DataTableColumn<TRow> = { key: 'union', header: 'Union', render: (row) => row.unionName }
  return withOfficer
    ? [union, { key: 'officer', header: 'Officer', render: (row) => row.officerName }]
    : [union]
}

/** The loan number, linking to the loan. */
export function loanColumn<TRow extends { loanId: string; loanNumber: string }>(): DataTableColumn<TRow> {
  return {
    key: 'loan',
    header: 'Loan',
    render: (row) => (
      <Anchor component={Link} to={`/loans/${row.loanId}`} ff="monospace" fw={600} size="sm">
        {row.loanNumber}
      </Anchor>
    ),
  }
}

/** In place of a report while its filters do not make a valid input. */
export function InvalidChoice({ message }: { message: string }) {
  return (
    <Center py="xl">
      <EmptyState
        icon={<IconCalendarDue aria-hidden />}
        withIndicatorBackground
        title="Choose the dates"
        description={message}
      />
    </Center>
  )
}
