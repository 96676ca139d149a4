// Conversions between what an admin types on the loan-type form and what the API stores: percentages
// ("10") ↔ decimal rate strings ('0.10'), naira ("50,000.00") ↔ integer kobo. String arithmetic only:
// never a float between the keyboard and the server.
import { zKobo } from '@mp/api/schemas'
import { isDomainError, parseNaira } from '@mp/domain'

const PERCENT_TEXT = /^(\d+)(?:\.(\d+))?$/
/** The API accepts rates with up to 8 decimal places, i.e. percentages with up to 6. */
const MAX_PERCENT_PLACES = 6

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string }

/** "10" → '0.10', "12.5" → '0.125', "0.25" → '0.0025', "100" → '1.00'. */
export function percentToRate(text: string, label = 'Rate'): Parsed<string> {
  const match = PERCENT_TEXT.exec(text.trim().replace(/\s*%$/, ''))
  if (!match) return { ok: false, error: `${label} must be a percentage such as 10 or 2.5` }
  const whole = match[1] ?? '0'
  const fraction = match[2] ?? ''
  if (fraction.length > MAX_PERCENT_PLACES) {
    return { ok: false, error: `${label} can have at most ${MAX_PERCENT_PLACES} decimal places` }
  }
  // Move the decimal point two places left.
  const padded = whole.padStart(3, '0')
  const integer = padded.slice(0, -2).replace(/^0+(?=\d)/, '')
  const decimals = (padded.slice(-2) + fraction).replace(/0+$/, '').padEnd(2, '0')
  return { ok: true, value: `${integer}.${decimals}` }
}

/** '0.10' → "10", '0.125' → "12.5", '1' → "100": the form's text for a stored rate. */
export function rateToPercent(rate: string): string {
  const match = PERCENT_TEXT.exec(rate.trim())
  if (!match) return rate
  const whole = match[1] ?? '0'
  const fraction = (match[2] ?? '').padEnd(2, '0')
  const integer = (whole + fraction.slice(0, 2)).replace(/^0+(?=\d)/, '')
  const rest = fraction.slice(2).replace(/0+$/, '')
  return rest ? `${integer}.${rest}` : integer
}

/** "50,000.00" → 5000000 kobo, with the domain's readable message when the text is not an amount. */
export function nairaToKobo(text: string, label = 'Amount'): Parsed<number> {
  try {
    const kobo = parseNaira(text.trim().replace(/^₦/, ''), { field: label })
    // The server's money rule (whole kobo, at least 1, within the exact range); "at least 1 kobo" is
    // said in naira here, as the officer typed it.
    const checked = zKobo(label).safeParse(kobo)
    if (checked.success) return { ok: true, value: checked.data }
    const issue = checked.error.issues[0]
    return {
      ok: false,
      error:
        issue?.code === 'too_small'
          ? `${label} must be more than ₦0.00`
          : (issue?.message ?? `${label} is not valid`),
    }
  } catch (error) {
    if (isDomainError(error))
      return { ok: false, error: `${label} must be an amount in naira such as 50,000.00` }
    throw error
  }
}

/** 5000000 kobo → "50,000.00": the form's text for a stored amount. */
export function koboToNaira(kobo: number): string {
  const naira = Math.trunc(kobo / 100)
  const rest = kobo % 100
  return `${String(naira).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${String(rest).padStart(2, '0')}`
}

/** A whole number in a range ("12" → 12), for terms and grace days. */
export function parseWhole(text: string, label: string, min: number, max: number): Parsed<number> {
  const trimmed = text.trim()
  if (!/^\d+$/.test(trimmed)) return { ok: false, error: `${label} must be a whole number` }
  const value = Number(trimmed)
  if (value < min || value > max) return { ok: false, error: `${label} must be between ${min} and ${max}` }
  return { ok: true, value }
}
