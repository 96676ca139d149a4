import { SESSION_COOKIE_NAME } from './session.js'

export type CookieOptions = { isSecure: boolean }

/**
 * Set-Cookie for the session: HttpOnly (no script can read it), SameSite=Lax (not sent on cross-site
 * POSTs), Secure in production. Without "remember me" no Max-Age is sent, so it is a browser-session
 * cookie that disappears when the browser closes.
 */
export function serializeSessionCookie(
  token: string,
  session: { expires_at: Date; is_persistent: boolean },
  options: CookieOptions,
  now: Date = new Date(),
): string {
  const parts = [`${SESSION_COOKIE_NAME}=${token}`, 'Path=/', 'HttpOnly', 'SameSite=Lax']
  if (options.isSecure) parts.push('Secure')
  if (session.is_persistent) {
    const maxAge = Math.max(0, Math.floor((session.expires_at.getTime() - now.getTime()) / 1000))
    parts.push(`Max-Age=${maxAge}`, `Expires=${session.expires_at.toUTCString()}`)
  }
  return parts.join('; ')
}

export function serializeBlankSessionCookie(options: CookieOptions): string {
  const parts = [`${SESSION_COOKIE_NAME}=`, 'Path=/', 'HttpOnly', 'SameSite=Lax', 'Max-Age=0']
  if (options.isSecure) parts.push('Secure')
  return parts.join('; ')
}

/** Reads one cookie from a Cookie header. */
export function readCookie(
  header: string | undefined,
  name: string = SESSION_COOKIE_NAME,
): string | undefined {
  if (!header) return undefined
  for (const part of header.split(';')) {
    const index = part.indexOf('=')
    if (index === -1) continue
    if (part.slice(0, index).trim() === name) return part.slice(index + 1).trim()
  }
  return undefined
}
