import { Select } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { useState } from 'react'
import { fullName } from '../lib/roles'
import { trpc } from '../lib/trpc'

const RESULTS = 20

/**
 * Pick a member of staff, searched on the server (staff.list is scoped: a supervisor finds their
 * team). Value is the staff id, or null.
 */
export function StaffSelect({
  label,
  value,
  onChange,
  placeholder = 'Anyone',
  description,
}: {
  label: string
  value: string | null
  onChange: (value: string | null) => void
  placeholder?: string
  description?: string
}) {
  const [search, setSearch] = useState('')
  // After a pick, Mantine shows the option's label as the search text; that is not a search.
  const [pickedLabel, setPickedLabel] = useState<string | null>(null)
  const [debouncedSearch] = useDebouncedValue(search === pickedLabel ? '' : search.trim(), 250)
  const list = trpc.staff.list.useQuery({
    search: debouncedSearch || undefined,
    page: 1,
    pageSize: RESULTS,
    sort: 'name',
    direction: 'asc',
  })
  // The chosen person may not be on the current result page (chosen from a link, say).
  const items = list.data?.items ?? []
  const isSelectedMissing = value !== null && !items.some((item) => item.id === value)
  const selected = trpc.staff.get.useQuery({ id: value ?? '' }, { enabled: isSelectedMissing })

  const options = items.map((item) => ({ value: item.id, label: `${fullName(item)} (${item.email})` }))
  if (isSelectedMissing && selected.data) {
    options.unshift({ value: selected.data.id, label: `${fullName(selected.data)} (${selected.data.email})` })
  }

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
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      // The server already filtered by the search text; Mantine must not filter a second time.
      filter={({ options: all }) => all}
      clearable
      nothingFoundMessage={list.isFetching ? 'Searching…' : 'No staff found'}
      w={{ base: '100%', sm: 240 }}
    />
  )
}
