import type {
  DataTableCursorPagination,
  DataTablePagination,
  SortDirection,
  SortState,
} from '../components/data-table'

/**
 * The state every paged list keeps (page, page size, sort, search text and the page's own filters) and
 * the rules it follows: any change but turning the page starts again from the first page. Pure, so the
 * rules are tested without React; `useListPage` wires them to a page.
 */

export const DEFAULT_PAGE_SIZE = 20

export type ListPageState<TSort extends string, TFilters extends object> = {
  page: number
  /**
   * Lists paged by cursor (the big ones: loans, members, repayments, due list): where pages 2, 3, … start,
   * as the server gave them (`nextCursor`), so Previous goes back without asking the server to count.
   */
  cursors: string[]
  pageSize: number
  /** Undefined for a list the user does not sort. */
  sort: SortState<TSort> | undefined
  /** As typed; pages send it trimmed and debounced. */
  search: string
  filters: TFilters
}

export type ListPageAction<TSort extends string, TFilters extends object> =
  | { type: 'page'; page: number }
  | { type: 'next'; cursor: string }
  | { type: 'previous' }
  | { type: 'pageSize'; pageSize: number }
  | { type: 'sort'; sort: SortState<TSort> }
  | { type: 'search'; search: string }
  | { type: 'filters'; filters: Partial<TFilters> }

export type ListPageOptions<TSort extends string, TFilters extends object> = {
  defaultSort?: SortState<TSort>
  defaultPageSize?: number
  /** The filters' starting values (also from the address, e.g. `?status=OVERDUE`). */
  filters?: TFilters
  /** Without a "Rows per page" choice. */
  isPageSizeFixed?: boolean
}

export function initialListPage<TSort extends string, TFilters extends object>(
  options: ListPageOptions<TSort, TFilters>,
): ListPageState<TSort, TFilters> {
  return {
    page: 1,
    cursors: [],
    pageSize: options.defaultPageSize ?? DEFAULT_PAGE_SIZE,
    sort: options.defaultSort,
    search: '',
    // Without filters the page has none: TFilters is then the empty object type.
    filters: options.filters ?? ({} as TFilters),
  }
}

export function listPageReducer<TSort extends string, TFilters extends object>(
  state: ListPageState<TSort, TFilters>,
  action: ListPageAction<TSort, TFilters>,
): ListPageState<TSort, TFilters> {
  switch (action.type) {
    case 'page':
      return { ...state, page: action.page }
    case 'next':
      return {
        ...state,
        page: state.page + 1,
        cursors: [...state.cursors.slice(0, state.page - 1), action.cursor],
      }
    case 'previous':
      if (state.page <= 1) return state
      return { ...state, page: state.page - 1, cursors: state.cursors.slice(0, state.page - 2) }
    case 'pageSize':
      return { ...state, pageSize: action.pageSize, page: 1, cursors: [] }
    case 'sort':
      return { ...state, sort: action.sort, page: 1, cursors: [] }
    case 'search':
      return { ...state, search: action.search, page: 1, cursors: [] }
    case 'filters':
      return { ...state, filters: { ...state.filters, ...action.filters }, page: 1, cursors: [] }
  }
}

/** Where the shown page starts: nothing for the first page, else the cursor the previous page gave. */
function currentCursor(state: Pick<ListPageState<string, object>, 'page' | 'cursors'>): string | undefined {
  return state.page <= 1 ? undefined : state.cursors[state.page - 2]
}

/** What the list procedures take besides the page's filters: the page, and the sort when the user sorts. */
export type ListQueryPaging<TSort extends string> = { page: number; pageSize: number } & ([TSort] extends [
  never,
]
  ? unknown
  : { sort: TSort; direction: SortDirection })

/** The list query's input: the page's own filters (`fields`), then the sort and the page. */
export function listQueryInput<TSort extends string, TFields extends object>(
  state: ListPageState<TSort, object>,
  fields: TFields,
): TFields & ListQueryPaging<TSort> {
  const paging = { page: state.page, pageSize: state.pageSize }
  const input = state.sort
    ? { ...fields, sort: state.sort.key, direction: state.sort.direction, ...paging }
    : { ...fields, ...paging }
  return input as TFields & ListQueryPaging<TSort>
}

/** What the cursor-paged list procedures take besides the page's filters. */
export type ListCursorPaging<TSort extends string> = { cursor: string | undefined; pageSize: number } & ([
  TSort,
] extends [never]
  ? unknown
  : { sort: TSort; direction: SortDirection })

/** A cursor-paged list query's input: the page's own filters, then the sort, the cursor and the size. */
export function listCursorInput<TSort extends string, TFields extends object>(
  state: ListPageState<TSort, object>,
  fields: TFields,
): TFields & ListCursorPaging<TSort> {
  const paging = { cursor: currentCursor(state), pageSize: state.pageSize }
  const input = state.sort
    ? { ...fields, sort: state.sort.key, direction: state.sort.direction, ...paging }
    : { ...fields, ...paging }
  return input as TFields & ListCursorPaging<TSort>
}

/** One page of a cursor-paged list, as the server answers it. */
export type CursorPageData = {
  items: readonly unknown[]
  total: number
  isTotalCapped: boolean
  nextCursor: string | null
}

/** DataTable's sort and pagination props. */
export type ListTableProps<TSort extends string> = {
  sort?: SortState<TSort>
  onSortChange?: (sort: SortState<TSort>) => void
  pagination: DataTablePagination
}

export function listTableProps<TSort extends string, TFilters extends object>(
  state: ListPageState<TSort, TFilters>,
  total: number,
  dispatch: (action: ListPageAction<TSort, TFilters>) => void,
  { isPageSizeFixed = false, page = state.page }: { isPageSizeFixed?: boolean; page?: number } = {},
): ListTableProps<TSort> {
  const pagination: DataTablePagination = {
    page,
    pageSize: state.pageSize,
    total,
    onPageChange: (next) => {
      dispatch({ type: 'page', page: next })
    },
  }
  if (!isPageSizeFixed) {
    pagination.onPageSizeChange = (next) => {
      dispatch({ type: 'pageSize', pageSize: next })
    }
  }
  if (!state.sort) return { pagination }
  return {
    sort: state.sort,
    onSortChange: (next) => {
      dispatch({ type: 'sort', sort: next })
    },
    pagination,
  }
}

/** DataTable's sort and Previous/Next props for a cursor-paged list. */
export type ListCursorTableProps<TSort extends string> = {
  sort?: SortState<TSort>
  onSortChange?: (sort: SortState<TSort>) => void
  cursorPagination: DataTableCursorPagination
}

export function listCursorTableProps<TSort extends string, TFilters extends object>(
  state: ListPageState<TSort, TFilters>,
  data: CursorPageData | undefined,
  dispatch: (action: ListPageAction<TSort, TFilters>) => void,
  { isPageSizeFixed = false, isFetching = false }: { isPageSizeFixed?: boolean; isFetching?: boolean } = {},
): ListCursorTableProps<TSort> {
  const nextCursor = data?.nextCursor ?? null
  const cursorPagination: DataTableCursorPagination = {
    page: state.page,
    pageSize: state.pageSize,
    shown: data?.items.length ?? 0,
    total: data?.total ?? 0,
    isTotalCapped: data?.isTotalCapped ?? false,
    // While a page loads the previous one is still shown: its cursor must not be followed twice.
    hasPrevious: state.page > 1 && !isFetching,
    hasNext: nextCursor !== null && !isFetching,
    onPrevious: () => {
      dispatch({ type: 'previous' })
    },
    onNext: () => {
      if (nextCursor !== null) dispatch({ type: 'next', cursor: nextCursor })
    },
  }
  if (!isPageSizeFixed) {
    cursorPagination.onPageSizeChange = (next) => {
      dispatch({ type: 'pageSize', pageSize: next })
    }
  }
  if (!state.sort) return { cursorPagination }
  return {
    sort: state.sort,
    onSortChange: (next) => {
      dispatch({ type: 'sort', sort: next })
    },
    cursorPagination,
  }
}

/**
 * One page of a list the server sends whole. A page past the end (the list got shorter) shows the last
 * page instead.
 */
export function pageSlice<TRow>(
  rows: readonly TRow[],
  page: number,
  pageSize: number,
): { rows: TRow[]; page: number } {
  const pageCount = Math.max(1, Math.ceil(rows.length / pageSize))
  const shownPage = Math.min(page, pageCount)
  return { rows: rows.slice((shownPage - 1) * pageSize, shownPage * pageSize), page: shownPage }
}

/**
 * How many filters are set (not null, undefined, empty or false), for the phone's "Filters (2)" button.
 * Pass each filter as "is it set" where its default is a value (`verified !== 'all'`).
 */
export function countActiveFilters(values: readonly unknown[]): number {
  return values.filter((value) => value !== null && value !== undefined && value !== '' && value !== false)
    .length
}
