// Settings → Waiver limits (docs/lending.md "Waivers"): what an admin types ↔ what the server keeps.
// Naira text is read exactly into kobo by the domain's parseNaira (never a float), then checked with the
// server's own schema, so a bad value is shown in the server's words and nothing is sent.
import { ZWaiverLimitsInput, type TWaiverLimitsInput } from '@mp/api/schemas'
import { isDomainError, parseNaira } from '@mp/domain'
import { koboToNaira } from './loan-type-form'
import { schemaErrors } from './schema-errors'

/** The roles that may approve a change (loanChange.approve is for supervisors and admins). */
export const WAIVER_LIMIT_ROLES = [
  { role: 'SUPERVISOR', label: 'Supervisor limit', field: 'Supervisor waiver limit', who: 'supervisors' },
  { role: 'ADMIN', label: 'Admin limit', field: 'Admin waiver limit', who: 'admins' },
] as const
export type WaiverLimitRole = (typeof WAIVER_LIMIT_ROLES)[number]['role']
export const WAIVER_LIMIT_FIELDS: readonly WaiverLimitRole[] = WAIVER_LIMIT_ROLES.map((entry) => entry.role)

export type WaiverLimitTexts = Record<WaiverLimitRole, string>

/** The stored limits as the form's text ("1,000.50"; '' for a role that may not approve). */
export function waiverLimitTexts(limits: TWaiverLimitsInput): WaiverLimitTexts {
  return {
    SUPERVISOR: limits.SUPERVISOR === undefined ? '' : koboToNaira(limits.SUPERVISOR),
    ADMIN: limits.ADMIN === undefined ? '' : koboToNaira(limits.ADMIN),
  }
}

/**
 * The server's input for what was typed: an empty field is left out (that role may not approve
 * waivers). The setting is saved whole, so a limit the form does not show (credit officers', who cannot
 * approve anyway) is sent back as it is. `errors` holds a message per field when anything is wrong.
 */
export function waiverLimitsInput(
  texts: WaiverLimitTexts,
  current: TWaiverLimitsInput,
): { input: TWaiverLimitsInput; errors: Partial<Record<WaiverLimitRole, string>> } {
  const input: TWaiverLimitsInput = {}
  const errors: Partial<Record<WaiverLimitRole, string>> = {}
  if (current.CREDIT_OFFICER !== undefined) input.CREDIT_OFFICER = current.CREDIT_OFFICER
  for (const { role, field } of WAIVER_LIMIT_ROLES) {
    const text = texts[role].trim()
    if (text === '') continue
    try {
      input[role] = parseNaira(text, { field })
    } catch (error) {
      if (!isDomainError(error)) throw error
      // The domain's words: "… must be an amount in naira such as 1,234.56", "at most 2 decimal places".
      errors[role] = error.message
    }
  }
  return { input, errors: { ...schemaErrors(ZWaiverLimitsInput, input, WAIVER_LIMIT_FIELDS), ...errors } }
}
