// `pnpm db:seed [--reset-demo-passwords]` and `pnpm mp seed-demo`: seeds the demo organisation on an
// empty database.
import path from 'node:path'
import { formatAccounts, resetDemoPasswords, seedDemo } from '../seed.js'
import { print, usageError } from './args.js'
import { openMigrated } from './database.js'

export const SEED_DEMO_USAGE = 'pnpm mp seed-demo [--reset-demo-passwords]'

/** Seeds the demo organisation when no staff exist (or prints new demo passwords); the exit code. */
export async function seedDemoCommand(args: readonly string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    print(`usage: ${SEED_DEMO_USAGE}`)
    print('Seeds the demo organisation (staff, unions, members, loans) into a database with no staff.')
    return 0
  }
  const unknown = args.filter((arg) => arg !== '--reset-demo-passwords')
  if (unknown.length > 0) return usageError(`unknown argument: ${unknown.join(' ')}`, SEED_DEMO_USAGE)
  const handle = await openMigrated()
  try {
    if (args.includes('--reset-demo-passwords')) {
      const accounts = await resetDemoPasswords(handle.db)
      print(
        accounts.length
          ? `New demo passwords (shown only now):\n${formatAccounts(accounts)}`
          : 'No demo accounts found',
      )
      return 0
    }
    const { isSeeded, accounts } = await seedDemo(handle.db)
    print(
      isSeeded
        ? `Seeded. Demo accounts (passwords shown only now):\n${formatAccounts(accounts)}`
        : 'Staff already exist: nothing seeded',
    )
    return 0
  } finally {
    await handle.close()
  }
}

// Run as `pnpm db:seed` (this file is the program), not when imported by `pnpm mp`.
if (process.argv[1] && path.basename(process.argv[1]).startsWith('seed.')) {
  seedDemoCommand(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code
    },
    (error: unknown) => {
      print(`seed failed: ${error instanceof Error ? error.message : String(error)}`)
      process.exitCode = 1
    },
  )
}
