// The backup schedule in words (Settings → Backups, the admins' dashboard notice). Pure, so it is tested
// without a browser; the server holds and checks the schedule itself (docs/backups.md "Schedule").
import type { RouterOutputs } from './trpc'

export type BackupScheduleView = RouterOutputs['backupSchedule']['get']
export type BackupFrequency = BackupScheduleView['frequency']

export const WEEKDAYS = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
] as const

export const FREQUENCY_CHOICES: readonly { value: BackupFrequency; label: string }[] = [
  { value: 'DAILY', label: 'Every day' },
  { value: 'WEEKLY', label: 'Every week' },
  { value: 'MONTHLY', label: 'Every month' },
  { value: 'OFF', label: 'Off' },
]

export function isBackupFrequency(value: string | null): value is BackupFrequency {
  return FREQUENCY_CHOICES.some((choice) => choice.value === value)
}

/** '02:00' */
export function hourLabel(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`
}

function ordinal(day: number): string {
  const tens = day % 100
  if (tens >= 11 && tens <= 13) return `${String(day)}th`
  const suffix = ['th', 'st', 'nd', 'rd'][day % 10] ?? 'th'
  return `${String(day)}${day % 10 <= 3 ? suffix : 'th'}`
}

/** 'Every Friday at 23:00 (Africa/Lagos); automatic backups kept 14 days' */
export function describeSchedule(
  schedule: Pick<
    BackupScheduleView,
    'frequency' | 'hour' | 'weekday' | 'monthDay' | 'retentionDays' | 'timezone'
  >,
): string {
  const at = `at ${hourLabel(schedule.hour)} (${schedule.timezone})`
  const kept = `automatic backups kept ${String(schedule.retentionDays)} ${schedule.retentionDays === 1 ? 'day' : 'days'}`
  switch (schedule.frequency) {
    case 'OFF':
      return 'No scheduled backups: only the ones an admin makes'
    case 'DAILY':
      return `Every day ${at}; ${kept}`
    case 'WEEKLY':
      return `Every ${WEEKDAYS[schedule.weekday] ?? 'Sunday'} ${at}; ${kept}`
    case 'MONTHLY':
      return `On the ${ordinal(schedule.monthDay)} of every month ${at}; ${kept}`
  }
}

/**
 * Why backups need attention, or null when they do not: the last scheduled backup failed, else the last
 * restore drill did (shown on Settings → Backups and as the admins' dashboard notice).
 */
export function backupAttentionMessage(schedule: {
  needsAttention: boolean
  lastScheduled: { state: string; error: string | null } | null
  lastDrill: { error: string | null } | null
}): string | null {
  if (!schedule.needsAttention) return null
  return schedule.lastScheduled?.state === 'FAILED'
    ? `The last scheduled backup failed: ${schedule.lastScheduled.error ?? 'no reason given'}.`
    : `The last restore drill failed: ${schedule.lastDrill?.error ?? 'no reason given'}.`
}
