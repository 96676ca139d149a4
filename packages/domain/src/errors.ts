/**
 * Every business-rule failure in this package is a DomainError with a string code. The API layer maps the
 * code to a 4xx response and shows `message` to the clerk as is, so messages name the field and the limit
 * in plain words and amounts in ₦ (STYLE.md: "a 500 means a bug").
 */
export const DOMAIN_ERROR_CODES = [
  /** Negative, fractional, non-numeric or out-of-range kobo amount. */
  'INVALID_AMOUNT',
  /** A naira text such as "₦1,2x4" that cannot be read as money. */
  'INVALID_MONEY_TEXT',
  /** Term count that is not a whole number in range. */
  'INVALID_TERM',
  /** A rate that is not a decimal string, or outside the allowed range. */
  'INVALID_RATE',
  /** A date that is not 'YYYY-MM-DD' or does not exist (2025-02-30). */
  'INVALID_DATE',
  /** An IANA time zone the runtime does not know. */
  'INVALID_TIMEZONE',
  /** An unknown method, unit, rounding mode, order, or an option outside its range. */
  'INVALID_OPTION',
  /** Repayment/reversal history that cannot be replayed (duplicate id, reversal of an unknown payment…). */
  'INVALID_EVENT',
  /** A payment above the payoff amount (owner: no overpayment; the message states the maximum). */
  'OVERPAYMENT',
  /** A loan status change the actor may not make, or that the current status does not allow. */
  'TRANSITION_NOT_ALLOWED',
  /** The cash flows have no internal rate of return (e.g. they never repay the principal). */
  'IRR_NOT_FOUND',
] as const

export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number]

export type DomainErrorDetails = Readonly<Record<string, string | number | boolean | null>>

export class DomainError extends Error {
  readonly code: DomainErrorCode
  readonly details: DomainErrorDetails

  constructor(options: { code: DomainErrorCode; message: string; details?: DomainErrorDetails }) {
    super(options.message)
    this.name = 'DomainError'
    this.code = options.code
    this.details = options.details ?? {}
  }
}

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError
}

/** Human label for a field name in messages: "termCount" → "Term count". */
export function fieldLabel(field: string): string {
  const spaced = field
    .replace(/\[(\d+)\]/g, ' $1')
    .replace(/\./g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .trim()
  return spaced.charAt(0).toUpperCase() + spaced.slice(1)
}

/** `describe(value)` for messages: short, never throws, never dumps a whole object. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value)
  if (value === null) return 'null'
  if (value === undefined) return 'nothing'
  return Array.isArray(value) ? 'a list' : 'an object'
}
