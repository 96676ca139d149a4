import { trpc } from '../lib/trpc'
import { isMissing, RecordSelect, useRecordSearch } from './record-select'
import type { RecordSelectProps } from './record-select-props'

/**
 * Pick a union, searched on the server (union.list is scoped: an officer only finds their own). Each
 * option names the union's officer, since moving a member to a union gives them its officer.
 */
export function UnionSelect({ placeholder = 'Search unions', ...props }: RecordSelectProps) {
  const search = useRecordSearch()
  const list = trpc.union.list.useQuery(search.listInput)
  const selected = trpc.union.get.useQuery(
    { id: props.value ?? '' },
    { enabled: isMissing(props.value, list) },
  )
  return (
    <RecordSelect
      {...props}
      placeholder={placeholder}
      search={search}
      list={list}
      selected={selected.data}
      labelOf={(union) => `${union.name} (${union.creditOfficerName})`}
      noun="union"
    />
  )
}
