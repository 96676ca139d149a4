import {
  Box,
  Button,
  Center,
  EmptyState,
  Group,
  Pagination,
  Paper,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
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
import { useIsPhone } from '../hooks/use-is-phone'
import classes from './data-table.module.css'
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
  /**
   * Column priority: shown from this width up (xl is wider than a 1280 px office screen with the sidebar),
   * so the columns that matter fit without scrolling sideways.
   */
  visibleFrom?: 'sm' | 'md' | 'lg' | 'xl'
  align?: 'left' | 'right'
  /**
   * Its place on a phone's card (below 600 px lists are cards): `title` heads the card (default: the first
   * column), `status` sits beside the title, `figure` stands out large (the amount that matters), `detail`
   * is listed below as label and value (default, except for columns with `visibleFrom`), `hidden` is left off.
   */
  card?: CardPlace
}

export type CardPlace = 'title' | 'status' | 'figure' | 'detail' | 'hidden'

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
  /** Below this width the table scrolls sideways instead of squashing (tablets; phones get cards). */
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
  const isPhone = useIsPhone()
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
      {isPhone ? (
        <DataCards
          label={label}
          columns={columns}
          rows={rows}
          rowKey={rowKey}
          isFetching={isFetching}
          sort={sort}
          onSortChange={onSortChange}
          rowProps={rowProps}
        />
      ) : (
        <Table.ScrollContainer minWidth={minWidth}>
          <Table
            striped
            highlightOnHover
            verticalSpacing="sm"
            aria-label={label}
            aria-busy={isFetching}
            className={classes.table}
          >
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
      )}
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

/** Where each column goes on a card: explicit places first, else the first column is the title. */
export function cardPlaces<TRow, TSort extends string>(
  columns: readonly DataTableColumn<TRow, TSort>[],
): Map<string, CardPlace> {
  const hasTitle = columns.some((column) => column.card === 'title')
  return new Map(
    columns.map((column, index) => {
      if (column.card) return [column.key, column.card]
      if (!hasTitle && index === 0) return [column.key, 'title']
      return [column.key, column.visibleFrom ? 'hidden' : 'detail']
    }),
  )
}

/**
 * The phone's list: one card per row, its title and status on top, the figure that matters large, the
 * rest as label and value; sorting through a "Sort by" choice since there are no column headers.
 */
function DataCards<TRow, TSort extends string>({
  label,
  columns,
  rows,
  rowKey,
  isFetching,
  sort,
  onSortChange,
  rowProps,
}: Pick<
  DataTableProps<TRow, TSort>,
  'label' | 'columns' | 'rows' | 'rowKey' | 'sort' | 'onSortChange' | 'rowProps'
> & { isFetching: boolean }) {
  const places = cardPlaces(columns)
  const inPlace = (place: CardPlace) => columns.filter((column) => places.get(column.key) === place)
  const [title] = inPlace('title')
  const statuses = inPlace('status')
  const figures = inPlace('figure')
  const details = inPlace('detail')
  const sortOptions = columns.flatMap((column) =>
    column.sortKey !== undefined && typeof column.header === 'string'
      ? [
          { value: `${column.sortKey}:asc`, label: `${column.header}, ascending` },
          { value: `${column.sortKey}:desc`, label: `${column.header}, descending` },
        ]
      : [],
  )
  return (
    <Stack gap="sm">
      {onSortChange && sortOptions.length > 0 ? (
        <Select
          label="Sort by"
          size="sm"
          data={sortOptions}
          value={sort ? `${sort.key}:${sort.direction}` : null}
          allowDeselect={false}
          onChange={(value) => {
            const option = columns.find((column) => value?.startsWith(`${String(column.sortKey)}:`))
            if (option?.sortKey === undefined || value === null) return
            onSortChange({ key: option.sortKey, direction: value.endsWith(':desc') ? 'desc' : 'asc' })
          }}
        />
      ) : null}
      <Stack gap="sm" role="list" aria-label={label} aria-busy={isFetching}>
        {rows === undefined
          ? Array.from({ length: 3 }, (_, index) => (
              <Paper key={index} withBorder p="sm" role="listitem">
                <Skeleton height={14} radius="sm" mb="xs" width="60%" />
                <Skeleton height={14} radius="sm" />
              </Paper>
            ))
          : rows.map((row) => (
              <Paper key={rowKey(row)} withBorder p="sm" role="listitem" {...rowProps?.(row)}>
                <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
                  <Box miw={0} fz="sm" style={{ overflowWrap: 'anywhere' }}>
                    {title?.render(row)}
                  </Box>
                  {statuses.length > 0 ? (
                    <Stack gap={4} align="flex-end" style={{ flexShrink: 0 }} data-card="status">
                      {statuses.map((column) => (
                        <Box key={column.key}>{column.render(row)}</Box>
                      ))}
                    </Stack>
                  ) : null}
                </Group>
                {figures.map((column) => (
                  <Group key={column.key} justify="space-between" gap="xs" mt="xs" wrap="nowrap">
                    <Text size="xs" c="dimmed">
                      {column.header}
                    </Text>
                    <Box fz="lg" fw={700} data-card="figure" style={{ whiteSpace: 'nowrap' }}>
                      {column.render(row)}
                    </Box>
                  </Group>
                ))}
                {details.length > 0 ? (
                  <SimpleGrid cols={2} spacing="xs" verticalSpacing={6} mt="xs">
                    {details.map((column) => (
                      <Box key={column.key} miw={0}>
                        {typeof column.header === 'string' ? (
                          <Text size="xs" c="dimmed">
                            {column.header}
                          </Text>
                        ) : null}
                        <Box fz="sm" style={{ overflowWrap: 'anywhere' }}>
                          {column.render(row)}
                        </Box>
                      </Box>
                    ))}
                  </SimpleGrid>
                ) : null}
              </Paper>
            ))}
      </Stack>
    </Stack>
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
