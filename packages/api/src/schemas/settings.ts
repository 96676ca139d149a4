import { z } from 'zod'
import { cleanText, type TextOptions } from './fields.js'

const hexColour = (label: string) =>
  z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, { error: `${label} must be a colour like #0b7285` })
    .transform((value) => value.toLowerCase())

const optionalText = (label: string, max: number, options: TextOptions = {}) =>
  z
    .string()
    .trim()
    .max(max, { error: `${label} must be at most ${max} characters` })
    .refine(...cleanText(label, options))
    .transform((value) => (value === '' ? null : value))
    .nullable()
    .optional()

function isTimezone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: value })
    return true
  } catch {
    return false
  }
}

export const ZSettingsUpdateInput = z.object({
  name: z
    .string()
    .trim()
    .min(1, { error: 'Company name is required' })
    .max(120, { error: 'Company name must be at most 120 characters' })
    .refine(...cleanText('Company name'))
    .optional(),
  contactEmail: z
    .union([z.literal(''), z.email({ error: 'Contact email must be a valid email address' })])
    .transform((value) => (value === '' ? null : value))
    .nullable()
    .optional(),
  contactPhone: optionalText('Contact phone', 40),
  address: optionalText('Address', 500, { multiline: true }),
  logoUrl: z
    .union([
      z.literal(''),
      z.url({ protocol: /^https$/, error: 'Logo URL must be an https:// address' }).max(2000),
    ])
    .transform((value) => (value === '' ? null : value))
    .nullable()
    .optional(),
  dateFormat: z
    .enum(['DD/MM/YYYY', 'MM/DD/YYYY', 'YYYY-MM-DD'], {
      error: 'Date format must be DD/MM/YYYY, MM/DD/YYYY or YYYY-MM-DD',
    })
    .optional(),
  timezone: z
    .string()
    .refine(isTimezone, { error: 'Timezone must be an IANA name like Africa/Lagos' })
    .optional(),
  primaryColor: hexColour('Primary colour').optional(),
  secondaryColor: hexColour('Secondary colour').optional(),
  defaultAfterDaysPastDue: z
    .number()
    .int({ error: 'Days past due must be a whole number' })
    .min(1, { error: 'Days past due before default must be between 1 and 3650' })
    .max(3650, { error: 'Days past due before default must be between 1 and 3650' })
    .optional(),
  penaltyGraceDays: z
    .number()
    .int({ error: 'Grace days must be a whole number' })
    .min(0, { error: 'Penalty grace days must be between 0 and 365' })
    .max(365, { error: 'Penalty grace days must be between 0 and 365' })
    .optional(),
})

export const ZMaintenanceInput = z.object({
  isMaintenanceMode: z.boolean({ error: 'Say whether maintenance mode is on' }),
  message: optionalText('Maintenance message', 500, { multiline: true }),
})
