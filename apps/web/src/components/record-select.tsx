// The pickers that search one kind of record on the server (members, unions, staff): the search text
// debounced and sent to the record's scoped list query, the chosen record kept among the options even when
// it is not on the result page, and the Select they all draw.
import { Select } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { useState } from 'react'
import type { RecordSelectProps } from './record-select-props'

/** How many records one search brings back. */
const SEARCH_RESULTS = 20

type RecordSearch = {
  text: string
  setText: (text: string) => void
  setPickedLabel: (label: string | null) => void
  /** The list query's input: the first page of matches by name, the search text debounced. */
  listInput: { search: string | undefined; page: 1; pageSize: number; sort: 'name'; direction: 'asc' }
}

export function useRecordSearch(): RecordSearch {
  const [text, setText] = useState('')
  // After a pick, Mantine shows the option's label as the search text; that is not a search.
  const [pickedLabel, setPickedLabel] = useState<string | null>(null)
  const [debounced] = useDebouncedValue(text === pickedLabel ? '' : text.trim(), 250)
  const listInput = {
    search: debounced || undefined,
    page: 1,
    pageSize: SEARCH_RESULTS,
    sort: 'name',
    direction: 'asc',
  } as const
  return { text, setText, setPickedLabel, listInput }
}

/**
 * True when the chosen record is not on the current result page (chosen from a link, say): then it is
 * read by id (`enabled` of its `get` query) and shown first.
 */
export function isMissing(
  value: string | null,
  list: { data?: { items: readonly { id: string }[] } },
): boolean {
  return value !== null && !(list.data?.items ?? []).some((item) => item.id === value)
}

type RecordSelectViewProps<T extends { id: string }, S extends { id: string }> = RecordSelectProps & {
  search: RecordSearch
  /** The record's list query for {@link RecordSearch.listInput}. */
  list: { data?: { items: readonly T[] }; error: unknown; isFetching: boolean }
  /** The chosen record, read by id when it is not on the result page (its `get` shape). */
  selected: S | undefined
  labelOf: (record: T | S) => string
  /** 'member', 'union': "Could not load members", "No member found". */
  noun: string
  /** Plural for the load error, when not noun + 's'. */
  nouns?: string
}

export function RecordSelect<T extends { id: string }, S extends { id: string }>({
  search,
  list,
  selected,
  labelOf,
  noun,
  nouns = `${noun}s`,
  label,
  value,
  onChange,
  error,
  description,
  placeholder,
  required = false,
  clearable = false,
  excludeId,
  w,
}: RecordSelectViewProps<T, S>) {
  const items: readonly (T | S)[] = list.data?.items ?? []
  const records = selected && !items.some((item) => item.id === selected.id) ? [selected, ...items] : items
  const options = records
    .filter((record) => record.id !== excludeId)
    .map((record) => ({ value: record.id, label: labelOf(record) }))
  return (
    <Select
      label={label}
      description={description}
      placeholder={placeholder}
      data={options}
      value={value}
      onChange={(next, option) => {
        search.setPickedLabel(option?.label ?? null)
        onChange(next)
      }}
      error={error ?? (list.error ? `Could not load ${nouns}` : undefined)}
      required={required}
      searchable
      searchValue={search.text}
      onSearchChange={search.setText}
      // The server already filtered by the search text; Mantine must not filter a second time.
      filter={({ options: all }) => all}
      clearable={clearable}
      allowDeselect={clearable}
      nothingFoundMessage={list.isFetching ? 'Searching…' : `No ${noun} found`}
      w={w}
    />
  )
}
