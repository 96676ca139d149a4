import { DomainError, describeValue, fieldLabel } from './errors.js'

/**
 * Exact rational numbers on bigint. Rates are decimal strings ("0.10") and are never turned into floats:
 * 0.1 has no exact binary form, and a float rate is how schedules drift by a kobo from the printed figures
 * (reference §2.0: "intermediate maths goes through … exact rational bigint arithmetic").
 * Invariant: `den > 0n` and gcd(|num|, den) = 1.
 */
export type Rational = { readonly num: bigint; readonly den: bigint }

/** HALF_EVEN (banker's rounding, our default) or HALF_UP (half away from zero, as Excel ROUND). */
export type RoundingMode = 'HALF_EVEN' | 'HALF_UP'

export const ROUNDING_MODES: readonly RoundingMode[] = ['HALF_EVEN', 'HALF_UP']

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a
  let y = b < 0n ? -b : b
  while (y !== 0n) {
    const t = x % y
    x = y
    y = t
  }
  return x
}

export function rational(num: bigint, den: bigint = 1n): Rational {
  if (den === 0n) throw new RangeError('Rational with a zero denominator')
  const sign = den < 0n ? -1n : 1n
  const g = gcd(num, den)
  const divisor = g === 0n ? 1n : g
  return { num: (sign * num) / divisor, den: (sign * den) / divisor }
}

export const ZERO: Rational = { num: 0n, den: 1n }
export const ONE: Rational = { num: 1n, den: 1n }

export function add(a: Rational, b: Rational): Rational {
  return rational(a.num * b.den + b.num * a.den, a.den * b.den)
}

export function sub(a: Rational, b: Rational): Rational {
  return rational(a.num * b.den - b.num * a.den, a.den * b.den)
}

export function mul(a: Rational, b: Rational): Rational {
  return rational(a.num * b.num, a.den * b.den)
}

export function div(a: Rational, b: Rational): Rational {
  if (b.num === 0n) throw new RangeError('Division of a rational by zero')
  return rational(a.num * b.den, a.den * b.num)
}

export function pow(base: Rational, exponent: number): Rational {
  if (!Number.isInteger(exponent) || exponent < 0) throw new RangeError('pow needs a whole exponent ≥ 0')
  const e = BigInt(exponent)
  return { num: base.num ** e, den: base.den ** e }
}

export function compare(a: Rational, b: Rational): -1 | 0 | 1 {
  const left = a.num * b.den
  const right = b.num * a.den
  return left < right ? -1 : left > right ? 1 : 0
}

/**
 * Round n/d to an integer. `d` must be positive. HALF_UP rounds ties away from zero (Excel ROUND);
 * HALF_EVEN rounds ties to the even neighbour (banker's rounding, docs/product.md §3 default).
 */
export function roundDiv(n: bigint, d: bigint, mode: RoundingMode): bigint {
  if (d <= 0n) throw new RangeError('roundDiv needs a positive divisor')
  const negative = n < 0n
  const absN = negative ? -n : n
  let q = absN / d
  const twiceRem = (absN % d) * 2n
  if (twiceRem > d || (twiceRem === d && (mode === 'HALF_UP' || q % 2n === 1n))) q += 1n
  return negative ? -q : q
}

export function roundRational(value: Rational, mode: RoundingMode): bigint {
  return roundDiv(value.num, value.den, mode)
}

/** Smallest integer ≥ n/d, for d > 0. */
export function ceilDiv(n: bigint, d: bigint): bigint {
  const q = n / d
  return n % d > 0n ? q + 1n : q
}

const DECIMAL = /^(\d+)(?:\.(\d+))?$/

/**
 * Parse a non-negative decimal string ("0.10", "3", "0.005") exactly. Anything else (floats, "10%",
 * "1e-2", "", " 0.1") is refused: the caller sends rates as strings precisely so nothing is lost.
 */
export function parseDecimal(
  text: unknown,
  options: { field: string; max?: Rational; maxPlaces?: number },
): Rational {
  const label = (): string => fieldLabel(options.field)
  const maxPlaces = options.maxPlaces ?? 12
  const match = typeof text === 'string' ? DECIMAL.exec(text) : null
  if (match === null) {
    throw new DomainError({
      code: 'INVALID_RATE',
      message: `${label()} must be a decimal string such as "0.10" (got ${describeValue(text)}).`,
      details: { field: options.field },
    })
  }
  const whole = match[1] ?? '0'
  const fraction = match[2] ?? ''
  if (fraction.length > maxPlaces) {
    throw new DomainError({
      code: 'INVALID_RATE',
      message: `${label()} may have at most ${maxPlaces} decimal places (got ${describeValue(text)}).`,
      details: { field: options.field, limit: maxPlaces },
    })
  }
  const value = rational(BigInt(whole + fraction), 10n ** BigInt(fraction.length))
  if (options.max !== undefined && compare(value, options.max) > 0) {
    const max = toDecimalString(options.max)
    throw new DomainError({
      code: 'INVALID_RATE',
      message: `${label()} must be at most ${max} (got ${describeValue(text)}).`,
      details: { field: options.field, limit: max },
    })
  }
  return value
}

function isTerminating(den: bigint): boolean {
  let d = den
  while (d % 2n === 0n) d /= 2n
  while (d % 5n === 0n) d /= 5n
  return d === 1n
}

function fixedString(scaled: bigint, places: number): string {
  const negative = scaled < 0n
  const digits = (negative ? -scaled : scaled).toString().padStart(places + 1, '0')
  const whole = digits.slice(0, digits.length - places)
  const fraction = places > 0 ? `.${digits.slice(digits.length - places)}` : ''
  return `${negative ? '-' : ''}${whole}${fraction}`
}

/**
 * Decimal string of a rational: exact and minimal when it terminates ("0.3", "0.55", "2"), otherwise
 * rounded HALF_EVEN to `places` decimals (default 10, at least 6 as the public contract promises).
 */
export function toDecimalString(value: Rational, options: { places?: number } = {}): string {
  if (isTerminating(value.den)) {
    let places = 0
    let scale = 1n
    while ((value.num * scale) % value.den !== 0n) {
      places += 1
      scale *= 10n
    }
    return fixedString((value.num * scale) / value.den, places)
  }
  const places = Math.max(6, options.places ?? 10)
  return fixedString(roundDiv(value.num * 10n ** BigInt(places), value.den, 'HALF_EVEN'), places)
}

/** Fixed number of decimals, HALF_EVEN ("0.014977" for places 6). For display, never for money. */
export function toFixedString(value: Rational, places: number): string {
  return fixedString(roundDiv(value.num * 10n ** BigInt(places), value.den, 'HALF_EVEN'), places)
}
