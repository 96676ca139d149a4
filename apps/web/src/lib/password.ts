// A hint while typing a new password. The server's policy (docs/product.md §9: at least 8 characters, not a
// common password, not containing the email) is the rule; this only saves a round trip.

import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@mp/domain'

export type PasswordStrength = {
  /** 0 (empty) to 4 (strong); meaningless while `problem` is set. */
  score: 0 | 1 | 2 | 3 | 4
  label: 'Too short' | 'Weak' | 'Fair' | 'Good' | 'Strong'
  /** Why the server would refuse it, if we can tell; undefined when it looks acceptable. */
  problem: string | undefined
}

const LABELS = ['Too short', 'Weak', 'Fair', 'Good', 'Strong'] as const

export function passwordStrength(password: string, context: { email?: string } = {}): PasswordStrength {
  if (password.length < PASSWORD_MIN_LENGTH) {
    return { score: 0, label: 'Too short', problem: `Use at least ${PASSWORD_MIN_LENGTH} characters` }
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    return { score: 0, label: 'Too short', problem: `Use at most ${PASSWORD_MAX_LENGTH} characters` }
  }
  const lower = password.toLowerCase()
  const email = context.email?.trim().toLowerCase()
  const localPart = email?.split('@')[0]
  if (email && (lower.includes(email) || (localPart && localPart.length >= 4 && lower.includes(localPart)))) {
    return { score: 1, label: 'Weak', problem: 'Do not use your email address in your password' }
  }
  const kinds = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((pattern) => pattern.test(password)).length
  const isRepetitive = new Set(lower).size <= 3
  let score = 1
  if (password.length >= 10 && kinds >= 2) score += 1
  if (password.length >= 12 && kinds >= 3) score += 1
  if (password.length >= 16 || (password.length >= 12 && kinds === 4)) score += 1
  if (isRepetitive) score = 1
  const clamped = Math.min(score, 4) as 1 | 2 | 3 | 4
  return { score: clamped, label: LABELS[clamped], problem: undefined }
}
