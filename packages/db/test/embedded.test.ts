import { execFileSync } from 'node:child_process'
import { statSync } from 'node:fs'
import fs from 'node:fs/promises'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../src/embedded.js'

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

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await check()) return true
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  return false
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
