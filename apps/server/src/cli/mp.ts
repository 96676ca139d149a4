// `pnpm mp <command>`: operator commands. The first admin of a fresh database comes from here (or
// from the one-time setup screen); there is no public sign-up (docs/product.md §1).
//
//   pnpm mp create-admin --email ada@example.com --first-name Ada --last-name Obi
//   pnpm mp seed-load --loans 10000 --seed 1      (load-test portfolio, see src/load/seed-load.ts)
//   pnpm mp import-legacy --from postgres://… --dry-run   (the cut-over, docs/cutover.md)
import path from 'node:path'
import { insertAdmin } from '@mp/api'
import { hashPassword } from '@mp/auth'
import { migrateToLatest, type Database, type Kysely } from '@mp/db'
import { z } from 'zod'
import { generateDemoPassword } from '../seed.js'
import { SEED_LOAD_USAGE, seedLoadCommand } from './seed-load.js'
import { SEED_DEMO_USAGE, seedDemoCommand } from './seed.js'
import { LEDGER_USAGE, ledgerCommand } from './ledger.js'
import { BACKUP_USAGE, backupCommand, restoreCommand, verifyBackupCommand } from './backup.js'
import { MAINTENANCE_USAGE, maintenanceCommand } from './maintenance.js'
import { IMPORT_LEGACY_USAGE, importLegacyCommand } from './import-legacy.js'
import { parseCommandArgs, print, printUsage } from './args.js'
import { openApp, openMigrated } from './database.js'

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

export const CREATE_ADMIN_USAGE =
  'pnpm mp create-admin --email <email> --first-name <name> --last-name <name>'
export const MIGRATE_USAGE = 'pnpm mp migrate'

async function createAdminCommand(args: readonly string[]): Promise<number> {
  const read = parseCommandArgs(
    args,
    {
      options: {
        email: { type: 'string' },
        'first-name': { type: 'string' },
        'last-name': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    },
    CREATE_ADMIN_USAGE,
    ['Creates an admin with a one-time password, printed once; it must be changed at first sign-in.'],
  )
  if (typeof read === 'number') return read
  const parsed = ZCreateAdmin.safeParse(read.values)
  if (!parsed.success) {
    for (const issue of parsed.error.issues) print(issue.message)
    printUsage(CREATE_ADMIN_USAGE)
    return 2
  }
  const handle = await openMigrated()
  try {
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

async function migrateCommand(args: readonly string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    print(`usage: ${MIGRATE_USAGE}`)
    print(
      'Applies every pending migration. Read them first with "pnpm db:plan" (docs/operations.md, Upgrading).',
    )
    return 0
  }
  if (args.length > 0) {
    printUsage(MIGRATE_USAGE)
    return 2
  }
  const handle = await openApp()
  try {
    const ran = await migrateToLatest(handle.db)
    print(ran.length === 0 ? 'No pending migrations.' : `Applied ${String(ran.length)} migration(s):`)
    for (const name of ran) print(`  ${name}`)
    return 0
  } finally {
    await handle.close()
  }
}

type Command = {
  name: string
  summary: string
  usage: readonly string[]
  run: (args: readonly string[]) => Promise<number>
}

/** Every operator command (docs/operations.md). Each answers --help; exit codes: 0 done, 1 failed, 2 usage. */
const COMMANDS: readonly Command[] = [
  {
    name: 'create-admin',
    summary: 'create an admin with a one-time password',
    usage: [CREATE_ADMIN_USAGE],
    run: createAdminCommand,
  },
  { name: 'migrate', summary: 'apply pending migrations', usage: [MIGRATE_USAGE], run: migrateCommand },
  {
    name: 'seed-demo',
    summary: 'seed the demo organisation into a database with no staff',
    usage: [SEED_DEMO_USAGE],
    run: seedDemoCommand,
  },
  {
    name: 'seed-load',
    summary: 'generate a load-test portfolio (N loans)',
    usage: [SEED_LOAD_USAGE],
    run: (args) => seedLoadCommand(args, openMigrated),
  },
  {
    name: 'backup',
    summary: 'back up every table now (docs/backups.md)',
    usage: [BACKUP_USAGE[0] ?? ''],
    run: (args) => backupCommand(args, openMigrated),
  },
  {
    name: 'restore',
    summary: 'restore a backup file, all or nothing',
    usage: [BACKUP_USAGE[1] ?? ''],
    run: (args) => restoreCommand(args, openMigrated),
  },
  {
    name: 'verify-backup',
    summary: 'the restore drill: restore a file into a scratch database and compare',
    usage: [BACKUP_USAGE[2] ?? ''],
    // The scratch database goes on the same server: the embedded one, or DATABASE_URL's (needs CREATEDB).
    run: (args) =>
      verifyBackupCommand(args, openMigrated, (handle) => handle.embedded?.adminUrl ?? handle.url),
  },
  {
    name: 'import-legacy',
    summary: 'bring the old system across (docs/cutover.md)',
    usage: [IMPORT_LEGACY_USAGE],
    run: (args) => importLegacyCommand(args, { open: openMigrated }),
  },
  {
    name: 'maintenance',
    summary: 'turn maintenance mode on or off',
    usage: [MAINTENANCE_USAGE],
    run: (args) => maintenanceCommand(args, openMigrated),
  },
  {
    name: 'ledger',
    summary: 'verify, rebuild or close the stored loan ledger',
    usage: LEDGER_USAGE,
    run: async (args) => {
      if (args.length === 0 || args[0] === '--help' || args[0] === '-h') {
        printUsage(LEDGER_USAGE)
        return args.length === 0 ? 2 : 0
      }
      const handle = await openMigrated()
      try {
        return await ledgerCommand(handle.db, args)
      } finally {
        await handle.close()
      }
    },
  },
]

function printOverview(): void {
  print('usage: pnpm mp <command> [options]      (pnpm mp <command> --help for one command)')
  print('')
  const width = Math.max(...COMMANDS.map((command) => command.name.length))
  for (const command of COMMANDS) print(`  ${command.name.padEnd(width)}  ${command.summary}`)
  print('')
  print(
    'The database is DATABASE_URL, else the embedded one in .data/postgres. Exit codes: 0 done, 1 failed, 2 usage.',
  )
}

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    printOverview()
    return name === undefined ? 2 : 0
  }
  const command = COMMANDS.find((entry) => entry.name === name)
  if (!command) {
    print(`unknown command: ${name}`)
    printOverview()
    return 2
  }
  return command.run(rest)
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
