// `pnpm mp <command>`: operator commands. The first admin of a fresh database comes from here (or
// from the one-time setup screen); there is no public sign-up (docs/product.md §1).
//
//   pnpm mp create-admin --email ada@example.com --first-name Ada --last-name Obi
//   pnpm mp seed-load --loans 10000 --seed 1      (load-test portfolio, see src/load/seed-load.ts)
//   pnpm mp import-legacy --from postgres://… --dry-run   (the cut-over, docs/cutover.md)
import path from 'node:path'
import { parseArgs } from 'node:util'
import { insertAdmin } from '@mp/api'
import { hashPassword } from '@mp/auth'
import { defaultDataDir, migrateToLatest, openDatabase, type Database, type Kysely } from '@mp/db'
import { z } from 'zod'
import { generateDemoPassword } from '../seed.js'
import { SEED_LOAD_USAGE, seedLoadCommand } from './seed-load.js'
import { LEDGER_USAGE, ledgerCommand } from './ledger.js'
import { BACKUP_USAGE, backupCommand, restoreCommand, verifyBackupCommand } from './backup.js'
import { MAINTENANCE_USAGE, maintenanceCommand } from './maintenance.js'
import { IMPORT_LEGACY_USAGE, importLegacyCommand } from './import-legacy.js'

const print = (text: string) => process.stdout.write(`${text}\n`)

const ZCreateAdmin = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.email({ error: '--email must be a valid email address' })),
  'first-name': z
    .string({ error: '--first-name is required' })
    .trim()
    .min(1, { error: '--first-name is required' })
    .max(100),
  'last-name': z
    .string({ error: '--last-name is required' })
    .trim()
    .min(1, { error: '--last-name is required' })
    .max(100),
})

export async function createAdmin(
  db: Kysely<Database>,
  input: { email: string; firstName: string; lastName: string },
) {
  const oneTimePassword = generateDemoPassword()
  const passwordHash = await hashPassword(oneTimePassword)
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('staff_user')
      .select('id')
      .where('email', '=', input.email)
      .executeTakeFirst()
    if (existing) throw new Error(`A staff member with the email ${input.email} already exists`)
    const user = await insertAdmin(trx, {
      email: input.email,
      firstName: input.firstName,
      lastName: input.lastName,
      passwordHash,
      mustChangePassword: true,
    })
    await trx
      .insertInto('audit_log')
      .values({
        action: 'CLI_CREATE_ADMIN',
        entity_type: 'staff_user',
        entity_id: user.id,
        after: JSON.stringify({ email: input.email, role: 'ADMIN' }),
      })
      .execute()
    return { id: user.id, oneTimePassword }
  })
}

/** The app database (DATABASE_URL, else the embedded one), migrated. */
async function openMigrated() {
  const handle = await openDatabase({
    databaseUrl: process.env.DATABASE_URL,
    dataDir: path.join(defaultDataDir(), 'postgres'),
    logger: { info: () => undefined, warn: print, error: print },
  })
  try {
    await migrateToLatest(handle.db)
  } catch (error) {
    await handle.close()
    throw error
  }
  return handle
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  // Backups (docs/backups.md) and maintenance mode.
  if (command === 'backup') return backupCommand(rest, openMigrated)
  if (command === 'restore') return restoreCommand(rest, openMigrated)
  if (command === 'verify-backup')
    // The scratch database goes on the same server: the embedded one, or DATABASE_URL's (needs CREATEDB).
    return verifyBackupCommand(rest, openMigrated, (handle) => handle.embedded?.adminUrl ?? handle.url)
  if (command === 'maintenance') return maintenanceCommand(rest, openMigrated)
  if (command === 'ledger') {
    const handle = await openDatabase({
      databaseUrl: process.env.DATABASE_URL,
      dataDir: path.join(defaultDataDir(), 'postgres'),
      logger: { info: () => undefined, warn: print, error: print },
    })
    try {
      await migrateToLatest(handle.db)
      return await ledgerCommand(handle.db, rest)
    } finally {
      await handle.close()
    }
  }
  if (command === 'seed-load') {
    return seedLoadCommand(rest, () =>
      openDatabase({
        databaseUrl: process.env.DATABASE_URL,
        dataDir: path.join(defaultDataDir(), 'postgres'),
        logger: { info: () => undefined, warn: print, error: print },
      }).then(async (handle) => {
        await migrateToLatest(handle.db)
        return handle
      }),
    )
  }
  if (command === 'import-legacy') {
    return importLegacyCommand(rest, {
      open: () =>
        openDatabase({
          databaseUrl: process.env.DATABASE_URL,
          dataDir: path.join(defaultDataDir(), 'postgres'),
          logger: { info: () => undefined, warn: print, error: print },
        }).then(async (handle) => {
          await migrateToLatest(handle.db)
          return handle
        }),
    })
  }
  if (command !== 'create-admin') {
    print('usage: pnpm mp create-admin --email <email> --first-name <name> --last-name <name>')
    for (const line of LEDGER_USAGE) print(`       ${line}`)
    print(`       ${SEED_LOAD_USAGE}`)
    for (const line of BACKUP_USAGE) print(`       ${line}`)
    print(`       ${MAINTENANCE_USAGE}`)
    print(`       ${IMPORT_LEGACY_USAGE}`)
    return 2
  }
  const { values } = parseArgs({
    args: rest,
    options: { email: { type: 'string' }, 'first-name': { type: 'string' }, 'last-name': { type: 'string' } },
  })
  const parsed = ZCreateAdmin.safeParse(values)
  if (!parsed.success) {
    for (const issue of parsed.error.issues) print(issue.message)
    return 2
  }
  const handle = await openDatabase({
    databaseUrl: process.env.DATABASE_URL,
    dataDir: path.join(defaultDataDir(), 'postgres'),
    logger: { info: () => undefined, warn: print, error: print },
  })
  try {
    await migrateToLatest(handle.db)
    const { oneTimePassword } = await createAdmin(handle.db, {
      email: parsed.data.email,
      firstName: parsed.data['first-name'],
      lastName: parsed.data['last-name'],
    })
    print(
      `Admin ${parsed.data.email} created. One-time password (shown only now, must be changed at first sign-in):`,
    )
    print(`  ${oneTimePassword}`)
    return 0
  } finally {
    await handle.close()
  }
}

// Run only as a program, not when imported by tests.
if (process.argv[1] && path.basename(process.argv[1]).startsWith('mp.')) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code
    },
    (error: unknown) => {
      print(`error: ${error instanceof Error ? error.message : String(error)}`)
      process.exitCode = 1
    },
  )
}
