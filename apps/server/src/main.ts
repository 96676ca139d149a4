import path from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  createKysely,
  createPool,
  defaultDataDir,
  migrateToLatest,
  migrationStatus,
  openDatabase,
  redactUrl,
  type Database,
  type DbHandle,
  type DbLogger,
  type Kysely,
} from '@mp/db'
import {
  createDocumentStorage,
  jobHandlers,
  MAX_HEAVY_PER_USER,
  scheduleJobs,
  startJobQueue,
  type JobQueue,
} from '@mp/api'
import type { Redis } from 'ioredis'
import { pino } from 'pino'
import { buildApp } from './app.js'
import { EnvError, loadEnv, type ServerEnv } from './env.js'
import { loggerOptions } from './logger.js'
import { connectRedis, redisHeavyWorkLimiter } from './shared-limits.js'
import { DEMO_EMAIL_DOMAIN, formatAccounts, seedDemo } from './seed.js'

const print = (text: string) => process.stdout.write(`${text}\n`)

function readEnv(): ServerEnv {
  try {
    return loadEnv()
  } catch (error) {
    if (error instanceof EnvError) {
      process.stderr.write(`${error.message}\n`)
      process.exit(1)
    }
    throw error
  }
}

const env = readEnv()
const isProduction = env.NODE_ENV === 'production'
const logger = pino(loggerOptions(env.LOG_LEVEL))
const here = path.dirname(fileURLToPath(import.meta.url))
const webDist = env.WEB_DIST ? path.resolve(env.WEB_DIST) : path.resolve(here, '../../web/dist')
const dataDir = env.MP_DATA_DIR ? path.resolve(env.MP_DATA_DIR) : defaultDataDir()

async function prepareDatabase(handle: DbHandle): Promise<void> {
  const isEmbedded = handle.embedded !== undefined
  const pending = (await migrationStatus(handle.db)).filter((entry) => !entry.executedAt)
  if (pending.length > 0) {
    // Production schema changes follow the deployment guide: plan, review, then migrate.
    const isAllowed = env.MP_AUTO_MIGRATE ?? (isEmbedded || !isProduction)
    if (!isAllowed) {
      throw new Error(
        `${pending.length} pending migration(s). Review them with "pnpm db:plan", apply with "pnpm db:migrate" (or set MP_AUTO_MIGRATE=true).`,
      )
    }
    const ran = await migrateToLatest(handle.db)
    logger.info({ migrations: ran }, `applied ${ran.length} migration(s)`)
  }

  if (env.MP_SEED_DEMO ?? isEmbedded) {
    const { isSeeded, accounts } = await seedDemo(handle.db, { isTourSeen: env.MP_DEMO_TOUR_SEEN === true })
    if (isSeeded) {
      // Printed straight to the terminal, once, and never through the logger.
      print('')
      print('Demo organisation created. Sign in with one of these accounts (passwords are shown only now):')
      print(formatAccounts(accounts))
      print('')
    } else {
      print(
        `Demo accounts: admin@${DEMO_EMAIL_DOMAIN} and others (passwords were printed at first start; "pnpm db:seed --reset-demo-passwords" makes new ones).`,
      )
    }
  }
}

async function main(): Promise<void> {
  const dbLogger: DbLogger = {
    info: (message) => {
      logger.info(message)
    },
    warn: (message) => {
      logger.warn(message)
    },
    error: (message) => {
      logger.error(message)
    },
  }
  const handle = await openDatabase({
    databaseUrl: env.DATABASE_URL,
    dataDir: path.join(dataDir, 'postgres'),
    embeddedPort: env.MP_EMBEDDED_PG_PORT,
    poolMax: env.DATABASE_POOL_SIZE,
    databaseFlavor: env.DATABASE_FLAVOR,
    logger: dbLogger,
  })
  logger.info(`database: ${handle.embedded ? 'embedded PostgreSQL' : redactUrl(handle.url)}`)

  let isShuttingDown = false
  const shutdown = async (signal: string, app?: Awaited<ReturnType<typeof buildApp>>) => {
    if (isShuttingDown) {
      logger.warn(`${signal} again: exiting now`)
      process.exit(1)
    }
    isShuttingDown = true
    // No new jobs from now on; one in progress gets a few seconds, then the queue retries it elsewhere
    // or at the next start (an interrupted close's claim goes stale and is taken over).
    const jobsStopped = jobs?.stop(5_000).catch((error: unknown) => {
      logger.warn({ err: error }, 'job queue did not stop cleanly')
    })
    logger.info(`${signal} received: finishing in-flight requests`)
    const force = setTimeout(() => {
      logger.error('shutdown took longer than 25 s: exiting')
      process.exit(1)
    }, 25_000)
    force.unref()
    try {
      // Stops accepting connections and waits for requests already being served.
      await app?.close()
      await jobsStopped
      await redis?.quit().catch(() => undefined)
      await healthDb?.destroy()
      await handle.close()
      logger.info('shutdown complete')
      process.exit(0)
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed')
      process.exit(1)
    }
  }

  let app: Awaited<ReturnType<typeof buildApp>> | undefined
  let jobs: JobQueue | undefined
  let redis: Redis | undefined
  let healthDb: Kysely<Database> | undefined
  // SIGHUP: a closed terminal; its default would exit without stopping the embedded database.
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    process.on(signal, () => {
      void shutdown(signal, app)
    })
  }

  try {
    await prepareDatabase(handle)
    healthDb = createKysely(createPool(handle.url, { max: 1, logger: dbLogger }))
    // docs/product.md §6: documents on Cloudinary when CLOUDINARY_URL is set, otherwise on local disk.
    const storage = createDocumentStorage({
      cloudinaryUrl: env.CLOUDINARY_URL,
      localRoot: path.join(dataDir, 'uploads'),
    })
    // Background work (exports, the daily close) on the PostgreSQL job queue, shared by every instance
    // (docs/reliability.md "Two instances"). MP_JOB_WORKERS=false: this instance only queues.
    jobs = await startJobQueue({
      url: handle.url,
      logger,
      handlers: env.MP_JOB_WORKERS
        ? jobHandlers({
            db: handle.db,
            storage,
            logger,
            // Scheduled backups and the weekly drill (docs/backups.md "Schedule"); the drill's scratch
            // database goes on the same server (the embedded one, or DATABASE_URL's: needs CREATEDB).
            backups: {
              backups: { pool: handle.pool, workDir: path.join(dataDir, 'tmp') },
              scratchServerUrl: handle.embedded?.adminUrl ?? handle.url,
            },
          })
        : undefined,
    })
    redis = env.REDIS_URL ? connectRedis(env.REDIS_URL, logger) : undefined
    app = await buildApp({
      db: handle.db,
      healthDb,
      logger,
      webDist,
      isProduction,
      trustProxy: env.TRUST_PROXY,
      corsOrigins: env.CORS_ORIGIN,
      rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE,
      // Backups stream through COPY on their own pooled connection; archives are written under the data folder.
      backups: { pool: handle.pool, workDir: path.join(dataDir, 'tmp') },
      storage,
      jobs,
      redis,
      heavyWork: redis ? redisHeavyWorkLimiter(redis, MAX_HEAVY_PER_USER, logger) : undefined,
    })
    logger.info(`document storage: ${env.CLOUDINARY_URL ? 'Cloudinary' : path.join(dataDir, 'uploads')}`)
    const host = env.HOST ?? (isProduction ? '0.0.0.0' : 'localhost')
    await app.listen({ port: env.PORT ?? 3000, host })
    logger.info(
      `background jobs: ${env.MP_JOB_WORKERS ? 'queued and run here' : 'queued only (MP_JOB_WORKERS=false)'}; shared limits: ${redis ? 'Redis' : 'this process only'}`,
    )
    // The daily close (portfolio snapshots, caught up after downtime: docs/reports.md) and the backup
    // schedule as stored (docs/backups.md).
    await scheduleJobs(handle.db, jobs)
  } catch (error) {
    logger.error({ err: error }, 'start-up failed')
    await jobs?.stop(1_000).catch(() => undefined)
    await handle.close().catch(() => undefined)
    process.exit(1)
  }
  print(`Millennium Potters is running at http://localhost:${env.PORT ?? 3000}`)
}

void main()
