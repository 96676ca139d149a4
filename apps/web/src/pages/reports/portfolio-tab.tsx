// Reports → Portfolio: every loan's position as of a date, with totals.
import { SimpleGrid, Stack, Text } from '@mantine/core'
import { formatNaira } from '@mp/domain'
import { DataTable, type DataTableColumn } from '../../components/data-table'
import { useListPage } from '../../hooks/use-list-page'
import { agingBucketLabel, countText } from '../../lib/report-format'
import { type CompanyFormat } from '../../lib/use-company-format'
import { LoanStatusBadge } from '../loans/loan-status-badge'
import { AsOfComputation } from './as-of-computation'
import {
  FigureCard,
  InfoNote,
  loanColumn,
  memberColumn,
  money,
  NO_WRAP,
  unionOfficerColumns,
} from './report-parts'
import { PortfolioView } from './portfolio-view'
import { type Portfolio, type PortfolioInput, type PortfolioRow, type PortfolioSort } from './report-types'

export function PortfolioTab({
  input,
  format,
  isManager,
}: {
  input: PortfolioInput | null
  format: CompanyFormat
  isManager: boolean
}) {
  const listPage = useListPage<PortfolioSort>({ defaultSort: { key: 'loanNumber', direction: 'asc' } })
  return (
    <PortfolioView
      input={input === null ? null : listPage.input(input)}
      format={format}
      errorTitle="Could not load the portfolio"
      cards={4}
    >
      {(data, isFetching) => (
        <Stack gap="md">
          <AsOfNote asOf={data.asOf} source={data.source} format={format} />
          <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }}>
            <FigureCard
              label="Running loans"
              value={countText(data.totals.loans)}
              detail="Active or defaulted"
            />
            <FigureCard
              label="Outstanding principal"
              value={formatNaira(data.totals.outstandingPrincipal)}
              detail="The portfolio"
            />
            <FigureCard
              label="Outstanding"
              value={formatNaira(data.totals.outstanding)}
              detail="Principal, interest, fees and penalties"
            />
            <FigureCard
              label="Overdue"
              value={formatNaira(data.totals.overdue)}
              detail={`Of which principal ${formatNaira(data.totals.overduePrincipal)}`}
            />
            <FigureCard label="Penalties accrued" value={formatNaira(data.totals.penaltiesAccrued)} />
          </SimpleGrid>
          {data.rows === null ? (
            <AsOfComputation asOf={data.asOf} format={format} what="The loans" />
          ) : (
            <DataTable
              label="Portfolio"
              columns={portfolioColumns({ withOfficer: isManager })}
              rows={data.rows.items}
              rowKey={(row) => row.loanId}
              isFetching={isFetching}
              empty={{
                title: 'No loans on this date',
                description:
                  'No loan in your scope had been disbursed by then. Try a later date or other filters.',
              }}
              {...listPage.tableProps(data.rows.total)}
              minWidth={1300}
            />
          )}
        </Stack>
      )}
    </PortfolioView>
  )
}

function AsOfNote({
  asOf,
  source,
  format,
}: {
  asOf: string
  source: Portfolio['source']
  format: CompanyFormat
}) {
  return (
    <InfoNote>
      <Text span fw={700}>
        Portfolio at the end of {format.date(asOf)}.
      </Text>{' '}
      Balances, days past due and statuses as they stood that day: repayments dated later are left out,
      reversals made later had not happened yet, and loans disbursed later are not listed. Totals, PAR and
      aging count running loans (active or defaulted) only.
      {source === 'SNAPSHOT' ? ' Figures from the close of that day (the books as they stood then).' : ''}
    </InfoNote>
  )
}

function portfolioColumns({
  withOfficer,
}: {
  withOfficer: boolean
}): DataTableColumn<PortfolioRow, PortfolioSort>[] {
  const columns: (DataTableColumn<PortfolioRow, PortfolioSort> | null)[] = [
    { ...loanColumn<PortfolioRow>(), sortKey: 'loanNumber' },
    { ...memberColumn<PortfolioRow>(), sortKey: 'memberName' },
    ...unionOfficerColumns<PortfolioRow>(withOfficer),
    {
      key: 'status',
      header: 'Status',
      render: (row) => <LoanStatusBadge status={row.status} daysPastDue={row.daysPastDue} />,
    },
    { key: 'principal', header: 'Principal', align: 'right', render: (row) => money(row.principal) },
    {
      key: 'outstandingPrincipal',
      header: 'Outstanding principal',
      align: 'right',
      sortKey: 'outstandingPrincipal',
      render: (row) => money(row.outstandingPrincipal),
    },
    {
      key: 'outstanding',
      header: 'Outstanding',
      align: 'right',
      render: (row) => money(row.outstanding),
    },
    {
      key: 'overdue',
      header: 'Overdue',
      align: 'right',
      render: (row) => (
        <Text span size="sm" c={row.overdue > 0 ? 'red' : undefined} style={NO_WRAP}>
          {formatNaira(row.overdue)}
        </Text>
      ),
    },
    {
      key: 'daysPastDue',
      header: 'Days past due',
      align: 'right',
      sortKey: 'daysPastDue',
      render: (row) => (
        <Text
          span
          size="sm"
          c={row.daysPastDue > 0 ? 'red' : undefined}
          fw={row.daysPastDue > 0 ? 700 : undefined}
        >
          {row.daysPastDue}
        </Text>
      ),
    },
    {
      key: 'aging',
      header: 'Aging',
      render: (row) => <span style={NO_WRAP}>{agingBucketLabel(row.agingBucket)}</span>,
    },
  ]
  return columns.filter((column) => column !== null)
}
