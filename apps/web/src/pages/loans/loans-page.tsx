import { Anchor, Button, Card, Group, Select, Stack, Text, TextInput } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { formatNaira } from '@mp/domain'
import { IconPlus } from '@tabler/icons-react'
import { keepPreviousData } from '@tanstack/react-query'
import { Link, useSearchParams } from 'react-router'
import { useCurrentUser } from '../../auth/current-user'
import { DataTable, type DataTableColumn } from '../../components/data-table'
import { DateRangeFilter, OPEN_RANGE, type DateRange } from '../../components/date-range-filter'
import { ExportMenu } from '../../components/export-menu'
import { ListFilters } from '../../components/list-filters'
import { PageHeader } from '../../components/page-header'
import { OfficerFilter, UnionFilter } from '../../components/portfolio-filters'
import { SearchInput } from '../../components/search-input'
import { useIsPhone } from '../../hooks/use-is-phone'
import { useListPage } from '../../hooks/use-list-page'
import { useSelection } from '../../hooks/use-selection'
import { countActiveFilters } from '../../lib/list-page'
import { amountFilter } from '../../lib/loan-form'
import { isLoanStatusFilter, LOAN_STATUS_FILTER_OPTIONS, type LoanStatusFilter } from '../../lib/loan-status'
import { trpc } from '../../lib/trpc'
import { useCompanyFormat, type CompanyFormat } from '../../lib/use-company-format'
import { selectColumn } from '../assignments/bulk-selection'
import { BulkApproveBar } from './bulk-approve'
import type { LoanRow, LoanSort } from './loan-data'
import { LoanStatusBadge } from './loan-status-badge'

type LoanFilters = {
  status: LoanStatusFilter | null
  unionId: string | null
  officerId: string | null
  /** The amounts as typed. */
  minText: string
  maxText: string
  created: DateRange
}

/**
 * /loans: every loan in the user's scope, searched, filtered, sorted and paged on the server. Other pages
 * may link here with `?status=OVERDUE`, `?union=<id>`, `?officer=<id>` or `?member=<id>`.
 */
export function LoansPage() {
  const me = useCurrentUser()
  const format = useCompanyFormat()
  const isPhone = useIsPhone()
  const selection = useSelection<LoanRow>()
  const [searchParams] = useSearchParams()
  const initialStatus = searchParams.get('status')
  const memberId = searchParams.get('member') ?? undefined

  const listPage = useListPage<LoanSort, LoanFilters>({
    defaultSort: { key: 'createdAt', direction: 'desc' },
    filters: {
      status: isLoanStatusFilter(initialStatus) ? initialStatus : null,
      unionId: searchParams.get('union'),
      officerId: searchParams.get('officer'),
      minText: '',
      maxText: '',
      created: OPEN_RANGE,
    },
  })
  const { debouncedSearch } = listPage
  const { status, unionId, officerId, minText, maxText, created } = listPage.filters
  const [debouncedMin] = useDebouncedValue(minText, 400)
  const [debouncedMax] = useDebouncedValue(maxText, 400)

  const isManager = me.role !== 'CREDIT_OFFICER'
  // Supervisors and admins approve several pending loans at once; the ticks show only on that filter.
  const canBulkApprove = isManager && status === 'PENDING_APPROVAL'
  const min = amountFilter(debouncedMin, 'From amount')
  const max = amountFilter(debouncedMax, 'To amount')
  const rangeError =
    min.kobo !== undefined && max.kobo !== undefined && max.kobo < min.kobo
      ? 'To amount must be at least the from amount'
      : undefined

  const listInput = listPage.cursorInput({
    search: debouncedSearch || undefined,
    status: status ?? undefined,
    unionId: unionId ?? undefined,
    officerId: isManager ? (officerId ?? undefined) : undefined,
    memberId,
    minPrincipal: min.kobo,
    maxPrincipal: rangeError ? undefined : max.kobo,
    from: created[0] ?? undefined,
    to: created[1] ?? undefined,
  })
  const list = trpc.loan.list.useQuery(listInput, { placeholderData: keepPreviousData })
  const columns = loanColumns(format, { withOfficer: isManager })
  if (canBulkApprove)
    columns.unshift(
      selectColumn(selection, list.data?.items, {
        all: 'Select all loans on this page',
        row: (loan) => `Select ${loan.loanNumber}`,
      }),
    )
  const isFiltered =
    debouncedSearch !== '' ||
    status !== null ||
    unionId !== null ||
    officerId !== null ||
    memberId !== undefined ||
    min.kobo !== undefined ||
    max.kobo !== undefined ||
    created[0] !== null ||
    created[1] !== null

  return (
    <Stack gap="lg">
      <PageHeader
        title="Loans"
        description="Applications, approvals, disbursements, schedules and the life of every loan."
        actions={
          <>
            <ExportMenu name="loans" input={listInput} />
            <Button component={Link} to="/loans/new" leftSection={<IconPlus size={18} aria-hidden />}>
              New loan
            </Button>
          </>
        }
      />
      <Card withBorder padding="md">
        <ListFilters
          align="flex-start"
          activeCount={countActiveFilters([status, unionId, officerId, minText, maxText, ...created])}
          search={
            <SearchInput
              placeholder="Loan number, member name, code or phone"
              value={listPage.search}
              onChange={listPage.setSearch}
              flex="1 1 240px"
            />
          }
        >
          <Select
            label="Status"
            placeholder="Any status"
            data={LOAN_STATUS_FILTER_OPTIONS.map((option) => ({ ...option }))}
            value={status}
            onChange={(value) => {
              listPage.setFilter('status', isLoanStatusFilter(value) ? value : null)
              selection.clear()
            }}
            clearable
            w={{ base: '100%', sm: 180 }}
          />
          <UnionFilter value={unionId} onChange={listPage.onFilter('unionId')} />
          <OfficerFilter value={officerId} onChange={listPage.onFilter('officerId')} w={200} />
          <Group gap="sm" wrap="nowrap" align="flex-start" w={{ base: '100%', sm: 300 }}>
            <TextInput
              label="From amount (₦)"
              placeholder="0.00"
              inputMode="decimal"
              value={minText}
              onChange={(event) => {
                listPage.setFilter('minText', event.currentTarget.value)
              }}
              error={min.error}
              flex={1}
            />
            <TextInput
              label="To amount (₦)"
              placeholder="Any"
              inputMode="decimal"
              value={maxText}
              onChange={(event) => {
                listPage.setFilter('maxText', event.currentTarget.value)
              }}
              error={max.error ?? rangeError}
              flex={1}
            />
          </Group>
          <DateRangeFilter label="Created" value={created} onChange={listPage.onFilter('created')} />
        </ListFilters>
        {memberId ? (
          <Text size="sm" mb="sm">
            Showing one member's loans.{' '}
            <Anchor component={Link} to="/loans">
              Show all loans
            </Anchor>
          </Text>
        ) : null}
        {canBulkApprove ? (
          <BulkApproveBar selection={selection} rows={list.data?.items} isPhone={isPhone} />
        ) : null}
        <DataTable
          label="Loans"
          columns={columns}
          rowKey={(loan) => loan.id}
          errorTitle="Could not load loans"
          empty={
            isFiltered
              ? { title: 'No loans match', description: 'Try another search or clear the filters.' }
              : { title: 'No loans yet', description: 'Start an application with “New loan”.' }
          }
          {...listPage.cursorTableProps(list)}
          minWidth={760}
        />
      </Card>
    </Stack>
  )
}

function loanColumns(
  format: CompanyFormat,
  { withOfficer }: { withOfficer: boolean },
): DataTableColumn<LoanRow, LoanSort>[] {
  const columns: (DataTableColumn<LoanRow, LoanSort> | null)[] = [
    {
      key: 'loanNumber',
      header: 'Loan',
      sortKey: 'loanNumber',
      render: (loan) => (
        <Anchor component={Link} to={`/loans/${loan.id}`} ff="monospace" fw={600} size="sm">
          {loan.loanNumber}
        </Anchor>
      ),
    },
    {
      key: 'member',
      header: 'Member',
      sortKey: 'memberName',
      render: (loan) => (
        <Stack gap={0}>
          <Anchor component={Link} to={`/members/${loan.memberId}`} size="sm">
            {loan.memberName}
          </Anchor>
          <Text size="xs" c="dimmed" ff="monospace">
            {loan.memberCode}
          </Text>
        </Stack>
      ),
    },
    {
      key: 'union',
      header: 'Union',
      render: (loan) => (
        <Anchor component={Link} to={`/unions/${loan.unionId}`} size="sm">
          {loan.unionName}
        </Anchor>
      ),
    },
    withOfficer ? { key: 'officer', header: 'Officer', render: (loan) => loan.officerName } : null,
    { key: 'type', header: 'Type', render: (loan) => loan.loanTypeName },
    {
      key: 'principal',
      header: 'Principal',
      sortKey: 'principal',
      align: 'right',
      card: 'figure',
      render: (loan) => (
        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
          {formatNaira(loan.principal)}
        </Text>
      ),
    },
    {
      key: 'status',
      header: 'Status',
      sortKey: 'status',
      card: 'status',
      render: (loan) => <LoanStatusBadge status={loan.status} daysPastDue={loan.daysPastDue} />,
    },
    {
      key: 'startDate',
      header: 'Start date',
      sortKey: 'startDate',
      render: (loan) => <span style={{ whiteSpace: 'nowrap' }}>{format.date(loan.startDate)}</span>,
    },
    {
      key: 'createdAt',
      header: 'Created',
      sortKey: 'createdAt',
      visibleFrom: 'xl',
      render: (loan) => <span style={{ whiteSpace: 'nowrap' }}>{format.date(loan.createdAt)}</span>,
    },
  ]
  return columns.filter((column) => column !== null)
}
