import { sql, type Database, type Kysely } from '@mp/db'

/** How long /health waits for the database before calling it disconnected. */
const HEALTH_DB_TIMEOUT_MS = 2000

export type HealthReport = {
  status: 'ok' | 'error'
  timestamp: string
  database: 'connected' | 'disconnected'
}

export async function isDatabaseReachable(
  db: Kysely<Database>,
  timeoutMs = HEALTH_DB_TIMEOUT_MS,
): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([
      sql`select 1`.execute(db).then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => {
          resolve(false)
        }, timeoutMs)
      }),
    ])
  } catch {
    return false
  } finally {
    if (timer) clearTimeout(timer)
  }
}

/** docs/product.md §8 and the deployment guide's expected response, byte for byte in shape. */
export async function healthReport(db: Kysely<Database>): Promise<HealthReport> {
  const isUp = await isDatabaseReachable(db)
  return {
    status: isUp ? 'ok' : 'error',
    timestamp: new Date().toISOString(),
    database: isUp ? 'connected' : 'disconnected',
  }
}
