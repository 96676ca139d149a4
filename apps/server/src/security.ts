import cors from '@fastify/cors'
import helmet from '@fastify/helmet'
import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Redis } from 'ioredis'

export type SecurityOptions = {
  /** Origins allowed to call the API from another site (CORS_ORIGIN). Same-origin needs no entry. */
  corsOrigins: readonly string[]
  isProduction: boolean
  /** Requests per minute per client IP before 429 (docs/product.md §9). /health is exempt. */
  rateLimitPerMinute: number
  /** Counts kept in Redis, shared by every instance; default: in this process. */
  redis?: Redis | undefined
}

/** The request's own origin as the browser sees it (scheme + host), for the CSRF comparison. */
function ownOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`
}

function originOf(request: FastifyRequest): string | undefined {
  const origin = request.headers.origin
  if (typeof origin === 'string' && origin !== 'null') return origin
  const referer = request.headers.referer
  if (typeof referer === 'string' && URL.canParse(referer)) return new URL(referer).origin
  return undefined
}

/**
 * The perimeter (docs/product.md §9): security headers with a CSP the web app passes, CORS from an allow-list,
 * an Origin/Referer check on every state-changing request that carries a cookie (CSRF), and a global
 * per-IP rate limit answering 429 with Retry-After.
 */
export async function registerSecurity(app: FastifyInstance, options: SecurityOptions): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Mantine writes <style> tags and style attributes at runtime.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(options.isProduction ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    // HSTS only where HTTPS is guaranteed (production behind TLS); on http://localhost it would break.
    strictTransportSecurity: options.isProduction ? { maxAge: 15_552_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  })

  const allowed = new Set(options.corsOrigins)
  await app.register(cors, {
    origin: (origin, callback) => {
      // No Origin header: same-origin navigation or a non-browser client; CORS does not apply.
      if (origin === undefined || allowed.has(origin)) {
        callback(null, true)
        return
      }
      callback(null, false)
    },
    credentials: true,
    methods: ['GET', 'POST', 'OPTIONS'],
    maxAge: 600,
  })

  // CSRF: a cookie-carrying POST must come from our own page or an allowed origin. SameSite=Lax
  // already blocks most cross-site posts; this closes the rest (old browsers, same-site subdomains).
  app.addHook('onRequest', async (request, reply) => {
    if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return
    if (!request.headers.cookie) return
    const origin = originOf(request)
    if (origin === ownOrigin(request) || (origin !== undefined && allowed.has(origin))) return
    request.log.warn({ origin: origin ?? null, url: request.url }, 'cross-site request refused')
    return reply.code(403).send({
      error: 'Forbidden',
      message: origin
        ? `Requests from ${origin} are not allowed`
        : 'Requests without an Origin header are not allowed',
    })
  })

  await app.register(rateLimit, {
    global: true,
    max: options.rateLimitPerMinute,
    timeWindow: 60_000,
    // With several instances the count is shared through Redis; if Redis cannot answer, requests are
    // served unlimited (logged by the Redis client) rather than refused.
    ...(options.redis ? { redis: options.redis, nameSpace: 'mp:rate:', skipOnError: true } : {}),
    // Monitoring must keep working while the app is under load (deployment guide "Health Monitoring").
    // The web app's fingerprinted files are exempt too: they are immutable, precompressed and cached
    // for a year, and a page split by route fetches several of them — an office of staff behind one
    // address would otherwise spend its API allowance on loading the app.
    allowList: (request) =>
      request.url === '/health' || request.url.startsWith('/health?') || request.url.startsWith('/assets/'),
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      error: 'Too Many Requests',
      message: `Too many requests: at most ${context.max} a minute. Try again in ${Math.ceil(context.ttl / 1000)} s.`,
    }),
  })

  // A tRPC batch is many calls in one request (issue 12: 5 GETs of 100 dashboards starved everyone).
  // The plugin counts the request once; each further call takes one more from the same per-IP counter
  // (same store, key and window), and a batch larger than MAX_BATCH_CALLS is refused outright.
  // No options on purpose: with options the plugin gives the limiter a store of its own.
  const countCall = app.createRateLimit()
  app.addHook('onRequest', async (request, reply) => {
    const calls = trpcCallCount(request.url)
    if (calls <= 1) return
    if (calls > MAX_BATCH_CALLS) {
      return reply
        .code(400)
        .send({ error: 'Bad Request', message: `At most ${String(MAX_BATCH_CALLS)} calls per request` })
    }
    for (let call = 1; call < calls; call++) {
      const result = await countCall(request)
      if (!result.isAllowed && result.isExceeded) {
        return reply
          .code(429)
          .header('retry-after', String(result.ttlInSeconds))
          .send({
            error: 'Too Many Requests',
            message: `Too many requests: at most ${String(result.max)} calls a minute. Try again in ${String(result.ttlInSeconds)} s.`,
          })
      }
    }
    return undefined
  })
}

/** Calls one tRPC request makes at most (a batch); more answers 400. */
const MAX_BATCH_CALLS = 10

/** How many procedures a /trpc request calls: batches name them all, comma-separated, in the path. */
export function trpcCallCount(url: string): number {
  const pathname = url.split('?')[0] ?? ''
  if (!pathname.startsWith('/trpc/')) return 0
  let names = pathname.slice('/trpc/'.length)
  try {
    names = decodeURIComponent(names)
  } catch {
    // A malformed escape: counted as written; tRPC answers 404 for the unknown name.
  }
  return names.split(',').length
}
