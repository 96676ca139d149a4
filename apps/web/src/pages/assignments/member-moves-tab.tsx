import { Anchor, Button, Card, Checkbox, Group, Text, TextInput } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconArrowsExchange, IconSearch } from '@tabler/icons-react'
import { keepPreviousData } from '@tanstack/react-query'
import { useState } from 'react'
import { Link } from 'react-router'
import { DataTable, type DataTableColumn } from '../../components/data-table'
import { UnionSelect } from '../../components/union-select'
import { useSelection } from '../../hooks/use-selection'
import { memberName } from '../../lib/member-rules'
import { trpc, type MemberRow } from '../../lib/trpc'
import { BulkMoveDialog } from './bulk-move-dialog'

const PAGE_SIZE = 20

/** Members with their unions (admin): tick several and move them to one union with a reason. */
export function MemberMovesTab() {
  const [search, setSearch] = useState('')
  const [debouncedSearch] = useDebouncedValue(search.trim(), 300)
  const [unionId, setUnionId] = useState<string | null>(null)
  const [page, setPage] = useState(1)
  const [moving, setMoving] = useState<readonly MemberRow[] | null>(null)
  const selection = useSelection<MemberRow>()
  const list = trpc.member.list.useQuery(
    {
      search: debouncedSearch || undefined,
      unionId: unionId ?? undefined,
      sort: 'name',
      direction: 'asc',
      page,
      pageSize: PAGE_SIZE,
    },
    { placeholderData: keepPreviousData },
  )
  const rows = list.data?.items
  const pageState = selection.pageState(rows)

  const columns: DataTableColumn<MemberRow>[] = [
    {
      key: 'select',
      header: (
        <Checkbox
          aria-label="Select all members on this page"
          checked={pageState.checked}
          indeterminate={pageState.indeterminate}
          onChange={() => {
            selection.toggleAll(rows ?? [])
          }}
        />
      ),
      render: (member) => (
        <Checkbox
          aria-label={`Select ${memberName(member)}`}
          checked={selection.isSelected(member.id)}
          onChange={() => {
            selection.toggle(member)
          }}
        />
      ),
    },
    {
      key: 'name',
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
    {
      key: 'actions',
      header: 'Actions',
      align: 'right',
      render: (member) => (
        <Button
          size="xs"
          variant="subtle"
          aria-label={`Move ${memberName(member)}`}
          onClick={() => {
            setMoving([member])
          }}
        >
          Move
        </Button>
      ),
    },
  ]

  return (
    <Card withBorder padding="md">
      <Group gap="sm" align="flex-end" mb="md">
        <TextInput
          label="Search"
          placeholder="Name, code, phone, BVN or NIN"
          leftSection={<IconSearch size={16} aria-hidden />}
          value={search}
          onChange={(event) => {
            setSearch(event.currentTarget.value)
            setPage(1)
          }}
          flex="1 1 220px"
        />
        <UnionSelect
          label="Union"
          placeholder="Any union"
          clearable
          value={unionId}
          onChange={(value) => {
            setUnionId(value)
            setPage(1)
          }}
          w={{ base: '100%', sm: 240 }}
        />
      </Group>
      <Group justify="space-between" mb="sm" mih={36}>
        <Text size="sm" c="dimmed" aria-live="polite">
          {selection.count === 0 ? 'Tick members to move several at once.' : `${selection.count} selected`}
        </Text>
        {selection.count > 0 ? (
          <Group gap="xs">
            <Button variant="subtle" size="sm" onClick={selection.clear}>
              Clear selection
            </Button>
            <Button
              size="sm"
              leftSection={<IconArrowsExchange size={16} aria-hidden />}
              onClick={() => {
                setMoving(selection.rows)
              }}
            >
              Move selected ({selection.count})
            </Button>
          </Group>
        ) : null}
      </Group>
      <DataTable
        label="Members to move"
        columns={columns}
        rows={rows}
        rowKey={(member) => member.id}
        error={list.error}
        isFetching={list.isFetching}
        onRetry={() => void list.refetch()}
        errorTitle="Could not load members"
        empty={{ title: 'No members found', description: 'Try another search or union.' }}
        pagination={{ page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, onPageChange: setPage }}
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
