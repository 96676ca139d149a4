import { describe, expect, it } from 'vitest'
import { nairaPlain, percent } from '../src/exports/columns.js'

describe('export cell formats', () => {
  it('percentages from exact ratio strings, half up on the digits', () => {
    expect(percent('0.55')).toBe('55.00%')
    expect(percent('0.123449')).toBe('12.34%')
    expect(percent('0.12345')).toBe('12.35%')
    expect(percent('0')).toBe('0.00%')
    expect(percent('1')).toBe('100.00%')
    expect(percent('0.00005')).toBe('0.01%')
    expect(percent('not a ratio')).toBe('not a ratio')
  })
  it('naira from kobo, exact', () => {
    expect(nairaPlain(123_456)).toBe('1234.56')
    expect(nairaPlain(5)).toBe('0.05')
  })
})
