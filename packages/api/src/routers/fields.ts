import { z } from 'zod'

/** Shared input fields, so every form gets the same rule and the same message. */
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

/**
 * Nigerian phone numbers, stored in E.164 (+234 and 10 digits): accepts 0803 123 4567,
 * +234 803 123 4567 and 2348031234567 (NCC numbering: 11-digit national numbers starting with 0).
 */
export function normaliseNigerianPhone(raw: string): string | undefined {
  const digits = raw.replace(/[\s().-]/g, '')
  let national: string | undefined
  if (/^0\d{10}$/.test(digits)) national = digits.slice(1)
  else if (/^\+234\d{10}$/.test(digits)) national = digits.slice(4)
  else if (/^234\d{10}$/.test(digits)) national = digits.slice(3)
  if (!national || !/^[789]\d{9}$/.test(national)) return undefined
  return `+234${national}`
}

export const ZPhone = z
  .string()
  .trim()
  .max(20, { error: 'Phone must be at most 20 characters' })
  .transform((value, context) => {
    const normalised = normaliseNigerianPhone(value)
    if (!normalised) {
      context.addIssue({
        code: 'custom',
        message: 'Phone must be a Nigerian number like 0803 123 4567 or +234 803 123 4567',
      })
      return z.NEVER
    }
    return normalised
  })

export const ZPage = {
  page: z
    .number({ error: 'Page must be a number' })
    .int()
    .min(1, { error: 'Page must be at least 1' })
    .default(1),
  pageSize: z
    .number({ error: 'Page size must be a number' })
    .int()
    .min(1, { error: 'Page size must be at least 1' })
    .max(100, { error: 'Page size must be at most 100' })
    .default(20),
}

export const ZIsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Dates must look like 2025-01-31' })
