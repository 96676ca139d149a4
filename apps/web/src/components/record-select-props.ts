/** The props the pickers of one record (union, credit officer) share, as a form or a filter passes them. */
export type RecordSelectProps = {
  label: string
  value: string | null
  onChange: (value: string | null) => void
  error?: string | undefined
  description?: string
  placeholder?: string
  required?: boolean
  clearable?: boolean
  /** Leave one record out, e.g. the current union when moving a member, or the officer when reassigning. */
  excludeId?: string
  w?: string | number | { base: string | number; sm: string | number }
}
