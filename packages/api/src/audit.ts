import type { Database, Kysely, Transaction } from '@mp/db'
import type { Context } from './context.js'

export type AuditInput = {
  action: string
  entityType: string
  entityId?: string | null
  before?: unknown
  after?: unknown
  /** Who acted, when it is not the signed-in user (sign-in itself). */
  actor?: { id: string | null; email: string | null }
}

// Never store secrets in the audit trail, whatever a caller passes in.
const SECRET_KEYS = /password|token|secret|hash/i

function scrub(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrub)
  if (value instanceof Date) return value.toISOString()
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, SECRET_KEYS.test(key) ? '[redacted]' : scrub(inner)]),
    )
  }
  return value
}

/** Records one audit entry, inside the caller's transaction so it commits with the change. */
export async function recordAudit(
  db: Kysely<Database> | Transaction<Database>,
  ctx: Pick<Context, 'user' | 'request'>,
  input: AuditInput,
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor_id: input.actor ? input.actor.id : (ctx.user?.id ?? null),
      actor_email: input.actor ? input.actor.email : (ctx.user?.email ?? null),
      action: input.action,
      entity_type: input.entityType,
      entity_id: input.entityId ?? null,
      before: input.before === undefined ? null : JSON.stringify(scrub(input.before)),
      after: input.after === undefined ? null : JSON.stringify(scrub(input.after)),
      ip: ctx.request.ip,
      user_agent: ctx.request.userAgent,
      request_id: ctx.request.requestId,
    })
    .execute()
}

/**
 * Records a change to one entity: `keep` of it before (none for a new one) and after (the same fields on
 * both sides, so the audit trail shows what moved), plus any `note` on the after side. Returns `after`
 * to answer with.
 */
export async function recordChange<T extends { id: string }>(
  db: Kysely<Database> | Transaction<Database>,
  ctx: Pick<Context, 'user' | 'request'>,
  change: {
    action: string
    entityType: string
    before?: T
    after: T
    keep: (item: T) => object
    note?: object
  },
): Promise<T> {
  await recordAudit(db, ctx, {
    action: change.action,
    entityType: change.entityType,
    entityId: change.after.id,
    before: change.before === undefined ? undefined : change.keep(change.before),
    after: { ...change.keep(change.after), ...change.note },
  })
  return change.after
}
