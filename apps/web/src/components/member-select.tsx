import { memberName } from '../lib/member-rules'
import { trpc } from '../lib/trpc'
import { isMissing, RecordSelect, useRecordSearch } from './record-select'
import type { RecordSelectProps } from './record-select-props'

type MemberSelectProps = Omit<RecordSelectProps, 'clearable' | 'excludeId'> & {
  /** Only members of this union. */
  unionId?: string
}

/** Pick a member, searched on the server by name, code, phone, BVN or NIN (member.list is scoped). */
export function MemberSelect({ placeholder = 'Name, code or phone', unionId, ...props }: MemberSelectProps) {
  const search = useRecordSearch()
  const list = trpc.member.list.useQuery({ ...search.listInput, unionId })
  const selected = trpc.member.get.useQuery(
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
      labelOf={(member) => `${memberName(member)} (${member.code})`}
      noun="member"
    />
  )
}
