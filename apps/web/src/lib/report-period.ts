// The period a report covers, from the quick choices on the report pages (Last 7 days … Custom), and
// what a saved supervisor snapshot of that period is called by default.
import { addDays, addMonths, daysBetween } from '@mp/domain'
import type { Parsed } from './loan-type-form'

export type PeriodPreset = 'last7' | 'last30' | 'last90' | 'thisMonth' | 'lastMonth' | 'custom'

export const PERIOD_PRESETS: readonly { value: PeriodPreset; label: string }[] = [
  { value: 'last7', label: 'Last 7 days' },
  { value: 'last30', label: 'Last 30 days' },
  { value: 'last90', label: 'Last 90 days' },
  { value: 'thisMonth', label: 'This month' },
  { value: 'lastMonth', label: 'Last month' },
  { value: 'custom', label: 'Custom' },
]

export function isPeriodPreset(value: unknown): value is PeriodPreset {
  return PERIOD_PRESETS.some((preset) => preset.value === value)
}

export type PeriodChoice = {
  preset: PeriodPreset
  /** `YYYY-MM-DD` or '' (preset "custom" only). */
  from: string
  to: string
}

/** Both ends included, `YYYY-MM-DD`, as the report procedures take them. */
export type ReportPeriod = { from: string; to: string }

/** What the pages start with: the month so far, as the server's own default. */
export const DEFAULT_PERIOD_CHOICE: PeriodChoice = { preset: 'thisMonth', from: '', to: '' }

/** Five years, both ends included: the most a report period may span (the server refuses more). */
const MAX_PERIOD_DAYS = 1827

/** The first day a report may start on (the server's bound too). */
const EARLIEST_DAY = '2000-01-01'

function firstOfMonth(day: string): string {
  return `${day.slice(0, 7)}-01`
}

/**
 * The days a preset covers, `today` (the company's calendar day, docs/product.md §2) included: "Last 7 days" is
 * today and the six days before it; "Last month" is the whole previous calendar month.
 */
export function presetPeriod(preset: Exclude<PeriodPreset, 'custom'>, today: string): ReportPeriod {
  switch (preset) {
    case 'last7':
      return { from: addDays(today, -6), to: today }
    case 'last30':
      return { from: addDays(today, -29), to: today }
    case 'last90':
      return { from: addDays(today, -89), to: today }
    case 'thisMonth':
      return { from: firstOfMonth(today), to: today }
    case 'lastMonth': {
      const first = firstOfMonth(today)
      return { from: addMonths(first, -1), to: addDays(first, -1) }
    }
  }
}

/** The period to ask the server for, or why the choice is not complete yet. */
export function periodOf(choice: PeriodChoice, today: string): Parsed<ReportPeriod> {
  if (choice.preset !== 'custom') return { ok: true, value: presetPeriod(choice.preset, today) }
  if (choice.from === '' || choice.to === '') return { ok: false, error: 'Choose the first and last day' }
  if (choice.to < choice.from) return { ok: false, error: 'The last day must be on or after the first day' }
  if (choice.to > today) return { ok: false, error: 'The last day cannot be after today' }
  if (choice.from < EARLIEST_DAY)
    return { ok: false, error: `The first day must be on or after ${EARLIEST_DAY}` }
  if (daysBetween(choice.from, choice.to) >= MAX_PERIOD_DAYS) {
    return { ok: false, error: 'A report covers at most 5 years (1,827 days)' }
  }
  return { ok: true, value: { from: choice.from, to: choice.to } }
}

/**
 * The choice after picking a preset. Switching to "Custom" starts from the period shown until now, so
 * the dates only need adjusting, not typing from nothing.
 */
export function choosePreset(current: PeriodChoice, preset: PeriodPreset, today: string): PeriodChoice {
  if (preset !== 'custom') return { ...current, preset }
  if (current.from !== '' && current.to !== '') return { ...current, preset }
  const shown =
    current.preset === 'custom' ? presetPeriod('thisMonth', today) : presetPeriod(current.preset, today)
  return { preset, ...shown }
}

// ---- saved snapshots -----------------------------------------------------------------------------------

export type SnapshotType = 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'QUARTERLY' | 'CUSTOM'

export const SNAPSHOT_TYPES: readonly { value: SnapshotType; label: string }[] = [
  { value: 'DAILY', label: 'Daily' },
  { value: 'WEEKLY', label: 'Weekly' },
  { value: 'MONTHLY', label: 'Monthly' },
  { value: 'QUARTERLY', label: 'Quarterly' },
  { value: 'CUSTOM', label: 'Custom' },
]

export function isSnapshotType(value: unknown): value is SnapshotType {
  return SNAPSHOT_TYPES.some((type) => type.value === value)
}

export function snapshotTypeLabel(type: SnapshotType): string {
  return SNAPSHOT_TYPES.find((option) => option.value === type)?.label ?? type
}

function isWholeMonths(period: ReportPeriod, months: number): boolean {
  return (
    period.from === firstOfMonth(period.from) && addDays(addMonths(period.from, months), -1) === period.to
  )
}

/**
 * The kind of snapshot a period makes, for the save dialog's default: one day is daily, seven days
 * weekly, a calendar month (or the month so far, or the last 30 days) monthly, a calendar quarter (or the
 * last 90 days) quarterly; anything else custom.
 */
export function snapshotTypeFor(preset: PeriodPreset, period: ReportPeriod): SnapshotType {
  const days = daysBetween(period.from, period.to) + 1
  if (days === 1) return 'DAILY'
  if (days === 7) return 'WEEKLY'
  if (isWholeMonths(period, 1)) return 'MONTHLY'
  const month = Number(period.from.slice(5, 7))
  if (isWholeMonths(period, 3) && (month - 1) % 3 === 0) return 'QUARTERLY'
  switch (preset) {
    case 'last7':
      return 'WEEKLY'
    case 'last30':
    case 'thisMonth':
    case 'lastMonth':
      return 'MONTHLY'
    case 'last90':
      return 'QUARTERLY'
    case 'custom':
      return 'CUSTOM'
  }
}

/** "Monthly team report, 01/03/2026 – 31/03/2026" (dates in the company format, passed in). */
export function defaultSnapshotTitle(
  type: SnapshotType,
  period: ReportPeriod,
  formatDate: (day: string) => string,
): string {
  const days =
    period.from === period.to
      ? formatDate(period.from)
      : `${formatDate(period.from)} – ${formatDate(period.to)}`
  return `${snapshotTypeLabel(type)} team report, ${days}`
}

/** "01/03/2026 to 31/03/2026", or the one day. */
export function periodText(period: ReportPeriod, formatDate: (day: string) => string): string {
  return period.from === period.to
    ? formatDate(period.from)
    : `${formatDate(period.from)} to ${formatDate(period.to)}`
}
