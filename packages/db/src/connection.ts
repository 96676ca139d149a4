import path from 'node:path'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded.js'
import type { DbLogger } from './logger.js'
import { installTypeParsers } from './parsers.js'
import type { Database } from './schema.js'

export type DbConfig = {
  /** Any PostgreSQL 15+. When absent an embedded server is started. */
  databaseUrl?: string | undefined
  /** Folder for the embedded cluster. Default `.data/postgres` under the current directory. */
  dataDir?: string | undefined
  /** Port for the embedded server. Default: a free port (never 5432). */
  embeddedPort?: number | undefined
  /** Database created on the embedded server for the app. */
  embeddedDatabase?: string | undefined
  poolMax?: number | undefined
  /** 'cockroachdb' leaves out the PostgreSQL-only session options (docs/scale-out.md). Default 'postgresql'. */
  databaseFlavor?: DatabaseFlavor | undefined
  logger?: DbLogger | undefined
}

export type DatabaseFlavor = 'postgresql' | 'cockroachdb'

export type DbHandle = {
  db: Kysely<Database>
  pool: pg.Pool
  /** Connection string of the app database (contains the password: never log it). */
  url: string
  /** Present when the embedded server was started by this handle. */
  embedded: EmbeddedPostgres | undefined
  /** Closes the pool, then stops the embedded server if this handle started it. */
  close(): Promise<void>
}

/** Time allowed to get a connection: a dead database answers fast instead of hanging requests. */
export const CONNECT_TIMEOUT_MS = 3000
/** No statement runs longer than this (PostgreSQL enforces it server-side). */
export const STATEMENT_TIMEOUT_MS = 30_000

/**
 * Session options for PostgreSQL only: CockroachDB has none of these variables and would refuse the
 * connection (docs/scale-out.md, CockroachDB audit).
 */
export const POSTGRES_SESSION_OPTIONS =
  '-c jit=off -c random_page_cost=1.1 -c max_parallel_workers_per_gather=0'

export function createPool(
  url: string,
  options: {
    max?: number | undefined
    logger?: DbLogger | undefined
    flavor?: DatabaseFlavor | undefined
  } = {},
) {
  installTypeParsers()
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    statement_timeout: STATEMENT_TIMEOUT_MS,
    // Client-side guard too, in case the server itself stops answering mid-query.
    query_timeout: STATEMENT_TIMEOUT_MS + 5000,
    application_name: 'millennium-potters',
    // PostgreSQL's JIT compiles any plan estimated above ~100k cost: on this app's short OLTP and list
    // queries over a 100,000-loan portfolio it spent seconds compiling what runs in milliseconds
    // (measured on the due list, docs/benchmarks.md). Off for our sessions only. And random reads cost
    // about what sequential ones do when the working set is cached or on SSD (PostgreSQL's default of 4
    // dates from spinning disks): with 1.1 a credit officer's loans are found through their unions'
    // indexes instead of a scan of every member. No parallel workers: on a small office server the
    // cores are shared with Node, and one report's parallel scan starved every other request (/health
    // p99 54 → 13 ms with the same reports running, docs/benchmarks.md).
    ...(options.flavor === 'cockroachdb' ? {} : { options: POSTGRES_SESSION_OPTIONS }),
  })
  // An idle client whose server went away emits 'error' on the pool; unhandled, it would crash
  // the process. The pool drops that client and reconnects on the next checkout.
  pool.on('error', (error) => {
    options.logger?.warn(`Database connection lost: ${error.message}`)
  })
  // pg-pool listens for errors only on idle clients. A connection that dies while checked out
  // (the database restarted mid-request) would emit an unhandled 'error' and crash the process;
  // the query itself still fails, and the pool discards the dead client on release.
  pool.on('connect', (client) => {
    client.on('error', (error) => {
      options.logger?.warn(`Database connection lost during a request: ${error.message}`)
    })
  })
  return pool
}

export function createKysely(pool: pg.Pool): Kysely<Database> {
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
}

/** Redacts the password of a connection string for logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return '(unparseable connection string)'
  }
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url)
  parsed.pathname = `/${database}`
  return parsed.toString()
}

/** Creates `database` on the server behind `adminUrl` when it does not exist yet. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<boolean> {
  installTypeParsers()
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: CONNECT_TIMEOUT_MS })
  await client.connect()
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database])
    if (found.rowCount) return false
    await client.query(`create database ${client.escapeIdentifier(database)}`)
    return true
  } finally {
    await client.end()
  }
}

/**
 * Opens the app database: DATABASE_URL when given, otherwise an embedded PostgreSQL in
 * `dataDir` with an app database inside it.
 */
export async function openDatabase(config: DbConfig = {}): Promise<DbHandle> {
  let url = config.databaseUrl
  let embedded: EmbeddedPostgres | undefined
  if (!url) {
    embedded = await startEmbeddedPostgres({
      dataDir: config.dataDir ?? path.resolve('.data/postgres'),
      port: config.embeddedPort,
      logger: config.logger,
    })
    const database = config.embeddedDatabase ?? 'millennium_potters'
    try {
      await ensureDatabase(embedded.adminUrl, database)
    } catch (error) {
      await embedded.stop()
      throw error
    }
    url = withDatabase(embedded.adminUrl, database)
  }
  const pool = createPool(url, { max: config.poolMax, logger: config.logger, flavor: config.databaseFlavor })
  const db = createKysely(pool)
  const started = embedded
  return {
    db,
    pool,
    url,
    embedded,
    close: async () => {
      await db.destroy()
      if (started) await started.stop()
    },
  }
}
