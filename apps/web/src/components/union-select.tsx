import { trpc } from '../lib/trpc'
import { isMissing, RecordSelect, SEARCH_RESULTS, useRecordSearch } from './record-select'
import type { RecordSelectProps } from './record-select-props'

/**
 * Pick a union, searched on the server (union.list is scoped: an officer only finds their own). Each
 * option names the union's officer, since moving a member to a union gives them its officer.
 */
export function UnionSelect({ placeholder = 'Search unions', ...props }: RecordSelectProps) {
  const search = useRecordSearch()
  const list = trpc.union.list.useQuery({
    search: search.query,
    page: 1,
    pageSize: SEARCH_RESULTS,
    sort: 'name',
    direction: 'asc',
  })
  const items = list.data?.items ?? []
  const isSelectedMissing = isMissing(props.value, items)
  const selected = trpc.union.get.useQuery({ id: props.value ?? '' }, { enabled: isSelectedMissing })
  const unions = isSelectedMissing && selected.data ? [selected.data, ...items] : items
  const options = unions.map((union) => ({
    value: union.id,
    label: `${union.name} (${union.creditOfficerName})`,
  }))
  return (
    <RecordSelect
      {...props}
      placeholder={placeholder}
      search={search}
      options={options}
      list={list}
      noun="union"
    />
  )
}
