import { Card, Group, Select, Stack, Text, TextInput } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { keepPreviousData } from '@tanstack/react-query'
import { useState } from 'react'
import { useSearchParams } from 'react-router'
import { DataTable, type DataTableColumn } from '../components/data-table'
import { DateRangeFilter, OPEN_RANGE, type DateRange } from '../components/date-range-filter'
import { ExportMenu } from '../components/export-menu'
import { LoginResult } from '../components/login-result'
import { PageHeader } from '../components/page-header'
import { StaffSelect } from '../components/staff-select'
import { trpc, type RouterOutputs } from '../lib/trpc'
import { useCompanyFormat } from '../lib/use-company-format'
import { describeUserAgent } from '../lib/user-agent'

type LoginRow = RouterOutputs['loginHistory']['list']['items'][number]
type ResultFilter = 'all' | 'success' | 'failure'

const DEFAULT_PAGE_SIZE = 20

/** Every sign-in attempt, successful or not (SPEC §2). `?user=id` preselects a member of staff. */
export function LoginHistoryPage() {
  const format = useCompanyFormat()
  const [params] = useSearchParams()
  const [userId, setUserId] = useState<string | null>(params.get('user'))
  const [email, setEmail] = useState('')
  const [debouncedEmail] = useDebouncedValue(email.trim(), 300)
  const [result, setResult] = useState<ResultFilter>('all')
  const [range, setRange] = useState<DateRange>(OPEN_RANGE)
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(DEFAULT_PAGE_SIZE)

  const listInput = {
    userId: userId ?? undefined,
    email: debouncedEmail || undefined,
    isSuccess: result === 'all' ? undefined : result === 'success',
    from: range[0] ?? undefined,
    to: range[1] ?? undefined,
    page,
    pageSize,
  }
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
        <Group gap="sm" align="flex-end" mb="md">
          <StaffSelect
            label="Staff member"
            value={userId}
            onChange={(value) => {
              setUserId(value)
              setPage(1)
            }}
          />
          <TextInput
            label="Email"
            placeholder="Typed at sign-in"
            value={email}
            onChange={(event) => {
              setEmail(event.currentTarget.value)
              setPage(1)
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
              setResult(value ?? 'all')
              setPage(1)
            }}
            allowDeselect={false}
            w={{ base: '100%', sm: 160 }}
          />
          <DateRangeFilter
            value={range}
            onChange={(value) => {
              setRange(value)
              setPage(1)
            }}
          />
        </Group>
        <DataTable
          label="Login history"
          columns={columns}
          rows={list.data?.items}
          rowKey={(row) => row.id}
          error={list.error}
          isFetching={list.isFetching}
          onRetry={() => void list.refetch()}
          errorTitle="Could not load login history"
          empty={
            isFiltered
              ? {
                  title: 'No sign-in attempts match',
                  description: 'Try other filters or a wider date range.',
                }
              : { title: 'No sign-in attempts yet' }
          }
          pagination={{
            page,
            pageSize,
            total: list.data?.total ?? 0,
            onPageChange: setPage,
            onPageSizeChange: (next) => {
              setPageSize(next)
              setPage(1)
            },
          }}
          minWidth={760}
        />
      </Card>
    </Stack>
  )
}
