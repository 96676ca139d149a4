export {
  checkPasswordPolicy,
  hashPassword,
  verifyAgainstDummy,
  verifyPassword,
  type PasswordProblem,
} from './password.js'
export {
  ABSOLUTE_SESSION_TTL_MS,
  BROWSER_SESSION_TTL_MS,
  PERSISTENT_SESSION_TTL_MS,
  SESSION_COOKIE_NAME,
  createSession,
  generateSessionToken,
  invalidateSession,
  invalidateUserSessions,
  sessionIdFromToken,
  findLiveSession,
  validateSessionToken,
  type SessionUser,
  type ValidatedSession,
} from './session.js'
export {
  readCookie,
  serializeBlankSessionCookie,
  serializeSessionCookie,
  type CookieOptions,
} from './cookie.js'
export { isCommonPassword } from './common-passwords.js'
