import { fullName } from '../lib/roles'
import { trpc } from '../lib/trpc'
import { isMissing, RecordSelect, useRecordSearch } from './record-select'
import type { RecordSelectProps } from './record-select-props'

type StaffSelectProps = Pick<
  RecordSelectProps,
  'label' | 'value' | 'onChange' | 'placeholder' | 'description'
>

/**
 * Pick a member of staff, searched on the server (staff.list is scoped: a supervisor finds their
 * team). Value is the staff id, or null.
 */
export function StaffSelect({ placeholder = 'Anyone', ...props }: StaffSelectProps) {
  const search = useRecordSearch()
  const list = trpc.staff.list.useQuery(search.listInput)
  const selected = trpc.staff.get.useQuery(
    { id: props.value ?? '' },
    { enabled: isMissing(props.value, list) },
  )
  return (
    <RecordSelect
      {...props}
      placeholder={placeholder}
      clearable
      search={search}
      list={list}
      selected={selected.data}
      labelOf={(person) => `${fullName(person)} (${person.email})`}
      noun="staff"
      nouns="staff"
      w={{ base: '100%', sm: 240 }}
    />
  )
}
