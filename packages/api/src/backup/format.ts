import { createHash, type Hash } from 'node:crypto'
import type { Readable } from 'node:stream'
import { z } from 'zod'

/**
 * The archive (docs/backups.md "Format"): one gzip stream of
 *
 *   MPBACKUP\n
 *   <header: one line of JSON>\n            format version, schema version, tables and their columns
 *   @table <name>\n
 *   <rows in PostgreSQL's COPY text format, one per line>
 *   \.\n                                    end of that table (a line COPY text never produces)
 *   … one section per table, in restore order …
 *   @end\n
 *   <manifest: one line of JSON>\n          rows and SHA-256 per table, sequences, SHA-256 of all above
 *
 * Counts and checksums are known only once a table has streamed, so they close the file; a reader checks
 * every one of them, and the whole file, before a restore changes anything.
 */
export const MAGIC = 'MPBACKUP'
export const FORMAT_VERSION = 1
const TABLE_END = Buffer.from('\\.\n')
const MAX_LINE_BYTES = 16 * 1024 * 1024

const ZArchiveHeader = z.object({
  formatVersion: z.number().int(),
  schemaVersion: z.string(),
  createdAt: z.string(),
  tables: z.array(z.object({ name: z.string(), columns: z.array(z.string()) })),
})
export type ArchiveHeader = z.infer<typeof ZArchiveHeader>

const ZArchiveManifest = z.object({
  tables: z.record(z.string(), z.object({ rows: z.number().int().nonnegative(), sha256: z.string() })),
  sequences: z.array(z.object({ name: z.string(), lastValue: z.string(), isCalled: z.boolean() })),
  /** SHA-256 of every uncompressed byte before this line. */
  contentSha256: z.string(),
})
export type ArchiveManifest = z.infer<typeof ZArchiveManifest>

export type BackupFileProblem =
  'NOT_A_BACKUP' | 'CORRUPT' | 'TRUNCATED' | 'FORMAT_VERSION' | 'SCHEMA_VERSION' | 'TABLES_DIFFER'

/** A file refused before anything is changed: what is wrong with it, in words an admin can act on. */
export class BackupFileError extends Error {
  constructor(
    readonly problem: BackupFileProblem,
    message: string,
  ) {
    super(message)
    this.name = 'BackupFileError'
  }
}

/** zlib's own errors, named for people: a short file, damaged bytes, or not gzip at all. */
function describeReadError(error: unknown): BackupFileError {
  if (error instanceof BackupFileError) return error
  const code = (error as { code?: unknown }).code
  const message = error instanceof Error ? error.message : String(error)
  if (code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(message))
    return new BackupFileError('TRUNCATED', 'The backup file is truncated (it ends early)')
  if (/incorrect header check|not in gzip format/i.test(message))
    return new BackupFileError('NOT_A_BACKUP', 'This is not a Millennium Potters backup file')
  if (code === 'Z_DATA_ERROR' || /invalid|incorrect data check|checksum/i.test(message))
    return new BackupFileError('CORRUPT', 'The backup file is damaged (its data does not match its checksum)')
  throw error
}

export type ArchiveEvent =
  | { kind: 'header'; header: ArchiveHeader }
  | { kind: 'tableStart'; name: string }
  | { kind: 'rows'; name: string; data: Buffer }
  | { kind: 'tableEnd'; name: string; rows: number }
  | { kind: 'manifest'; manifest: ArchiveManifest }

function countLines(data: Buffer): number {
  let count = 0
  for (let index = data.indexOf(10); index !== -1; index = data.indexOf(10, index + 1)) count += 1
  return count
}

/**
 * Reads an archive (already gunzipped) as events, checking as it goes: the magic line, the format
 * version, each table's row count and SHA-256 against the manifest, and the SHA-256 of the whole
 * content. Any mismatch or early end throws a BackupFileError; the caller's transaction rolls back.
 */
export async function* readArchive(input: Readable): AsyncGenerator<ArchiveEvent, void> {
  const content = createHash('sha256')
  let pending: Buffer = Buffer.alloc(0)
  let mode: 'magic' | 'header' | 'marker' | 'rows' | 'manifest' | 'done' = 'magic'
  let header: ArchiveHeader | undefined
  let table: { name: string; hash: Hash; rows: number } | undefined
  const seen = new Map<string, { rows: number; sha256: string }>()
  let contentAtEnd = ''

  const takeLine = (): Buffer | undefined => {
    const newline = pending.indexOf(10)
    if (newline === -1) {
      if (pending.length > MAX_LINE_BYTES)
        throw new BackupFileError('NOT_A_BACKUP', 'This is not a Millennium Potters backup file')
      return undefined
    }
    const line = pending.subarray(0, newline)
    if (mode !== 'manifest') content.update(pending.subarray(0, newline + 1))
    pending = pending.subarray(newline + 1)
    return line
  }

  try {
    for await (const chunk of input) {
      pending = pending.length === 0 ? (chunk as Buffer) : Buffer.concat([pending, chunk as Buffer])
      for (;;) {
        if (mode === 'rows' && table) {
          const lastNewline = pending.lastIndexOf(10)
          if (lastNewline === -1) break
          // The end marker is a whole line of its own: at the start, or right after a newline.
          let end = pending.indexOf(TABLE_END)
          while (end > 0 && (pending[end - 1] !== 10 || end > lastNewline))
            end = pending.indexOf(TABLE_END, end + 1)
          if (end > lastNewline) end = -1
          const dataEnd = end === -1 ? lastNewline + 1 : end
          if (dataEnd > 0) {
            const data = pending.subarray(0, dataEnd)
            table.hash.update(data)
            content.update(data)
            table.rows += countLines(data)
            yield { kind: 'rows', name: table.name, data }
          }
          if (end === -1) {
            pending = pending.subarray(dataEnd)
            break
          }
          content.update(TABLE_END)
          pending = pending.subarray(end + TABLE_END.length)
          const sha256 = table.hash.digest('hex')
          seen.set(table.name, { rows: table.rows, sha256 })
          yield { kind: 'tableEnd', name: table.name, rows: table.rows }
          table = undefined
          mode = 'marker'
          continue
        }
        if (mode === 'manifest') contentAtEnd = contentAtEnd || content.copy().digest('hex')
        const line = takeLine()
        if (line === undefined) break
        const text = line.toString('utf8')
        if (mode === 'magic') {
          if (text !== MAGIC)
            throw new BackupFileError('NOT_A_BACKUP', 'This is not a Millennium Potters backup file')
          mode = 'header'
        } else if (mode === 'header') {
          const parsed = ZArchiveHeader.safeParse(safeJson(text))
          if (!parsed.success)
            throw new BackupFileError('CORRUPT', 'The backup file is damaged (unreadable header)')
          if (parsed.data.formatVersion !== FORMAT_VERSION)
            throw new BackupFileError(
              'FORMAT_VERSION',
              `This backup is in format version ${String(parsed.data.formatVersion)}; this server reads version ${String(FORMAT_VERSION)}`,
            )
          header = parsed.data
          mode = 'marker'
          yield { kind: 'header', header }
        } else if (mode === 'marker') {
          if (text === '@end') {
            mode = 'manifest'
            continue
          }
          const name = text.startsWith('@table ') ? text.slice('@table '.length) : undefined
          if (!name || !header?.tables.some((entry) => entry.name === name) || seen.has(name))
            throw new BackupFileError('CORRUPT', 'The backup file is damaged (unexpected section)')
          table = { name, hash: createHash('sha256'), rows: 0 }
          mode = 'rows'
          yield { kind: 'tableStart', name }
        } else if (mode === 'manifest') {
          const parsed = ZArchiveManifest.safeParse(safeJson(text))
          if (!parsed.success)
            throw new BackupFileError('CORRUPT', 'The backup file is damaged (unreadable manifest)')
          checkManifest(parsed.data, header, seen, contentAtEnd)
          mode = 'done'
          yield { kind: 'manifest', manifest: parsed.data }
        } else {
          throw new BackupFileError('CORRUPT', 'The backup file is damaged (data after the manifest)')
        }
      }
    }
  } catch (error) {
    throw describeReadError(error)
  }
  if (mode !== 'done' || pending.length > 0) {
    if (mode === 'magic' && pending.length === 0)
      throw new BackupFileError('NOT_A_BACKUP', 'This is not a Millennium Potters backup file (it is empty)')
    if (mode === 'done')
      throw new BackupFileError('CORRUPT', 'The backup file is damaged (data after the manifest)')
    throw new BackupFileError('TRUNCATED', 'The backup file is truncated (it ends early)')
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

function checkManifest(
  manifest: ArchiveManifest,
  header: ArchiveHeader | undefined,
  seen: ReadonlyMap<string, { rows: number; sha256: string }>,
  contentSha256: string,
): void {
  const damaged = (what: string) => new BackupFileError('CORRUPT', `The backup file is damaged (${what})`)
  if (manifest.contentSha256 !== contentSha256) throw damaged('its checksum does not match its content')
  for (const entry of header?.tables ?? []) {
    const actual = seen.get(entry.name)
    const expected = manifest.tables[entry.name]
    if (!actual || !expected) throw damaged(`table ${entry.name} is missing`)
    if (actual.rows !== expected.rows || actual.sha256 !== expected.sha256)
      throw damaged(`table ${entry.name} does not match its checksum`)
  }
  if (Object.keys(manifest.tables).length !== header?.tables.length) throw damaged('the table list differs')
}
