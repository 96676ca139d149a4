import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { findFreePort } from '@mp/db'

/**
 * Shared by the browser test files: the built app as a user gets it (`node apps/server/dist/main.js`, what
 * `pnpm start` runs), the Chromium flags of these machines, and the demo credentials the server prints.
 */
export const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const mainJs = path.join(serverDir, 'dist', 'main.js')
export const webIndex = path.resolve(serverDir, '../web/dist/index.html')
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export type Started = {
  child: ChildProcess
  output: string[]
  baseUrl: string
  exited: Promise<number | null>
}

export async function startBuiltApp(env: NodeJS.ProcessEnv): Promise<Started> {
  const port = await findFreePort()
  const output: string[] = []
  const child = spawn(process.execPath, [mainJs], {
    cwd: serverDir,
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')))
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')))
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      resolve(code)
    }),
  )
  const deadline = Date.now() + 90_000
  while (!output.join('').includes('is running at')) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output.join('')}`)
    if (Date.now() > deadline) throw new Error(`server did not start within 90 s:\n${output.join('')}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return { child, output, baseUrl: `http://127.0.0.1:${port}`, exited }
}

export function adminCredentials(output: string[]): { email: string; password: string } {
  return demoCredentials(output, 'admin@')
}

/** A demo account from the credentials the server printed at first start. */
export function demoCredentials(output: string[], emailPrefix: string): { email: string; password: string } {
  const line = output
    .join('')
    .split('\n')
    .find((text) => text.trim().split(/\s+/)[1]?.startsWith(emailPrefix))
  const parts = line?.trim().split(/\s+/) ?? []
  return { email: parts[1] ?? '', password: parts[2] ?? '' }
}
