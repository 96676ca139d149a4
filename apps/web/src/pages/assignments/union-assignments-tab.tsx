import { Anchor, Button, Card, Checkbox, Group, Text, TextInput } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconArrowsExchange, IconSearch } from '@tabler/icons-react'
import { keepPreviousData } from '@tanstack/react-query'
import { useState } from 'react'
import { Link } from 'react-router'
import { useCurrentUser } from '../../auth/current-user'
import { DataTable, type DataTableColumn } from '../../components/data-table'
import { OfficerSelect } from '../../components/officer-select'
import { useSelection } from '../../hooks/use-selection'
import { titleCase } from '../../lib/labels'
import { lendingPermissions } from '../../lib/lending-permissions'
import { trpc, type UnionRow } from '../../lib/trpc'
import { ReassignUnionsDialog } from '../unions/union-dialogs'

const PAGE_SIZE = 20

/** Unions with their officers: tick several and reassign them together (admin), or one at a time. */
export function UnionAssignmentsTab() {
  const permissions = lendingPermissions(useCurrentUser().role)
  const [search, setSearch] = useState('')
  const [debouncedSearch] = useDebouncedValue(search.trim(), 300)
  const [officerId, setOfficerId] = useState<string | null>(null)
  const [page, setPage] = useState(1)
  const [reassigning, setReassigning] = useState<readonly UnionRow[] | null>(null)
  const selection = useSelection<UnionRow>()
  const list = trpc.union.list.useQuery(
    {
      search: debouncedSearch || undefined,
      creditOfficerId: officerId ?? undefined,
      sort: 'name',
      direction: 'asc',
      page,
      pageSize: PAGE_SIZE,
    },
    { placeholderData: keepPreviousData },
  )
  const rows = list.data?.items
  const pageState = selection.pageState(rows)

  const columns: DataTableColumn<UnionRow>[] = [
    ...(permissions.canBulkReassignUnions
      ? [
          {
            key: 'select',
            header: (
              <Checkbox
                aria-label="Select all unions on this page"
                checked={pageState.checked}
                indeterminate={pageState.indeterminate}
                onChange={() => {
                  selection.toggleAll(rows ?? [])
                }}
              />
            ),
            render: (union: UnionRow) => (
              <Checkbox
                aria-label={`Select ${union.name}`}
                checked={selection.isSelected(union.id)}
                onChange={() => {
                  selection.toggle(union)
                }}
              />
            ),
          },
        ]
      : []),
    {
      key: 'name',
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
    {
      key: 'actions',
      header: 'Actions',
      align: 'right',
      render: (union) => (
        <Button
          size="xs"
          variant="subtle"
          aria-label={`Reassign ${union.name}`}
          onClick={() => {
            setReassigning([union])
          }}
        >
          Reassign
        </Button>
      ),
    },
  ]

  return (
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
      </Group>
      {permissions.canBulkReassignUnions ? (
        <Group justify="space-between" mb="sm" mih={36}>
          <Text size="sm" c="dimmed" aria-live="polite">
            {selection.count === 0
              ? 'Tick unions to reassign several at once.'
              : `${selection.count} selected`}
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
                  setReassigning(selection.rows)
                }}
              >
                Reassign selected ({selection.count})
              </Button>
            </Group>
          ) : null}
        </Group>
      ) : null}
      <DataTable
        label="Unions to reassign"
        columns={columns}
        rows={rows}
        rowKey={(union) => union.id}
        error={list.error}
        isFetching={list.isFetching}
        onRetry={() => void list.refetch()}
        errorTitle="Could not load unions"
        empty={{ title: 'No unions found', description: 'Try another search or officer.' }}
        pagination={{ page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, onPageChange: setPage }}
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
