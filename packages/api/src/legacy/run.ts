import { randomUUID } from 'node:crypto'
import type { Database, Transaction } from '@mp/db'
import type { LegacyDb } from './read.js'

/**
 * One import run's shared state: the mapping from legacy ids to ours (loaded from `legacy_map`, so a re-run
 * skips what is already here), the counts per entity, the refusals with their reasons, and the per-loan
 * differences between the old system's figures and the engine's.
 */
export type EntityCounts = {
  found: number
  imported: number
  /** Imported by an earlier run (found in `legacy_map`): left as it is. */
  existing: number
  refused: number
  /** Refusal reasons and how many records each refused. */
  reasons: Record<string, number>
  /** Things changed on the way in (e.g. a malformed phone left empty), by kind. */
  notes: Record<string, number>
}

export type Refusal = { entity: string; legacyId: string; reason: string; detail?: string }

export type LoanDifference = {
  loanNumber: string
  legacyId: string
  kind: string
  old: string
  new: string
  detail: string
}

export type ImportRun = {
  trx: Transaction<Database>
  legacy: LegacyDb
  timeZone: string
  today: string
  defaultAfterDays: number
  isDryRun: boolean
  counts: Record<string, EntityCounts>
  refusals: Refusal[]
  differences: LoanDifference[]
  /** One-time passwords of the staff imported by this run (active accounts only). */
  passwords: { email: string; role: string; password: string }[]
  maps: Map<string, Map<string, string>>
  /** The legacy ids this run imported, per entity (what the ledger and the comparison work on). */
  fresh: Map<string, Set<string>>
  progress: (entity: string, done: number, total: number) => void
}

export const ENTITIES = [
  'settings',
  'staff',
  'union',
  'union_history',
  'loan_type',
  'member',
  'member_history',
  'document_type',
  'loan',
  'schedule_item',
  'repayment',
  'allocation',
  'guarantor',
  'document',
  'staff_note',
  'audit',
] as const
export type Entity = (typeof ENTITIES)[number]

export function countsOf(run: ImportRun, entity: Entity): EntityCounts {
  let counts = run.counts[entity]
  if (counts === undefined) {
    counts = { found: 0, imported: 0, existing: 0, refused: 0, reasons: {}, notes: {} }
    run.counts[entity] = counts
  }
  return counts
}

export function refuse(
  run: ImportRun,
  entity: Entity,
  legacyId: string,
  reason: string,
  detail?: string,
): void {
  const counts = countsOf(run, entity)
  counts.refused += 1
  counts.reasons[reason] = (counts.reasons[reason] ?? 0) + 1
  run.refusals.push(
    detail === undefined ? { entity, legacyId, reason } : { entity, legacyId, reason, detail },
  )
}

export function note(run: ImportRun, entity: Entity, kind: string): void {
  const counts = countsOf(run, entity)
  counts.notes[kind] = (counts.notes[kind] ?? 0) + 1
}

export function mapped(run: ImportRun, entity: Entity, legacyId: string | null | undefined): string | null {
  if (legacyId === null || legacyId === undefined) return null
  return run.maps.get(entity)?.get(legacyId) ?? null
}

/** Records a new mapping (written to `legacy_map` at once, in the run's transaction). */
export async function remember(
  run: ImportRun,
  entity: Entity,
  pairs: readonly [string, string][],
): Promise<void> {
  if (pairs.length === 0) return
  let map = run.maps.get(entity)
  if (map === undefined) {
    map = new Map()
    run.maps.set(entity, map)
  }
  let fresh = run.fresh.get(entity)
  if (fresh === undefined) {
    fresh = new Set()
    run.fresh.set(entity, fresh)
  }
  for (const [legacyId, newId] of pairs) {
    map.set(legacyId, newId)
    fresh.add(legacyId)
  }
  for (let start = 0; start < pairs.length; start += 2000) {
    await run.trx
      .insertInto('legacy_map')
      .values(
        pairs
          .slice(start, start + 2000)
          .map(([legacyId, newId]) => ({ entity, legacy_id: legacyId, new_id: newId })),
      )
      .execute()
  }
  countsOf(run, entity).imported += pairs.length
}

export async function loadMaps(trx: Transaction<Database>): Promise<Map<string, Map<string, string>>> {
  const rows = await trx.selectFrom('legacy_map').select(['entity', 'legacy_id', 'new_id']).execute()
  const maps = new Map<string, Map<string, string>>()
  for (const row of rows) {
    let map = maps.get(row.entity)
    if (map === undefined) {
      map = new Map()
      maps.set(row.entity, map)
    }
    map.set(row.legacy_id, row.new_id)
  }
  return maps
}

/** Skips (and counts) a record an earlier run imported; true when the caller should go on to import it. */
export function isNew(run: ImportRun, entity: Entity, legacyId: string): boolean {
  const counts = countsOf(run, entity)
  counts.found += 1
  if (run.maps.get(entity)?.has(legacyId)) {
    counts.existing += 1
    return false
  }
  return true
}

export const newId = (): string => randomUUID()

export async function insertChunked<T>(
  rows: readonly T[],
  size: number,
  write: (chunk: T[]) => Promise<unknown>,
) {
  for (let start = 0; start < rows.length; start += size) await write(rows.slice(start, start + size))
}

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** Text cut to a column's limit (reasons are 3–500 characters in our schema). */
export function reasonText(text: string | null | undefined, fallback: string): string {
  const trimmed = (text ?? '').trim()
  return (trimmed.length >= 3 ? trimmed : fallback).slice(0, 500)
}
