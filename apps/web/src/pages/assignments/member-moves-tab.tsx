import { Anchor, Card } from '@mantine/core'
import { keepPreviousData } from '@tanstack/react-query'
import { useState } from 'react'
import { Link } from 'react-router'
import { DataTable, type DataTableColumn } from '../../components/data-table'
import { ListFilters } from '../../components/list-filters'
import { SearchInput } from '../../components/search-input'
import { UnionSelect } from '../../components/union-select'
import { useListPage } from '../../hooks/use-list-page'
import { useSelection } from '../../hooks/use-selection'
import { memberName } from '../../lib/member-rules'
import { trpc, type MemberRow } from '../../lib/trpc'
import { BulkMoveDialog } from './bulk-move-dialog'
import { SelectionBar, rowActionColumn, selectColumn } from './bulk-selection'
import { countActiveFilters } from '../../lib/list-page'

/** Members with their unions (admin): tick several and move them to one union with a reason. */
export function MemberMovesTab() {
  const listPage = useListPage<never, { unionId: string | null }>({
    filters: { unionId: null },
    isPageSizeFixed: true,
  })
  const [moving, setMoving] = useState<readonly MemberRow[] | null>(null)
  const selection = useSelection<MemberRow>()
  const list = trpc.member.list.useQuery(
    listPage.cursorInput({
      search: listPage.debouncedSearch || undefined,
      unionId: listPage.filters.unionId ?? undefined,
      sort: 'name',
      direction: 'asc',
    }),
    { placeholderData: keepPreviousData },
  )
  const rows = list.data?.items

  const columns: DataTableColumn<MemberRow>[] = [
    selectColumn(selection, rows, {
      all: 'Select all members on this page',
      row: (member) => `Select ${memberName(member)}`,
    }),
    {
      key: 'name',
      card: 'title',
      header: 'Member',
      render: (member) => (
        <Anchor component={Link} to={`/members/${member.id}`} fw={600} size="sm">
          {memberName(member)} ({member.code})
        </Anchor>
      ),
    },
    { key: 'union', header: 'Union', render: (member) => member.unionName },
    {
      key: 'officer',
      header: 'Credit officer',
      visibleFrom: 'sm',
      render: (member) => member.creditOfficerName,
    },
    rowActionColumn({
      label: 'Move',
      ariaLabel: (member) => `Move ${memberName(member)}`,
      onAction: (member) => {
        setMoving([member])
      },
    }),
  ]

  return (
    <Card withBorder padding="md">
      <ListFilters
        activeCount={countActiveFilters([listPage.filters.unionId])}
        search={
          <SearchInput
            placeholder="Name, code, phone, BVN or NIN"
            value={listPage.search}
            onChange={listPage.setSearch}
          />
        }
      >
        <UnionSelect
          label="Union"
          placeholder="Any union"
          clearable
          value={listPage.filters.unionId}
          onChange={listPage.onFilter('unionId')}
          w={{ base: '100%', sm: 240 }}
        />
      </ListFilters>
      <SelectionBar
        count={selection.count}
        hint="Tick members to move several at once."
        actionLabel="Move selected"
        onClear={selection.clear}
        onAction={() => {
          setMoving(selection.rows)
        }}
      />
      <DataTable
        label="Members to move"
        columns={columns}
        rowKey={(member) => member.id}
        errorTitle="Could not load members"
        empty={{ title: 'No members found', description: 'Try another search or union.' }}
        {...listPage.cursorTableProps(list)}
        minWidth={600}
      />
      {moving ? (
        <BulkMoveDialog
          members={moving}
          onClose={() => {
            setMoving(null)
          }}
          onDone={selection.clear}
        />
      ) : null}
    </Card>
  )
}
