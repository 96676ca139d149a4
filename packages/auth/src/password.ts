import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@mp/domain'
import { hash, verify } from '@node-rs/argon2'
import { isCommonPassword } from './common-passwords.js'

/**
 * argon2id with the OWASP Password Storage Cheat Sheet baseline (19 MiB, 2 passes, 1 lane).
 * argon2id is the library's default algorithm; the hash string records its own parameters, so
 * raising them later keeps old hashes verifiable.
 */
const ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 } as const

export async function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS)
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password)
  } catch {
    return false
  }
}

/**
 * A hash of a password nobody knows, verified against when the email is unknown so that a
 * sign-in for a missing account costs the same time as one for a real account.
 */
let dummyHash: Promise<string> | undefined
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword('dummy-password-for-timing-equality')
  await verifyPassword(await dummyHash, password)
  return false
}

export type PasswordProblem = {
  code: 'TOO_SHORT' | 'TOO_LONG' | 'TOO_COMMON' | 'CONTAINS_EMAIL'
  message: string
}

/** docs/product.md §9: at least 8 characters, not a common password, not containing the email. */
export function checkPasswordPolicy(
  password: string,
  context: { email?: string } = {},
): PasswordProblem | undefined {
  if (password.length < PASSWORD_MIN_LENGTH) {
    return { code: 'TOO_SHORT', message: `Password must be at least ${PASSWORD_MIN_LENGTH} characters` }
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    return { code: 'TOO_LONG', message: `Password must be at most ${PASSWORD_MAX_LENGTH} characters` }
  }
  if (isCommonPassword(password)) {
    return { code: 'TOO_COMMON', message: 'Password is too common; choose one that is harder to guess' }
  }
  const localPart = context.email?.split('@')[0]?.toLowerCase()
  if (
    context.email &&
    (password.toLowerCase().includes(context.email.toLowerCase()) ||
      (localPart && localPart.length >= 4 && password.toLowerCase().includes(localPart)))
  ) {
    return { code: 'CONTAINS_EMAIL', message: 'Password must not contain your email address' }
  }
  return undefined
}
