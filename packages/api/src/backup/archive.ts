import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { PassThrough, Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createGunzip, createGzip } from 'node:zlib'
import type pg from 'pg'
import { from as copyFrom, to as copyTo } from 'pg-copy-streams'
import {
  backedUpTables,
  publicTables,
  quoteIdent,
  schemaVersion,
  sequenceValues,
  tableSelect,
  tablesClearedOnRestore,
  type SequenceValue,
  type TableInfo,
} from './catalog.js'
import {
  BackupFileError,
  FORMAT_VERSION,
  MAGIC,
  readArchive,
  type ArchiveEvent,
  type ArchiveHeader,
  type ArchiveManifest,
} from './format.js'

export type ArchiveProgress = {
  tablesDone: number
  tablesTotal: number
  rowsDone: number
  table: string | null
}

export type WrittenArchive = {
  header: ArchiveHeader
  manifest: ArchiveManifest
  /** Size and SHA-256 of the gzip file as stored. */
  size: number
  sha256: string
}

/** How often progress is reported inside one table. */
const PROGRESS_EVERY_ROWS = 50_000

/** Writes `chunk` and waits when the stream asks for it: memory stays bounded whatever the table size. */
async function write(stream: PassThrough, chunk: Buffer | string): Promise<void> {
  if (!stream.write(chunk)) await new Promise<void>((resolve) => stream.once('drain', resolve))
}

/**
 * Streams every backed-up table of the connected database into a gzip archive at `filePath`, from one
 * REPEATABLE READ snapshot (every table as of the same instant, while staff keep working). Rows go from
 * PostgreSQL's COPY through gzip to disk a chunk at a time.
 */
export async function writeArchive(
  client: pg.ClientBase,
  filePath: string,
  options: { onProgress?: ((progress: ArchiveProgress) => void | Promise<void>) | undefined } = {},
): Promise<WrittenArchive> {
  await client.query('begin isolation level repeatable read read only')
  let out: PassThrough | undefined
  try {
    // A large table takes longer than the app's 30 s statement limit to stream.
    await client.query('set local statement_timeout = 0')
    const tables = await backedUpTables(client)
    const header: ArchiveHeader = {
      formatVersion: FORMAT_VERSION,
      schemaVersion: await schemaVersion(client),
      createdAt: new Date().toISOString(),
      tables: tables.map((table) => ({ name: table.name, columns: table.columns })),
    }
    const content = createHash('sha256')
    const fileHash = createHash('sha256')
    let size = 0
    out = new PassThrough()
    const output = out
    const done = pipeline(
      output,
      createGzip(),
      new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          fileHash.update(chunk)
          size += chunk.length
          callback(null, chunk)
        },
      }),
      createWriteStream(filePath, { flags: 'wx', mode: 0o600 }),
    )
    // An error in the file pipeline must surface even while we are waiting for 'drain'.
    let pipelineError: Error | undefined
    done.catch((error: unknown) => {
      pipelineError = error instanceof Error ? error : new Error(String(error))
      output.emit('drain')
    })
    const emit = async (chunk: Buffer | string) => {
      if (pipelineError) throw pipelineError
      content.update(chunk)
      await write(output, chunk)
    }

    await emit(`${MAGIC}\n${JSON.stringify(header)}\n`)
    const counts: ArchiveManifest['tables'] = {}
    let rowsDone = 0
    for (const [index, table] of tables.entries()) {
      await options.onProgress?.({
        tablesDone: index,
        tablesTotal: tables.length,
        rowsDone,
        table: table.name,
      })
      await emit(`@table ${table.name}\n`)
      const hash = createHash('sha256')
      let rows = 0
      const copy = client.query(copyTo(`copy (${tableSelect(table)}) to stdout`))
      let reported = 0
      for await (const chunk of copy as AsyncIterable<Buffer>) {
        hash.update(chunk)
        for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) rows += 1
        await emit(chunk)
        // Within a large table too: the page's progress moves, and the run's heartbeat stays fresh.
        if (rows - reported >= PROGRESS_EVERY_ROWS) {
          reported = rows
          await options.onProgress?.({
            tablesDone: index,
            tablesTotal: tables.length,
            rowsDone: rowsDone + rows,
            table: table.name,
          })
        }
      }
      await emit('\\.\n')
      counts[table.name] = { rows, sha256: hash.digest('hex') }
      rowsDone += rows
    }
    await emit('@end\n')
    // Read last: every number the snapshot's rows used is at or below these.
    const manifest: ArchiveManifest = {
      tables: counts,
      sequences: await sequenceValues(client),
      contentSha256: content.digest('hex'),
    }
    output.end(`${JSON.stringify(manifest)}\n`)
    await done
    await client.query('commit')
    await options.onProgress?.({
      tablesDone: tables.length,
      tablesTotal: tables.length,
      rowsDone,
      table: null,
    })
    return { header, manifest, size, sha256: fileHash.digest('hex') }
  } catch (error) {
    // Stops the gzip pipeline and closes the half-written file (the caller removes it).
    out?.destroy()
    await client.query('rollback').catch(() => undefined)
    throw error
  }
}

/** The archive at `filePath` as checked events (gunzipped, streamed). */
function archiveEvents(filePath: string): AsyncGenerator<ArchiveEvent, void> {
  const source = createReadStream(filePath)
  const gunzip = createGunzip()
  source.on('error', (error) => gunzip.destroy(error))
  return readArchive(source.pipe(gunzip))
}

/** SHA-256 and size of a file, streamed. */
export async function fileChecksum(filePath: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256')
  let size = 0
  for await (const chunk of createReadStream(filePath) as AsyncIterable<Buffer>) {
    hash.update(chunk)
    size += chunk.length
  }
  return { sha256: hash.digest('hex'), size }
}

export type VerifiedArchive = {
  header: ArchiveHeader
  manifest: ArchiveManifest
  /** Lines of the tables asked for in `keepRowsOf` (small tables only: staff). */
  rowsOf: Map<string, string[]>
}

/**
 * Reads the whole file and checks every checksum and count without touching a database: the first
 * step of every restore, so a damaged, truncated or foreign file is refused before anything changes.
 */
export async function verifyArchive(
  filePath: string,
  options: { keepRowsOf?: readonly string[] } = {},
): Promise<VerifiedArchive> {
  let header: ArchiveHeader | undefined
  let manifest: ArchiveManifest | undefined
  const rowsOf = new Map<string, string[]>()
  for await (const event of archiveEvents(filePath)) {
    if (event.kind === 'header') header = event.header
    else if (event.kind === 'manifest') manifest = event.manifest
    else if (event.kind === 'rows' && options.keepRowsOf?.includes(event.name)) {
      const lines = rowsOf.get(event.name) ?? []
      lines.push(...event.data.toString('utf8').split('\n').slice(0, -1))
      rowsOf.set(event.name, lines)
    }
  }
  if (!header || !manifest)
    throw new BackupFileError('TRUNCATED', 'The backup file is truncated (it ends early)')
  return { header, manifest, rowsOf }
}

/**
 * Refuses an archive made on another schema: same latest migration, and the same tables with the same
 * columns as this database backs up. Restoring across versions is not attempted (docs/backups.md).
 */
export async function assertSameSchema(client: pg.ClientBase, header: ArchiveHeader): Promise<TableInfo[]> {
  const version = await schemaVersion(client)
  if (header.schemaVersion !== version)
    throw new BackupFileError(
      'SCHEMA_VERSION',
      `This backup was made at schema version ${header.schemaVersion}; this database is at ${version}. Restore it on a server at the same version`,
    )
  const tables = await backedUpTables(client)
  const expected = JSON.stringify(tables.map((table) => [table.name, table.columns]).sort())
  const actual = JSON.stringify(header.tables.map((table) => [table.name, table.columns]).sort())
  if (expected !== actual)
    throw new BackupFileError('TABLES_DIFFER', 'The tables in this backup differ from this database’s tables')
  return tables
}

export type LoadHooks = {
  /** Called before each table's COPY (tests inject failures here). */
  beforeTable?: ((table: string) => void | Promise<void>) | undefined
  onProgress?: ((progress: ArchiveProgress) => void | Promise<void>) | undefined
}

/**
 * Inside the caller's open transaction: empties the backed-up tables (and `alsoClear`, by default the
 * excluded tables marked 'clear' in catalog.ts), loads every
 * table from the archive with COPY FROM in the archive's order, and sets the sequences last. The
 * archive is checked again as it streams; any error throws and the caller rolls back.
 */
export async function loadArchive(
  client: pg.ClientBase,
  filePath: string,
  tables: readonly TableInfo[],
  options: { alsoClear?: readonly string[]; hooks?: LoadHooks } = {},
): Promise<ArchiveManifest> {
  await client.query('set local statement_timeout = 0')
  // Excluded tables that refer to restored rows (sessions, exports) are emptied with them.
  const alsoClear = options.alsoClear ?? tablesClearedOnRestore(await publicTables(client))
  const toClear = [...tables.map((table) => table.name), ...alsoClear]
  await client.query(`truncate table ${toClear.map(quoteIdent).join(', ')}`)
  const byName = new Map(tables.map((table) => [table.name, table]))
  const events = archiveEvents(filePath)
  let manifest: ArchiveManifest | undefined
  let tablesDone = 0
  let rowsDone = 0

  async function* rowsOfTable(): AsyncGenerator<Buffer> {
    for (;;) {
      const next = await events.next()
      if (next.done) throw new BackupFileError('TRUNCATED', 'The backup file is truncated (it ends early)')
      if (next.value.kind === 'rows') yield next.value.data
      else if (next.value.kind === 'tableEnd') {
        rowsDone += next.value.rows
        return
      } else throw new BackupFileError('CORRUPT', 'The backup file is damaged (unexpected section)')
    }
  }

  try {
    for (;;) {
      const next = await events.next()
      if (next.done) break
      const event = next.value
      if (event.kind === 'manifest') manifest = event.manifest
      if (event.kind !== 'tableStart') continue
      const table = byName.get(event.name)
      if (!table) throw new BackupFileError('TABLES_DIFFER', `This database has no table ${event.name}`)
      await options.hooks?.onProgress?.({
        tablesDone,
        tablesTotal: tables.length,
        rowsDone,
        table: table.name,
      })
      await options.hooks?.beforeTable?.(table.name)
      const columns = table.columns.map(quoteIdent).join(', ')
      await pipeline(
        Readable.from(rowsOfTable()),
        client.query(copyFrom(`copy ${quoteIdent(table.name)} (${columns}) from stdin`)),
      )
      tablesDone += 1
    }
  } finally {
    // Closes the file when a COPY failed part-way (a finished reader has closed it already).
    await events.return(undefined)
  }
  if (!manifest) throw new BackupFileError('TRUNCATED', 'The backup file is truncated (it ends early)')
  await setSequences(client, manifest.sequences)
  await options.hooks?.onProgress?.({ tablesDone, tablesTotal: tables.length, rowsDone, table: null })
  return manifest
}

/** Puts sequences where they were (setval is not undone by a rollback: callers set it last, or put back). */
export async function setSequences(
  client: pg.ClientBase,
  sequences: readonly SequenceValue[],
): Promise<void> {
  const { rows } = await client.query<{ name: string }>(
    `select relname as name from pg_class where relnamespace = 'public'::regnamespace and relkind = 'S'`,
  )
  const existing = new Set(rows.map((row) => row.name))
  for (const sequence of sequences) {
    if (!existing.has(sequence.name)) continue
    await client.query('select setval($1::regclass, $2::bigint, $3)', [
      quoteIdent(sequence.name),
      sequence.lastValue,
      sequence.isCalled,
    ])
  }
}

export type TableDigest = { rows: number; sha256: string }

/**
 * Rows and SHA-256 of each table as a backup would write it (same columns, key order, COPY text):
 * equal digests mean equal contents, byte for byte. Restore drills and tests compare with these.
 */
export async function tableDigests(
  client: pg.ClientBase,
  tables: readonly TableInfo[],
): Promise<Record<string, TableDigest>> {
  const digests: Record<string, TableDigest> = {}
  for (const table of tables) {
    const hash = createHash('sha256')
    let rows = 0
    const copy = client.query(copyTo(`copy (${tableSelect(table)}) to stdout`))
    for await (const chunk of copy as AsyncIterable<Buffer>) {
      hash.update(chunk)
      for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) rows += 1
    }
    digests[table.name] = { rows, sha256: hash.digest('hex') }
  }
  return digests
}
