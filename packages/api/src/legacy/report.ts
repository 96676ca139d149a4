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
