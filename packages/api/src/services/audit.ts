import type { Database, Kysely, Transaction } from '@mp/db'
import type { AuthedContext } from '../context.js'
import type { TAuditListInput } from '../schemas/audit.js'
import { found, staffScope, type StaffScope } from '../scope.js'
import { withEntityLabels } from './audit-labels.js'
import {
  companyTimezone,
  countRows,
  endOfDayExclusive,
  offsetPage,
  startOfDay,
  type ListSource,
  type Page,
} from './list-query.js'

type Db = Kysely<Database> | Transaction<Database>

const ENTRY = 'Audit entry'

export type AuditListItem = {
  id: string
  actorId: string | null
  actorEmail: string | null
  actorName: string | null
  action: string
  entityType: string
  entityId: string | null
  /** The record as people name it (receipt number, loan number, member name and code…), when known. */
  entityLabel: string | null
  ip: string | null
  userAgent: string | null
  requestId: string | null
  createdAt: Date
}

export type AuditChange = { field: string; before: unknown; after: unknown }

export type AuditDetail = AuditListItem & { before: unknown; after: unknown; changes: AuditChange[] }

/**
 * Audit entries in scope (docs/product.md §8): admins see every entry; a supervisor sees the entries whose actor
 * is themselves or one of their credit officers (the old system showed supervisors everything).
 * Entries without an actor are admin-only.
 */
function scopedEntries(db: Db, scope: StaffScope) {
  const query = db.selectFrom('audit_log as l').leftJoin('staff_user as u', 'u.id', 'l.actor_id')
  return scope.isAll ? query : query.where('l.actor_id', 'in', scope.staffIds)
}

const LIST_COLUMNS = [
  'l.id',
  'l.actor_id',
  'l.actor_email',
  'u.first_name as actor_first_name',
  'u.last_name as actor_last_name',
  'l.action',
  'l.entity_type',
  'l.entity_id',
  'l.ip',
  'l.user_agent',
  'l.request_id',
  'l.created_at',
] as const

type ListRow = {
  id: string
  actor_id: string | null
  actor_email: string | null
  actor_first_name: string | null
  actor_last_name: string | null
  action: string
  entity_type: string
  entity_id: string | null
  ip: string | null
  user_agent: string | null
  request_id: string | null
  created_at: Date
}

function toItem(row: ListRow): AuditListItem {
  return {
    id: row.id,
    actorId: row.actor_id,
    actorEmail: row.actor_email,
    actorName:
      row.actor_first_name === null || row.actor_last_name === null
        ? null
        : `${row.actor_first_name} ${row.actor_last_name}`,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    entityLabel: null,
    ip: row.ip,
    userAgent: row.user_agent,
    requestId: row.request_id,
    createdAt: row.created_at,
  }
}

/** Entries in scope with the list's filters, newest first (the screen's pages and the export's rows). */
async function auditListQuery(ctx: AuthedContext, input: Omit<TAuditListInput, 'page' | 'pageSize'>) {
  const scope = await staffScope(ctx.db, ctx.user)
  let query = scopedEntries(ctx.db, scope)
  if (input.actorId) query = query.where('l.actor_id', '=', input.actorId)
  if (input.action) query = query.where('l.action', '=', input.action)
  if (input.entityType) query = query.where('l.entity_type', '=', input.entityType)
  if (input.entityId) query = query.where('l.entity_id', '=', input.entityId)
  if (input.from !== undefined || input.to !== undefined) {
    const timezone = await companyTimezone(ctx.db)
    if (input.from !== undefined) query = query.where('l.created_at', '>=', startOfDay(input.from, timezone))
    if (input.to !== undefined)
      query = query.where('l.created_at', '<', endOfDayExclusive(input.to, timezone))
  }
  return {
    filtered: query,
    rows: query.select(LIST_COLUMNS).orderBy('l.created_at', 'desc').orderBy('l.id', 'desc'),
  }
}

export async function listAudit(ctx: AuthedContext, input: TAuditListInput): Promise<Page<AuditListItem>> {
  const { filtered, rows: ordered } = await auditListQuery(ctx, input)
  return offsetPage(input, ordered, filtered, (rows) => withEntityLabels(ctx.db, rows.map(toItem)))
}

/** Every entry of the list in its order, for the export (one server-side cursor). */
export async function auditListSource(
  ctx: AuthedContext,
  input: Omit<TAuditListInput, 'page' | 'pageSize'>,
): Promise<ListSource<ListRow, AuditListItem>> {
  const { filtered, rows } = await auditListQuery(ctx, input)
  return { query: rows, count: () => countRows(ctx.db, filtered.select('l.id')), toItem }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Top-level fields whose value differs between before and after. A create (no before) lists every
 * field of after, a delete (no after) every field of before. Values come from jsonb, so equal
 * objects serialise identically.
 */
export function auditChanges(before: unknown, after: unknown): AuditChange[] {
  const beforeRecord = isRecord(before) ? before : before === null ? {} : { value: before }
  const afterRecord = isRecord(after) ? after : after === null ? {} : { value: after }
  // jsonb does not keep key order, so fields are listed alphabetically.
  const fields = [...new Set([...Object.keys(afterRecord), ...Object.keys(beforeRecord)])].sort()
  return fields.flatMap((field) => {
    const isInBefore = field in beforeRecord
    const isInAfter = field in afterRecord
    const was = isInBefore ? beforeRecord[field] : null
    const now = isInAfter ? afterRecord[field] : null
    const isSame = isInBefore === isInAfter && JSON.stringify(was) === JSON.stringify(now)
    return isSame ? [] : [{ field, before: was, after: now }]
  })
}

export async function getAudit(ctx: AuthedContext, id: string): Promise<AuditDetail> {
  const scope = await staffScope(ctx.db, ctx.user)
  const row = found(
    await scopedEntries(ctx.db, scope)
      .select([...LIST_COLUMNS, 'l.before', 'l.after'])
      .where('l.id', '=', id)
      .executeTakeFirst(),
    ENTRY,
  )
  const [item] = await withEntityLabels(ctx.db, [toItem(row)])
  return {
    ...(item ?? toItem(row)),
    before: row.before,
    after: row.after,
    changes: auditChanges(row.before, row.after),
  }
}

/** Distinct actions and entity types in scope, for the filter pickers (never a hard-coded list). */
export async function auditFacets(ctx: AuthedContext): Promise<{ actions: string[]; entityTypes: string[] }> {
  const scope = await staffScope(ctx.db, ctx.user)
  const [actions, entityTypes] = await Promise.all([
    scopedEntries(ctx.db, scope).select('l.action').distinct().orderBy('l.action').execute(),
    scopedEntries(ctx.db, scope).select('l.entity_type').distinct().orderBy('l.entity_type').execute(),
  ])
  return { actions: actions.map((row) => row.action), entityTypes: entityTypes.map((row) => row.entity_type) }
}
