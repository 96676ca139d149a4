import { existsSync } from 'node:fs'
import path from 'node:path'

/** The monorepo root (the folder holding pnpm-workspace.yaml), searched upwards from `from`. */
export function findRepoRoot(from: string = process.cwd()): string | undefined {
  let dir = path.resolve(from)
  for (;;) {
    if (existsSync(path.join(dir, 'pnpm-workspace.yaml'))) return dir
    const parent = path.dirname(dir)
    if (parent === dir) return undefined
    dir = parent
  }
}

/** Where local state lives: MP_DATA_DIR, else `.data` at the repo root (else under cwd). */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.MP_DATA_DIR) return path.resolve(env.MP_DATA_DIR)
  return path.join(findRepoRoot() ?? process.cwd(), '.data')
}
