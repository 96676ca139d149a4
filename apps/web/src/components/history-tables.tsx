import { useState } from 'react'
import { Anchor, Stack, Text } from '@mantine/core'
import { Link } from 'react-router'
import { trpc, type MemberMove, type UnionAssignment } from '../lib/trpc'
import { useCompanyFormat } from '../lib/use-company-format'
import { DataTable, type DataTableColumn, type DataTablePagination } from './data-table'

type UnionAssignmentRow = Omit<UnionAssignment, 'unionId' | 'unionName'> & {
  unionId?: string
  unionName?: string
}

type HistoryTableProps<TRow> = {
  rows: readonly TRow[] | undefined
  error?: unknown
  isFetching?: boolean
  onRetry?: () => void
  pagination?: DataTablePagination
}

function WhoWhen({ actorName, createdAt }: { actorName: string | null; createdAt: Date }) {
  const format = useCompanyFormat()
  return (
    <Stack gap={0}>
      <Text size="sm">{format.dateTime(createdAt)}</Text>
      <Text size="xs" c="dimmed">
        {actorName ?? 'Unknown'}
      </Text>
    </Stack>
  )
}

/** Which officer a union moved from and to, why, who did it and when (docs/product.md §6: history visible). */
export function UnionAssignmentsTable({
  withUnion,
  ...props
}: HistoryTableProps<UnionAssignmentRow> & { withUnion: boolean }) {
  const columns: DataTableColumn<UnionAssignmentRow>[] = [
    { key: 'when', header: 'When / by', render: (row) => <WhoWhen {...row} /> },
    ...(withUnion
      ? [
          {
            key: 'union',
            header: 'Union',
            render: (row: UnionAssignmentRow) =>
              row.unionId ? (
                <Anchor component={Link} to={`/unions/${row.unionId}`} size="sm">
                  {row.unionName}
                </Anchor>
              ) : (
                (row.unionName ?? '—')
              ),
          },
        ]
      : []),
    { key: 'from', header: 'From officer', render: (row) => row.fromOfficerName ?? 'None (new union)' },
    { key: 'to', header: 'To officer', render: (row) => row.toOfficerName },
    { key: 'reason', header: 'Reason', render: (row) => row.reason },
  ]
  return (
    <DataTable
      label="Officer assignments"
      columns={columns}
      rowKey={(row) => row.id}
      errorTitle="Could not load the assignment history"
      empty={{
        title: 'No reassignments yet',
        description: 'When a union moves to another officer, it shows here.',
      }}
      minWidth={640}
      {...props}
    />
  )
}

/** Which union a member moved from and to, why, who did it and when. */
export function MemberMovesTable({
  withMember,
  ...props
}: HistoryTableProps<MemberMove> & { withMember: boolean }) {
  const columns: DataTableColumn<MemberMove>[] = [
    { key: 'when', header: 'When / by', render: (row) => <WhoWhen {...row} /> },
    ...(withMember
      ? [
          {
            key: 'member',
            header: 'Member',
            render: (row: MemberMove) => (
              <Anchor component={Link} to={`/members/${row.memberId}`} size="sm">
                {row.memberName} ({row.memberCode})
              </Anchor>
            ),
          },
        ]
      : []),
    { key: 'from', header: 'From union', render: (row) => row.fromUnionName },
    { key: 'to', header: 'To union', render: (row) => row.toUnionName },
    { key: 'reason', header: 'Reason', render: (row) => row.reason },
  ]
  return (
    <DataTable
      label="Member moves"
      columns={columns}
      rowKey={(row) => row.id}
      errorTitle="Could not load the move history"
      empty={{ title: 'No moves yet', description: 'When a member moves to another union, it shows here.' }}
      minWidth={640}
      {...props}
    />
  )
}

const PAGE_SIZE = 20

/** Paginated union assignment history for the whole scope, or one union or officer. */
export function PagedUnionAssignments({ unionId, officerId }: { unionId?: string; officerId?: string }) {
  const [page, setPage] = useState(1)
  const history = trpc.assignment.unionHistory.useQuery({ unionId, officerId, page, pageSize: PAGE_SIZE })
  return (
    <UnionAssignmentsTable
      withUnion={unionId === undefined}
      rows={history.data?.items}
      error={history.error}
      isFetching={history.isFetching}
      onRetry={() => void history.refetch()}
      pagination={{ page, pageSize: PAGE_SIZE, total: history.data?.total ?? 0, onPageChange: setPage }}
    />
  )
}

/** Paginated member move history for the whole scope, or one member or union. */
export function PagedMemberMoves({ memberId, unionId }: { memberId?: string; unionId?: string }) {
  const [page, setPage] = useState(1)
  const history = trpc.assignment.memberHistory.useQuery({ memberId, unionId, page, pageSize: PAGE_SIZE })
  return (
    <MemberMovesTable
      withMember={memberId === undefined}
      rows={history.data?.items}
      error={history.error}
      isFetching={history.isFetching}
      onRetry={() => void history.refetch()}
      pagination={{ page, pageSize: PAGE_SIZE, total: history.data?.total ?? 0, onPageChange: setPage }}
    />
  )
}
