import { useDebouncedValue } from '@mantine/hooks'
import { useReducer } from 'react'
import type { SortState } from '../components/data-table'
import {
  initialListPage,
  listCursorInput,
  listCursorTableProps,
  listPageReducer,
  listQueryInput,
  listTableProps,
  pageSlice,
  type CursorPageData,
  type ListPageAction,
  type ListPageOptions,
  type ListPageState,
  type ListTableProps,
} from '../lib/list-page'

const SEARCH_DEBOUNCE_MS = 300

/** The parts of a paged list query (`{ items, total }`) that DataTable shows. */
type ListQuery<TRow> = {
  data: { items: TRow[]; total: number } | undefined
  error: unknown
  isFetching: boolean
  refetch: () => Promise<unknown>
}

/** The parts of a cursor-paged list query (`{ items, total, isTotalCapped, nextCursor }`) DataTable shows. */
type CursorListQuery<TRow> = {
  data: (CursorPageData & { items: TRow[] }) | undefined
  error: unknown
  isFetching: boolean
  refetch: () => Promise<unknown>
}

/**
 * Page, page size, sort, search and filters of a paged list, where every change but turning the page goes
 * back to page 1. `input(fields)` is the list query's input, `tableProps(total)` DataTable's sort and
 * pagination props (`queryTableProps(query)` adds the query's rows, loading, error and retry);
 * `clientPage(rows)` pages a list the server sends whole. The big lists page by cursor instead:
 * `cursorInput(fields)` and `cursorTableProps(query)` (Previous/Next, "1,000+" counts).
 */
export function useListPage<TSort extends string = never, TFilters extends object = object>(
  options: ListPageOptions<TSort, TFilters> = {},
) {
  const [state, dispatch] = useReducer(
    (current: ListPageState<TSort, TFilters>, action: ListPageAction<TSort, TFilters>) =>
      listPageReducer(current, action),
    options,
    initialListPage<TSort, TFilters>,
  )
  const [debouncedSearch] = useDebouncedValue(state.search.trim(), SEARCH_DEBOUNCE_MS)
  const isPageSizeFixed = options.isPageSizeFixed ?? false

  function setFilter<K extends keyof TFilters>(key: K, value: TFilters[K]) {
    const filters: Partial<TFilters> = {}
    filters[key] = value
    dispatch({ type: 'filters', filters })
  }

  function tableProps(total: number): ListTableProps<TSort> {
    return listTableProps(state, total, dispatch, { isPageSizeFixed })
  }

  return {
    ...state,
    /** The search text trimmed, once typing pauses: what the query sends. */
    debouncedSearch,
    setPage: (page: number) => {
      dispatch({ type: 'page', page })
    },
    setSort: (sort: SortState<TSort>) => {
      dispatch({ type: 'sort', sort })
    },
    setSearch: (search: string) => {
      dispatch({ type: 'search', search })
    },
    setFilter,
    /** `setFilter` for an onChange prop: `onChange={list.onFilter('unionId')}`. */
    onFilter:
      <K extends keyof TFilters>(key: K) =>
      (value: TFilters[K]) => {
        setFilter(key, value)
      },
    input: <const TFields extends object>(fields: TFields) => listQueryInput(state, fields),
    tableProps,
    queryTableProps: <TRow>(query: ListQuery<TRow>) => ({
      rows: query.data?.items,
      error: query.error,
      isFetching: query.isFetching,
      onRetry: () => {
        void query.refetch()
      },
      ...tableProps(query.data?.total ?? 0),
    }),
    cursorInput: <const TFields extends object>(fields: TFields) => listCursorInput(state, fields),
    cursorTableProps: <TRow>(query: CursorListQuery<TRow>) => ({
      rows: query.data?.items,
      error: query.error,
      isFetching: query.isFetching,
      onRetry: () => {
        void query.refetch()
      },
      ...listCursorTableProps(state, query.data, dispatch, { isPageSizeFixed, isFetching: query.isFetching }),
    }),
    clientPage: <TRow>(rows: readonly TRow[]): { rows: TRow[]; tableProps: ListTableProps<TSort> } => {
      const shown = pageSlice(rows, state.page, state.pageSize)
      return {
        rows: shown.rows,
        tableProps: listTableProps(state, rows.length, dispatch, { isPageSizeFixed, page: shown.page }),
      }
    },
  }
}
