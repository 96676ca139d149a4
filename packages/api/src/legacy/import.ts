import { redactUrl, sql, type Database, type Kysely } from '@mp/db'
import { DEFAULT_DEFAULT_AFTER_DAYS, DEFAULT_TIME_ZONE, todayIn } from '@mp/domain'
import { importDocumentTypes, importDocuments } from './documents.js'
import { importLoanTypes } from './loan-types.js'
import { importLoans } from './loans.js'
import {
  importMemberHistory,
  importMembers,
  importStaffNotes,
  importUnionHistory,
  importUnions,
} from './people.js'
import { importSettings, importStaff, isTimeZone } from './staff.js'
import { hasTable, instantOf, readTable, type LegacyDb } from './read.js'
import {
  ENTITIES,
  countsOf,
  insertChunked,
  isNew,
  loadMaps,
  mapped,
  newId,
  refuse,
  remember,
  type EntityCounts,
  type ImportRun,
  type LoanDifference,
  type Refusal,
} from './run.js'

export type LegacyImportOptions = {
  /** The old database's connection string, for the run record (its password is removed). */
  source: string
  /** Everything is done in one transaction and rolled back: nothing changes. */
  isDryRun: boolean
  now?: Date
  onProgress?: (entity: string, done: number, total: number) => void
}

export type LegacyImportResult = {
  isDryRun: boolean
  counts: Record<string, EntityCounts>
  refusals: Refusal[]
  differences: LoanDifference[]
  passwords: { email: string; role: string; password: string }[]
  /** Loans this run imported (disbursed ones have a ledger). */
  loansImported: number
}

/** The tables the old system must have; anything else is read when present. */
const REQUIRED_TABLES = [
  'User',
  'Union',
  'UnionMember',
  'LoanType',
  'Loan',
  'RepaymentScheduleItem',
  'Repayment',
  'RepaymentAllocation',
]
const OPTIONAL_TABLES = [
  'CompanySetting',
  'UnionAssignmentHistory',
  'UnionMemberReassignment',
  'DocumentType',
  'UnionMemberDocument',
  'LoanDocument',
  'UserNote',
  'AuditLog',
]

class DryRunRollback extends Error {}

/** The `legacy_map` row every run locks first. */
const RUN_LOCK = '(import run)'

export class LegacyImportRefused extends Error {}

/**
 * `pnpm mp import-legacy`: brings the old system's records across in one transaction (docs/cutover.md). A
 * record already imported (found in `legacy_map`) is left as it is, so a re-run changes nothing that is
 * here and adds only what is new. A dry run does all of it and rolls back.
 */
export async function importLegacy(
  db: Kysely<Database>,
  legacy: LegacyDb,
  options: LegacyImportOptions,
): Promise<LegacyImportResult> {
  const missing = []
  for (const table of REQUIRED_TABLES) if (!(await hasTable(legacy, table))) missing.push(table)
  if (missing.length > 0)
    throw new LegacyImportRefused(
      `This is not the old system's database: tables ${missing.join(', ')} are missing.`,
    )
  const present = new Set<string>()
  for (const table of OPTIONAL_TABLES) if (await hasTable(legacy, table)) present.add(table)

  const now = options.now ?? new Date()
  let result: LegacyImportResult | undefined
  try {
    // The old database is read in one read-only snapshot: every table as of the same moment, and nothing
    // there can be changed by this command.
    await legacy
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute((snapshot) =>
        db.transaction().execute(async (trx) => {
          // One import at a time: a second run waits on this row's lock for the first to finish, then finds its
          // records mapped. A row lock, not LOCK TABLE or an advisory lock, which CockroachDB does not have.
          await trx
            .insertInto('legacy_map')
            .values({ entity: RUN_LOCK, legacy_id: RUN_LOCK, new_id: RUN_LOCK })
            .onConflict((oc) => oc.columns(['entity', 'legacy_id']).doNothing())
            .execute()
          await trx
            .selectFrom('legacy_map')
            .select('new_id')
            .where('entity', '=', RUN_LOCK)
            .where('legacy_id', '=', RUN_LOCK)
            .forUpdate()
            .execute()
          const settings = await trx
            .selectFrom('company_settings')
            .select(['timezone', 'default_after_days_past_due'])
            .where('id', '=', 'default')
            .executeTakeFirst()
          let timeZone = settings?.timezone ?? DEFAULT_TIME_ZONE
          if (present.has('CompanySetting')) {
            const old = (await readTable(snapshot, 'CompanySetting', ['id', 'timezone']))[0]
            if (old?.timezone && isTimeZone(old.timezone)) timeZone = old.timezone
          }
          const run: ImportRun = {
            trx,
            legacy: snapshot,
            timeZone,
            today: todayIn(timeZone, now),
            defaultAfterDays: settings?.default_after_days_past_due ?? DEFAULT_DEFAULT_AFTER_DAYS,
            isDryRun: options.isDryRun,
            counts: {},
            refusals: [],
            differences: [],
            passwords: [],
            maps: await loadMaps(trx),
            fresh: new Map(),
            progress: options.onProgress ?? (() => undefined),
          }
          for (const entity of ENTITIES) countsOf(run, entity)
          if (present.has('CompanySetting')) await importSettings(run)
          await importStaff(run)
          await importUnions(run)
          if (present.has('UnionAssignmentHistory')) await importUnionHistory(run)
          await importLoanTypes(run)
          await importMembers(run)
          if (present.has('UnionMemberReassignment')) await importMemberHistory(run)
          if (present.has('DocumentType')) await importDocumentTypes(run)
          await importLoans(run)
          if (present.has('UnionMemberDocument') && present.has('LoanDocument')) await importDocuments(run)
          if (present.has('UserNote')) await importStaffNotes(run)
          if (present.has('AuditLog')) await importAudit(run)
          if (!options.isDryRun) await advanceSequences(run)
          const loansImported = run.fresh.get('loan')?.size ?? 0
          result = {
            isDryRun: options.isDryRun,
            counts: run.counts,
            refusals: run.refusals,
            differences: run.differences,
            passwords: run.passwords,
            loansImported,
          }
          if (options.isDryRun) throw new DryRunRollback()
          await trx
            .insertInto('legacy_import_run')
            .values({
              source: redactUrl(options.source),
              started_at: now,
              counts: JSON.stringify(run.counts),
              loan_differences: run.differences.length,
            })
            .execute()
          await trx
            .insertInto('audit_log')
            .values({
              action: 'LEGACY_IMPORT',
              entity_type: 'legacy_import_run',
              after: JSON.stringify({
                source: redactUrl(options.source),
                imported: Object.fromEntries(Object.entries(run.counts).map(([k, c]) => [k, c.imported])),
                refused: run.refusals.length,
                loanDifferences: run.differences.length,
              }),
            })
            .execute()
        }),
      )
  } catch (error) {
    if (!(error instanceof DryRunRollback)) throw error
  }
  if (result === undefined) throw new Error('the import produced no result')
  return result
}

/**
 * Codes kept from the old system (`MEM000042`, `LN00000042`) are above what our sequences have handed out:
 * move the sequences past them so the next member or loan made here never collides.
 */
async function advanceSequences(run: ImportRun): Promise<void> {
  await sql`select setval('member_code_seq', greatest((select coalesce(max(substring(code from 4)::bigint), 0) from member where code ~ '^MEM[0-9]+$'), (select last_value from member_code_seq), 1))`.execute(
    run.trx,
  )
  await sql`select setval('loan_number_seq', greatest((select coalesce(max(substring(loan_number from 3)::bigint), 0) from loan where loan_number ~ '^LN[0-9]+$'), (select last_value from loan_number_seq), 1))`.execute(
    run.trx,
  )
}

/** Old entity names in the audit log → our mapping's entity, so an entry points at the imported record. */
const AUDIT_ENTITIES: Record<string, string> = {
  User: 'staff',
  Union: 'union',
  UnionMember: 'member',
  Customer: 'member',
  Loan: 'loan',
  Repayment: 'repayment',
  LoanType: 'loan_type',
  DocumentType: 'document_type',
}

/**
 * The old audit log, entry by entry, with its time, actor (and their email), action and before/after.
 * An entity id that maps to an imported record is replaced by ours; any other keeps its old id, marked.
 */
async function importAudit(run: ImportRun): Promise<void> {
  const rows = await readTable(
    run.legacy,
    'AuditLog',
    [
      'id',
      'actorUserId',
      'action',
      'entityName',
      'entityId',
      'before',
      'after',
      'metadata',
      'ipAddress',
      'userAgent',
      'createdAt',
    ],
    '"createdAt", "id"',
  )
  const emails = new Map(
    (await readTable(run.legacy, 'User', ['id', 'email'])).map((u) => [
      u.id ?? '',
      (u.email ?? '').trim().toLowerCase(),
    ]),
  )
  const values = []
  const pairs: [string, string][] = []
  let done = 0
  for (const row of rows) {
    run.progress('audit', ++done, rows.length)
    const legacyId = row.id ?? ''
    if (!isNew(run, 'audit', legacyId)) continue
    const createdAt = instantOf(row.createdAt)
    if (createdAt === null || !row.action) {
      refuse(run, 'audit', legacyId, 'no time or action')
      continue
    }
    const entity = AUDIT_ENTITIES[row.entityName ?? '']
    const entityId =
      (entity === undefined ? null : run.maps.get(entity)?.get(row.entityId ?? '')) ??
      (row.entityId ? `legacy:${row.entityId}` : null)
    const id = newId()
    values.push({
      id,
      actor_id: mapped(run, 'staff', row.actorUserId),
      actor_email: row.actorUserId === null ? null : (emails.get(row.actorUserId) ?? null),
      action: row.action.slice(0, 200),
      entity_type: row.entityName ?? 'unknown',
      entity_id: entityId,
      before: row.before ?? undefined,
      after: JSON.stringify({
        after: parseJson(row.after),
        metadata: parseJson(row.metadata),
        legacyAuditId: legacyId,
      }),
      ip: row.ipAddress,
      user_agent: row.userAgent,
      created_at: createdAt,
    })
    pairs.push([legacyId, id])
  }
  await insertChunked(values, 1000, (chunk) => run.trx.insertInto('audit_log').values(chunk).execute())
  await remember(run, 'audit', pairs)
}

function parseJson(text: string | null): unknown {
  if (text === null) return null
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}
