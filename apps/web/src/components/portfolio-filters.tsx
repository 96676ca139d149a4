// The filters that narrow a list to part of the portfolio: one union, and one credit officer's book. A
// credit officer's lists are their own book already (the server scopes them), so they get no officer filter.
import { useCurrentUser } from '../auth/current-user'
import { OfficerSelect } from './officer-select'
import { UnionSelect } from './union-select'

type FilterProps = {
  value: string | null
  onChange: (value: string | null) => void
  w?: number
}

export function UnionFilter({ value, onChange }: FilterProps) {
  return (
    <UnionSelect
      label="Union"
      placeholder="Any union"
      clearable
      value={value}
      onChange={onChange}
      w={{ base: '100%', sm: 220 }}
    />
  )
}

/** Nothing for a credit officer. */
export function OfficerFilter({ value, onChange, w = 220 }: FilterProps) {
  const me = useCurrentUser()
  if (me.role === 'CREDIT_OFFICER') return null
  return (
    <OfficerSelect
      label="Credit officer"
      placeholder="Any officer"
      clearable
      value={value}
      onChange={onChange}
      w={{ base: '100%', sm: w }}
    />
  )
}
