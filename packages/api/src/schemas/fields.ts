import { z } from 'zod'

/** Shared input fields, so every form gets the same rule and the same message. */

/**
 * Characters no text field accepts: C0 controls (NUL cannot even reach PostgreSQL), DEL, C1 controls,
 * and the bidi embeddings/overrides/isolates U+202A–U+202E and U+2066–U+2069, which make a name or a
 * reference read differently on screen than it is stored (a "Trojan Source" style spoof). Tab, line
 * feed and carriage return are allowed only where a field is multi-line (addresses, notes, reasons).
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const SINGLE_LINE_FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const MULTI_LINE_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/

export type TextOptions = { multiline?: boolean }

/** True when the text holds none of the characters above (tab and line breaks allowed if multi-line). */
export function isCleanText(value: string, options: TextOptions = {}): boolean {
  return !(options.multiline === true ? MULTI_LINE_FORBIDDEN : SINGLE_LINE_FORBIDDEN).test(value)
}

/**
 * The refinement every text field carries: `.refine(...cleanText('Address', { multiline: true }))`.
 * The message names the field, so the 400 says which input to fix.
 */
export function cleanText(label: string, options: TextOptions = {}) {
  return [
    (value: string) => isCleanText(value, options),
    { error: `${label} cannot contain control characters (such as NUL) or text-direction overrides` },
  ] as const
}

/** Required free text of one line (a title, a name): trimmed, 1..max characters. */
export function zText(label: string, max: number, options: TextOptions = {}) {
  return z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, { error: `${label} is required` })
    .max(max, { error: `${label} must be at most ${max} characters` })
    .refine(...cleanText(label, options))
}

/** Optional free text: trimmed; an empty string means "none" and is stored as null. */
export function zOptionalText(label: string, max: number, options: TextOptions = {}) {
  return z
    .string({ error: `${label} must be text` })
    .trim()
    .max(max, { error: `${label} must be at most ${max} characters` })
    .refine(...cleanText(label, options))
    .transform((value) => (value === '' ? null : value))
}

/** Why something was changed; kept in the history (the database allows 3–500 characters). */
export function zReason(label = 'Reason') {
  return z
    .string({ error: `${label} is required` })
    .trim()
    .min(3, { error: `${label} must be at least 3 characters` })
    .max(500, { error: `${label} must be at most 500 characters` })
    .refine(...cleanText(label, { multiline: true }))
}

/** A list's search box. Tabs and line breaks (pasted text) count as spaces. */
export function zSearch(label = 'Search') {
  return z
    .string({ error: `${label} must be text` })
    .trim()
    .max(100, { error: `${label} must be at most 100 characters` })
    .refine(...cleanText(label, { multiline: true }))
    .optional()
    .transform((value) => (value === '' ? undefined : value))
}

export const ZEmail = z
  .string({ error: 'Enter your email address' })
  .trim()
  .toLowerCase()
  .pipe(
    z
      .email({ error: 'Enter a valid email address' })
      .max(254, { error: 'Email must be at most 254 characters' }),
  )

export const ZPersonName = (label: string) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, { error: `${label} is required` })
    .max(100, { error: `${label} must be at most 100 characters` })
    .refine(...cleanText(label))

/** A Nigerian phone, stored as +234XXXXXXXXXX (see normaliseNigerianPhone); an empty string means none. */
export const ZPhone = z
  .string({ error: 'Phone must be text' })
  .trim()
  .max(25, { error: 'Phone must be at most 25 characters' })
  .transform((value, context) => {
    if (value === '') return null
    const phone = normaliseNigerianPhone(value)
    if (phone === undefined) {
      context.issues.push({ code: 'custom', message: PHONE_ERROR, input: value })
      return z.NEVER
    }
    return phone
  })

const PHONE_ERROR = 'Phone must be a Nigerian number such as 08031234567 or +2348031234567'

/**
 * Nigerian numbers in one stored form, +234 followed by 10 digits. Accepts the 11-digit local form
 * (0803…), 234803… and +234803… (also the common "+234 0803…"), with spaces, dashes, dots or
 * brackets between digits. Anything else is refused rather than stored as typed.
 */
export function normaliseNigerianPhone(raw: string): string | undefined {
  const compact = raw.replace(/[\s\-().]/g, '')
  const digits = /^0([1-9]\d{9})$/.exec(compact)?.[1] ?? /^\+?2340?([1-9]\d{9})$/.exec(compact)?.[1]
  return digits === undefined ? undefined : `+234${digits}`
}
