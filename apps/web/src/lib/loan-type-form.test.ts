import { describe, expect, it } from 'vitest'
import { koboToNaira, nairaToKobo, parseWhole, percentToRate, rateToPercent } from './loan-type-form'

describe('percentToRate', () => {
  it('turns a typed percentage into an exact decimal rate', () => {
    expect(percentToRate('10')).toEqual({ ok: true, value: '0.10' })
    expect(percentToRate('12.5')).toEqual({ ok: true, value: '0.125' })
    expect(percentToRate('0.25')).toEqual({ ok: true, value: '0.0025' })
    expect(percentToRate('5')).toEqual({ ok: true, value: '0.05' })
    expect(percentToRate('100')).toEqual({ ok: true, value: '1.00' })
    expect(percentToRate('250 %')).toEqual({ ok: true, value: '2.50' })
    expect(percentToRate('0.000001')).toEqual({ ok: true, value: '0.00000001' })
  })
  it('refuses text that is not a percentage, or too precise for the API', () => {
    expect(percentToRate('ten').ok).toBe(false)
    expect(percentToRate('-1').ok).toBe(false)
    expect(percentToRate('').ok).toBe(false)
    expect(percentToRate('0.0000001').ok).toBe(false)
  })
})

describe('rateToPercent', () => {
  it('shows a stored rate as the percentage the admin typed', () => {
    expect(rateToPercent('0.10')).toBe('10')
    expect(rateToPercent('0.125')).toBe('12.5')
    expect(rateToPercent('0.0025')).toBe('0.25')
    expect(rateToPercent('1')).toBe('100')
    expect(rateToPercent('0')).toBe('0')
  })
  it('round-trips with percentToRate', () => {
    for (const percent of ['10', '12.5', '0.25', '3.333333', '150']) {
      const parsed = percentToRate(percent)
      expect(parsed.ok && rateToPercent(parsed.value)).toBe(percent)
    }
  })
})

describe('nairaToKobo / koboToNaira', () => {
  it('converts naira text to integer kobo exactly', () => {
    expect(nairaToKobo('50,000.00')).toEqual({ ok: true, value: 5_000_000 })
    expect(nairaToKobo('₦1,234.56')).toEqual({ ok: true, value: 123_456 })
    expect(nairaToKobo('0.1')).toEqual({ ok: true, value: 10 })
    expect(nairaToKobo('19.99')).toEqual({ ok: true, value: 1999 })
  })
  it('refuses bad amounts', () => {
    expect(nairaToKobo('abc').ok).toBe(false)
    expect(nairaToKobo('1.234').ok).toBe(false)
    expect(nairaToKobo('0').ok).toBe(false)
  })
  it('shows kobo as form text', () => {
    expect(koboToNaira(5_000_000)).toBe('50,000.00')
    expect(koboToNaira(1999)).toBe('19.99')
  })
})

describe('parseWhole', () => {
  it('accepts whole numbers in range only', () => {
    expect(parseWhole('12', 'Term', 1, 1200)).toEqual({ ok: true, value: 12 })
    expect(parseWhole('0', 'Term', 1, 1200).ok).toBe(false)
    expect(parseWhole('1.5', 'Term', 1, 1200).ok).toBe(false)
  })
})
