// The database every `pnpm mp` command works on: DATABASE_URL, else the embedded one in .data/postgres.
import path from 'node:path'
import { defaultDataDir, migrateToLatest, openDatabase, type DbHandle } from '@mp/db'
import { print } from './args.js'

/** The app database as it is (no migrations run). */
export function openApp(): Promise<DbHandle> {
  return openDatabase({
    databaseUrl: process.env.DATABASE_URL,
    dataDir: path.join(defaultDataDir(), 'postgres'),
    logger: { info: () => undefined, warn: print, error: print },
  })
}

/** The app database, migrated to the latest schema. */
export async function openMigrated(): Promise<DbHandle> {
  const handle = await openApp()
  try {
    await migrateToLatest(handle.db)
  } catch (error) {
    await handle.close()
    throw error
  }
  return handle
}
