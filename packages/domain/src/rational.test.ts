import { describe, expect, it } from 'vitest'

import {
  add,
  ceilDiv,
  compare,
  div,
  mul,
  parseDecimal,
  pow,
  rational,
  roundDiv,
  sub,
  toDecimalString,
  toFixedString,
} from './rational.js'
import { domainError } from '../test/support/expect-error.js'

describe('rational arithmetic', () => {
  it('keeps fractions exact and reduced', () => {
    const third = rational(1n, 3n)
    expect(add(third, third)).toEqual({ num: 2n, den: 3n })
    expect(sub(third, rational(1n, 2n))).toEqual({ num: -1n, den: 6n })
    expect(mul(rational(10n, 100n), rational(3n))).toEqual({ num: 3n, den: 10n })
    expect(div(rational(1n), rational(-4n))).toEqual({ num: -1n, den: 4n })
    expect(pow(rational(103n, 100n), 2)).toEqual({ num: 10609n, den: 10000n })
    expect(compare(rational(1n, 3n), rational(333n, 1000n))).toBe(1)
    expect(() => rational(1n, 0n)).toThrow(RangeError)
  })
})

describe('roundDiv', () => {
  it('HALF_EVEN sends ties to the even neighbour', () => {
    expect(roundDiv(5n, 2n, 'HALF_EVEN')).toBe(2n)
    expect(roundDiv(7n, 2n, 'HALF_EVEN')).toBe(4n)
    expect(roundDiv(-5n, 2n, 'HALF_EVEN')).toBe(-2n)
    expect(roundDiv(25002_5n, 10n, 'HALF_EVEN')).toBe(25002n)
  })
  it('HALF_UP sends ties away from zero (Excel ROUND)', () => {
    expect(roundDiv(5n, 2n, 'HALF_UP')).toBe(3n)
    expect(roundDiv(-5n, 2n, 'HALF_UP')).toBe(-3n)
    expect(roundDiv(25002_5n, 10n, 'HALF_UP')).toBe(25003n)
  })
  it('agrees for non-ties', () => {
    for (const mode of ['HALF_EVEN', 'HALF_UP'] as const) {
      expect(roundDiv(10n, 3n, mode)).toBe(3n)
      expect(roundDiv(20n, 3n, mode)).toBe(7n)
      expect(roundDiv(-20n, 3n, mode)).toBe(-7n)
    }
  })
  it('ceilDiv rounds up', () => {
    expect(ceilDiv(916666n, 1000n)).toBe(917n)
    expect(ceilDiv(917000n, 1000n)).toBe(917n)
  })
})

describe('parseDecimal', () => {
  it('parses decimal strings exactly', () => {
    expect(parseDecimal('0.10', { field: 'rate' })).toEqual({ num: 1n, den: 10n })
    expect(parseDecimal('0.005', { field: 'rate' })).toEqual({ num: 1n, den: 200n })
    expect(parseDecimal('3', { field: 'rate' })).toEqual({ num: 3n, den: 1n })
  })
  it('refuses anything that is not a plain decimal string', () => {
    for (const bad of [0.1, '10%', '1e-2', '', ' 0.1', '-0.1', '.5', '0,1', null]) {
      const error = domainError(() => parseDecimal(bad, { field: 'interest.rate' }), 'INVALID_RATE')
      expect(error.message).toContain('Interest rate must be a decimal string')
    }
    expect(
      domainError(() => parseDecimal('11', { field: 'rate', max: rational(10n) }), 'INVALID_RATE').message,
    ).toBe('Rate must be at most 10 (got "11").')
    domainError(() => parseDecimal('0.1234567890123', { field: 'rate' }), 'INVALID_RATE')
  })
})

describe('toDecimalString', () => {
  it('is exact and minimal when the decimal terminates', () => {
    expect(toDecimalString(rational(6n, 20n))).toBe('0.3')
    expect(toDecimalString(rational(11n, 20n))).toBe('0.55')
    expect(toDecimalString(rational(2n))).toBe('2')
    expect(toDecimalString(rational(-1n, 8n))).toBe('-0.125')
    expect(toDecimalString(rational(0n))).toBe('0')
  })
  it('gives at least 6 places otherwise', () => {
    expect(toDecimalString(rational(1n, 3n))).toBe('0.3333333333')
    expect(toDecimalString(rational(2n, 3n), { places: 2 })).toBe('0.666667')
    expect(toFixedString(rational(1n, 3n), 2)).toBe('0.33')
  })
})
