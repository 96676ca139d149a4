// Words and numbers for the report pages: ratios as percentages from the server's exact decimal
// strings, aging buckets, CBN provisioning classes and the figures behind a KPI.
import { CBN_MFB_PROVISIONING, formatNaira, type AgingBucket, type ProvisionClass } from '@mp/domain'

const NOTHING = '—'
const DECIMAL = /^(-?)(\d+)(?:\.(\d*))?$/

/**
 * An exact ratio string from the server ('0.123456…', '1', '0') as a percentage with `places` decimals,
 * rounded half up on the decimal digits themselves, never through a float: '0.12345' → '12.35%',
 * '0.3333333333' → '33.33%'. Null (no ratio) and anything unreadable show as a dash.
 */
export function ratioPercent(ratio: string | null | undefined, places = 2): string {
  if (ratio === null || ratio === undefined) return NOTHING
  const match = DECIMAL.exec(ratio.trim())
  if (!match) return NOTHING
  const sign = match[1] ?? ''
  const whole = match[2] ?? '0'
  const fraction = match[3] ?? ''
  // The percentage with `places` decimals is the ratio's digits up to 2 + places after the point.
  const kept = 2 + places
  let scaled = BigInt(whole + fraction.slice(0, kept).padEnd(kept, '0'))
  const firstDropped = fraction.charAt(kept)
  if (firstDropped !== '' && firstDropped >= '5') scaled += BigInt(1)
  const digits = scaled.toString().padStart(places + 1, '0')
  const integer = digits.slice(0, digits.length - places)
  const decimals = places > 0 ? `.${digits.slice(digits.length - places)}` : ''
  const isZero = scaled === BigInt(0)
  return `${sign === '-' && !isZero ? '-' : ''}${integer}${decimals}%`
}

const AGING_LABELS: Record<AgingBucket, string> = {
  current: 'Current',
  '1-30': '1–30 days',
  '31-60': '31–60 days',
  '61-90': '61–90 days',
  '90+': 'Over 90 days',
}

/** An aging bucket in words: 'current' → 'Current', '1-30' → '1–30 days'. */
export function agingBucketLabel(bucket: AgingBucket): string {
  return AGING_LABELS[bucket]
}

/** A colour per bucket, from calm to alarming, for badges and the aging chart. */
const AGING_COLORS: Record<AgingBucket, string> = {
  current: 'teal.6',
  '1-30': 'yellow.6',
  '31-60': 'orange.6',
  '61-90': 'red.6',
  '90+': 'red.9',
}

export function agingBucketColor(bucket: AgingBucket): string {
  return AGING_COLORS[bucket]
}

const PROVISION_LABELS: Record<ProvisionClass, string> = {
  PERFORMING: 'Performing',
  PASS_AND_WATCH: 'Pass and watch',
  SUBSTANDARD: 'Substandard',
  DOUBTFUL: 'Doubtful',
  LOST: 'Lost',
}

/** A CBN provisioning class in words. */
export function provisionClassLabel(provisionClass: ProvisionClass): string {
  return PROVISION_LABELS[provisionClass]
}

/** The days past due a CBN class covers (CBN MFB prudential guidelines preset): '1–30 days', '91+ days'. */
export function provisionClassDays(provisionClass: ProvisionClass): string {
  const tier = CBN_MFB_PROVISIONING.find((candidate) => candidate.class === provisionClass)
  if (!tier) return NOTHING
  if (tier.maxDays === null) return `${String(tier.minDays)}+ days`
  if (tier.minDays === tier.maxDays) return `${String(tier.minDays)} days`
  return `${String(tier.minDays)}–${String(tier.maxDays)} days`
}

export type KpiInputValue = { value: number; unit: 'KOBO' | 'COUNT' }

/** A figure behind a KPI: money in naira, counts as whole numbers. */
export function kpiInputText(input: KpiInputValue): string {
  return input.unit === 'KOBO' ? formatNaira(input.value) : countText(input.value)
}

/** 12345 → '12,345' (grouped by hand: the result must not depend on the browser's ICU data). */
export function countText(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/** Kobo for a chart axis or tooltip, where the library may hand back a fractional tick. */
export function chartNaira(kobo: number): string {
  return Number.isFinite(kobo) ? formatNaira(Math.round(kobo)) : NOTHING
}

/** Kobo as a short naira figure for a chart axis: ₦950, ₦12.5K, ₦3.2M, ₦1.1B. */
export function compactNaira(kobo: number): string {
  if (!Number.isFinite(kobo)) return NOTHING
  const naira = kobo / 100
  const size = Math.abs(naira)
  const sign = naira < 0 ? '-' : ''
  const short = (value: number, suffix: string) =>
    `${sign}₦${String(Number(Math.abs(value).toFixed(1)))}${suffix}`
  if (size >= 1e9) return short(naira / 1e9, 'B')
  if (size >= 1e6) return short(naira / 1e6, 'M')
  if (size >= 1e3) return short(naira / 1e3, 'K')
  return `${sign}₦${String(Math.round(size))}`
}
