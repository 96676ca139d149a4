import { spawn } from 'node:child_process'
import { findFreePort } from '@mp/db'
import { Redis } from 'ioredis'

/**
 * A Redis for the tests of limits shared across instances: MP_TEST_REDIS_URL, else the machine's at
 * 127.0.0.1:6379, else a `redis-server` started here on a free port (kept in memory only), else none —
 * and then the tests that need it say so and are skipped, visibly. Each run takes a database of its own
 * (1–15), emptied first and last.
 */
export async function testRedis(): Promise<{ url: string; stop: () => Promise<void> } | undefined> {
  const index = String(1 + Math.floor(Math.random() * 15))
  const base = process.env.MP_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
  if (await answers(`${base}/${index}`)) return prepared(`${base}/${index}`, () => Promise.resolve())
  const port = await findFreePort()
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  )
  const started = await new Promise<boolean>((resolve) => {
    child.once('error', () => {
      resolve(false)
    })
    child.once('spawn', () => {
      resolve(true)
    })
  })
  if (!started) return undefined
  const url = `redis://127.0.0.1:${String(port)}/${index}`
  for (let attempt = 0; attempt < 100; attempt++) {
    if (await answers(url)) {
      return prepared(url, async () => {
        child.kill('SIGTERM')
        await new Promise((resolve) => child.once('exit', resolve))
      })
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  child.kill('SIGKILL')
  return undefined
}

async function answers(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null })
  client.on('error', () => undefined)
  try {
    await client.connect()
    await client.ping()
    return true
  } catch {
    return false
  } finally {
    client.disconnect()
  }
}

async function prepared(url: string, stopServer: () => Promise<void>) {
  const client = new Redis(url, { maxRetriesPerRequest: 1 })
  await client.flushdb()
  return {
    url,
    stop: async () => {
      await client.flushdb().catch(() => undefined)
      client.disconnect()
      await stopServer()
    },
  }
}
