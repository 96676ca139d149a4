import { describe, expect, it } from 'vitest'
import { formatDate, formatDateTime, formatNaira } from './format'

describe('formatNaira', () => {
  it('shows kobo as naira with thousands separators and two decimals', () => {
    expect(formatNaira(123456)).toBe('₦1,234.56')
    expect(formatNaira(100_000_000_00)).toBe('₦100,000,000.00')
    expect(formatNaira(5)).toBe('₦0.05')
    expect(formatNaira(0)).toBe('₦0.00')
  })

  it('puts the minus sign before the naira sign', () => {
    expect(formatNaira(-250_00)).toBe('-₦250.00')
  })

  it('refuses fractional kobo rather than silently rounding money', () => {
    expect(() => formatNaira(10.5)).toThrow(RangeError)
    expect(() => formatNaira(Number.NaN)).toThrow(RangeError)
  })
})

describe('formatDate', () => {
  it('defaults to DD/MM/YYYY', () => {
    expect(formatDate('2026-03-07')).toBe('07/03/2026')
  })

  it('honours the company date format', () => {
    expect(formatDate('2026-03-07', { dateFormat: 'MM/DD/YYYY' })).toBe('03/07/2026')
    expect(formatDate('2026-03-07', { dateFormat: 'YYYY-MM-DD' })).toBe('2026-03-07')
    expect(formatDate('2026-03-07', { dateFormat: 'D MMM YYYY' })).toBe('7 Mar 2026')
    expect(formatDate('2026-12-25', { dateFormat: 'DD-MM-YY' })).toBe('25-12-26')
  })

  it('reads an instant in the company timezone, not the browser or UTC day', () => {
    // 23:30 UTC on 31 Dec is 00:30 on 1 Jan in Lagos (UTC+1).
    const instant = new Date('2025-12-31T23:30:00Z')
    expect(formatDate(instant)).toBe('01/01/2026')
    expect(formatDate(instant, { timeZone: 'UTC' })).toBe('31/12/2025')
  })

  it('never shifts a calendar date such as a due date', () => {
    expect(formatDate('2026-01-01', { timeZone: 'Pacific/Honolulu' })).toBe('01/01/2026')
  })

  it('rejects malformed or impossible dates', () => {
    expect(() => formatDate('07/03/2026')).toThrow(RangeError)
    expect(() => formatDate('2026-02-30')).toThrow(RangeError)
    expect(() => formatDate(new Date('not a date'))).toThrow(RangeError)
  })
})

describe('formatDateTime', () => {
  it('shows date and 24-hour time in the company timezone (Lagos by default)', () => {
    // 23:30 UTC on 31 Dec is 00:30 on 1 Jan in Lagos (UTC+1).
    expect(formatDateTime(new Date('2025-12-31T23:30:00Z'))).toBe('01/01/2026 00:30')
    expect(formatDateTime(new Date('2026-03-07T13:05:00Z'))).toBe('07/03/2026 14:05')
  })

  it('honours another timezone and date format', () => {
    const instant = new Date('2025-12-31T23:30:00Z')
    expect(formatDateTime(instant, { timeZone: 'UTC' })).toBe('31/12/2025 23:30')
    expect(formatDateTime(instant, { timeZone: 'America/New_York', dateFormat: 'MM/DD/YYYY' })).toBe(
      '12/31/2025 18:30',
    )
    expect(formatDateTime(instant, { dateFormat: 'YYYY-MM-DD' })).toBe('2026-01-01 00:30')
  })

  it('never shows 24:00 for midnight', () => {
    expect(formatDateTime(new Date('2026-01-01T23:00:00Z'))).toBe('02/01/2026 00:00')
  })

  it('rejects an invalid date', () => {
    expect(() => formatDateTime(new Date('nope'))).toThrow(RangeError)
  })
})
