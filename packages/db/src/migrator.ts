import { randomBytes } from 'node:crypto'
import { Kysely, PostgresDialect, type LogEvent } from 'kysely'
import { Migrator, NO_MIGRATIONS, type Migration, type MigrationResultSet } from 'kysely/migration'
import pg from 'pg'
import { createKysely, createPool, withDatabase } from './connection.js'
import { migrations } from './migrations/index.js'

export type MigrationStatus = { name: string; executedAt: Date | undefined }

function migratorFor<DB>(db: Kysely<DB>): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve({ ...migrations }) },
  })
}

export class MigrationError extends Error {
  constructor(
    message: string,
    readonly results: MigrationResultSet['results'],
  ) {
    super(message)
    this.name = 'MigrationError'
  }
}

function unwrap(set: MigrationResultSet, verb: string): string[] {
  if (set.error) {
    const failed = set.results?.find((result) => result.status === 'Error')
    const reason = set.error instanceof Error ? set.error.message : JSON.stringify(set.error)
    throw new MigrationError(
      `Could not ${verb}${failed ? ` at ${failed.migrationName}` : ''}: ${reason}`,
      set.results,
    )
  }
  return (set.results ?? [])
    .filter((result) => result.status === 'Success')
    .map((result) => result.migrationName)
}

/** Runs every pending migration, each in its own transaction. Returns the names that ran. */
export async function migrateToLatest<DB>(db: Kysely<DB>): Promise<string[]> {
  return unwrap(await migratorFor(db).migrateToLatest(), 'migrate')
}

/** Reverts the most recent migration. Returns its name (empty when nothing was applied). */
export async function rollbackLast<DB>(db: Kysely<DB>): Promise<string[]> {
  return unwrap(await migratorFor(db).migrateDown(), 'roll back')
}

/** Reverts every migration (tests and throwaway databases only). */
export async function rollbackAll<DB>(db: Kysely<DB>): Promise<string[]> {
  return unwrap(await migratorFor(db).migrateTo(NO_MIGRATIONS), 'roll back')
}

export async function migrationStatus<DB>(db: Kysely<DB>): Promise<MigrationStatus[]> {
  const infos = await migratorFor(db).getMigrations()
  return infos.map((info) => ({ name: info.name, executedAt: info.executedAt }))
}

export type PlannedStatement = {
  migration: string
  sql: string
  /** Why a reviewer must look twice (DROP, TRUNCATE, type change, …), or undefined. */
  danger: string | undefined
}

export type MigrationPlan = {
  pending: string[]
  statements: PlannedStatement[]
  /** How the throwaway copy was made. */
  copiedBy: 'TEMPLATE' | 'REPLAY'
}

// The deployment guide's review list (seed/deployment-guide.txt §1.3): data loss and risky changes.
const DANGER_PATTERNS: readonly [RegExp, string][] = [
  [/\bdrop\s+table\b/i, 'DROP TABLE deletes a table and its data'],
  [/\bdrop\s+column\b/i, 'DROP COLUMN deletes data permanently'],
  [/\btruncate\b/i, 'TRUNCATE removes all rows'],
  [
    /\balter\s+column\s+\S+\s+(set\s+data\s+)?type\b/i,
    'column type change rewrites the table and may lose data',
  ],
  [/\bdrop\s+constraint\b/i, 'DROP CONSTRAINT removes a data-integrity rule'],
  [/\bdrop\s+(index|view|schema|type|sequence)\b/i, 'DROP removes a database object'],
  [/\bdelete\s+from\b(?![\s\S]*\bwhere\b)/i, 'DELETE without WHERE removes all rows'],
  [/\bupdate\s+\S+\s+set\b(?![\s\S]*\bwhere\b)/i, 'UPDATE without WHERE changes every row'],
  [/\bset\s+not\s+null\b/i, 'SET NOT NULL fails if existing rows hold NULL'],
]

export function classifyStatement(statement: string): string | undefined {
  for (const [pattern, reason] of DANGER_PATTERNS) if (pattern.test(statement)) return reason
  return undefined
}

function inlineParameters(statement: string, parameters: readonly unknown[]): string {
  return statement.replace(/\$(\d+)/g, (match, index: string) => {
    const value = parameters[Number(index) - 1]
    if (value === undefined) return match
    if (value === null) return 'null'
    if (typeof value === 'number' || typeof value === 'boolean') return String(value)
    if (value instanceof Date) return `'${value.toISOString()}'`
    return `'${(typeof value === 'string' ? value : JSON.stringify(value)).replace(/'/g, "''")}'`
  })
}

const MIGRATOR_BOOKKEEPING = /kysely_migration/i

/**
 * The SQL that pending migrations would run, captured from a dry run on a throwaway copy of the
 * database (the deployment guide's "generate and review the migration plan" step). The copy is a
 * `CREATE DATABASE … TEMPLATE` clone when the database has no other connections; otherwise an
 * empty database brought to the same migration level by replaying the applied migrations.
 * The real database is never written to.
 */
export async function planPendingMigrations(url: string): Promise<MigrationPlan> {
  const source = new URL(url).pathname.replace(/^\//, '') || 'postgres'
  const scratch = `mp_plan_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: withDatabase(url, 'postgres') })
  await admin.connect()
  let copiedBy: MigrationPlan['copiedBy'] = 'TEMPLATE'
  try {
    try {
      await admin.query(
        `create database ${admin.escapeIdentifier(scratch)} template ${admin.escapeIdentifier(source)}`,
      )
    } catch {
      copiedBy = 'REPLAY'
      await admin.query(`create database ${admin.escapeIdentifier(scratch)}`)
    }

    const sourcePool = createPool(url, { max: 1 })
    const sourceDb = createKysely(sourcePool)
    let applied: string[]
    let pending: string[]
    try {
      const status = await migrationStatus(sourceDb)
      applied = status.filter((entry) => entry.executedAt).map((entry) => entry.name)
      pending = status.filter((entry) => !entry.executedAt).map((entry) => entry.name)
    } finally {
      await sourceDb.destroy()
    }

    const statements: PlannedStatement[] = []
    let current = '(setup)'
    let isCapturing = false
    const scratchPool = createPool(withDatabase(url, scratch), { max: 1 })
    const capturingDb = createCapturingKysely(scratchPool, (event) => {
      if (!isCapturing || event.level !== 'query') return
      if (MIGRATOR_BOOKKEEPING.test(event.query.sql)) return
      const text = inlineParameters(event.query.sql, event.query.parameters)
      statements.push({ migration: current, sql: text, danger: classifyStatement(text) })
    })
    try {
      const migrator = new Migrator({
        db: capturingDb,
        provider: {
          getMigrations: () => {
            const wrapped: Record<string, Migration> = {}
            for (const [name, migration] of Object.entries(migrations)) {
              wrapped[name] = {
                up: async (db) => {
                  current = name
                  isCapturing = pending.includes(name)
                  await migration.up(db)
                  isCapturing = false
                },
              }
            }
            return Promise.resolve(wrapped)
          },
        },
      })
      if (copiedBy === 'REPLAY' && applied.length > 0) {
        const last = applied[applied.length - 1]
        if (last) unwrap(await migrator.migrateTo(last), 'replay applied migrations')
      }
      unwrap(await migrator.migrateToLatest(), 'dry-run pending migrations')
    } finally {
      await capturingDb.destroy()
    }
    return { pending, statements, copiedBy }
  } finally {
    await admin.query(`drop database if exists ${admin.escapeIdentifier(scratch)}`)
    await admin.end()
  }
}

function createCapturingKysely(pool: pg.Pool, log: (event: LogEvent) => void): Kysely<unknown> {
  return new Kysely<unknown>({ dialect: new PostgresDialect({ pool }), log })
}
