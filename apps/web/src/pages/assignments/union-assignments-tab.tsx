import { Anchor, Card } from '@mantine/core'
import { keepPreviousData } from '@tanstack/react-query'
import { useState } from 'react'
import { Link } from 'react-router'
import { useCurrentUser } from '../../auth/current-user'
import { DataTable, type DataTableColumn } from '../../components/data-table'
import { OfficerSelect } from '../../components/officer-select'
import { ListFilters } from '../../components/list-filters'
import { SearchInput } from '../../components/search-input'
import { useListPage } from '../../hooks/use-list-page'
import { useSelection } from '../../hooks/use-selection'
import { titleCase } from '../../lib/labels'
import { lendingPermissions } from '../../lib/lending-permissions'
import { trpc, type UnionRow } from '../../lib/trpc'
import { ReassignUnionsDialog } from '../unions/union-dialogs'
import { SelectionBar, rowActionColumn, selectColumn } from './bulk-selection'
import { countActiveFilters } from '../../lib/list-page'

/** Unions with their officers: tick several and reassign them together (admin), or one at a time. */
export function UnionAssignmentsTab() {
  const permissions = lendingPermissions(useCurrentUser().role)
  const listPage = useListPage<never, { officerId: string | null }>({
    filters: { officerId: null },
    isPageSizeFixed: true,
  })
  const [reassigning, setReassigning] = useState<readonly UnionRow[] | null>(null)
  const selection = useSelection<UnionRow>()
  const list = trpc.union.list.useQuery(
    listPage.input({
      search: listPage.debouncedSearch || undefined,
      creditOfficerId: listPage.filters.officerId ?? undefined,
      sort: 'name',
      direction: 'asc',
    }),
    { placeholderData: keepPreviousData },
  )
  const rows = list.data?.items

  const columns: DataTableColumn<UnionRow>[] = [
    ...(permissions.canBulkReassignUnions
      ? [
          selectColumn(selection, rows, {
            all: 'Select all unions on this page',
            row: (union) => `Select ${union.name}`,
          }),
        ]
      : []),
    {
      key: 'name',
      card: 'title',
      header: 'Union',
      render: (union) => (
        <Anchor component={Link} to={`/unions/${union.id}`} fw={600} size="sm">
          {union.name}
        </Anchor>
      ),
    },
    { key: 'officer', header: 'Credit officer', render: (union) => union.creditOfficerName },
    {
      key: 'meets',
      header: 'Meets',
      visibleFrom: 'sm',
      render: (union) => (union.meetingDay ? titleCase(union.meetingDay) : '—'),
    },
    { key: 'members', header: 'Members', align: 'right', render: (union) => union.memberCount },
    rowActionColumn({
      label: 'Reassign',
      ariaLabel: (union) => `Reassign ${union.name}`,
      onAction: (union) => {
        setReassigning([union])
      },
    }),
  ]

  return (
    <Card withBorder padding="md">
      <ListFilters
        activeCount={countActiveFilters([listPage.filters.officerId])}
        search={
          <SearchInput
            placeholder="Union name or location"
            value={listPage.search}
            onChange={listPage.setSearch}
          />
        }
      >
        <OfficerSelect
          label="Credit officer"
          placeholder="Any officer"
          clearable
          value={listPage.filters.officerId}
          onChange={listPage.onFilter('officerId')}
          w={{ base: '100%', sm: 240 }}
        />
      </ListFilters>
      {permissions.canBulkReassignUnions ? (
        <SelectionBar
          count={selection.count}
          hint="Tick unions to reassign several at once."
          actionLabel="Reassign selected"
          onClear={selection.clear}
          onAction={() => {
            setReassigning(selection.rows)
          }}
        />
      ) : null}
      <DataTable
        label="Unions to reassign"
        columns={columns}
        rowKey={(union) => union.id}
        errorTitle="Could not load unions"
        empty={{ title: 'No unions found', description: 'Try another search or officer.' }}
        {...listPage.queryTableProps(list)}
        minWidth={600}
      />
      {reassigning ? (
        <ReassignUnionsDialog
          unions={reassigning}
          onClose={() => {
            setReassigning(null)
          }}
          onDone={selection.clear}
        />
      ) : null}
    </Card>
  )
}
