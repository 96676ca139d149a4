import { Anchor, Badge, Card, Select, Stack, Switch, Text, Tooltip } from '@mantine/core'
import { formatNaira } from '@mp/domain'
import { keepPreviousData } from '@tanstack/react-query'
import { Link } from 'react-router'
import { DataTable, type DataTableColumn } from '../components/data-table'
import { DateRangeFilter, OPEN_RANGE, type DateRange } from '../components/date-range-filter'
import { ExportMenu } from '../components/export-menu'
import { OfficerFilter, UnionFilter } from '../components/portfolio-filters'
import { ListFilters } from '../components/list-filters'
import { PageHeader } from '../components/page-header'
import { ReceiptMenu } from '../components/receipt-menu'
import { SearchInput } from '../components/search-input'
import { useListPage } from '../hooks/use-list-page'
import { countActiveFilters } from '../lib/list-page'
import {
  REPAYMENT_METHOD_OPTIONS,
  isRepaymentMethod,
  methodLabel,
  type RepaymentMethod,
  type RepaymentSort,
} from '../lib/repayments'
import { trpc, type RouterOutputs } from '../lib/trpc'
import { useCompanyFormat, type CompanyFormat } from '../lib/use-company-format'

type RepaymentRow = RouterOutputs['repayment']['list']['items'][number]
type RepaymentFilters = {
  unionId: string | null
  officerId: string | null
  method: RepaymentMethod | null
  range: DateRange
  isReversedIncluded: boolean
}

/** Every payment received (docs/product.md §5), searched and filtered on the server; reversals stay visible. */
export function RepaymentsPage() {
  const format = useCompanyFormat()
  const listPage = useListPage<RepaymentSort, RepaymentFilters>({
    defaultSort: { key: 'paidOn', direction: 'desc' },
    filters: { unionId: null, officerId: null, method: null, range: OPEN_RANGE, isReversedIncluded: true },
  })
  const { debouncedSearch } = listPage
  const { unionId, officerId, method, range, isReversedIncluded } = listPage.filters

  const filters = {
    search: debouncedSearch || undefined,
    unionId: unionId ?? undefined,
    officerId: officerId ?? undefined,
    method: method ?? undefined,
    from: range[0] ?? undefined,
    to: range[1] ?? undefined,
    includeReversed: isReversedIncluded,
  }
  const listInput = listPage.cursorInput(filters)
  const list = trpc.repayment.list.useQuery(listInput, { placeholderData: keepPreviousData })
  // Counted and summed once per set of filters, not with every page (1.5 M payments at 100,000 loans).
  const totals = trpc.repayment.totals.useQuery(filters, { placeholderData: keepPreviousData })
  const isFiltered =
    debouncedSearch !== '' ||
    unionId !== null ||
    officerId !== null ||
    method !== null ||
    range[0] !== null ||
    range[1] !== null

  return (
    <Stack gap="lg">
      <PageHeader
        title="Repayments"
        description="Every payment received, how it was allocated, and reversals."
        actions={<ExportMenu name="repayments" input={listInput} />}
      />
      <Card withBorder padding="md">
        <ListFilters
          activeCount={countActiveFilters([unionId, officerId, method, ...range, !isReversedIncluded])}
          search={
            <SearchInput
              placeholder="Receipt, loan number, member or reference"
              value={listPage.search}
              onChange={listPage.setSearch}
              flex="1 1 240px"
            />
          }
        >
          <UnionFilter value={unionId} onChange={listPage.onFilter('unionId')} />
          <OfficerFilter value={officerId} onChange={listPage.onFilter('officerId')} w={200} />
          <Select
            label="Method"
            placeholder="Any method"
            data={REPAYMENT_METHOD_OPTIONS}
            value={method}
            onChange={(value) => {
              listPage.setFilter('method', isRepaymentMethod(value) ? value : null)
            }}
            clearable
            w={{ base: '100%', sm: 160 }}
          />
          <DateRangeFilter label="Date paid" value={range} onChange={listPage.onFilter('range')} />
          <Switch
            label="Include reversed"
            checked={isReversedIncluded}
            onChange={(event) => {
              listPage.setFilter('isReversedIncluded', event.currentTarget.checked)
            }}
            mb={8}
          />
        </ListFilters>
        {totals.data ? (
          <Text size="sm" mb="sm" aria-live="polite">
            {totals.data.count === 0
              ? 'No payments'
              : `${totals.data.count.toLocaleString('en-NG')} payment${totals.data.count === 1 ? '' : 's'}`}
            {' · '}
            <Text span fw={600}>
              {formatNaira(totals.data.amount)}
            </Text>{' '}
            received{isReversedIncluded ? ' (reversed payments not counted)' : ''}
          </Text>
        ) : null}
        <DataTable
          label="Repayments"
          columns={repaymentColumns(format)}
          rowKey={(row) => row.id}
          errorTitle="Could not load repayments"
          empty={
            isFiltered
              ? { title: 'No payments match', description: 'Try another search or clear the filters.' }
              : {
                  title: 'No payments yet',
                  description: 'Payments recorded on loans and collection sheets appear here.',
                }
          }
          {...listPage.cursorTableProps(list)}
          rowProps={(row) => (row.isReversed ? { bg: 'var(--mantine-color-gray-light)' } : {})}
          minWidth={760}
        />
      </Card>
    </Stack>
  )
}

function repaymentColumns(format: CompanyFormat): DataTableColumn<RepaymentRow, RepaymentSort>[] {
  return [
    {
      key: 'receipt',
      header: 'Receipt',
      render: (row) => (
        <Text size="sm" ff="monospace" td={row.isReversed ? 'line-through' : undefined}>
          {row.receiptNumber}
        </Text>
      ),
    },
    { key: 'paidOn', header: 'Date paid', sortKey: 'paidOn', render: (row) => format.date(row.paidOn) },
    {
      key: 'loan',
      header: 'Loan',
      render: (row) => (
        <Anchor component={Link} to={`/loans/${row.loanId}`} size="sm">
          {row.loanNumber}
        </Anchor>
      ),
    },
    {
      key: 'member',
      header: 'Member',
      render: (row) => (
        <Stack gap={0}>
          <Text size="sm" fw={500}>
            {row.memberName}
          </Text>
          <Text size="xs" c="dimmed">
            {row.memberCode}
          </Text>
        </Stack>
      ),
    },
    { key: 'union', header: 'Union', visibleFrom: 'xl', render: (row) => row.unionName },
    {
      key: 'amount',
      header: 'Amount',
      sortKey: 'amount',
      align: 'right',
      card: 'figure',
      render: (row) => (
        <Text
          size="sm"
          fw={500}
          td={row.isReversed ? 'line-through' : undefined}
          style={{ whiteSpace: 'nowrap' }}
        >
          {formatNaira(row.amount)}
        </Text>
      ),
    },
    { key: 'method', header: 'Method', render: (row) => methodLabel(row.method) },
    {
      key: 'reference',
      header: 'Reference',
      render: (row) => (
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          {row.reference ?? '—'}
        </Text>
      ),
    },
    { key: 'receivedBy', header: 'Received by', visibleFrom: 'xl', render: (row) => row.receivedBy ?? '—' },
    {
      key: 'status',
      header: 'Status',
      card: 'status',
      render: (row) =>
        row.isReversed ? (
          <Tooltip
            label={row.reversalReason ? `Reversed: ${row.reversalReason}` : 'Reversed'}
            multiline
            maw={280}
            withArrow
            events={{ hover: true, focus: true, touch: true }}
          >
            <Badge
              miw="max-content"
              color="red"
              variant="light"
              tabIndex={0}
              aria-label={row.reversalReason ? `Reversed: ${row.reversalReason}` : 'Reversed'}
            >
              Reversed
            </Badge>
          </Tooltip>
        ) : (
          <Badge miw="max-content" color="green" variant="light">
            Posted
          </Badge>
        ),
    },
    {
      key: 'pdf',
      header: 'Receipt PDF',
      render: (row) => <ReceiptMenu repaymentId={row.id} receiptNumber={row.receiptNumber} />,
    },
  ]
}
