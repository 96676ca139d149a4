import { Card, Select, Stack, Text, TextInput } from '@mantine/core'
import { keepPreviousData } from '@tanstack/react-query'
import { useSearchParams } from 'react-router'
import { DataTable, type DataTableColumn } from '../components/data-table'
import { DateRangeFilter, OPEN_RANGE, type DateRange } from '../components/date-range-filter'
import { ExportMenu } from '../components/export-menu'
import { LoginResult } from '../components/login-result'
import { PageHeader } from '../components/page-header'
import { StaffSelect } from '../components/staff-select'
import { useListPage } from '../hooks/use-list-page'
import { trpc, type RouterOutputs } from '../lib/trpc'
import { useCompanyFormat } from '../lib/use-company-format'
import { describeUserAgent } from '../lib/user-agent'
import { ListFilters } from '../components/list-filters'
import { countActiveFilters } from '../lib/list-page'

type LoginRow = RouterOutputs['loginHistory']['list']['items'][number]
type ResultFilter = 'all' | 'success' | 'failure'
type LoginFilters = { userId: string | null; result: ResultFilter; range: DateRange }

/** Every sign-in attempt, successful or not (docs/product.md §2). `?user=id` preselects a member of staff. */
export function LoginHistoryPage() {
  const format = useCompanyFormat()
  const [params] = useSearchParams()
  // The search box of this list is the email typed at sign-in.
  const listPage = useListPage<never, LoginFilters>({
    filters: { userId: params.get('user'), result: 'all', range: OPEN_RANGE },
  })
  const debouncedEmail = listPage.debouncedSearch
  const { userId, result, range } = listPage.filters

  const listInput = listPage.input({
    userId: userId ?? undefined,
    email: debouncedEmail || undefined,
    isSuccess: result === 'all' ? undefined : result === 'success',
    from: range[0] ?? undefined,
    to: range[1] ?? undefined,
  })
  const list = trpc.loginHistory.list.useQuery(listInput, { placeholderData: keepPreviousData })

  const columns: DataTableColumn<LoginRow>[] = [
    { key: 'when', header: 'When', render: (row) => format.dateTime(row.createdAt) },
    {
      key: 'who',
      header: 'Staff member',
      render: (row) => (
        <Stack gap={0}>
          <Text size="sm" fw={500}>
            {row.userName ?? 'Unknown account'}
          </Text>
          <Text size="xs" c="dimmed">
            {row.email}
          </Text>
        </Stack>
      ),
    },
    {
      key: 'result',
      header: 'Result',
      card: 'status',
      render: (row) => <LoginResult isSuccess={row.isSuccess} failureReason={row.failureReason} />,
    },
    { key: 'ip', header: 'IP address', render: (row) => row.ip ?? '—' },
    {
      key: 'device',
      header: 'Device',
      visibleFrom: 'md',
      render: (row) => <span title={row.userAgent ?? undefined}>{describeUserAgent(row.userAgent)}</span>,
    },
  ]

  const isFiltered = userId !== null || debouncedEmail !== '' || result !== 'all' || range[0] !== null

  return (
    <Stack gap="lg">
      <PageHeader
        title="Login history"
        description="Every sign-in attempt, successful or not, with where it came from."
        actions={<ExportMenu name="loginHistory" input={listInput} />}
      />
      <Card withBorder padding="md">
        <ListFilters activeCount={countActiveFilters([userId, listPage.search, result !== 'all', ...range])}>
          <StaffSelect label="Staff member" value={userId} onChange={listPage.onFilter('userId')} />
          <TextInput
            label="Email"
            placeholder="Typed at sign-in"
            value={listPage.search}
            onChange={(event) => {
              listPage.setSearch(event.currentTarget.value)
            }}
            w={{ base: '100%', sm: 220 }}
          />
          <Select
            label="Result"
            data={[
              { value: 'all', label: 'All attempts' },
              { value: 'success', label: 'Successful' },
              { value: 'failure', label: 'Failed' },
            ]}
            value={result}
            onChange={(value) => {
              listPage.setFilter('result', value ?? 'all')
            }}
            allowDeselect={false}
            w={{ base: '100%', sm: 160 }}
          />
          <DateRangeFilter value={range} onChange={listPage.onFilter('range')} />
        </ListFilters>
        <DataTable
          label="Login history"
          columns={columns}
          rowKey={(row) => row.id}
          errorTitle="Could not load login history"
          empty={
            isFiltered
              ? {
                  title: 'No sign-in attempts match',
                  description: 'Try other filters or a wider date range.',
                }
              : { title: 'No sign-in attempts yet' }
          }
          {...listPage.queryTableProps(list)}
          minWidth={760}
        />
      </Card>
    </Stack>
  )
}
