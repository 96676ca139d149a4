// `pnpm mp backup | restore | verify-backup` (docs/backups.md). Results on stdout, progress on stderr.
//
//   pnpm mp backup [--out FILE]            a backup into the configured storage (and a copy to FILE)
//   pnpm mp restore FILE --yes             restore FILE over the database (pre-restore backup first)
//   pnpm mp verify-backup FILE             restore FILE into a scratch database and compare it
import { createWriteStream, existsSync } from 'node:fs'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import {
  AppError,
  BackupFileError,
  createDocumentStorage,
  drillBackup,
  restoreFromFile,
  runBackup,
  type BackupDeps,
  type DocumentStorage,
} from '@mp/api'
import { defaultDataDir, type DbHandle } from '@mp/db'
import { z } from 'zod'
import { parseCommandArgs, print, printUsage, usageError } from './args.js'
import { createProgress, type Progress } from './progress.js'

export const BACKUP_USAGE = [
  'pnpm mp backup [--out <file>]          (a backup into the configured storage; --out also saves a copy)',
  'pnpm mp restore <file> --yes           (replaces every table with the backup; pre-restore backup first)',
  'pnpm mp verify-backup <file>           (restore drill into a scratch database; exit 1 on any difference)',
]

type TableProgress = { tablesDone: number; tablesTotal: number; rowsDone: number; table: string | null }

/** Progress of a backup or restore on stderr, counted in tables (./progress.ts). */
function tablesProgress(verb: string): { onProgress: (progress: TableProgress) => void; finish: () => void } {
  let bar: Progress | undefined
  return {
    onProgress: (progress) => {
      bar ??= createProgress({ label: verb, unit: 'tables', total: progress.tablesTotal })
      bar.update(
        progress.tablesDone,
        `${progress.rowsDone.toLocaleString('en')} rows${progress.table ? `, ${progress.table}` : ''}`,
      )
    },
    finish: () => bar?.finish(),
  }
}

function dataDir(): string {
  return process.env.MP_DATA_DIR ? path.resolve(process.env.MP_DATA_DIR) : defaultDataDir()
}

/** The storage the server uses (same CLOUDINARY_URL / MP_DATA_DIR rules as apps/server/src/main.ts). */
export function cliStorage(): DocumentStorage {
  return createDocumentStorage({
    cloudinaryUrl: process.env.CLOUDINARY_URL,
    localRoot: path.join(dataDir(), 'uploads'),
  })
}

const ZFile = z
  .string({ error: 'Name the backup file' })
  .min(1, { error: 'Name the backup file' })
  .refine((file) => existsSync(file), { error: 'No such file' })

type Open = () => Promise<DbHandle>

function backupDeps(handle: DbHandle, storage: DocumentStorage): BackupDeps {
  return { db: handle.db, pool: handle.pool, storage, workDir: path.join(dataDir(), 'tmp') }
}

export async function backupCommand(
  args: readonly string[],
  open: Open,
  storage = cliStorage(),
): Promise<number> {
  const usage = BACKUP_USAGE[0] ?? ''
  const parsed = parseCommandArgs(
    args,
    { options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true },
    usage,
    [
      'Writes every table to a versioned, checksummed archive in the storage the server uses',
      '(CLOUDINARY_URL, else $MP_DATA_DIR/uploads/backups). Exit 0 when stored, 1 when it failed.',
    ],
  )
  if (typeof parsed === 'number') return parsed
  if (parsed.positionals.length > 0) {
    printUsage(usage)
    return 2
  }
  const out = typeof parsed.values.out === 'string' ? path.resolve(parsed.values.out) : undefined
  if (out && existsSync(out)) {
    print(`--out: ${out} already exists`)
    return 2
  }
  const handle = await open()
  const progress = tablesProgress('backup')
  try {
    const result = await runBackup(backupDeps(handle, storage), {
      trigger: 'MANUAL',
      byUser: null,
      onProgress: progress.onProgress,
    })
    progress.finish()
    if (result.state !== 'DONE') {
      print(`backup failed: ${result.error ?? 'unknown error'}`)
      return 1
    }
    if (out) {
      const { stream } = await storage.openRead(`backups/${result.id}`)
      await pipeline(stream, createWriteStream(out, { flags: 'wx', mode: 0o600 }))
    }
    for (const [table, rows] of Object.entries(result.tableCounts ?? {})) {
      print(`  ${table.padEnd(24)} ${rows.toLocaleString('en').padStart(12)}`)
    }
    print(
      `backup ${result.id} stored: ${result.fileName}, ${(result.size ?? 0).toLocaleString('en')} bytes, sha256 ${result.checksum ?? ''}${out ? `; copy at ${out}` : ''}`,
    )
    return 0
  } finally {
    await handle.close()
  }
}

export async function restoreCommand(
  args: readonly string[],
  open: Open,
  storage = cliStorage(),
): Promise<number> {
  const usage = BACKUP_USAGE[1] ?? ''
  const parsed = parseCommandArgs(
    args,
    { options: { yes: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true },
    usage,
    [
      'Checks the whole file first (checksums, format, schema version) and refuses a damaged or foreign one',
      'with nothing changed; then turns maintenance mode on, takes a pre-restore backup, replaces every',
      'table in one transaction and ends every session. Exit 0 restored, 1 refused or failed, 2 usage.',
    ],
  )
  if (typeof parsed === 'number') return parsed
  const file = ZFile.safeParse(parsed.positionals[0])
  if (!file.success || parsed.positionals.length !== 1)
    return usageError(file.error?.issues[0]?.message ?? 'Name one backup file', usage)
  if (!parsed.values.yes) {
    print('A restore replaces every table of the database with the backup and signs everyone out.')
    print('Run it again with --yes to go ahead.')
    return 2
  }
  const handle = await open()
  const progress = tablesProgress('restore')
  try {
    process.stderr.write('checking the file, then taking a pre-restore backup…\n')
    const result = await restoreFromFile(
      backupDeps(handle, storage),
      { user: undefined, request: { ip: null, userAgent: 'pnpm mp restore', requestId: null } },
      {
        filePath: path.resolve(file.data),
        restorer: null,
        label: path.basename(file.data),
        hooks: { onProgress: progress.onProgress },
      },
    )
    progress.finish()
    print(
      `restored ${String(result.tables)} tables, ${result.rows.toLocaleString('en')} rows from a backup of ${result.createdAt}; pre-restore backup ${result.preRestoreBackup.id}`,
    )
    return 0
  } catch (error) {
    progress.finish()
    if (error instanceof AppError) {
      print(`restore refused: ${error.message}`)
      return 1
    }
    throw error
  } finally {
    await handle.close()
  }
}

export async function verifyBackupCommand(
  args: readonly string[],
  open: Open,
  adminUrlOf: (handle: DbHandle) => string,
): Promise<number> {
  const usage = BACKUP_USAGE[2] ?? ''
  const parsed = parseCommandArgs(
    args,
    { options: { help: { type: 'boolean', short: 'h' } }, allowPositionals: true },
    usage,
    [
      'Creates a scratch database on the same server (the embedded one by default), migrates it, restores',
      'the file into it and compares every table’s row count and SHA-256 with the manifest; drops it after.',
      'Exit 0 when everything matches, 1 on any difference or a refused file, 2 usage.',
    ],
  )
  if (typeof parsed === 'number') return parsed
  const file = ZFile.safeParse(parsed.positionals[0])
  if (!file.success || parsed.positionals.length !== 1)
    return usageError(file.error?.issues[0]?.message ?? 'Name one backup file', usage)
  const handle = await open()
  const progress = tablesProgress('restore')
  try {
    const result = await drillBackup({
      adminUrl: adminUrlOf(handle),
      filePath: path.resolve(file.data),
      onStep: (message) => process.stderr.write(`${message}\n`),
      onProgress: progress.onProgress,
    })
    progress.finish()
    for (const difference of result.differences)
      print(`  ${difference.table}: backup ${difference.expected}, restored ${difference.actual}`)
    print(
      `verify-backup: ${String(result.tables)} tables, ${result.rows.toLocaleString('en')} rows, ${String(result.differences.length)} differences`,
    )
    return result.differences.length === 0 ? 0 : 1
  } catch (error) {
    progress.finish()
    if (error instanceof BackupFileError || error instanceof AppError) {
      print(`verify-backup: refused: ${error.message}`)
      return 1
    }
    throw error
  } finally {
    await handle.close()
  }
}
