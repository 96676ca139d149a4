import { randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import path from 'node:path'
import fastifyCompress from '@fastify/compress'
import fastifyStatic from '@fastify/static'
import {
  appRouter,
  BUSY_MESSAGE,
  createDocumentStorage,
  createInnerContext,
  databaseBackpressure,
  type AppRouter,
  isDatabaseUnavailable,
  isPoolTimeout,
  isQueryTimeout,
  UNAVAILABLE_MESSAGE,
  RETRY_AFTER_SECONDS,
  type DocumentStorage,
  type HeavyWorkLimiter,
  type JobQueue,
} from '@mp/api'
import {
  readCookie,
  serializeBlankSessionCookie,
  serializeSessionCookie,
  validateSessionToken,
} from '@mp/auth'
import { defaultDataDir, type Database, type Kysely } from '@mp/db'
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify'
import type { Redis } from 'ioredis'
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify'
import type pg from 'pg'
import { registerBackupRestoreUpload, registerDocumentUpload, registerFileRoutes } from './files.js'
import { healthReport } from './health.js'
import { registerSecurity } from './security.js'

export type AppOptions = {
  db: Kysely<Database>
  /** A pino logger; tests pass one writing to memory. Default: no logging. */
  logger?: FastifyBaseLogger | undefined
  /** Folder of the built web app (index.html + assets). When absent only the API is served. */
  webDist?: string | undefined
  /** Secure cookies and no stack traces. */
  isProduction?: boolean | undefined
  /** Honour X-Forwarded-For from a reverse proxy when computing the client IP. */
  trustProxy?: boolean | undefined
  /** Origins allowed to call the API cross-site (CORS_ORIGIN). */
  corsOrigins?: readonly string[] | undefined
  /** Requests per minute per IP before 429. Default 600. */
  rateLimitPerMinute?: number | undefined
  /** Where uploaded documents are kept. Default: local disk under <data dir>/uploads. */
  storage?: DocumentStorage | undefined
  /**
   * The connection /health probes the database with. The server gives it its own one-connection pool,
   * so a health check measures the database, not the queue for the app's pool while heavy reports and
   * exports hold its connections. Default: `db`.
   */
  healthDb?: Kysely<Database> | undefined
  /** Backups (docs/backups.md): the pool their COPY connections come from and a folder for archives in progress. */
  backups?: { pool: pg.Pool; workDir?: string | undefined } | undefined
  /** The job queue exports are sent to (docs/reliability.md "Two instances"); without one they answer 503. */
  jobs?: JobQueue | undefined
  /** Redis for limits shared by every instance (REDIS_URL); default: limits per process. */
  redis?: Redis | undefined
  /** The per-user heavy-report limit; default: counted in this process. */
  heavyWork?: HeavyWorkLimiter | undefined
}

// A request id from a proxy is reused only when it looks like one (no log injection).
const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/

/** Builds the HTTP application without listening (tests use app.inject()). */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { db } = options
  const isProduction = options.isProduction ?? false
  const storage =
    options.storage ?? createDocumentStorage({ localRoot: path.join(defaultDataDir(), 'uploads') })
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    trustProxy: options.trustProxy ?? false,
    // genReqId reads x-request-id itself, so it can refuse malformed ones.
    requestIdHeader: false,
    genReqId: (request) => {
      const incoming = request.headers['x-request-id']
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID()
    },
    // Batched tRPC calls put every procedure name in the path.
    routerOptions: { maxParamLength: 5000 },
    bodyLimit: 1024 * 1024,
  })

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id)
    // Every "busy" answer tells the client when to come back (docs/reliability.md "Backpressure").
    if ((reply.statusCode === 503 || reply.statusCode === 429) && !reply.hasHeader('retry-after')) {
      reply.header('retry-after', String(RETRY_AFTER_SECONDS))
    }
  })

  // A route outside tRPC (files, health) that cannot get a connection in time is busy, not broken.
  app.setErrorHandler((error: unknown, _request, reply) => {
    if (isPoolTimeout(error) || isQueryTimeout(error)) {
      return reply.code(503).send({ error: 'Service Unavailable', message: BUSY_MESSAGE })
    }
    // The database is down or cut off (docs/reliability.md "Database outage").
    if (isDatabaseUnavailable(error)) {
      return reply.code(503).send({ error: 'Service Unavailable', message: UNAVAILABLE_MESSAGE })
    }
    // An Error thrown on goes to Fastify's own handler (status from the error, 500 for bugs).
    if (error instanceof Error) throw error
    // The rate limiter throws its 429 body, a plain object: thrown on, Fastify would send it as a 200.
    const statusCode =
      typeof error === 'object' &&
      error !== null &&
      'statusCode' in error &&
      typeof error.statusCode === 'number'
        ? error.statusCode
        : 500
    return reply.code(statusCode).send(error)
  })

  await registerSecurity(app, {
    corsOrigins: options.corsOrigins ?? [],
    isProduction,
    rateLimitPerMinute: options.rateLimitPerMinute ?? 600,
    redis: options.redis,
  })

  app.get('/health', async (_request, reply) => {
    const report = await healthReport(options.healthDb ?? db)
    return reply
      .code(report.database === 'connected' ? 200 : 503)
      .header('cache-control', 'no-store')
      .send(report)
  })

  const createContext = async ({
    req,
    res,
  }: {
    req: FastifyRequest
    res: { header: (name: string, value: string) => unknown }
  }) => {
    const setCookie = (value: string) => {
      res.header('set-cookie', value)
    }
    const token = readCookie(req.headers.cookie)
    let validated: Awaited<ReturnType<typeof validateSessionToken>> | undefined
    try {
      validated = token ? await validateSessionToken(db, token) : undefined
    } catch (error) {
      // The session lookup is the request's first query: a full pool or a database outage shows up here first.
      throw databaseBackpressure(error) ?? error
    }
    if (token && !validated) setCookie(serializeBlankSessionCookie({ isSecure: isProduction }))
    if (token && validated?.isRenewed) {
      setCookie(serializeSessionCookie(token, validated.session, { isSecure: isProduction }))
    }
    return createInnerContext({
      db,
      session: validated?.session,
      user: validated?.user,
      request: {
        ip: req.ip,
        userAgent: req.headers['user-agent'] ?? null,
        requestId: req.id,
      },
      logger: req.log,
      isSecureCookies: isProduction,
      setCookie,
      storage,
      backups: options.backups,
      jobs: options.jobs,
      heavyWork: options.heavyWork,
    })
  }

  // Before the /trpc plugin: a static route wins over its /trpc/:path.
  await registerDocumentUpload(app, { createContext: (req, res) => createContext({ req, res }) })
  registerFileRoutes(app, { db, storage, isProduction })
  await registerBackupRestoreUpload(app, { db, storage, isProduction, backups: options.backups })

  // tRPC answers compressed (docs/benchmarks.md "Web app: page weight and load time"): brotli or gzip
  // as the browser accepts, only above 1 KB, where it pays. Scoped to /trpc: file downloads, exports
  // and backups (already compressed or streamed with their length) and the precompressed web assets
  // are left as they are.
  await app.register(async (api) => {
    api.addHook('onSend', async (_request, reply, payload) => bufferedJson(reply, payload))
    await api.register(fastifyCompress, {
      encodings: ['br', 'gzip'],
      threshold: 1024,
      globalDecompression: false,
    })
    await api.register(fastifyTRPCPlugin, {
      prefix: '/trpc',
      trpcOptions: {
        router: appRouter,
        createContext,
        // A batch answers 207 when its calls differ; a busy call in it still gets the Retry-After.
        responseMeta({ errors }) {
          const isBusy = errors.some(
            (error) => error.code === 'SERVICE_UNAVAILABLE' || error.code === 'TOO_MANY_REQUESTS',
          )
          return isBusy ? { headers: { 'retry-after': String(RETRY_AFTER_SECONDS) } } : {}
        },
        onError({ error, path: procedure, req }) {
          if (error.code === 'INTERNAL_SERVER_ERROR')
            req.log.error({ err: error, procedure }, 'tRPC procedure failed')
        },
      } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
    })
  })

  const webDist = options.webDist
  const hasWeb = webDist !== undefined && existsSync(path.join(webDist, 'index.html'))
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webDist,
      prefix: '/',
      index: 'index.html',
      // The build writes a .br and a .gz next to each asset (apps/web/vite.config.ts): sent as the
      // browser accepts, with no compression work per request.
      preCompressed: true,
      setHeaders: (res, filePath) => {
        // Vite fingerprints assets: cache forever. Everything else is revalidated.
        res.header(
          'cache-control',
          filePath.includes(`${path.sep}assets${path.sep}`)
            ? 'public, max-age=31536000, immutable'
            : 'no-cache',
        )
      },
    })
  }

  app.setNotFoundHandler((request, reply) => {
    const isApiPath = /^\/(trpc|health|files|api)(\/|$)/.test(request.url)
    const acceptsHtml = request.headers.accept?.includes('text/html') ?? false
    if (
      hasWeb &&
      request.method === 'GET' &&
      !isApiPath &&
      (acceptsHtml || !path.extname(request.url.split('?')[0] ?? ''))
    ) {
      // SPA fallback: the client router handles the path.
      return reply.header('cache-control', 'no-cache').sendFile('index.html')
    }
    return reply.code(404).send({
      error: 'Not Found',
      message: `No route for ${request.method} ${request.url.split('?')[0] ?? ''}`,
    })
  })

  return app
}

/**
 * tRPC hands Fastify a fetch Response whose body is a stream of unknown length, which the compressor
 * would always compress, however small. A JSON answer is complete anyway (no streaming link is used):
 * read into a buffer, it is compressed only above the threshold and gets a Content-Length. Streams
 * (JSON Lines) pass through unchanged.
 */
async function bufferedJson(reply: FastifyReply, payload: unknown): Promise<unknown> {
  if (!(payload instanceof Response)) return payload
  if (!(payload.headers.get('content-type') ?? '').startsWith('application/json')) return payload
  // What Fastify does with a Response it sends: its status and headers become the reply's.
  reply.code(payload.status)
  for (const [name, value] of payload.headers) reply.header(name, value)
  return Buffer.from(await payload.arrayBuffer())
}
