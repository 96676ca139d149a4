import { useMemo } from 'react'
import { formatDate, formatDateTime, type DateFormatOptions } from './format'
import { trpc } from './trpc'

export type CompanyFormat = {
  /** Calendar date or instant in the company date format; `—` for nothing. */
  date: (value: Date | string | null | undefined) => string
  /** Instant as date and HH:mm in the company timezone; `—` for nothing. */
  dateTime: (value: Date | null | undefined) => string
  /** The company date format in dayjs tokens, for date pickers. */
  dateFormat: string
  timeZone: string
}

const NOTHING = '—'

/** The company time zone until its settings load (the settings default too). */
export const DEFAULT_TIME_ZONE = 'Africa/Lagos'

/** Date formatters bound to the company's date format and timezone (defaults until settings load). */
export function useCompanyFormat(): CompanyFormat {
  const settings = trpc.settings.public.useQuery()
  const dateFormat = settings.data?.dateFormat
  const timeZone = settings.data?.timezone
  return useMemo(() => {
    const options: DateFormatOptions = { dateFormat, timeZone }
    return {
      date: (value) => (value === null || value === undefined ? NOTHING : formatDate(value, options)),
      dateTime: (value) => (value === null || value === undefined ? NOTHING : formatDateTime(value, options)),
      dateFormat: dateFormat ?? 'DD/MM/YYYY',
      timeZone: timeZone ?? DEFAULT_TIME_ZONE,
    }
  }, [dateFormat, timeZone])
}
