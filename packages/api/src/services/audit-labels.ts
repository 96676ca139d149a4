import { sql, type Database, type Kysely, type Transaction } from '@mp/db'

type Db = Kysely<Database> | Transaction<Database>

export type AuditEntityRef = { entityType: string; entityId: string | null }

// Ids of our records are UUIDs; an entry about something else (the database, a backup file) carries
// another kind of id, which must never reach a uuid comparison.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

type Lookup = (db: Db, ids: string[]) => Promise<{ id: string; label: string }[]>

function fullName(first: string, last: string): string {
  return `${first} ${last}`
}

/**
 * How each kind of record is named for people (issue 15: the audit log showed ids): receipts by
 * receipt number and loan, loans by loan number and member, members by name and code, unions, staff,
 * products and document types by name. One query per kind of record on the page, never one per row.
 */
const LOOKUPS: Readonly<Record<string, Lookup>> = {
  loan: async (db, ids) =>
    (
      await db
        .selectFrom('loan as l')
        .innerJoin('member as m', 'm.id', 'l.member_id')
        .select(['l.id', 'l.loan_number', 'm.first_name', 'm.last_name'])
        .where('l.id', 'in', ids)
        .execute()
    ).map((row) => ({
      id: row.id,
      label: `${row.loan_number} · ${fullName(row.first_name, row.last_name)}`,
    })),
  repayment: async (db, ids) =>
    (
      await db
        .selectFrom('repayment as r')
        .innerJoin('loan as l', 'l.id', 'r.loan_id')
        .select(['r.id', 'r.receipt_number', 'l.loan_number'])
        .where('r.id', 'in', ids)
        .execute()
    ).map((row) => ({ id: row.id, label: `Receipt ${row.receipt_number} · ${row.loan_number}` })),
  member: async (db, ids) =>
    (
      await db
        .selectFrom('member')
        .select(['id', 'code', 'first_name', 'last_name'])
        .where('id', 'in', ids)
        .execute()
    ).map((row) => ({ id: row.id, label: `${fullName(row.first_name, row.last_name)} (${row.code})` })),
  guarantor: async (db, ids) =>
    (
      await db
        .selectFrom('guarantor')
        .select(['id', 'first_name', 'last_name'])
        .where('id', 'in', ids)
        .execute()
    ).map((row) => ({ id: row.id, label: fullName(row.first_name, row.last_name) })),
  union: async (db, ids) =>
    (await db.selectFrom('union').select(['id', 'name']).where('id', 'in', ids).execute()).map((row) => ({
      id: row.id,
      label: row.name,
    })),
  staff_user: async (db, ids) =>
    (
      await db
        .selectFrom('staff_user')
        .select(['id', 'first_name', 'last_name', 'email'])
        .where('id', 'in', ids)
        .execute()
    ).map((row) => ({ id: row.id, label: `${fullName(row.first_name, row.last_name)} (${row.email})` })),
  loan_type: async (db, ids) =>
    (await db.selectFrom('loan_type').select(['id', 'name']).where('id', 'in', ids).execute()).map((row) => ({
      id: row.id,
      label: row.name,
    })),
  document_type: async (db, ids) =>
    (await db.selectFrom('document_type').select(['id', 'name']).where('id', 'in', ids).execute()).map(
      (row) => ({ id: row.id, label: row.name }),
    ),
  document: async (db, ids) =>
    (await db.selectFrom('document').select(['id', 'file_name']).where('id', 'in', ids).execute()).map(
      (row) => ({ id: row.id, label: row.file_name }),
    ),
  collection_sheet: async (db, ids) =>
    (
      await db
        .selectFrom('collection_sheet as c')
        .innerJoin('union as u', 'u.id', 'c.union_id')
        .select(['c.id', 'u.name', sql<string>`c.sheet_date::text`.as('sheet_date')])
        .where('c.id', 'in', ids)
        .execute()
    ).map((row) => ({ id: row.id, label: `${row.name} · ${row.sheet_date}` })),
  saved_report: async (db, ids) =>
    (await db.selectFrom('saved_report').select(['id', 'title']).where('id', 'in', ids).execute()).map(
      (row) => ({ id: row.id, label: row.title }),
    ),
}

function auditLabelKey(ref: AuditEntityRef): string {
  return `${ref.entityType}:${(ref.entityId ?? '').toLowerCase()}`
}

/**
 * The human name of every record the given entries are about, keyed by auditLabelKey. A record that
 * no longer exists, or a kind without a name, is simply absent (the screen falls back to the id).
 */
async function auditEntityLabels(db: Db, refs: readonly AuditEntityRef[]): Promise<Map<string, string>> {
  const idsByType = new Map<string, Set<string>>()
  for (const ref of refs) {
    if (ref.entityId === null || !UUID.test(ref.entityId) || !(ref.entityType in LOOKUPS)) continue
    const ids = idsByType.get(ref.entityType) ?? new Set<string>()
    ids.add(ref.entityId.toLowerCase())
    idsByType.set(ref.entityType, ids)
  }
  const labels = new Map<string, string>()
  await Promise.all(
    [...idsByType].map(async ([entityType, ids]) => {
      const lookup = LOOKUPS[entityType]
      if (!lookup) return
      for (const { id, label } of await lookup(db, [...ids])) labels.set(`${entityType}:${id}`, label)
    }),
  )
  return labels
}

/** The entries with their records' names filled in (one lookup per kind of record in the batch). */
export async function withEntityLabels<T extends AuditEntityRef & { entityLabel: string | null }>(
  db: Db,
  items: readonly T[],
): Promise<T[]> {
  const labels = await auditEntityLabels(db, items)
  return items.map((item) => ({ ...item, entityLabel: labels.get(auditLabelKey(item)) ?? null }))
}

const EXPORT_BATCH = 500

/** An export's entries, named in batches of 500 as they stream (the screen's rule, never a query per row). */
export async function* streamWithEntityLabels<T extends AuditEntityRef & { entityLabel: string | null }>(
  db: Db,
  items: AsyncIterable<T>,
): AsyncGenerator<T> {
  let batch: T[] = []
  for await (const item of items) {
    batch.push(item)
    if (batch.length < EXPORT_BATCH) continue
    yield* await withEntityLabels(db, batch)
    batch = []
  }
  if (batch.length > 0) yield* await withEntityLabels(db, batch)
}
