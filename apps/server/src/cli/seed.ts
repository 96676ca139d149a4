// `pnpm db:seed [--reset-demo-passwords]`: seeds the demo organisation on an empty database.
import path from 'node:path'
import { defaultDataDir, migrateToLatest, openDatabase } from '@mp/db'
import { formatAccounts, resetDemoPasswords, seedDemo } from '../seed.js'

const print = (text: string) => process.stdout.write(`${text}\n`)

async function main(): Promise<void> {
  const handle = await openDatabase({
    databaseUrl: process.env.DATABASE_URL,
    dataDir: path.join(defaultDataDir(), 'postgres'),
    logger: { info: () => undefined, warn: print, error: print },
  })
  try {
    await migrateToLatest(handle.db)
    if (process.argv.includes('--reset-demo-passwords')) {
      const accounts = await resetDemoPasswords(handle.db)
      print(
        accounts.length
          ? `New demo passwords (shown only now):\n${formatAccounts(accounts)}`
          : 'No demo accounts found',
      )
      return
    }
    const { isSeeded, accounts } = await seedDemo(handle.db)
    print(
      isSeeded
        ? `Seeded. Demo accounts (passwords shown only now):\n${formatAccounts(accounts)}`
        : 'Staff already exist: nothing seeded',
    )
  } finally {
    await handle.close()
  }
}

main().catch((error: unknown) => {
  print(`seed failed: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
})
