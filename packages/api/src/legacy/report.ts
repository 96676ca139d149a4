import { sql, type Database, type Kysely } from '@mp/db'
import { ENTITIES, type EntityCounts, type LoanDifference } from './run.js'
import type { LegacyImportResult } from './import.js'

/** The import's printed summary: counts per entity, refusal reasons, notes, then the per-loan report. */
export function formatImportReport(result: LegacyImportResult): string[] {
  const lines: string[] = []
  lines.push(result.isDryRun ? 'DRY RUN: nothing was changed.' : 'Import committed.')
  lines.push('')
  lines.push(
    `${'entity'.padEnd(16)} ${'found'.padStart(8)} ${'imported'.padStart(9)} ${'already'.padStart(8)} ${'refused'.padStart(8)}`,
  )
  for (const entity of ENTITIES) {
    const c: EntityCounts | undefined = result.counts[entity]
    if (c === undefined) continue
    lines.push(
      `${entity.padEnd(16)} ${String(c.found).padStart(8)} ${String(c.imported).padStart(9)} ${String(c.existing).padStart(8)} ${String(c.refused).padStart(8)}`,
    )
    for (const [reason, count] of Object.entries(c.reasons)) lines.push(`    refused ${count}: ${reason}`)
    for (const [kind, count] of Object.entries(c.notes)) lines.push(`    note ${count}: ${kind}`)
  }
  lines.push('')
  if (result.refusals.length > 0) {
    lines.push(`Refused records (${result.refusals.length}):`)
    for (const r of result.refusals)
      lines.push(`  ${r.entity} ${r.legacyId}: ${r.reason}${r.detail ? ` (${r.detail})` : ''}`)
    lines.push('')
  }
  const loans = new Set(result.differences.map((d) => d.loanNumber))
  lines.push(
    `Per-loan differences: ${result.differences.length} on ${loans.size} loans (old system's figure → the engine's)`,
  )
  for (const d of result.differences)
    lines.push(`  ${d.loanNumber} ${d.kind}: ${d.old} → ${d.new}. ${d.detail}`)
  return lines
}

const csvField = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value)

/** The per-loan difference report as CSV (`--report FILE`). */
export function differencesCsv(differences: readonly LoanDifference[]): string {
  const header = ['loan_number', 'legacy_id', 'kind', 'old_system', 'new_system', 'detail']
  const rows = differences.map((d) =>
    [d.loanNumber, d.legacyId, d.kind, d.old, d.new, d.detail].map(csvField).join(','),
  )
  return `${[header.join(','), ...rows].join('\n')}\n`
}

/**
 * The old documents kept by reference, as CSV (`--documents FILE`): whose each one is (member code, loan
 * number, guarantor), its type and the old file URL, so staff can find a file the new pages do not show.
 */
export async function legacyDocumentsCsv(db: Kysely<Database>): Promise<string> {
  const rows = await db
    .selectFrom('legacy_document as d')
    .innerJoin('document_type as t', 't.id', 'd.document_type_id')
    .leftJoin('loan as l', 'l.id', 'd.loan_id')
    .leftJoin('member as m', (join) => join.on(sql<boolean>`m.id = coalesce(d.member_id, l.member_id)`))
    .leftJoin('guarantor as g', 'g.id', 'd.guarantor_id')
    .select([
      'd.owner_type',
      'm.code as member_code',
      sql<string | null>`m.first_name || ' ' || m.last_name`.as('member_name'),
      'l.loan_number',
      sql<string | null>`g.first_name || ' ' || g.last_name`.as('guarantor'),
      't.name as document_type',
      'd.file_url',
      'd.is_verified',
      'd.uploaded_at',
      'd.deleted_at',
    ])
    .orderBy('m.code')
    .orderBy('d.uploaded_at')
    .orderBy('d.id')
    .execute()
  const header = [
    'owner',
    'member_code',
    'member_name',
    'loan_number',
    'guarantor',
    'document_type',
    'file_url',
    'verified',
    'uploaded_at',
    'deleted_at',
  ]
  const lines = rows.map((r) =>
    [
      r.owner_type,
      r.member_code ?? '',
      r.member_name ?? '',
      r.loan_number ?? '',
      r.guarantor ?? '',
      r.document_type,
      r.file_url,
      r.is_verified ? 'yes' : 'no',
      r.uploaded_at.toISOString(),
      r.deleted_at === null ? '' : r.deleted_at.toISOString(),
    ]
      .map(csvField)
      .join(','),
  )
  return `${[header.join(','), ...lines].join('\n')}\n`
}
