import type {} from 'vitest'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { createKysely, createPool, withDatabase } from '../connection.js'
import { startEmbeddedPostgres } from '../embedded.js'
import { migrateToLatest } from '../migrator.js'
import { installTypeParsers } from '../parsers.js'

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- augmentation needs an interface
  export interface ProvidedContext {
    mpTestDb: TestDatabaseInfo
  }
}

/**
 * Test databases on real PostgreSQL (never a fake): a global setup migrates one template database,
 * and every test file clones its own copy (`CREATE DATABASE … TEMPLATE`), so files run in parallel
 * without sharing state. Works on a throwaway embedded server, or on DATABASE_URL when set.
 */
export type TestDatabaseInfo = {
  /** Connection string for maintenance work (creating and dropping databases). */
  adminUrl: string
  /** Name of the migrated template database. */
  template: string
  /** 'embedded' or 'external' (DATABASE_URL). */
  kind: 'embedded' | 'external'
}

export type TestDatabaseServer = {
  info: TestDatabaseInfo
  teardown: () => Promise<void>
}

async function withAdmin<T>(adminUrl: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  installTypeParsers()
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    return await run(client)
  } finally {
    await client.end()
  }
}

const isTransient = (error: unknown) =>
  error instanceof Error && /being accessed by other users|could not serialize|deadlock/i.test(error.message)

/** Starts (or connects to) the server and prepares the migrated template. For vitest globalSetup. */
export async function startTestDatabaseServer(
  options: { databaseUrl?: string | undefined } = {},
): Promise<TestDatabaseServer> {
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL
  const runId = randomBytes(4).toString('hex')
  const template = `mp_tpl_${runId}`
  let adminUrl: string
  let stopServer: () => Promise<void> = () => Promise.resolve()

  if (databaseUrl) {
    adminUrl = databaseUrl
  } else {
    const base = await fs.mkdtemp(path.join(os.tmpdir(), 'mp-test-pg-'))
    // As root the server runs as the postgres system user, which must be able to enter the folder.
    await fs.chmod(base, 0o755)
    const server = await startEmbeddedPostgres({
      dataDir: path.join(base, 'cluster'),
      persistent: false,
      isThrowaway: true,
      hasWatchdog: false,
    })
    adminUrl = server.adminUrl
    stopServer = async () => {
      await server.stop()
      await fs.rm(base, { recursive: true, force: true })
    }
  }

  await withAdmin(adminUrl, (client) => client.query(`create database ${client.escapeIdentifier(template)}`))
  const pool = createPool(withDatabase(adminUrl, template), { max: 1 })
  const db = createKysely(pool)
  try {
    await migrateToLatest(db)
  } finally {
    await db.destroy()
  }

  return {
    info: { adminUrl, template, kind: databaseUrl ? 'external' : 'embedded' },
    teardown: async () => {
      await withAdmin(adminUrl, async (client) => {
        const leftovers = await client.query<{ datname: string }>(
          'select datname from pg_database where datname = $1 or datname like $2',
          [template, `mp_t_${runId}_%`],
        )
        for (const row of leftovers.rows) {
          await client.query(`drop database if exists ${client.escapeIdentifier(row.datname)} with (force)`)
        }
      })
      await stopServer()
    },
  }
}

export type TestDatabase = {
  /** Connection string of this file's own database. */
  url: string
  name: string
  drop: () => Promise<void>
}

/** Clones the template into a fresh database for one test file. */
export async function createTestDatabase(info: TestDatabaseInfo): Promise<TestDatabase> {
  const runId = info.template.replace(/^mp_tpl_/, '')
  const name = `mp_t_${runId}_${randomBytes(5).toString('hex')}`
  await withAdmin(info.adminUrl, async (client) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(
          `create database ${client.escapeIdentifier(name)} template ${client.escapeIdentifier(info.template)}`,
        )
        return
      } catch (error) {
        if (!isTransient(error) || attempt >= 20) throw error
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt))
      }
    }
  })
  return {
    url: withDatabase(info.adminUrl, name),
    name,
    drop: () =>
      withAdmin(info.adminUrl, async (client) => {
        await client.query(`drop database if exists ${client.escapeIdentifier(name)} with (force)`)
      }),
  }
}

/** A database with no migrations at all (for migration tests). */
export async function createEmptyDatabase(info: TestDatabaseInfo): Promise<TestDatabase> {
  const runId = info.template.replace(/^mp_tpl_/, '')
  const name = `mp_t_${runId}_${randomBytes(5).toString('hex')}`
  await withAdmin(info.adminUrl, (client) => client.query(`create database ${client.escapeIdentifier(name)}`))
  return {
    url: withDatabase(info.adminUrl, name),
    name,
    drop: () =>
      withAdmin(info.adminUrl, async (client) => {
        await client.query(`drop database if exists ${client.escapeIdentifier(name)} with (force)`)
      }),
  }
}

export { isAlive, postmastersFor, waitFor } from './processes.js'
export { holdInTransaction } from './hold.js'
