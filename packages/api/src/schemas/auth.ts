import { PASSWORD_MAX_LENGTH } from '@mp/domain'
import { z } from 'zod'
import { ZEmail, ZPersonName, ZPhone } from './fields.js'

/**
 * A password as typed into a form: present and not over the longest accepted. The rest of the policy
 * (length, commonness, the email inside it) is @mp/auth's checkPasswordPolicy, run by the service with
 * its own messages, so a new password is refused for the same reasons everywhere.
 */
export function zPasswordInput(missing: string) {
  return z
    .string({ error: missing })
    .min(1, { error: missing })
    .max(PASSWORD_MAX_LENGTH, { error: `Password must be at most ${PASSWORD_MAX_LENGTH} characters` })
}

export const ZSignInInput = z.object({
  email: ZEmail,
  password: zPasswordInput('Enter your password'),
  rememberMe: z.boolean().default(false),
})
export type TSignInInput = z.infer<typeof ZSignInInput>

export const ZChangePasswordInput = z.object({
  currentPassword: zPasswordInput('Enter your current password'),
  newPassword: zPasswordInput('Enter a new password'),
})

export const ZUpdateProfileInput = z.object({
  firstName: ZPersonName('First name'),
  lastName: ZPersonName('Last name'),
  phone: ZPhone.nullable(),
})

/** One of the caller's own sessions, by its id (a SHA-256 of the token, hex). */
export const ZRevokeSessionInput = z.object({
  sessionId: z.string().regex(/^[0-9a-f]{64}$/, { error: 'Unknown session' }),
})

/** The setup screen: the first admin of an empty database. */
export const ZFirstAdminInput = z.object({
  email: ZEmail,
  firstName: ZPersonName('First name'),
  lastName: ZPersonName('Last name'),
  password: zPasswordInput('Choose a password'),
})
