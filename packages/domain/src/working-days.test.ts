import { describe, expect, it } from 'vitest'

import { buildSchedule } from './schedule.js'
import type { WorkingCalendar } from './working-days.js'
import {
  NIGERIAN_FIXED_HOLIDAYS,
  adjustDueDate,
  adjustDueDates,
  isWorkingDay,
  nigerianFixedHolidays,
} from './working-days.js'
import { domainError } from '../test/support/expect-error.js'

const nigeria: WorkingCalendar = { weekendDays: [6, 7], annualHolidays: NIGERIAN_FIXED_HOLIDAYS }

describe('working days', () => {
  it('weekends are configurable, holidays by date or every year', () => {
    expect(isWorkingDay('2025-01-04', nigeria)).toBe(false) // Saturday
    expect(isWorkingDay('2025-01-04', { weekendDays: [7] })).toBe(true)
    expect(isWorkingDay('2025-01-01', nigeria)).toBe(false) // New Year's Day
    expect(isWorkingDay('2031-06-12', nigeria)).toBe(false) // Democracy Day, any year
    expect(isWorkingDay('2025-04-18', { weekendDays: [6, 7], holidays: ['2025-04-18'] })).toBe(false)
    expect(isWorkingDay('2025-04-17', { weekendDays: [6, 7], holidays: ['2025-04-18'] })).toBe(true)
    expect(isWorkingDay('2025-01-05', { weekendDays: [] })).toBe(true)
  })

  it('offers the six fixed-date Nigerian public holidays of a year', () => {
    expect(nigerianFixedHolidays(2026).map((h) => h.date)).toEqual([
      '2026-01-01',
      '2026-05-01',
      '2026-06-12',
      '2026-10-01',
      '2026-12-25',
      '2026-12-26',
    ])
    expect(nigerianFixedHolidays(2026)[2]?.name).toBe('Democracy Day')
  })

  it('moves a due date to the next or previous working day', () => {
    // Christmas 2025 is a Thursday, Boxing Day a Friday, then a weekend: next is Monday 29 December.
    expect(adjustDueDate('2025-12-25', nigeria, 'next')).toBe('2025-12-29')
    expect(adjustDueDate('2025-12-27', nigeria, 'next')).toBe('2025-12-29')
    expect(adjustDueDate('2025-12-25', nigeria, 'previous')).toBe('2025-12-24')
    expect(adjustDueDate('2025-12-24', nigeria, 'previous')).toBe('2025-12-24')
  })

  it('previous never lands on or before the previous installment: it goes to the next working day', () => {
    expect(adjustDueDate('2025-12-27', nigeria, 'previous', { after: '2025-12-24' })).toBe('2025-12-29')
    expect(adjustDueDate('2025-12-27', nigeria, 'previous', { after: '2025-12-23' })).toBe('2025-12-24')
    // Squeezed together by earlier moves: the first working day after the previous due date.
    expect(adjustDueDate('2025-12-29', nigeria, 'next', { after: '2025-12-29' })).toBe('2025-12-30')
  })

  it('a daily schedule over a weekend never puts two installments on Monday', () => {
    const { dates, moves } = adjustDueDates(
      ['2025-01-07', '2025-01-08', '2025-01-09', '2025-01-10', '2025-01-11', '2025-01-12'],
      { weekendDays: [6, 7] },
      'previous',
      { after: '2025-01-06' },
    )
    expect(dates).toEqual([
      '2025-01-07',
      '2025-01-08',
      '2025-01-09',
      '2025-01-10',
      '2025-01-13',
      '2025-01-14',
    ])
    expect(moves).toEqual([
      { sequence: 5, from: '2025-01-11', to: '2025-01-13' },
      { sequence: 6, from: '2025-01-12', to: '2025-01-14' },
    ])
  })

  it('buildSchedule moves due dates off non-working days, amounts unchanged', () => {
    const input = {
      principal: 12_000_000,
      termCount: 4,
      termUnit: 'MONTH' as const,
      startDate: '2025-12-31',
      interest: { method: 'FLAT' as const, rate: '0.05', basis: 'PER_PERIOD' as const },
    }
    const plain = buildSchedule(input)
    const moved = buildSchedule({ ...input, calendar: nigeria })
    expect(moved.installments.map((i) => i.dueDate)).toEqual([
      '2026-02-02',
      '2026-03-02',
      '2026-03-31',
      '2026-04-30',
    ])
    expect(moved.installments.map(({ dueDate: _d, ...rest }) => rest)).toEqual(
      plain.installments.map(({ dueDate: _d, ...rest }) => rest),
    )
  })

  it('refuses calendars that cannot work', () => {
    expect(
      domainError(() => isWorkingDay('2025-01-01', { weekendDays: [1, 2, 3, 4, 5, 6, 7] }), 'INVALID_OPTION')
        .details.field,
    ).toBe('calendar.weekendDays')
    expect(
      domainError(() => isWorkingDay('2025-01-01', { weekendDays: [0] }), 'INVALID_OPTION').message,
    ).toContain('1 (Monday) to 7')
    expect(
      domainError(
        () => isWorkingDay('2025-01-01', { weekendDays: [], annualHolidays: [{ month: 2, day: 30 }] }),
        'INVALID_OPTION',
      ).details.field,
    ).toBe('calendar.annualHolidays[0]')
    expect(
      domainError(
        () => isWorkingDay('2025-01-01', { weekendDays: [], holidays: ['2025-02-30'] }),
        'INVALID_DATE',
      ).details.field,
    ).toBe('calendar.holidays[0]')
    expect(
      domainError(() => adjustDueDate('2025-01-01', nigeria, 'later' as 'next'), 'INVALID_OPTION').details
        .field,
    ).toBe('nonWorkingDayRule')
    const everyDay = Array.from({ length: 4000 }, (_, i) => i)
    const closed: WorkingCalendar = {
      weekendDays: [6, 7],
      holidays: everyDay.map((i) => new Date(Date.UTC(2025, 0, 1 + i)).toISOString().slice(0, 10)),
    }
    expect(
      domainError(() => adjustDueDate('2025-01-01', closed, 'next'), 'INVALID_OPTION').message,
    ).toContain('no working day')
  })
})
