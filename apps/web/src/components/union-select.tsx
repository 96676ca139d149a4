import { Select } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { useState } from 'react'
import { trpc } from '../lib/trpc'
import type { RecordSelectProps } from './record-select-props'

const RESULTS = 20

type UnionSelectProps = RecordSelectProps

/**
 * Pick a union, searched on the server (union.list is scoped: an officer only finds their own). Each
 * option names the union's officer, since moving a member to a union gives them its officer.
 */
export function UnionSelect({
  label,
  value,
  onChange,
  error,
  description,
  placeholder = 'Search unions',
  required = false,
  clearable = false,
  excludeId,
  w,
}: UnionSelectProps) {
  const [search, setSearch] = useState('')
  // After a pick, Mantine shows the option's label as the search text; that is not a search.
  const [pickedLabel, setPickedLabel] = useState<string | null>(null)
  const [debouncedSearch] = useDebouncedValue(search === pickedLabel ? '' : search.trim(), 250)
  const list = trpc.union.list.useQuery({
    search: debouncedSearch || undefined,
    page: 1,
    pageSize: RESULTS,
    sort: 'name',
    direction: 'asc',
  })
  const items = list.data?.items ?? []
  // The chosen union may not be on the current result page (chosen from a link, say).
  const isSelectedMissing = value !== null && !items.some((item) => item.id === value)
  const selected = trpc.union.get.useQuery({ id: value ?? '' }, { enabled: isSelectedMissing })

  const unions = isSelectedMissing && selected.data ? [selected.data, ...items] : items
  const options = unions
    .filter((union) => union.id !== excludeId)
    .map((union) => ({ value: union.id, label: `${union.name} (${union.creditOfficerName})` }))

  return (
    <Select
      label={label}
      description={description}
      placeholder={placeholder}
      data={options}
      value={value}
      onChange={(next, option) => {
        setPickedLabel(option?.label ?? null)
        onChange(next)
      }}
      error={error ?? (list.error ? 'Could not load unions' : undefined)}
      required={required}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      // The server already filtered by the search text; Mantine must not filter a second time.
      filter={({ options: all }) => all}
      clearable={clearable}
      allowDeselect={clearable}
      nothingFoundMessage={list.isFetching ? 'Searching…' : 'No union found'}
      w={w}
    />
  )
}
