import { Anchor, Button, Card, Group, Stack, Text, TextInput } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconPlus, IconSearch } from '@tabler/icons-react'
import { keepPreviousData } from '@tanstack/react-query'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { useCurrentUser } from '../../auth/current-user'
import { DataTable, type DataTableColumn, type SortState } from '../../components/data-table'
import { ExportMenu } from '../../components/export-menu'
import { OfficerSelect } from '../../components/officer-select'
import { PageHeader } from '../../components/page-header'
import { titleCase } from '../../lib/labels'
import { lendingPermissions } from '../../lib/lending-permissions'
import { trpc, type UnionRow, type UnionSort } from '../../lib/trpc'
import { useCompanyFormat } from '../../lib/use-company-format'
import { UnionActionsMenu, useUnionActions } from './union-actions'
import { UnionFormDialog } from './union-dialogs'

const DEFAULT_PAGE_SIZE = 20

export function UnionsPage() {
  const me = useCurrentUser()
  const permissions = lendingPermissions(me.role)
  const isOfficer = me.role === 'CREDIT_OFFICER'
  const format = useCompanyFormat()
  const navigate = useNavigate()
  const [search, setSearch] = useState('')
  const [debouncedSearch] = useDebouncedValue(search.trim(), 300)
  const [officerId, setOfficerId] = useState<string | null>(null)
  const [sort, setSort] = useState<SortState<UnionSort>>({ key: 'name', direction: 'asc' })
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(DEFAULT_PAGE_SIZE)
  const [isCreating, setIsCreating] = useState(false)
  const actions = useUnionActions()

  const listInput = {
    search: debouncedSearch || undefined,
    creditOfficerId: officerId ?? undefined,
    sort: sort.key,
    direction: sort.direction,
    page,
    pageSize,
  }
  const list = trpc.union.list.useQuery(listInput, { placeholderData: keepPreviousData })

  const columns: DataTableColumn<UnionRow, UnionSort>[] = [
    {
      key: 'name',
      header: 'Union',
      sortKey: 'name',
      render: (union) => (
        <Stack gap={0}>
          <Anchor component={Link} to={`/unions/${union.id}`} fw={600} size="sm">
            {union.name}
          </Anchor>
          {union.location ? (
            <Text size="xs" c="dimmed">
              {union.location}
            </Text>
          ) : null}
        </Stack>
      ),
    },
    { key: 'officer', header: 'Credit officer', render: (union) => union.creditOfficerName },
    {
      key: 'meetingDay',
      header: 'Meets',
      visibleFrom: 'sm',
      render: (union) => (union.meetingDay ? titleCase(union.meetingDay) : '—'),
    },
    {
      key: 'members',
      header: 'Members',
      sortKey: 'memberCount',
      align: 'right',
      render: (union) => union.memberCount,
    },
    { key: 'loans', header: 'Loans', align: 'right', visibleFrom: 'md', render: (union) => union.loanCount },
    {
      key: 'created',
      header: 'Added',
      sortKey: 'createdAt',
      visibleFrom: 'lg',
      render: (union) => format.date(union.createdAt),
    },
    {
      key: 'actions',
      header: 'Actions',
      align: 'right',
      render: (union) => <UnionActionsMenu union={union} onAction={actions.open} />,
    },
  ]

  const isFiltered = debouncedSearch !== '' || officerId !== null

  return (
    <Stack gap="lg">
      <PageHeader
        title="Unions"
        description={
          isOfficer
            ? 'Your unions: where they meet and who is in them.'
            : 'Borrower groups, where they meet and which credit officer looks after them.'
        }
        actions={
          <>
            <ExportMenu name="unions" input={listInput} />
            {permissions.canEditUnions ? (
              <Button
                leftSection={<IconPlus size={18} aria-hidden />}
                onClick={() => {
                  setIsCreating(true)
                }}
              >
                New union
              </Button>
            ) : null}
          </>
        }
      />
      <Card withBorder padding="md">
        <Group gap="sm" align="flex-end" mb="md">
          <TextInput
            label="Search"
            placeholder="Union name or location"
            leftSection={<IconSearch size={16} aria-hidden />}
            value={search}
            onChange={(event) => {
              setSearch(event.currentTarget.value)
              setPage(1)
            }}
            flex="1 1 220px"
          />
          {isOfficer ? null : (
            <OfficerSelect
              label="Credit officer"
              placeholder="Any officer"
              clearable
              value={officerId}
              onChange={(value) => {
                setOfficerId(value)
                setPage(1)
              }}
              w={{ base: '100%', sm: 240 }}
            />
          )}
        </Group>
        <DataTable
          label="Unions"
          columns={columns}
          rows={list.data?.items}
          rowKey={(union) => union.id}
          error={list.error}
          isFetching={list.isFetching}
          onRetry={() => void list.refetch()}
          errorTitle="Could not load unions"
          empty={
            isFiltered
              ? { title: 'No unions match', description: 'Try another search or clear the officer filter.' }
              : permissions.canEditUnions
                ? { title: 'No unions yet', description: 'Create the first one with “New union”.' }
                : { title: 'No unions yet', description: 'Unions assigned to you appear here.' }
          }
          sort={sort}
          onSortChange={(next) => {
            setSort(next)
            setPage(1)
          }}
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
          minWidth={680}
        />
      </Card>
      {isCreating ? (
        <UnionFormDialog
          onClose={() => {
            setIsCreating(false)
          }}
          onCreated={(union) => {
            void navigate(`/unions/${union.id}`)
          }}
        />
      ) : null}
      {actions.dialog}
    </Stack>
  )
}
