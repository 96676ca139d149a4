import { describe, expect, it } from 'vitest'
import { describeSchedule, hourLabel, isBackupFrequency } from './backup-schedule'

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
