import {
  Button,
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
import {
  IconArrowDown,
  IconArrowUp,
  IconArrowsSort,
  IconChevronLeft,
  IconChevronRight,
  IconDatabaseOff,
} from '@tabler/icons-react'
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

/**
 * Previous/Next paging for the big lists, which page by cursor and count only up to a cap (issue 11):
 * "21–40 of 1,000+" instead of a page count.
 */
export type DataTableCursorPagination = {
  page: number
  pageSize: number
  /** Rows on this page. */
  shown: number
  total: number
  /** More rows match than `total` (counting stopped there). */
  isTotalCapped: boolean
  hasPrevious: boolean
  hasNext: boolean
  onPrevious: () => void
  onNext: () => void
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
  cursorPagination?: DataTableCursorPagination
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
  cursorPagination,
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
      {cursorPagination && (cursorPagination.shown > 0 || cursorPagination.page > 1) ? (
        <CursorPager pagination={cursorPagination} />
      ) : null}
    </div>
  )
}

/** Previous/Next under a cursor-paged list (also used by tables that are not a DataTable). */
export function CursorPager({ pagination }: { pagination: DataTableCursorPagination }) {
  return (
    <Group justify="space-between" mt="md" gap="sm">
      <Text size="sm" c="dimmed" aria-live="polite">
        {cursorRangeText(pagination)}
      </Text>
      <Group gap="sm">
        {pagination.onPageSizeChange ? (
          <PageSizeSelect pageSize={pagination.pageSize} onChange={pagination.onPageSizeChange} />
        ) : null}
        <Button
          variant="default"
          size="xs"
          leftSection={<IconChevronLeft size={14} aria-hidden />}
          disabled={!pagination.hasPrevious}
          onClick={pagination.onPrevious}
          aria-label="Previous page"
        >
          Previous
        </Button>
        <Button
          variant="default"
          size="xs"
          rightSection={<IconChevronRight size={14} aria-hidden />}
          disabled={!pagination.hasNext}
          onClick={pagination.onNext}
          aria-label="Next page"
        >
          Next
        </Button>
      </Group>
    </Group>
  )
}

function PageSizeSelect({ pageSize, onChange }: { pageSize: number; onChange: (pageSize: number) => void }) {
  return (
    <Select
      aria-label="Rows per page"
      data={PAGE_SIZES}
      value={String(pageSize)}
      allowDeselect={false}
      w={80}
      size="xs"
      onChange={(value) => {
        if (value) onChange(Number(value))
      }}
    />
  )
}

const count = new Intl.NumberFormat('en-NG')

/** "21–40 of 45", "21–40 of 1,000+", or just "1,021–1,040" past the counted rows. */
export function cursorRangeText({
  page,
  pageSize,
  shown,
  total,
  isTotalCapped,
}: DataTableCursorPagination): string {
  const first = (page - 1) * pageSize + 1
  const last = first + shown - 1
  const range = `${count.format(first)}–${count.format(last)}`
  if (!isTotalCapped) return `${range} of ${count.format(total)}`
  return last <= total ? `${range} of ${count.format(total)}+` : range
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
