import { describe, expect, it } from 'vitest'
import { formatPhone } from './phone.js'

describe('formatPhone', () => {
  it('shows every form of a Nigerian number as 0803 123 4567', () => {
    for (const value of [
      '+2348031234567',
      '2348031234567',
      '08031234567',
      '+234 803 123 4567',
      '0803-123-4567',
    ])
      expect(formatPhone(value)).toBe('0803 123 4567')
    expect(formatPhone('+2347011112222')).toBe('0701 111 2222')
  })

  it('shows a dash for none and anything else as stored', () => {
    expect(formatPhone(null)).toBe('—')
    expect(formatPhone(undefined)).toBe('—')
    expect(formatPhone('  ')).toBe('—')
    expect(formatPhone('+44 20 7946 0958')).toBe('+44 20 7946 0958')
    expect(formatPhone('12345')).toBe('12345')
  })
})
