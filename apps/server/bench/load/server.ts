import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { findFreePort } from '@mp/db'
import type { RssProbe } from './http.js'

/**
 * The production build under plain `node` (NODE_ENV=production), pointed at one bench database, with the
 * rate limit out of the way and warnings only in its log.
 */
export type BenchServer = { base: string; pid: number; rss: RssProbe; stop(): Promise<void> }

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match?.[1] ? Number(match[1]) : null
  } catch {
    return null
  }
}

function rssProbe(pid: number): RssProbe {
  let sampledPeak = 0
  let canResetPeak = true
  const sample = () => {
    sampledPeak = Math.max(sampledPeak, statusKb(pid, 'VmRSS') ?? 0)
  }
  const timer = setInterval(sample, 50)
  timer.unref()
  return {
    reset: () => {
      sampledPeak = statusKb(pid, 'VmRSS') ?? 0
      // Writing 5 to clear_refs resets the process's peak RSS (VmHWM); needs the same user or root.
      try {
        writeFileSync(`/proc/${pid}/clear_refs`, '5')
      } catch {
        canResetPeak = false
      }
    },
    peakMb: () => {
      sample()
      const hwm = canResetPeak ? (statusKb(pid, 'VmHWM') ?? 0) : 0
      const kb = Math.max(sampledPeak, hwm)
      return kb > 0 ? Math.round(kb / 1024) : null
    },
    currentMb: () => {
      const kb = statusKb(pid, 'VmRSS')
      return kb === null ? null : Math.round(kb / 1024)
    },
  }
}

async function waitForHealth(base: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 120_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${output()}`)
    try {
      const response = await fetch(`${base}/health`, { signal: AbortSignal.timeout(2000) })
      if (response.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`the server did not answer /health within 120 s:\n${output()}`)
}

export async function startServer(options: { root: string; databaseUrl: string }): Promise<BenchServer> {
  const port = await findFreePort()
  const base = `http://127.0.0.1:${port}`
  const child = spawn(process.execPath, [path.join(options.root, 'apps/server/dist/main.js')], {
    cwd: options.root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      MP_AUTO_MIGRATE: 'true',
      MP_SEED_DEMO: 'false',
      DATABASE_URL: options.databaseUrl,
      HOST: '127.0.0.1',
      PORT: String(port),
      RATE_LIMIT_PER_MINUTE: '100000',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000)
  }
  child.stdout.on('data', keep)
  child.stderr.on('data', keep)
  const pid = child.pid
  if (pid === undefined) throw new Error('the server did not start')
  await waitForHealth(base, child, () => output)
  return {
    base,
    pid,
    rss: rssProbe(pid),
    stop: async () => {
      if (child.exitCode !== null) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
      await exited
      clearTimeout(timer)
    },
  }
}
