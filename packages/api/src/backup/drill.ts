import { randomBytes } from 'node:crypto'
import { createKysely, createPool, migrateToLatest, withDatabase } from '@mp/db'
import pg from 'pg'
import {
  assertSameSchema,
  loadArchive,
  tableDigests,
  verifyArchive,
  type ArchiveProgress,
} from './archive.js'
import { quoteIdent } from './catalog.js'

type DrillDifference = { table: string; expected: string; actual: string }

export type DrillResult = {
  scratchDatabase: string
  tables: number
  rows: number
  differences: DrillDifference[]
}

/**
 * The restore drill (issue 13 item 5, `pnpm mp verify-backup`): checks the file, creates a scratch
 * database on the server behind `adminUrl`, migrates it, restores the archive into it in one
 * transaction, then compares every table's row count and SHA-256 (as written back out) with the
 * manifest. The scratch database is dropped afterwards, whatever happened. The app's own database is
 * never touched.
 */
export async function drillBackup(options: {
  adminUrl: string
  filePath: string
  onStep?: ((message: string) => void) | undefined
  onProgress?: ((progress: ArchiveProgress) => void) | undefined
}): Promise<DrillResult> {
  const step = options.onStep ?? (() => undefined)
  step('checking the file (checksums, format)…')
  const verified = await verifyArchive(options.filePath)
  const name = `mp_verify_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: options.adminUrl })
  await admin.connect()
  try {
    step(`creating scratch database ${name}…`)
    await admin.query(`create database ${quoteIdent(name)}`)
    try {
      const url = withDatabase(options.adminUrl, name)
      const migrateDb = createKysely(createPool(url, { max: 1 }))
      try {
        step('migrating the scratch database…')
        await migrateToLatest(migrateDb)
      } finally {
        await migrateDb.destroy()
      }
      const client = new pg.Client({ connectionString: url })
      await client.connect()
      try {
        const tables = await assertSameSchema(client, verified.header)
        step('restoring into the scratch database…')
        await client.query('begin')
        const manifest = await loadArchive(client, options.filePath, tables, {
          hooks: { onProgress: options.onProgress },
        })
        await client.query('commit')
        step('comparing row counts and checksums…')
        const digests = await tableDigests(client, tables)
        const differences: DrillDifference[] = []
        let rows = 0
        for (const [table, expected] of Object.entries(manifest.tables)) {
          const actual = digests[table]
          rows += expected.rows
          if (!actual)
            differences.push({ table, expected: `${String(expected.rows)} rows`, actual: 'missing' })
          else if (actual.rows !== expected.rows)
            differences.push({
              table,
              expected: `${String(expected.rows)} rows`,
              actual: `${String(actual.rows)} rows`,
            })
          else if (actual.sha256 !== expected.sha256)
            differences.push({
              table,
              expected: `sha256 ${expected.sha256}`,
              actual: `sha256 ${actual.sha256}`,
            })
        }
        return { scratchDatabase: name, tables: tables.length, rows, differences }
      } finally {
        await client.end()
      }
    } finally {
      step(`dropping scratch database ${name}…`)
      await admin.query(`drop database if exists ${quoteIdent(name)} with (force)`)
    }
  } finally {
    await admin.end()
  }
}
