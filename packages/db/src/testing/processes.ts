import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

export { isAlive } from '../embedded.js'

/**
 * Postmasters (any `postgres` started with `-D dataDir`) still running for this folder, read from
 * /proc (Linux only). Tests use it to prove a stop or a restart left no server behind.
 */
export function postmastersFor(dataDir: string): number[] {
  const found: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    let args: string[]
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0')
    } catch {
      continue
    }
    const dataArg = args[args.indexOf('-D') + 1]
    if (args.includes('-D') && dataArg !== undefined && path.resolve(dataArg) === dataDir)
      found.push(Number(entry))
  }
  return found
}

/** Polls `check` every 250 ms until it holds or `timeoutMs` passes; answers whether it held. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await check()) return true
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  return check()
}
