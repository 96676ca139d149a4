import { z } from 'zod'

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

const postgresUrl = z
  .string()
  .trim()
  .refine((value) => /^postgres(ql)?:\/\/.+/.test(value) && URL.canParse(value), {
    error: 'must be a postgres:// or postgresql:// connection string',
  })

const booleanString = z
  .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
  .transform((value) => value === 'true' || value === '1')

const port = (fallback: number | undefined) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be between 1 and 65535' })
    .max(65535, { error: 'must be between 1 and 65535' })
    .optional()
    .transform((value) => value ?? fallback)

/** Every environment variable the server reads (the README has the same table). */
const ZServerEnv = z.object({
  NODE_ENV: z
    .enum(['development', 'production', 'test'], { error: 'must be development, production or test' })
    .default('development'),
  PORT: port(3000),
  HOST: z.string().trim().min(1).optional(),
  DATABASE_URL: postgresUrl.optional(),
  // Connections the app may hold. PostgreSQL's default max_connections is 100, shared with /health,
  // the CLI and other instances, so the ceiling leaves room for them.
  DATABASE_POOL_SIZE: z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(2, { error: 'must be between 2 and 80' })
    .max(80, { error: 'must be between 2 and 80' })
    .default(10),
  // CockroachDB gets no PostgreSQL-only session options (docs/scale-out.md).
  DATABASE_FLAVOR: z.enum(['postgresql', 'cockroachdb']).default('postgresql'),
  MP_DATA_DIR: z.string().trim().min(1).optional(),
  MP_EMBEDDED_PG_PORT: port(undefined).refine((value) => value !== 5432, {
    error: 'must not be 5432 (that port belongs to the machine PostgreSQL)',
  }),
  MP_AUTO_MIGRATE: booleanString.optional(),
  MP_SEED_DEMO: booleanString.optional(),
  // Demo accounts start with the web app's tour marked as seen (scripted demos, browser tests; docs/web-app.md).
  MP_DEMO_TOUR_SEEN: booleanString.optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  CORS_ORIGIN: z
    .string()
    .trim()
    .optional()
    .transform((value, context) => {
      const origins = (value ?? '')
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean)
      for (const origin of origins) {
        if (!URL.canParse(origin) || new URL(origin).origin !== origin.replace(/\/$/, '')) {
          context.addIssue({
            code: 'custom',
            message: `"${origin}" is not an origin like https://app.example.com`,
          })
        }
      }
      return origins.map((origin) => origin.replace(/\/$/, ''))
    }),
  TRUST_PROXY: booleanString.optional(),
  RATE_LIMIT_PER_MINUTE: z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(10, { error: 'must be between 10 and 100000' })
    .max(100_000, { error: 'must be between 10 and 100000' })
    .default(600),
  WEB_DIST: z.string().trim().min(1).optional(),
  // Shared request limits across instances (docs/reliability.md "Two instances"); unset: per process.
  REDIS_URL: z
    .string()
    .trim()
    .refine((value) => /^rediss?:\/\/.+/.test(value) && URL.canParse(value), {
      error: 'must be a redis:// or rediss:// URL',
    })
    .optional(),
  // Whether this instance runs background jobs (exports, the daily close); false: it only queues them.
  MP_JOB_WORKERS: booleanString.default(true),
  CLOUDINARY_URL: z
    .string()
    .trim()
    .startsWith('cloudinary://', { error: 'must start with cloudinary://' })
    .optional(),
})

export type ServerEnv = z.infer<typeof ZServerEnv>

export class EnvError extends Error {
  constructor(readonly lines: string[]) {
    super(`Invalid environment:\n${lines.join('\n')}`)
    this.name = 'EnvError'
  }
}

/** Parses the environment; throws EnvError with one clear line per bad variable. */
export function loadEnv(env: NodeJS.ProcessEnv = process.env): ServerEnv {
  // Empty strings mean "unset" (a common .env mistake).
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  )
  const result = ZServerEnv.safeParse(cleaned)
  if (result.success) return result.data
  const lines = result.error.issues.map((issue) => {
    const name = issue.path.join('.')
    const raw = typeof issue.path[0] === 'string' ? env[issue.path[0]] : undefined
    const shown = raw === undefined ? '' : name.includes('URL') ? ' (value hidden)' : ` (got "${raw}")`
    return `  ${name}: ${issue.message}${shown}`
  })
  throw new EnvError(lines)
}
