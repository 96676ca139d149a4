import { describe, expect, it } from 'vitest'

import { applyRate, assertKobo, formatNaira, formatNairaExact, parseNaira, sumKobo } from './money.js'
import { rational } from './rational.js'
import { domainError } from '../test/support/expect-error.js'

describe('formatNaira', () => {
  it('formats kobo as ₦ with thousands separators and two decimals', () => {
    expect(formatNaira(123456)).toBe('₦1,234.56')
    expect(formatNaira(0)).toBe('₦0.00')
    expect(formatNaira(5)).toBe('₦0.05')
    expect(formatNaira(10_000_000)).toBe('₦100,000.00')
    expect(formatNaira(Number.MAX_SAFE_INTEGER)).toBe('₦90,071,992,547,409.91')
  })
  it('puts the minus sign before the symbol', () => {
    expect(formatNaira(-123456)).toBe('-₦1,234.56')
    expect(formatNaira(-5)).toBe('-₦0.05')
  })
  it('can drop the symbol or the grouping', () => {
    expect(formatNaira(123456, { symbol: false })).toBe('1,234.56')
    expect(formatNaira(123456, { grouping: false })).toBe('₦1234.56')
  })
  it('shows exact fractions of a kobo for explanations', () => {
    expect(formatNairaExact(rational(2_500_000n, 3n))).toBe('₦8,333.3333…')
    expect(formatNairaExact(rational(53_766_27n, 100n))).toBe('₦537.6627')
    expect(formatNairaExact(rational(83_333n))).toBe('₦833.33')
  })
})

describe('parseNaira', () => {
  it('reads what people type', () => {
    expect(parseNaira('1234.56')).toBe(123456)
    expect(parseNaira('₦1,234.56')).toBe(123456)
    expect(parseNaira(' 100000 ')).toBe(10_000_000)
    expect(parseNaira('NGN 500')).toBe(50_000)
    expect(parseNaira('N500.5')).toBe(50_050)
    expect(parseNaira('-₦5')).toBe(-500)
    expect(parseNaira('0.07')).toBe(7)
    expect(parseNaira('12.')).toBe(1200)
  })
  it('refuses fractions of a kobo and malformed text', () => {
    expect(domainError(() => parseNaira('1.234'), 'INVALID_MONEY_TEXT').message).toContain(
      'at most 2 decimal places',
    )
    for (const bad of ['', 'abc', '1,23', '12,34.5', '1.2.3', '$5', '1e5', 5]) {
      domainError(() => parseNaira(bad), 'INVALID_MONEY_TEXT')
    }
  })
  it('round-trips with formatNaira', () => {
    for (const kobo of [0, 1, 99, 100, 123456, 987654321, -250])
      expect(parseNaira(formatNaira(kobo))).toBe(kobo)
  })
})

describe('assertKobo', () => {
  it('accepts safe non-negative integers', () => {
    expect(() => {
      assertKobo(0, { field: 'principal' })
    }).not.toThrow()
  })
  it('names the field and the limit', () => {
    const fractional = domainError(() => {
      assertKobo(10.5, { field: 'principal' })
    }, 'INVALID_AMOUNT')
    expect(fractional.message).toBe('Principal must be a whole number of kobo (₦0.01 = 1 kobo); got 10.5.')
    const negative = domainError(() => {
      assertKobo(-100, { field: 'principal', min: 1 })
    }, 'INVALID_AMOUNT')
    expect(negative.message).toBe('Principal must be at least ₦0.01; got -₦1.00.')
    expect(negative.details).toMatchObject({ field: 'principal', limit: 1 })
    domainError(() => {
      assertKobo(2 ** 53, { field: 'amount' })
    }, 'INVALID_AMOUNT')
    domainError(() => {
      assertKobo('100', { field: 'amount' })
    }, 'INVALID_AMOUNT')
    domainError(() => {
      assertKobo(Number.NaN, { field: 'amount' })
    }, 'INVALID_AMOUNT')
  })
})

describe('arithmetic', () => {
  it('applies a rate with the chosen rounding', () => {
    expect(applyRate(1000100, rational(1n, 40n), 'HALF_EVEN')).toBe(25002)
    expect(applyRate(1000100, rational(1n, 40n), 'HALF_UP')).toBe(25003)
  })
  it('refuses sums beyond the safe range', () => {
    expect(sumKobo([1, 2, 3])).toBe(6)
    domainError(() => sumKobo([Number.MAX_SAFE_INTEGER, 1]), 'INVALID_AMOUNT')
  })
})
