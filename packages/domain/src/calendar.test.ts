import { describe, expect, it } from 'vitest'

import {
  addDays,
  addMonths,
  addPeriods,
  addWeeks,
  assertIsoDate,
  daysBetween,
  dueDates,
  isIsoDate,
  isoWeekday,
  todayIn,
} from './calendar.js'
import { domainError } from '../test/support/expect-error.js'

describe('ISO dates', () => {
  it('validates real calendar dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true)
    for (const bad of [
      '2025-02-29',
      '2025-02-30',
      '2025-13-01',
      '2025-00-10',
      '2025-1-6',
      '06/01/2025',
      '',
      20250106,
    ]) {
      expect(isIsoDate(bad)).toBe(false)
    }
    expect(
      domainError(() => {
        assertIsoDate('2025-02-30', 'startDate')
      }, 'INVALID_DATE').message,
    ).toBe('Start date must be a real calendar date written YYYY-MM-DD (got "2025-02-30").')
  })
  it('adds days and weeks across months, years and leap days', () => {
    expect(addDays('2025-01-06', 7)).toBe('2025-01-13')
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29')
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01')
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28')
    expect(addWeeks('2025-01-06', 12)).toBe('2025-03-31')
  })
  it('adds months with month-end clamping counted from the start (docs/product.md §3)', () => {
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28')
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29')
    expect(addMonths('2025-01-31', 2)).toBe('2025-03-31')
    expect(addMonths('2025-01-31', 3)).toBe('2025-04-30')
    expect(addMonths('2025-11-15', 3)).toBe('2026-02-15')
    expect(addMonths('2025-03-31', -1)).toBe('2025-02-28')
    expect(dueDates('2025-01-31', 'MONTH', 4)).toEqual([
      '2025-02-28',
      '2025-03-31',
      '2025-04-30',
      '2025-05-31',
    ])
    expect(dueDates('2025-01-06', 'DAY', 2)).toEqual(['2025-01-07', '2025-01-08'])
    expect(addPeriods('2025-01-31', 'MONTH', 2)).toBe('2025-03-31')
  })
  it('counts days between dates', () => {
    expect(daysBetween('2025-01-13', '2025-01-23')).toBe(10)
    expect(daysBetween('2025-01-23', '2025-01-13')).toBe(-10)
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366)
    expect(isoWeekday('2025-01-06')).toBe(1)
    expect(isoWeekday('2025-01-12')).toBe(7)
  })
})

describe('todayIn', () => {
  it("answers with the office's calendar date, not UTC's", () => {
    const lateEveningUtc = new Date('2025-01-05T23:30:00Z')
    expect(todayIn('Africa/Lagos', lateEveningUtc)).toBe('2025-01-06')
    expect(todayIn('UTC', lateEveningUtc)).toBe('2025-01-05')
    expect(todayIn(undefined, lateEveningUtc)).toBe('2025-01-06')
  })
  it('refuses an unknown time zone', () => {
    domainError(() => todayIn('Mars/Olympus'), 'INVALID_TIMEZONE')
  })
})
