import { describe, expect, it } from 'vitest'
import { cardPlaces, cursorRangeText, type DataTableColumn } from '../components/data-table'
import {
  countActiveFilters,
  DEFAULT_PAGE_SIZE,
  initialListPage,
  listCursorInput,
  listCursorTableProps,
  listPageReducer,
  listQueryInput,
  listTableProps,
  pageSlice,
  type ListPageAction,
  type ListPageState,
} from './list-page'

type Sort = 'name' | 'createdAt'
type Filters = { unionId: string | null; verified: 'all' | 'verified' }
type State = ListPageState<Sort, Filters>
type Action = ListPageAction<Sort, Filters>

const start: State = initialListPage<Sort, Filters>({
  defaultSort: { key: 'name', direction: 'asc' },
  filters: { unionId: null, verified: 'all' },
})

function onPage(page: number): State {
  return listPageReducer(start, { type: 'page', page })
}

describe('list page state', () => {
  it('starts on page 1 with 20 rows, the default sort, no search and the given filters', () => {
    expect(start).toEqual({
      page: 1,
      cursors: [],
      pageSize: DEFAULT_PAGE_SIZE,
      sort: { key: 'name', direction: 'asc' },
      search: '',
      filters: { unionId: null, verified: 'all' },
    })
    expect(DEFAULT_PAGE_SIZE).toBe(20)
    expect(initialListPage({ defaultPageSize: 50 })).toEqual({
      page: 1,
      cursors: [],
      pageSize: 50,
      sort: undefined,
      search: '',
      filters: {},
    })
  })

  it('turns the page without touching anything else', () => {
    expect(onPage(3)).toEqual({ ...start, page: 3 })
  })

  it('goes back to page 1 on a new search, filter, sort or page size', () => {
    expect(listPageReducer(onPage(3), { type: 'search', search: 'ada' })).toEqual({
      ...start,
      search: 'ada',
    })
    expect(listPageReducer(onPage(3), { type: 'filters', filters: { unionId: 'u1' } })).toEqual({
      ...start,
      filters: { unionId: 'u1', verified: 'all' },
    })
    expect(
      listPageReducer(onPage(3), { type: 'sort', sort: { key: 'createdAt', direction: 'desc' } }),
    ).toEqual({ ...start, sort: { key: 'createdAt', direction: 'desc' } })
    expect(listPageReducer(onPage(3), { type: 'pageSize', pageSize: 50 })).toEqual({
      ...start,
      pageSize: 50,
    })
  })

  it('keeps the other filters when one changes', () => {
    const verified = listPageReducer(start, { type: 'filters', filters: { verified: 'verified' } })
    const both = listPageReducer(verified, { type: 'filters', filters: { unionId: 'u2' } })
    expect(both.filters).toEqual({ unionId: 'u2', verified: 'verified' })
  })
})

describe('list query input', () => {
  it('adds the sort and the page to the fields', () => {
    expect(listQueryInput(onPage(2), { search: 'ada', unionId: undefined })).toEqual({
      search: 'ada',
      unionId: undefined,
      sort: 'name',
      direction: 'asc',
      page: 2,
      pageSize: 20,
    })
  })

  it('leaves the sort out of a list that is not sorted', () => {
    const unsorted = initialListPage<never, object>({})
    expect(listQueryInput(unsorted, { actorId: 'a1' })).toEqual({ actorId: 'a1', page: 1, pageSize: 20 })
    expect(Object.keys(listQueryInput(unsorted, {}))).toEqual(['page', 'pageSize'])
  })
})

describe('DataTable props', () => {
  function collect(state: State, options?: { isPageSizeFixed?: boolean; page?: number }) {
    const actions: Action[] = []
    const props = listTableProps(
      state,
      45,
      (action) => {
        actions.push(action)
      },
      options,
    )
    return { props, actions }
  }

  it('passes the sort and the page, and sends changes back as actions', () => {
    const { props, actions } = collect(onPage(2))
    expect(props.sort).toEqual({ key: 'name', direction: 'asc' })
    expect(props.pagination).toMatchObject({ page: 2, pageSize: 20, total: 45 })
    props.onSortChange?.({ key: 'createdAt', direction: 'asc' })
    props.pagination.onPageChange(3)
    props.pagination.onPageSizeChange?.(100)
    expect(actions).toEqual([
      { type: 'sort', sort: { key: 'createdAt', direction: 'asc' } },
      { type: 'page', page: 3 },
      { type: 'pageSize', pageSize: 100 },
    ])
  })

  it('offers no page size choice when it is fixed, and no sorting for an unsorted list', () => {
    expect(collect(start, { isPageSizeFixed: true }).props.pagination.onPageSizeChange).toBeUndefined()
    const unsorted = listTableProps(initialListPage<never, object>({}), 0, () => undefined)
    expect(Object.keys(unsorted)).toEqual(['pagination'])
  })

  it('can show another page than the one asked for', () => {
    expect(collect(onPage(9), { page: 3 }).props.pagination.page).toBe(3)
  })
})

describe('page slice', () => {
  const rows = Array.from({ length: 45 }, (_, index) => index + 1)

  it('cuts out the asked-for page', () => {
    expect(pageSlice(rows, 1, 20)).toEqual({ rows: rows.slice(0, 20), page: 1 })
    expect(pageSlice(rows, 3, 20)).toEqual({ rows: [41, 42, 43, 44, 45], page: 3 })
  })

  it('shows the last page when the list got shorter than the page asked for', () => {
    expect(pageSlice(rows, 7, 20)).toEqual({ rows: [41, 42, 43, 44, 45], page: 3 })
    expect(pageSlice([], 4, 20)).toEqual({ rows: [], page: 1 })
  })
})

describe('cursor paging (the big lists)', () => {
  const onThird = listPageReducer(listPageReducer(start, { type: 'next', cursor: 'c2' }), {
    type: 'next',
    cursor: 'c3',
  })

  it('remembers where each page started, so Previous goes back without asking the server', () => {
    expect(onThird).toMatchObject({ page: 3, cursors: ['c2', 'c3'] })
    expect(listCursorInput(onThird, { search: 'ada' })).toEqual({
      search: 'ada',
      sort: 'name',
      direction: 'asc',
      cursor: 'c3',
      pageSize: 20,
    })
    const back = listPageReducer(onThird, { type: 'previous' })
    expect(back).toMatchObject({ page: 2, cursors: ['c2'] })
    expect(listCursorInput(back, {}).cursor).toBe('c2')
    const first = listPageReducer(back, { type: 'previous' })
    expect(listCursorInput(first, {}).cursor).toBeUndefined()
    expect(listPageReducer(first, { type: 'previous' })).toBe(first)
  })

  it('starts again from the first page on a new search, filter, sort or page size', () => {
    for (const action of [
      { type: 'search', search: 'obi' },
      { type: 'filters', filters: { unionId: 'u1' } },
      { type: 'sort', sort: { key: 'createdAt', direction: 'desc' } },
      { type: 'pageSize', pageSize: 50 },
    ] satisfies Action[]) {
      expect(listPageReducer(onThird, action)).toMatchObject({ page: 1, cursors: [] })
    }
  })

  it('offers Next only when the server gave a cursor, and neither button while a page loads', () => {
    const actions: Action[] = []
    const data = { items: [1, 2], total: 1000, isTotalCapped: true, nextCursor: 'c4' }
    const props = listCursorTableProps(onThird, data, (action) => {
      actions.push(action)
    })
    expect(props.cursorPagination).toMatchObject({ page: 3, hasPrevious: true, hasNext: true, total: 1000 })
    props.cursorPagination.onNext()
    props.cursorPagination.onPrevious()
    expect(actions).toEqual([{ type: 'next', cursor: 'c4' }, { type: 'previous' }])
    const last = listCursorTableProps(onThird, { ...data, nextCursor: null }, () => undefined)
    expect(last.cursorPagination.hasNext).toBe(false)
    const loading = listCursorTableProps(onThird, data, () => undefined, { isFetching: true })
    expect(loading.cursorPagination).toMatchObject({ hasNext: false, hasPrevious: false })
  })

  it('shows capped counts as "1,000+"', () => {
    const base = {
      pageSize: 20,
      hasPrevious: true,
      hasNext: true,
      onNext: () => undefined,
      onPrevious: () => undefined,
    }
    expect(cursorRangeText({ ...base, page: 3, shown: 20, total: 45, isTotalCapped: false })).toBe(
      '41–60 of 45',
    )
    expect(cursorRangeText({ ...base, page: 3, shown: 20, total: 1000, isTotalCapped: true })).toBe(
      '41–60 of 1,000+',
    )
    expect(cursorRangeText({ ...base, page: 60, shown: 20, total: 1000, isTotalCapped: true })).toBe(
      '1,181–1,200',
    )
  })

  it("counts the filters that are set for the phone's Filters button", () => {
    expect(countActiveFilters([null, undefined, '', false])).toBe(0)
    expect(countActiveFilters(['u1', null, true, 'OVERDUE', false])).toBe(3)
  })

  it('places columns on a phone card: first column as title, lower-priority columns left off', () => {
    const render = () => null
    const columns: DataTableColumn<object>[] = [
      { key: 'loan', header: 'Loan', render },
      { key: 'member', header: 'Member', render },
      { key: 'amount', header: 'Amount', render, card: 'figure' },
      { key: 'status', header: 'Status', render, card: 'status' },
      { key: 'created', header: 'Created', render, visibleFrom: 'xl' },
      { key: 'ip', header: 'IP', render, visibleFrom: 'md', card: 'detail' },
    ]
    expect(Object.fromEntries(cardPlaces(columns))).toEqual({
      loan: 'title',
      member: 'detail',
      amount: 'figure',
      status: 'status',
      created: 'hidden',
      ip: 'detail',
    })
    const titled = cardPlaces([...columns, { key: 'name', header: 'Name', render, card: 'title' }])
    expect(titled.get('loan')).toBe('detail')
    expect(titled.get('name')).toBe('title')
  })
})
