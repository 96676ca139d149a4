import { execFileSync, spawn } from 'node:child_process'
import { statSync } from 'node:fs'
import fs from 'node:fs/promises'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../src/embedded.js'
import { isAlive, postmastersFor, waitFor } from '../src/testing/processes.js'

async function canQuery(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 })
  client.on('error', () => undefined)
  try {
    await client.connect()
    await client.query('select 1')
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => undefined)
  }
}

describe('embedded PostgreSQL', () => {
  let base: string | undefined
  let server: EmbeddedPostgres | undefined
  afterAll(async () => {
    await server?.stop()
    if (base) await fs.rm(base, { recursive: true, force: true })
  })

  it('keeps its data across restarts, refuses a second server on the same folder, and restarts itself when killed', async () => {
    base = await fs.mkdtemp(path.join(os.tmpdir(), 'mp-embedded-test-'))
    await fs.chmod(base, 0o755)
    const dataDir = path.join(base, 'postgres')
    server = await startEmbeddedPostgres({ dataDir })
    expect(server.port).not.toBe(5432)
    expect(await canQuery(server.adminUrl)).toBe(true)

    const client = new pg.Client({ connectionString: server.adminUrl })
    await client.connect()
    await client.query('create table kept (value int)')
    await client.query('insert into kept values (42)')
    await client.end()

    await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(/already using/)

    const pid = server.postmasterPid()
    expect(pid).toBeTypeOf('number')
    process.kill(pid ?? 0, 'SIGKILL')
    expect(await waitFor(async () => !(await canQuery(server?.adminUrl ?? '')), 5000)).toBe(true)
    // The watchdog brings it back on the same port without anyone restarting the app.
    expect(await waitFor(() => canQuery(server?.adminUrl ?? ''), 30_000)).toBe(true)
    expect(server.postmasterPid()).not.toBe(pid)

    await server.stop()
    expect(server.postmasterPid()).toBeUndefined()
    server = await startEmbeddedPostgres({ dataDir })
    const again = new pg.Client({ connectionString: server.adminUrl })
    await again.connect()
    const { rows } = await again.query<{ value: number }>('select value from kept')
    await again.end()
    expect(rows).toEqual([{ value: 42 }])
  })
})

describe('embedded PostgreSQL after its app was killed', () => {
  let base: string | undefined
  let server: EmbeddedPostgres | undefined
  afterAll(async () => {
    await server?.stop()
    if (base) await fs.rm(base, { recursive: true, force: true })
  })

  it.runIf(os.platform() === 'linux')(
    'stops the orphaned server left by a SIGKILLed app, starts afresh, and leaves nothing running after stop',
    async () => {
      base = await fs.mkdtemp(path.join(os.tmpdir(), 'mp-embedded-orphan-'))
      await fs.chmod(base, 0o755)
      const dataDir = path.join(base, 'postgres')
      const script = fileURLToPath(new URL('./fixtures/start-and-hold.ts', import.meta.url))
      const tsx = createRequire(import.meta.url).resolve('tsx/esm')
      const app = spawn(process.execPath, ['--import', tsx, script, dataDir], {
        stdio: ['ignore', 'pipe', 'inherit'],
      })
      const started = await new Promise<{ pid: number; port: number }>((resolve, reject) => {
        let output = ''
        app.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString('utf8')
          const line = output.split('\n')[0]
          if (output.includes('\n') && line) resolve(JSON.parse(line) as { pid: number; port: number })
        })
        app.once('exit', (code) => {
          reject(new Error(`the app exited before starting its cluster (exit ${code})`))
        })
      })
      const appExited = new Promise((resolve) => app.once('exit', resolve))
      app.kill('SIGKILL')
      await appExited
      // The postmaster outlives its app: this is the situation a restart must get out of.
      expect(isAlive(started.pid)).toBe(true)
      const orphanUrl = `postgres://postgres:${encodeURIComponent(
        (await fs.readFile(`${dataDir}.password`, 'utf8')).trim(),
      )}@127.0.0.1:${started.port}/postgres`
      expect(await waitFor(() => canQuery(orphanUrl), 60_000)).toBe(true)

      server = await startEmbeddedPostgres({ dataDir })
      expect(await waitFor(() => canQuery(server?.adminUrl ?? ''), 60_000)).toBe(true)
      expect(isAlive(started.pid)).toBe(false)
      expect(server.postmasterPid()).not.toBe(started.pid)

      await server.stop()
      server = undefined
      expect(await waitFor(() => postmastersFor(dataDir).length === 0, 60_000)).toBe(true)
    },
    180_000,
  )

  it.runIf(os.platform() === 'linux')(
    'ignores a stale postmaster.pid naming a live process that is not PostgreSQL',
    async () => {
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mp-embedded-stale-'))
      await fs.chmod(dir, 0o755)
      const dataDir = path.join(dir, 'postgres')
      try {
        const first = await startEmbeddedPostgres({ dataDir, hasWatchdog: false })
        await first.stop()
        // As after a reboot: the recorded pid now belongs to something else (here, this test runner).
        await fs.writeFile(path.join(dataDir, 'postmaster.pid'), `${process.pid}\n${dataDir}\n`)
        const again = await startEmbeddedPostgres({ dataDir, hasWatchdog: false })
        try {
          expect(await canQuery(again.adminUrl)).toBe(true)
          expect(isAlive(process.pid)).toBe(true)
        } finally {
          await again.stop()
        }
      } finally {
        await fs.rm(dir, { recursive: true, force: true })
      }
    },
    120_000,
  )
})

/** Whether `nobody` can read this checkout (not so for a clone inside a private 0700 folder). */
function isCheckoutReadableByOthers(): boolean {
  let dir = fileURLToPath(new URL('.', import.meta.url))
  for (;;) {
    try {
      execFileSync('test', ['-x', dir])
    } catch {
      return false
    }
    if ((statSync(dir).mode & 0o005) !== 0o005) return false
    const parent = path.dirname(dir)
    if (parent === dir) return true
    dir = parent
  }
}

describe('embedded PostgreSQL as an unprivileged user', () => {
  // As root the suite proves the non-root path by running as `nobody`, which needs to read the
  // checkout; CI's clean clone lives in a private folder, where only the root path can be exercised.
  const canRunAsOtherUser = os.userInfo().uid !== 0 || isCheckoutReadableByOthers()
  it.runIf(canRunAsOtherUser)(
    'initialises, starts and stops without root (as nobody when the suite runs as root)',
    () => {
      const script = fileURLToPath(new URL('./fixtures/start-and-query.ts', import.meta.url))
      const tsx = createRequire(import.meta.url).resolve('tsx/esm')
      const command = `${process.execPath} --import ${tsx} ${script}`
      const output =
        os.userInfo().uid === 0
          ? execFileSync('su', ['nobody', '-s', '/bin/sh', '-c', command], {
              encoding: 'utf8',
              env: { ...process.env, HOME: os.tmpdir() },
            })
          : execFileSync('/bin/sh', ['-c', command], { encoding: 'utf8' })
      const uid = os.userInfo().uid === 0 ? 65534 : os.userInfo().uid
      expect(output.trim()).toBe(`uid=${uid} db_user=postgres`)
    },
    90_000,
  )
})
