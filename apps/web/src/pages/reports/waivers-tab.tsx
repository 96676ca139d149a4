// Reports → Waivers in the period (docs/reports.md "Waivers"; docs/lending.md "Waivers").
import { SimpleGrid, Stack, Text } from '@mantine/core'
import { formatNaira } from '@mp/domain'
import { keepPreviousData, skipToken } from '@tanstack/react-query'
import { DataTable, type DataTableColumn } from '../../components/data-table'
import { useListPage } from '../../hooks/use-list-page'
import { countText } from '../../lib/report-format'
import { periodText } from '../../lib/report-period'
import { trpc, type RouterOutputs } from '../../lib/trpc'
import { type CompanyFormat } from '../../lib/use-company-format'
import { FigureCard, InvalidChoice, loanColumn, money, NO_WRAP, ReportView } from './report-parts'
import { type FlowInput } from './report-types'

type WaiverRow = RouterOutputs['loanChange']['waiverReport']['rows']['items'][number]

/** A waiver waives penalties and interest; a reschedule or restructure may waive the penalties. */
const KIND_LABELS: Record<string, string> = {
  WAIVER: 'Waiver',
  RESCHEDULE: 'Reschedule',
  RESTRUCTURE: 'Restructure',
}

/**
 * Everything waived in the period: approved waivers, and the penalties an approved reschedule or
 * restructure waived, with who asked and who approved. Same period, union and officer as Disbursements.
 */
export function WaiversTab({
  input,
  error,
  format,
}: {
  input: FlowInput | null
  error: string | null
  format: CompanyFormat
}) {
  const listPage = useListPage()
  const query = trpc.loanChange.waiverReport.useQuery(input === null ? skipToken : listPage.input(input), {
    placeholderData: keepPreviousData,
  })
  if (input === null) return <InvalidChoice message={error ?? 'Choose the period.'} />
  return (
    <ReportView query={query} errorTitle="Could not load waivers" cards={4}>
      {(data) => (
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            Penalties and interest waived {periodText({ from: data.from, to: data.to }, format.date)}, by
            approved waivers and by reschedules or restructures that waived penalties.
          </Text>
          <SimpleGrid cols={{ base: 2, sm: 4 }}>
            <FigureCard label="Changes" value={countText(data.totals.count)} />
            <FigureCard label="Penalties waived" value={formatNaira(data.totals.penalty)} />
            <FigureCard label="Interest waived" value={formatNaira(data.totals.interest)} />
            <FigureCard label="Total waived" value={formatNaira(data.totals.amount)} />
          </SimpleGrid>
          <DataTable
            label="Waivers"
            columns={waiverColumns(format)}
            rows={data.rows.items}
            rowKey={(row) => row.id}
            isFetching={query.isFetching}
            empty={{
              title: 'No waivers',
              description: 'Nothing was waived in this period. Try another period or other filters.',
            }}
            {...listPage.tableProps(data.rows.total)}
            minWidth={900}
          />
        </Stack>
      )}
    </ReportView>
  )
}

function waiverColumns(format: CompanyFormat): DataTableColumn<WaiverRow>[] {
  return [
    {
      key: 'date',
      header: 'Date',
      render: (row) => <span style={NO_WRAP}>{format.date(row.date)}</span>,
    },
    { ...loanColumn<WaiverRow>(), card: 'title' },
    {
      key: 'member',
      header: 'Member',
      render: (row) => (
        <Stack gap={0}>
          <Text size="sm">{row.memberName}</Text>
          <Text size="xs" c="dimmed">
            {row.unionName}
          </Text>
        </Stack>
      ),
    },
    { key: 'kind', header: 'Kind', render: (row) => KIND_LABELS[row.kind] ?? row.kind },
    { key: 'penalty', header: 'Penalties', align: 'right', render: (row) => money(row.penalty) },
    { key: 'interest', header: 'Interest', align: 'right', render: (row) => money(row.interest) },
    { key: 'amount', header: 'Total', align: 'right', card: 'figure', render: (row) => money(row.amount) },
    { key: 'reason', header: 'Reason', render: (row) => row.reason },
    { key: 'requestedBy', header: 'Asked by', render: (row) => row.requestedBy },
    { key: 'approvedBy', header: 'Approved by', render: (row) => row.approvedBy ?? '—' },
  ]
}
