#!/usr/bin/env node
// `pnpm db:migrate | db:rollback | db:status | db:plan` — against DATABASE_URL, or the embedded
// server in $MP_DATA_DIR/postgres when DATABASE_URL is unset.
import path from 'node:path'
import { openDatabase, redactUrl } from './connection.js'
import { migrateToLatest, migrationStatus, planPendingMigrations, rollbackLast } from './migrator.js'
import { defaultDataDir } from './paths.js'

const out = (line: string) => process.stdout.write(`${line}\n`)
const logger = { info: () => undefined, warn: out, error: out }

async function main(command: string | undefined): Promise<number> {
  if (!command || !['migrate', 'rollback', 'status', 'plan'].includes(command)) {
    out('usage: db <migrate|rollback|status|plan>')
    return 2
  }
  const handle = await openDatabase({
    databaseUrl: process.env.DATABASE_URL,
    dataDir: path.join(defaultDataDir(), 'postgres'),
    logger,
  })
  try {
    out(`database: ${redactUrl(handle.url)}`)
    switch (command) {
      case 'migrate': {
        const ran = await migrateToLatest(handle.db)
        out(ran.length ? ran.map((name) => `applied  ${name}`).join('\n') : 'nothing to migrate: up to date')
        return 0
      }
      case 'rollback': {
        const reverted = await rollbackLast(handle.db)
        out(reverted.length ? reverted.map((name) => `reverted ${name}`).join('\n') : 'nothing to roll back')
        return 0
      }
      case 'status': {
        for (const entry of await migrationStatus(handle.db)) {
          out(
            `${entry.executedAt ? `applied ${entry.executedAt.toISOString()}` : 'PENDING                          '}  ${entry.name}`,
          )
        }
        return 0
      }
      default: {
        const plan = await planPendingMigrations(handle.url)
        if (plan.pending.length === 0) {
          out('-- nothing pending: the database is up to date')
          return 0
        }
        out(
          `-- migration plan: ${plan.pending.length} pending (dry run on a throwaway copy made by ${plan.copiedBy})`,
        )
        let current = ''
        for (const statement of plan.statements) {
          if (statement.migration !== current) {
            current = statement.migration
            out(`\n-- ${current}`)
          }
          if (statement.danger) out(`-- !!! DESTRUCTIVE: ${statement.danger}`)
          out(`${statement.sql};`)
        }
        const dangers = plan.statements.filter((statement) => statement.danger).length
        out(
          `\n-- ${plan.statements.length} statements, ${dangers} flagged destructive${dangers ? ': review before applying' : ''}`,
        )
        return 0
      }
    }
  } finally {
    await handle.close()
  }
}

main(process.argv[2]).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    out(`error: ${error instanceof Error ? error.message : String(error)}`)
    process.exitCode = 1
  },
)
