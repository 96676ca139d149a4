import { DatePickerInput } from '@mantine/dates'
import { useCompanyFormat } from '../lib/use-company-format'

/** `['2026-01-01', '2026-01-31']`; either end may be open. Days as the server takes them (YYYY-MM-DD). */
export type DateRange = [string | null, string | null]

export const OPEN_RANGE: DateRange = [null, null]

/** A date-range picker shown in the company date format. */
export function DateRangeFilter({
  value,
  onChange,
  label = 'Date range',
}: {
  value: DateRange
  onChange: (value: DateRange) => void
  label?: string
}) {
  const format = useCompanyFormat()
  return (
    <DatePickerInput
      type="range"
      label={label}
      placeholder="Any date"
      valueFormat={format.dateFormat}
      value={value}
      onChange={(next) => {
        onChange([toDay(next[0]), toDay(next[1])])
      }}
      allowSingleDateInRange
      clearable
      clearButtonProps={{ 'aria-label': `Clear ${label.toLowerCase()}` }}
      maxDate={new Date()}
      w={{ base: '100%', sm: 240 }}
    />
  )
}

/** Mantine 9 date pickers hand back 'YYYY-MM-DD' strings; keep only the day part either way. */
function toDay(value: string | Date | null): string | null {
  if (value === null) return null
  if (typeof value === 'string') return value.slice(0, 10)
  const month = String(value.getMonth() + 1).padStart(2, '0')
  const day = String(value.getDate()).padStart(2, '0')
  return `${value.getFullYear()}-${month}-${day}`
}
