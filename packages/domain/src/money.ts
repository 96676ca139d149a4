import { DomainError, describeValue, fieldLabel } from './errors.js'
import type { Rational, RoundingMode } from './rational.js'
import { roundDiv } from './rational.js'

/**
 * Money is an integer number of kobo (1 NGN = 100 kobo) held in a JS `number` and checked with
 * Number.isSafeInteger: the database column is bigint, but every real amount is far below 2^53 kobo
 * (₦90 trillion), and a plain number is what JSON, tRPC and the browser handle without ceremony (docs/product.md §2).
 */
export type Kobo = number

export const MAX_KOBO: Kobo = Number.MAX_SAFE_INTEGER

/** Throws INVALID_AMOUNT unless `value` is a safe integer within [min, max] (defaults 0 and 2^53−1). */
export function assertKobo(
  value: unknown,
  options: { field: string; min?: Kobo; max?: Kobo },
): asserts value is Kobo {
  // Checked on every amount of every replay: build the label only when there is something to say.
  const label = (): string => fieldLabel(options.field)
  const min = options.min ?? 0
  const max = options.max ?? MAX_KOBO
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new DomainError({
      code: 'INVALID_AMOUNT',
      message: `${label()} must be a whole number of kobo (₦0.01 = 1 kobo); got ${describeValue(value)}.`,
      details: { field: options.field },
    })
  }
  if (value < min) {
    throw new DomainError({
      code: 'INVALID_AMOUNT',
      message: `${label()} must be at least ${formatNaira(min)}; got ${formatNaira(value)}.`,
      details: { field: options.field, limit: min, got: value },
    })
  }
  if (value > max) {
    throw new DomainError({
      code: 'INVALID_AMOUNT',
      message: `${label()} must be at most ${formatNaira(max)}; got ${formatNaira(value)}.`,
      details: { field: options.field, limit: max, got: value },
    })
  }
}

/** A bigint kobo amount back to a checked number (for results of exact arithmetic). */
const MAX_KOBO_BIG = BigInt(MAX_KOBO)

export function koboFromBigInt(value: bigint, field: string): Kobo {
  if (value > MAX_KOBO_BIG || value < -MAX_KOBO_BIG) {
    throw new DomainError({
      code: 'INVALID_AMOUNT',
      message: `${fieldLabel(field)} is larger than the largest amount this system can hold (${formatNaira(MAX_KOBO)}).`,
      details: { field, limit: MAX_KOBO },
    })
  }
  return Number(value)
}

/** round(amount × rate) to whole kobo: the one place where rates meet money. */
export function applyRate(amount: Kobo, rate: Rational, mode: RoundingMode, field = 'amount'): Kobo {
  return koboFromBigInt(roundDiv(BigInt(amount) * rate.num, rate.den, mode), field)
}

/** Sum that refuses to leave the safe-integer range instead of silently losing kobo. */
export function sumKobo(values: Iterable<Kobo>, field = 'total'): Kobo {
  let total = 0
  for (const value of values) total += value
  if (!Number.isSafeInteger(total)) {
    throw new DomainError({
      code: 'INVALID_AMOUNT',
      message: `${fieldLabel(field)} is larger than the largest amount this system can hold (${formatNaira(MAX_KOBO)}).`,
      details: { field, limit: MAX_KOBO },
    })
  }
  return total
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/** `₦1,234.56`; negative `-₦1,234.56`. `symbol: false` gives `1,234.56`; `grouping: false` `1234.56`. */
export function formatNaira(
  kobo: Kobo | bigint,
  options: { symbol?: boolean; grouping?: boolean } = {},
): string {
  const value = BigInt(kobo)
  const negative = value < 0n
  const abs = negative ? -value : value
  const whole = (abs / 100n).toString()
  const fraction = (abs % 100n).toString().padStart(2, '0')
  const wholeText = options.grouping === false ? whole : groupThousands(whole)
  return `${negative ? '-' : ''}${options.symbol === false ? '' : '₦'}${wholeText}.${fraction}`
}

const NAIRA_TEXT = /^(-)?(?:₦|NGN|N)?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d*))?$/

/**
 * Read a naira amount typed by a person into kobo: "1234.5", "₦1,234.56", "NGN 500", "-₦5". At most
 * two decimals (a third would be a fraction of a kobo); commas only as thousands separators.
 */
export function parseNaira(text: unknown, options: { field?: string } = {}): Kobo {
  const field = options.field ?? 'amount'
  const label = fieldLabel(field)
  const match = typeof text === 'string' ? NAIRA_TEXT.exec(text.trim()) : null
  if (match === null) {
    throw new DomainError({
      code: 'INVALID_MONEY_TEXT',
      message: `${label} must be an amount in naira such as 1,234.56 (got ${describeValue(text)}).`,
      details: { field },
    })
  }
  const fraction = match[3] ?? ''
  if (fraction.length > 2) {
    throw new DomainError({
      code: 'INVALID_MONEY_TEXT',
      message: `${label} can have at most 2 decimal places (kobo); got ${describeValue(text)}.`,
      details: { field, limit: 2 },
    })
  }
  const whole = (match[2] ?? '0').replace(/,/g, '')
  const kobo = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'))
  return koboFromBigInt(match[1] === '-' ? -kobo : kobo, field)
}

/**
 * An exact kobo quantity (a rational, e.g. 833333⅓ kobo) shown in naira for explanations: whole kobo as
 * `₦8,333.33`, otherwise four decimals and an ellipsis when it goes on (`₦8,333.3333…`).
 */
export function formatNairaExact(value: Rational): string {
  const scaled = value.num * 100n
  const ten4 = scaled / value.den
  const isExact = scaled % value.den === 0n
  const negative = value.num < 0n
  const abs = ten4 < 0n ? -ten4 : ten4
  const whole = groupThousands((abs / 10000n).toString())
  let fraction = (abs % 10000n).toString().padStart(4, '0')
  if (isExact) fraction = fraction.replace(/0{1,2}$/, '')
  return `${negative ? '-' : ''}₦${whole}.${fraction}${isExact ? '' : '…'}`
}
