import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
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
