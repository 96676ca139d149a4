import { TextInput } from '@mantine/core'
import { IconSearch } from '@tabler/icons-react'

/** A list's "Search" box; `onChange` gets the text as typed (the page trims and debounces it). */
export function SearchInput({
  placeholder,
  value,
  onChange,
  flex = '1 1 220px',
}: {
  /** What can be searched for, e.g. "Name, email or phone". */
  placeholder: string
  value: string
  onChange: (value: string) => void
  flex?: string
}) {
  return (
    <TextInput
      label="Search"
      placeholder={placeholder}
      leftSection={<IconSearch size={16} aria-hidden />}
      value={value}
      onChange={(event) => {
        onChange(event.currentTarget.value)
      }}
      flex={flex}
    />
  )
}
