// Reports → Disbursements in the period.
import { SimpleGrid, Stack, Text } from '@mantine/core'
import { formatNaira } from '@mp/domain'
import { keepPreviousData, skipToken } from '@tanstack/react-query'
import { DataTable, type DataTableColumn } from '../../components/data-table'
import { useListPage } from '../../hooks/use-list-page'
import { units } from '../../lib/loan-form'
import { countText } from '../../lib/report-format'
import { periodText } from '../../lib/report-period'
import { trpc } from '../../lib/trpc'
import { type CompanyFormat } from '../../lib/use-company-format'
import {
  FigureCard,
  InvalidChoice,
  loanColumn,
  memberColumn,
  money,
  NO_WRAP,
  ReportView,
  unionOfficerColumns,
} from './report-parts'
import { type DisbursementRow, type FlowInput } from './report-types'

export function DisbursementsTab({
  input,
  error,
  format,
  isManager,
}: {
  input: FlowInput | null
  error: string | null
  format: CompanyFormat
  isManager: boolean
}) {
  const listPage = useListPage()
  const query = trpc.report.disbursements.useQuery(input === null ? skipToken : listPage.input(input), {
    placeholderData: keepPreviousData,
  })
  if (input === null) return <InvalidChoice message={error ?? 'Choose the period.'} />
  return (
    <ReportView query={query} errorTitle="Could not load disbursements" cards={4}>
      {(data) => {
        return (
          <Stack gap="md">
            <Text size="sm" c="dimmed">
              Loans disbursed {periodText({ from: data.from, to: data.to }, format.date)}.
            </Text>
            <SimpleGrid cols={{ base: 2, sm: 4 }}>
              <FigureCard label="Loans disbursed" value={countText(data.totals.count)} />
              <FigureCard label="Principal" value={formatNaira(data.totals.principal)} />
              <FigureCard label="Processing fees" value={formatNaira(data.totals.processingFees)} />
              <FigureCard
                label="Net disbursed"
                value={formatNaira(data.totals.netDisbursed)}
                detail="Principal less processing fees"
              />
            </SimpleGrid>
            <DataTable
              label="Disbursements"
              columns={disbursementColumns(format, { withOfficer: isManager })}
              rows={data.rows.items}
              rowKey={(row) => row.loanId}
              isFetching={query.isFetching}
              empty={{
                title: 'No disbursements',
                description: 'No loan was disbursed in this period. Try another period or other filters.',
              }}
              {...listPage.tableProps(data.rows.total)}
              minWidth={1150}
            />
          </Stack>
        )
      }}
    </ReportView>
  )
}

function disbursementColumns(
  format: CompanyFormat,
  { withOfficer }: { withOfficer: boolean },
): DataTableColumn<DisbursementRow>[] {
  const columns: (DataTableColumn<DisbursementRow> | null)[] = [
    {
      key: 'disbursedOn',
      header: 'Disbursed on',
      render: (row) => <span style={NO_WRAP}>{format.date(row.disbursedOn)}</span>,
    },
    loanColumn(),
    memberColumn(),
    ...unionOfficerColumns<DisbursementRow>(withOfficer),
    {
      key: 'type',
      header: 'Loan type',
      render: (row) => (
        <Stack gap={0}>
          <Text size="sm">{row.loanTypeName}</Text>
          <Text size="xs" c="dimmed">
            {units(row.termCount, row.termUnit)}
          </Text>
        </Stack>
      ),
    },
    { key: 'principal', header: 'Principal', align: 'right', render: (row) => money(row.principal) },
    { key: 'fee', header: 'Processing fee', align: 'right', render: (row) => money(row.processingFee) },
    {
      key: 'net',
      header: 'Net disbursed',
      align: 'right',
      render: (row) => money(row.principal - row.processingFee),
    },
    { key: 'by', header: 'Disbursed by', render: (row) => row.disbursedBy ?? '—' },
  ]
  return columns.filter((column) => column !== null)
}
