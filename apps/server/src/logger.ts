import type { LoggerOptions } from 'pino'

/**
 * pino options shared by the server and its tests. Redaction is belt and braces: the request
 * serializer does not print headers, but anything that logs a request, a body or an error object
 * with these fields gets them censored (docs/product.md §9: no secret or password ever logged).
 */
const REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'headers.cookie',
  'headers.authorization',
  'password',
  'currentPassword',
  'newPassword',
  'token',
  'sessionToken',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.token',
  '*.sessionToken',
  '*.cookie',
  'input.password',
  'body.password',
  'DATABASE_URL',
  'CLOUDINARY_URL',
]

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { service: 'millennium-potters' },
  }
}
