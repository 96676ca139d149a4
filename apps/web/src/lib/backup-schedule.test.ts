import { describe, expect, it } from 'vitest'
import { backupAttentionMessage, describeSchedule, hourLabel, isBackupFrequency } from './backup-schedule'

const base = { hour: 2, weekday: 5, monthDay: 1, retentionDays: 30, timezone: 'Africa/Lagos' }

describe('describeSchedule', () => {
  it('says when, in which time zone, and how long automatic backups are kept', () => {
    expect(describeSchedule({ ...base, frequency: 'DAILY' })).toBe(
      'Every day at 02:00 (Africa/Lagos); automatic backups kept 30 days',
    )
    expect(describeSchedule({ ...base, frequency: 'WEEKLY', hour: 23, retentionDays: 1 })).toBe(
      'Every Friday at 23:00 (Africa/Lagos); automatic backups kept 1 day',
    )
    expect(describeSchedule({ ...base, frequency: 'MONTHLY', monthDay: 22 })).toBe(
      'On the 22nd of every month at 02:00 (Africa/Lagos); automatic backups kept 30 days',
    )
    expect(describeSchedule({ ...base, frequency: 'MONTHLY', monthDay: 11 })).toMatch(/^On the 11th /)
    expect(describeSchedule({ ...base, frequency: 'OFF' })).toBe(
      'No scheduled backups: only the ones an admin makes',
    )
  })

  it('labels hours and recognises frequencies', () => {
    expect(hourLabel(0)).toBe('00:00')
    expect(hourLabel(17)).toBe('17:00')
    expect(isBackupFrequency('WEEKLY')).toBe(true)
    expect(isBackupFrequency('HOURLY')).toBe(false)
    expect(isBackupFrequency(null)).toBe(false)
  })
})

describe('backupAttentionMessage', () => {
  const failed = (error: string | null) => ({ state: 'FAILED' as const, error })
  const done = { state: 'DONE' as const, error: null }

  it('says nothing when backups do not need attention', () => {
    expect(backupAttentionMessage({ needsAttention: false, lastScheduled: null, lastDrill: null })).toBeNull()
  })

  it('names the failed scheduled backup first, then the failed drill, with the reason', () => {
    expect(
      backupAttentionMessage({
        needsAttention: true,
        lastScheduled: failed('disk full'),
        lastDrill: failed('x'),
      }),
    ).toBe('The last scheduled backup failed: disk full.')
    expect(
      backupAttentionMessage({ needsAttention: true, lastScheduled: done, lastDrill: failed(null) }),
    ).toBe('The last restore drill failed: no reason given.')
  })
})
