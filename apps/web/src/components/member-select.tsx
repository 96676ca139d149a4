import { Select } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { useState } from 'react'
import { memberName } from '../lib/member-rules'
import { trpc } from '../lib/trpc'

const RESULTS = 20

type MemberSelectProps = {
  label: string
  value: string | null
  onChange: (value: string | null) => void
  error?: string | undefined
  description?: string
  placeholder?: string
  required?: boolean
  /** Only members of this union. */
  unionId?: string
  w?: string | number | { base: string | number; sm: string | number }
}

/** Pick a member, searched on the server by name, code, phone, BVN or NIN (member.list is scoped). */
export function MemberSelect({
  label,
  value,
  onChange,
  error,
  description,
  placeholder = 'Name, code or phone',
  required = false,
  unionId,
  w,
}: MemberSelectProps) {
  const [search, setSearch] = useState('')
  const [pickedLabel, setPickedLabel] = useState<string | null>(null)
  const [debouncedSearch] = useDebouncedValue(search === pickedLabel ? '' : search.trim(), 250)
  const list = trpc.member.list.useQuery({
    search: debouncedSearch || undefined,
    unionId,
    pageSize: RESULTS,
    sort: 'name',
    direction: 'asc',
  })
  const items = list.data?.items ?? []
  const isSelectedMissing = value !== null && !items.some((item) => item.id === value)
  const selected = trpc.member.get.useQuery({ id: value ?? '' }, { enabled: isSelectedMissing })
  const members = isSelectedMissing && selected.data ? [selected.data, ...items] : items
  const options = members.map((member) => ({
    value: member.id,
    label: `${memberName(member)} (${member.code})`,
  }))

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
      error={error ?? (list.error ? 'Could not load members' : undefined)}
      required={required}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      clearable
      nothingFoundMessage={list.isFetching ? 'Searching…' : 'No member found'}
      w={w}
    />
  )
}
