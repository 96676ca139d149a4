import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { POSTGRES_SESSION_OPTIONS, createKysely, createPool } from '../src/connection.js'
import { createTestDatabase, type TestDatabase } from '../src/testing/index.js'

/**
 * The PostgreSQL-only session options (jit, random_page_cost, parallel workers) are sent to PostgreSQL and
 * left out for CockroachDB, which has none of those variables (docs/scale-out.md). Checked on PostgreSQL:
 * with the CockroachDB flavour the server keeps its own defaults.
 */
let database: TestDatabase
beforeAll(async () => {
  database = await createTestDatabase(inject('mpTestDb'))
})
afterAll(async () => {
  await database.drop()
})

async function settings(flavor: 'postgresql' | 'cockroachdb') {
  const db = createKysely(createPool(database.url, { max: 1, flavor }))
  try {
    // `source` is 'client' for a variable the connection's startup options set.
    const { rows } = await sql<{ name: string; setting: string; source: string }>`
      select name, setting, source from pg_settings
      where name in ('jit', 'random_page_cost', 'max_parallel_workers_per_gather') order by name`.execute(db)
    return rows
  } finally {
    await db.destroy()
  }
}

describe('database flavour', () => {
  it('PostgreSQL sessions get the tuning options', async () => {
    expect(POSTGRES_SESSION_OPTIONS).toContain('jit=off')
    expect(await settings('postgresql')).toEqual([
      { name: 'jit', setting: 'off', source: 'client' },
      { name: 'max_parallel_workers_per_gather', setting: '0', source: 'client' },
      { name: 'random_page_cost', setting: '1.1', source: 'client' },
    ])
  })

  it('CockroachDB sessions get none of them: the server keeps its own', async () => {
    const found = await settings('cockroachdb')
    expect(found.map((row) => row.name)).toEqual([
      'jit',
      'max_parallel_workers_per_gather',
      'random_page_cost',
    ])
    for (const row of found) expect(row.source).not.toBe('client')
  })
})
