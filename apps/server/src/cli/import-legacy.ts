// `pnpm mp import-legacy --from postgres://… [--dry-run] [--report FILE] [--passwords FILE]`: the cut-over
// from the old system (docs/cutover.md). Reads the old database over the PostgreSQL wire protocol (PostgreSQL
// or CockroachDB), imports into ours in one transaction, prints counts per entity, refusals with reasons and
// the per-loan difference report. Exit codes: 0 done, 1 refused or failed (nothing changed), 2 usage.
import fs from 'node:fs/promises'
import {
  LegacyImportRefused,
  differencesCsv,
  formatImportReport,
  importLegacy,
  legacyDocumentsCsv,
} from '@mp/api'
import { createKysely, createPool, redactUrl, type Database, type Kysely } from '@mp/db'
import { parseCommandArgs, print, usageError } from './args.js'

export const IMPORT_LEGACY_USAGE =
  'pnpm mp import-legacy --from <postgres://…> [--dry-run] [--report <file.csv>] [--passwords <file>] [--documents <file.csv>]   (the cut-over, docs/cutover.md)'

const HELP = [
  '',
  'Brings the old system across: staff and roles, unions and their history, members, guarantors, document',
  'types and documents (by reference), loan types, loans with schedules, repayments and allocations,',
  'settings, staff notes and the audit log. Records already imported are left as they are (safe to re-run).',
  '',
  '  --from URL         the old database (PostgreSQL or CockroachDB); only read',
  '  --dry-run          do everything in a transaction and roll it back: prints the counts, changes nothing',
  '  --report FILE      also write the per-loan difference report as CSV',
  '  --passwords FILE   write the imported staff one-time passwords to FILE (mode 600) instead of printing them',
  '  --documents FILE   write the old documents (kept by reference: owner, type, old file URL) as CSV',
  '  --help             this text',
  '',
  'Exit codes: 0 done (refused records are listed with their reasons), 1 refused or failed, 2 usage.',
]

export type ImportLegacyDeps = {
  /** Opens (and migrates) our database. */
  open: () => Promise<{ db: Kysely<Database>; close: () => Promise<void> }>
  now?: Date
}

/** Parses the arguments, runs the import and prints its report; returns the exit code. */
export async function importLegacyCommand(args: readonly string[], deps: ImportLegacyDeps): Promise<number> {
  const parsed = parseCommandArgs(
    args,
    {
      options: {
        from: { type: 'string' },
        'dry-run': { type: 'boolean' },
        report: { type: 'string' },
        passwords: { type: 'string' },
        documents: { type: 'string' },
        help: { type: 'boolean' },
      },
    },
    IMPORT_LEGACY_USAGE,
    HELP,
  )
  if (typeof parsed === 'number') return parsed
  const { values } = parsed
  const from = values.from
  if (from === undefined || !/^(postgres|postgresql):\/\//.test(from))
    return usageError(
      '--from must be the old database as postgres://user:password@host:port/database',
      IMPORT_LEGACY_USAGE,
    )
  const isDryRun = values['dry-run'] === true
  // No PostgreSQL-only session options: the old system ran on CockroachDB, which refuses them.
  const legacy = createKysely(createPool(from, { max: 2, flavor: 'cockroachdb' }))
  const handle = await deps.open()
  try {
    print(`${isDryRun ? 'Dry run' : 'Importing'} from ${redactUrl(from)}…`)
    const reported = new Map<string, number>()
    let result
    try {
      result = await importLegacy(handle.db, legacy, {
        source: from,
        isDryRun,
        ...(deps.now === undefined ? {} : { now: deps.now }),
        onProgress: (entity, done, total) => {
          // Progress on long work: every tenth of a big table.
          if (total < 1000) return
          const step = Math.floor((done * 10) / total)
          if (step > (reported.get(entity) ?? 0)) {
            reported.set(entity, step)
            print(`  ${entity} ${done.toLocaleString('en')}/${total.toLocaleString('en')}`)
          }
        },
      })
    } catch (error) {
      if (error instanceof LegacyImportRefused) {
        print(`Refused: ${error.message} Nothing was changed.`)
        return 1
      }
      print(`Import failed, nothing was changed: ${error instanceof Error ? error.message : String(error)}`)
      return 1
    }
    // From here the import is committed: a file that cannot be written is reported, never hides the passwords.
    let code = 0
    const write = async (file: string, text: string, what: string, mode?: number) => {
      try {
        await fs.writeFile(file, text, mode === undefined ? {} : { mode })
        print(`${what} written to ${file}`)
        return true
      } catch (error) {
        print(`Could not write ${what} to ${file}: ${error instanceof Error ? error.message : String(error)}`)
        code = 1
        return false
      }
    }
    if (result.passwords.length > 0) {
      const lines = result.passwords.map((p) => `${p.email}\t${p.role}\t${p.password}`)
      const isWritten =
        values.passwords !== undefined &&
        (await write(
          values.passwords,
          `${lines.join('\n')}\n`,
          `One-time passwords of ${result.passwords.length} staff`,
          0o600,
        ))
      if (!isWritten) {
        print('One-time passwords (shown only now; each must be changed at first sign-in):')
        for (const line of lines) print(`  ${line}`)
      }
    }
    if (values.report !== undefined)
      await write(values.report, differencesCsv(result.differences), 'Difference report')
    if (values.documents !== undefined) {
      if (isDryRun) print('--documents: a dry run keeps no documents; nothing written.')
      else await write(values.documents, await legacyDocumentsCsv(handle.db), 'Old documents (by reference)')
    }
    print('')
    // The output ends with the counts, the refusals and the per-loan difference report.
    for (const line of formatImportReport(result)) print(line)
    return code
  } finally {
    await legacy.destroy()
    await handle.close()
  }
}
