import { Anchor, Button, Card, Stack, Text } from '@mantine/core'
import { IconPlus } from '@tabler/icons-react'
import { keepPreviousData } from '@tanstack/react-query'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { useCurrentUser } from '../../auth/current-user'
import { DataTable, type DataTableColumn } from '../../components/data-table'
import { ExportMenu } from '../../components/export-menu'
import { PageHeader } from '../../components/page-header'
import { OfficerFilter } from '../../components/portfolio-filters'
import { ListFilters } from '../../components/list-filters'
import { SearchInput } from '../../components/search-input'
import { useListPage } from '../../hooks/use-list-page'
import { titleCase } from '../../lib/labels'
import { lendingPermissions } from '../../lib/lending-permissions'
import { trpc, type UnionRow, type UnionSort } from '../../lib/trpc'
import { useCompanyFormat } from '../../lib/use-company-format'
import { UnionActionsMenu, useUnionActions } from './union-actions'
import { UnionFormDialog } from './union-dialogs'
import { countActiveFilters } from '../../lib/list-page'

export function UnionsPage() {
  const me = useCurrentUser()
  const permissions = lendingPermissions(me.role)
  const isOfficer = me.role === 'CREDIT_OFFICER'
  const format = useCompanyFormat()
  const navigate = useNavigate()
  const listPage = useListPage<UnionSort, { officerId: string | null }>({
    defaultSort: { key: 'name', direction: 'asc' },
    filters: { officerId: null },
  })
  const { debouncedSearch } = listPage
  const { officerId } = listPage.filters
  const [isCreating, setIsCreating] = useState(false)
  const actions = useUnionActions()

  const listInput = listPage.input({
    search: debouncedSearch || undefined,
    creditOfficerId: officerId ?? undefined,
  })
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
      card: 'figure',
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
        <ListFilters
          activeCount={countActiveFilters([officerId])}
          search={
            <SearchInput
              placeholder="Union name or location"
              value={listPage.search}
              onChange={listPage.setSearch}
            />
          }
        >
          <OfficerFilter value={officerId} onChange={listPage.onFilter('officerId')} w={240} />
        </ListFilters>
        <DataTable
          label="Unions"
          columns={columns}
          rowKey={(union) => union.id}
          errorTitle="Could not load unions"
          empty={
            isFiltered
              ? { title: 'No unions match', description: 'Try another search or clear the officer filter.' }
              : permissions.canEditUnions
                ? { title: 'No unions yet', description: 'Create the first one with “New union”.' }
                : { title: 'No unions yet', description: 'Unions assigned to you appear here.' }
          }
          {...listPage.queryTableProps(list)}
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
