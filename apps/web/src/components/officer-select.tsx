import { Select } from '@mantine/core'
import { trpc } from '../lib/trpc'
import type { RecordSelectProps } from './record-select-props'

type OfficerSelectProps = RecordSelectProps

/** Pick a credit officer the signed-in user may assign unions to (union.officers, scoped by the server). */
export function OfficerSelect({
  label,
  value,
  onChange,
  error,
  description,
  placeholder = 'Choose a credit officer',
  required = false,
  clearable = false,
  excludeId,
  w,
}: OfficerSelectProps) {
  const officers = trpc.union.officers.useQuery()
  const options = (officers.data ?? [])
    .filter((officer) => officer.id !== excludeId)
    .map((officer) => ({ value: officer.id, label: officer.name }))
  return (
    <Select
      label={label}
      description={description}
      placeholder={officers.isLoading ? 'Loading officers…' : placeholder}
      data={options}
      value={value}
      onChange={onChange}
      error={error ?? (officers.error ? 'Could not load credit officers' : undefined)}
      required={required}
      clearable={clearable}
      allowDeselect={clearable}
      searchable
      nothingFoundMessage="No credit officer found"
      w={w}
    />
  )
}
