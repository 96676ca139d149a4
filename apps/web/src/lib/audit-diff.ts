// The before/after comparison in the audit log's detail view.

export type AuditChange = { field: string; before: unknown; after: unknown }

export type AuditDiffRow = {
  field: string
  before: string
  after: string
  isChanged: boolean
}

const EMPTY = '—'

/**
 * One row per field found in `before`, `after` or the server's `changes` list, changed fields first
 * (in the server's order), then the unchanged ones alphabetically for context.
 */
export function auditDiffRows(
  before: unknown,
  after: unknown,
  changes: readonly AuditChange[],
): AuditDiffRow[] {
  const beforeRecord = asRecord(before)
  const afterRecord = asRecord(after)
  const changed = new Map<string, AuditChange>()
  for (const change of changes) changed.set(change.field, change)
  // When the server lists no changes (e.g. a create), compare the snapshots ourselves.
  const fields = new Set([...Object.keys(beforeRecord), ...Object.keys(afterRecord)])
  if (changes.length === 0) {
    for (const field of fields) {
      if (displayValue(beforeRecord[field]) !== displayValue(afterRecord[field])) {
        changed.set(field, { field, before: beforeRecord[field], after: afterRecord[field] })
      }
    }
  }
  const changedRows = [...changed.values()].map((change) => ({
    field: change.field,
    before: displayValue(change.before),
    after: displayValue(change.after),
    isChanged: true,
  }))
  const unchangedRows = [...fields]
    .filter((field) => !changed.has(field))
    .sort((a, b) => a.localeCompare(b))
    .map((field) => ({
      field,
      before: displayValue(beforeRecord[field]),
      after: displayValue(afterRecord[field]),
      isChanged: false,
    }))
  return [...changedRows, ...unchangedRows]
}

function asRecord(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {}
  return value as Record<string, unknown>
}

/** How a stored value reads in the table: text as is, nothing as a dash, the rest as JSON. */
export function displayValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return EMPTY
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value)
  if (value instanceof Date) return value.toISOString()
  return JSON.stringify(value)
}

/** `'staff_user.create'`-style and `SCREAMING_CASE` action names as words: "Staff user create". */
export function humanize(code: string): string {
  const words = code
    .replaceAll(/[._-]+/g, ' ')
    .trim()
    .toLowerCase()
  return words.charAt(0).toUpperCase() + words.slice(1)
}
