import { z } from 'zod'
import { PHONE_ERROR, normaliseNigerianPhone } from '../services/staff.js'

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
