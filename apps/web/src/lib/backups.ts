import type { RouterOutputs } from './trpc'

export type BackupRow = RouterOutputs['backup']['list'][number]

/** The word the restore dialog asks for; the server checks the same word. */
export const RESTORE_WORD = 'RESTORE'

export const TRIGGER_LABELS: Record<BackupRow['trigger'], string> = {
  MANUAL: 'Manual',
  SCHEDULED: 'Scheduled',
  PRE_RESTORE: 'Before a restore',
}

// The tables an office worker recognises, in the order they read them; the rest are in "All tables".
const KEY_TABLES: readonly [string, string, string][] = [
  ['staff_user', 'staff member', 'staff members'],
  ['union', 'union', 'unions'],
  ['member', 'member', 'members'],
  ['loan', 'loan', 'loans'],
  ['repayment', 'repayment', 'repayments'],
]

/** "3 staff members · 2 unions · 5 members · 3 loans · 7 repayments" from a backup's row counts. */
export function countsSummary(counts: Record<string, number> | null): string {
  if (!counts) return '—'
  return KEY_TABLES.map(([table, one, many]) => {
    const rows = counts[table] ?? 0
    return `${rows.toLocaleString('en')} ${rows === 1 ? one : many}`
  }).join(' · ')
}

export function totalRows(counts: Record<string, number> | null): number {
  return counts ? Object.values(counts).reduce((sum, rows) => sum + rows, 0) : 0
}

/** Progress of a running backup, 0–100, from the tables written so far. */
export function backupPercent(row: Pick<BackupRow, 'tablesDone' | 'tablesTotal'>): number {
  return row.tablesTotal > 0 ? Math.round((row.tablesDone / row.tablesTotal) * 100) : 0
}

export function backupDownloadUrl(id: string): string {
  return `/files/backups/${id}`
}

const BACKUP_RESTORE_URL = '/files/backups/restore'

/**
 * Sends a backup file to the server's restore route (the file itself is the body, streamed); resolves
 * to null when restored, else the server's message. The server checks the confirmation word again.
 */
export async function restoreFromFile(file: Blob): Promise<string | null> {
  try {
    const response = await fetch(BACKUP_RESTORE_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', 'x-restore-confirmation': RESTORE_WORD },
      body: file,
      credentials: 'same-origin',
    })
    if (response.ok) return null
    const body = (await response.json().catch(() => null)) as { message?: unknown } | null
    return typeof body?.message === 'string'
      ? body.message
      : `The restore failed (HTTP ${String(response.status)})`
  } catch {
    return 'The server could not be reached; check the connection and try again'
  }
}
