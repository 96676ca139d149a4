import { DateInput } from '@mantine/dates'
import { parseTypedDay } from '../lib/day-input'
import { useCompanyFormat } from '../lib/use-company-format'

type DayInputProps = {
  label: string
  /** `YYYY-MM-DD`, or '' for none. */
  value: string
  onChange: (value: string) => void
  error?: string | undefined
  description?: string
  required?: boolean
  /** Where the calendar opens when there is no value, e.g. 30 years ago for a date of birth. */
  defaultDate?: string
}

/**
 * A calendar day, shown in the company date format. Typing works in that format or as YYYY-MM-DD; the
 * value is always `YYYY-MM-DD`, as the server takes it.
 */
export function DayInput({
  label,
  value,
  onChange,
  error,
  description,
  required = false,
  defaultDate,
}: DayInputProps) {
  const format = useCompanyFormat()
  return (
    <DateInput
      label={label}
      description={description}
      placeholder={format.dateFormat}
      valueFormat={format.dateFormat}
      dateParser={(text) => parseTypedDay(text, format.dateFormat)}
      value={value === '' ? null : value}
      onChange={(next) => {
        onChange(next === null ? '' : next.slice(0, 10))
      }}
      error={error}
      required={required}
      clearable={!required}
      // Not "Clear <label>": the field's label must name the field only (and tests find it by label).
      clearButtonProps={{ 'aria-label': 'Clear' }}
      defaultDate={defaultDate}
      autoComplete="off"
    />
  )
}
