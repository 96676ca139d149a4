import { readdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createKysely, createPool } from '../src/connection.js'
import {
  classifyStatement,
  migrateToLatest,
  migrationStatus,
  planPendingMigrations,
  rollbackAll,
  rollbackLast,
} from '../src/migrator.js'
import { migrations } from '../src/migrations/index.js'
import { createEmptyDatabase, type TestDatabase } from '../src/testing/index.js'
import { sql } from 'kysely'

const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../src/migrations')

describe('migration map', () => {
  it('lists exactly the migration files in the folder, in order', () => {
    const files = readdirSync(migrationsDir)
      .filter((file) => /^\d{4}_\d{2}_\d{2}_\d{6}_[a-z0-9_]+\.ts$/.test(file))
      .map((file) => file.replace(/\.ts$/, ''))
      .sort()
    expect(Object.keys(migrations)).toEqual(files)
    expect(
      readdirSync(migrationsDir).filter(
        (file) => file !== 'index.ts' && !files.includes(file.replace(/\.ts$/, '')),
      ),
    ).toEqual([])
  })

  it('gives every migration a down', () => {
    for (const [name, migration] of Object.entries(migrations)) {
      expect(typeof migration.down, name).toBe('function')
    }
  })
})

describe('migrations on real PostgreSQL', () => {
  let database: TestDatabase
  const pools: ReturnType<typeof createPool>[] = []
  const open = () => {
    const pool = createPool(database.url, { max: 2 })
    pools.push(pool)
    return createKysely(pool)
  }

  beforeAll(async () => {
    database = await createEmptyDatabase(inject('mpTestDb'))
  })
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end().catch(() => undefined)))
    await database.drop()
  })

  const schemaSnapshot = async () => {
    const db = open()
    const result = await sql<{
      table_name: string
      column_name: string
      data_type: string
      is_nullable: string
    }>`
      select table_name, column_name, data_type, is_nullable from information_schema.columns
      where table_schema = 'public' and table_name not like 'kysely_%'
      order by table_name, column_name`.execute(db)
    const indexes = await sql<{ indexname: string }>`
      select indexname from pg_indexes where schemaname = 'public' and tablename not like 'kysely_%' order by indexname`.execute(
      db,
    )
    await db.destroy()
    pools.pop()
    return { columns: result.rows, indexes: indexes.rows.map((row) => row.indexname) }
  }

  it('goes up, all the way down, and up again to the same schema', async () => {
    const db = open()
    const applied = await migrateToLatest(db)
    expect(applied).toEqual(Object.keys(migrations))
    const first = await schemaSnapshot()
    expect(
      first.columns.some((column) => column.table_name === 'staff_user' && column.column_name === 'email'),
    ).toBe(true)

    const reverted = await rollbackAll(db)
    expect(reverted).toEqual([...Object.keys(migrations)].reverse())
    const empty = await schemaSnapshot()
    expect(empty.columns).toEqual([])

    await migrateToLatest(db)
    expect(await schemaSnapshot()).toEqual(first)
    expect((await migrationStatus(db)).every((entry) => entry.executedAt instanceof Date)).toBe(true)
  })

  it('plans the pending migrations on a throwaway copy without touching the database', async () => {
    const db = open()
    const last = Object.keys(migrations).at(-1)
    expect(await rollbackLast(db)).toEqual([last])
    // A TEMPLATE copy needs the source database to have no other connections.
    await Promise.all(pools.splice(0).map((pool) => pool.end().catch(() => undefined)))

    const plan = await planPendingMigrations(database.url)
    expect(plan.pending).toEqual([last])
    expect(plan.copiedBy).toBe('TEMPLATE')
    expect(plan.statements.length).toBeGreaterThan(0)
    expect(plan.statements.every((statement) => statement.migration === last)).toBe(true)
    // The plan holds the last migration's own DDL (whichever migration is last).
    expect(plan.statements[0]?.sql).toMatch(/^(create|alter|drop) /i)
    expect(plan.statements.some((statement) => statement.danger)).toBe(false)

    // The real database is untouched: still pending afterwards.
    const again = open()
    const status = await migrationStatus(again)
    expect(status.find((entry) => entry.name === last)?.executedAt).toBeUndefined()

    // With the database in use a TEMPLATE copy is impossible: the plan replays applied migrations.
    await sql`select 1`.execute(again)
    const busy = await planPendingMigrations(database.url)
    expect(busy.copiedBy).toBe('REPLAY')
    expect(busy.statements.map((statement) => statement.sql)).toEqual(
      plan.statements.map((statement) => statement.sql),
    )

    await migrateToLatest(again)
  })
})

describe('destructive statement detection', () => {
  it.each([
    ['drop table "loan"', true],
    ['alter table "member" drop column "bvn"', true],
    ['truncate "repayment"', true],
    ['alter table "loan" alter column "principal" type integer', true],
    ['alter table "loan" alter column "principal" set data type integer', true],
    ['alter table "loan" drop constraint "loan_member_fk"', true],
    ['delete from "session"', true],
    ['delete from "session" where "expires_at" < now()', false],
    ['create table "union" ("id" uuid primary key)', false],
    ['alter table "staff_user" add column "nickname" text', false],
    ['create index "loan_status_idx" on "loan" ("status")', false],
  ])('%s → destructive: %s', (statement, isDestructive) => {
    expect(classifyStatement(statement) !== undefined).toBe(isDestructive)
  })
})
