import {
  Center,
  EmptyState,
  Group,
  Pagination,
  Select,
  Skeleton,
  Table,
  Text,
  UnstyledButton,
} from '@mantine/core'
import { IconArrowDown, IconArrowUp, IconArrowsSort, IconDatabaseOff } from '@tabler/icons-react'
import type { ReactNode } from 'react'
import { ErrorState } from './states'

export type SortDirection = 'asc' | 'desc'
export type SortState<TSort extends string> = { key: TSort; direction: SortDirection }

export type DataTableColumn<TRow, TSort extends string = never> = {
  /** Unique per table; also the React key. */
  key: string
  /** Usually text; a control (a "select all" checkbox) is fine too. */
  header: ReactNode
  render: (row: TRow) => ReactNode
  /** Makes the header a sort button; the server sorts by this key. */
  sortKey?: TSort
  /** Hide on narrow screens (the row stays scrollable either way). */
  visibleFrom?: 'sm' | 'md' | 'lg'
  align?: 'left' | 'right'
}

export type DataTablePagination = {
  page: number
  pageSize: number
  total: number
  onPageChange: (page: number) => void
  onPageSizeChange?: (pageSize: number) => void
}

type DataTableProps<TRow, TSort extends string> = {
  /** Accessible name of the table, e.g. "Staff". */
  label: string
  columns: readonly DataTableColumn<TRow, TSort>[]
  rows: readonly TRow[] | undefined
  rowKey: (row: TRow) => string
  /** The query's error; shown with a retry button when there is nothing to show. */
  error?: unknown
  onRetry?: () => void
  isFetching?: boolean
  errorTitle?: string
  empty: { title: string; description?: string }
  sort?: SortState<TSort>
  onSortChange?: (sort: SortState<TSort>) => void
  pagination?: DataTablePagination
  /** Below this width the table scrolls sideways instead of squashing (phones). */
  minWidth?: number
  /** Marks a row, e.g. the current session. */
  rowProps?: (row: TRow) => { bg?: string }
}

const PAGE_SIZES = ['10', '20', '50', '100']
const SKELETON_ROWS = 5

/**
 * Mantine Table with server-side sort headers, pagination and the loading / error / empty states
 * every list needs. The page owns the query; this only draws it.
 */
export function DataTable<TRow, TSort extends string = never>({
  label,
  columns,
  rows,
  rowKey,
  error,
  onRetry,
  isFetching = false,
  errorTitle = `Could not load ${label.toLowerCase()}`,
  empty,
  sort,
  onSortChange,
  pagination,
  minWidth = 640,
  rowProps,
}: DataTableProps<TRow, TSort>) {
  if (rows === undefined && error) {
    return (
      <ErrorState
        title={errorTitle}
        error={error}
        isRetrying={isFetching}
        onRetry={() => {
          onRetry?.()
        }}
      />
    )
  }

  const pageCount = pagination ? Math.max(1, Math.ceil(pagination.total / pagination.pageSize)) : 1

  return (
    <div>
      <Table.ScrollContainer minWidth={minWidth}>
        <Table striped highlightOnHover verticalSpacing="sm" aria-label={label} aria-busy={isFetching}>
          <Table.Thead>
            <Table.Tr>
              {columns.map((column) => (
                <Table.Th
                  key={column.key}
                  visibleFrom={column.visibleFrom}
                  ta={column.align}
                  aria-sort={
                    column.sortKey !== undefined && sort?.key === column.sortKey
                      ? sort.direction === 'asc'
                        ? 'ascending'
                        : 'descending'
                      : undefined
                  }
                >
                  {column.sortKey !== undefined && onSortChange ? (
                    <SortHeader
                      label={column.header}
                      direction={sort?.key === column.sortKey ? sort.direction : undefined}
                      onClick={() => {
                        if (column.sortKey === undefined) return
                        const direction =
                          sort?.key === column.sortKey && sort.direction === 'asc' ? 'desc' : 'asc'
                        onSortChange({ key: column.sortKey, direction })
                      }}
                    />
                  ) : (
                    column.header
                  )}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows === undefined
              ? Array.from({ length: SKELETON_ROWS }, (_, index) => (
                  <Table.Tr key={index}>
                    {columns.map((column) => (
                      <Table.Td key={column.key} visibleFrom={column.visibleFrom}>
                        <Skeleton height={14} radius="sm" />
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))
              : rows.map((row) => (
                  <Table.Tr key={rowKey(row)} {...rowProps?.(row)}>
                    {columns.map((column) => (
                      <Table.Td key={column.key} visibleFrom={column.visibleFrom} ta={column.align}>
                        {column.render(row)}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {rows !== undefined && rows.length === 0 ? (
        <Center py="xl">
          <EmptyState
            icon={<IconDatabaseOff aria-hidden />}
            withIndicatorBackground
            title={empty.title}
            description={empty.description}
          />
        </Center>
      ) : null}
      {pagination && pagination.total > 0 ? (
        <Group justify="space-between" mt="md" gap="sm">
          <Text size="sm" c="dimmed" aria-live="polite">
            {rangeText(pagination)}
          </Text>
          <Group gap="sm">
            {pagination.onPageSizeChange ? (
              <Select
                aria-label="Rows per page"
                data={PAGE_SIZES}
                value={String(pagination.pageSize)}
                allowDeselect={false}
                w={80}
                size="xs"
                onChange={(value) => {
                  if (value) pagination.onPageSizeChange?.(Number(value))
                }}
              />
            ) : null}
            <Pagination
              total={pageCount}
              value={pagination.page}
              onChange={pagination.onPageChange}
              size="sm"
              siblings={1}
              boundaries={1}
              getItemProps={(page) => ({ 'aria-label': `Page ${page}` })}
              getControlProps={(control) => ({ 'aria-label': `${control} page` })}
            />
          </Group>
        </Group>
      ) : null}
    </div>
  )
}

function rangeText({ page, pageSize, total }: DataTablePagination): string {
  const first = (page - 1) * pageSize + 1
  const last = Math.min(page * pageSize, total)
  return `${first}–${last} of ${total}`
}

function SortHeader({
  label,
  direction,
  onClick,
}: {
  label: ReactNode
  direction: SortDirection | undefined
  onClick: () => void
}) {
  const Icon = direction === 'asc' ? IconArrowUp : direction === 'desc' ? IconArrowDown : IconArrowsSort
  return (
    <UnstyledButton onClick={onClick} fw={700} fz="sm">
      <Group gap={4} wrap="nowrap">
        {label}
        <Icon size={14} aria-hidden opacity={direction ? 1 : 0.4} />
      </Group>
    </UnstyledButton>
  )
}
