import { inTransaction, type SavedReportType } from '@mp/db'
import { recordAudit } from '../audit.js'
import type { AuthedContext } from '../context.js'
import { AppError } from '../errors.js'
import { SAVED_REPORT_SNAPSHOT_VERSION, storedSavedReportSnapshot, toStored } from '../schemas/stored.js'
import { found, isInScope, staffScope } from '../scope.js'
import { officerPerformance } from './report.js'

// Saved snapshots of the supervisor report (docs/product.md §7): the figures frozen when saved. The author and admins
// see and delete them; a supervisor can only snapshot their own team (officerPerformance is scoped).

const SAVED_REPORT = 'Saved report'

export type SavedReportInput = {
  title: string
  type: SavedReportType
  from: string
  to: string
  officerIds: string[]
}

export async function createSavedReport(ctx: AuthedContext, input: SavedReportInput) {
  if (input.officerIds.length > 0) {
    const scope = await staffScope(ctx.db, ctx.user)
    const officers = await ctx.db
      .selectFrom('staff_user')
      .select('id')
      .where('id', 'in', input.officerIds)
      .execute()
    if (
      officers.length !== new Set(input.officerIds).size ||
      !officers.every((o) => isInScope(scope, o.id))
    ) {
      throw new AppError('BAD_REQUEST', 'Choose officers from your own team', 'OFFICER_NOT_IN_TEAM')
    }
  }
  const snapshot = await officerPerformance(ctx, {
    from: input.from,
    to: input.to,
    officerIds: input.officerIds,
  })
  return inTransaction(ctx.db, async (trx) => {
    const row = await trx
      .insertInto('saved_report')
      .values({
        title: input.title,
        type: input.type,
        period_from: input.from,
        period_to: input.to,
        officer_ids: input.officerIds,
        snapshot: toStored(SAVED_REPORT_SNAPSHOT_VERSION, snapshot),
        created_by: ctx.user.id,
      })
      .returning(['id', 'created_at'])
      .executeTakeFirstOrThrow()
    await recordAudit(trx, ctx, {
      action: 'SAVED_REPORT_CREATE',
      entityType: 'saved_report',
      entityId: row.id,
      after: {
        title: input.title,
        type: input.type,
        from: input.from,
        to: input.to,
        officers: input.officerIds.length,
      },
    })
    return {
      id: row.id,
      title: input.title,
      type: input.type,
      from: input.from,
      to: input.to,
      createdAt: row.created_at,
      snapshot,
    }
  })
}

/** What both the list and one saved report show about it. */
const SAVED_REPORT_COLUMNS = [
  'r.id',
  'r.title',
  'r.type',
  'r.period_from',
  'r.period_to',
  'r.officer_ids',
  'r.created_at',
] as const

function visible(ctx: AuthedContext) {
  let query = ctx.db
    .selectFrom('saved_report as r')
    .leftJoin('staff_user as s', 's.id', 'r.created_by')
    .where('r.deleted_at', 'is', null)
  if (ctx.user.role !== 'ADMIN') query = query.where('r.created_by', '=', ctx.user.id)
  return query
}

export async function listSavedReports(ctx: AuthedContext) {
  const rows = await visible(ctx)
    .select([...SAVED_REPORT_COLUMNS, 's.first_name', 's.last_name'])
    .orderBy('r.created_at', 'desc')
    .limit(500)
    .execute()
  const officerIds = [...new Set(rows.flatMap((r) => r.officer_ids))]
  const officers =
    officerIds.length === 0
      ? []
      : await ctx.db
          .selectFrom('staff_user')
          .select(['id', 'first_name', 'last_name'])
          .where('id', 'in', officerIds)
          .execute()
  const names = new Map(officers.map((o) => [o.id, `${o.first_name} ${o.last_name}`]))
  return rows.map((r) => ({
    id: r.id,
    /** The officers chosen when it was saved (empty: the whole team). */
    officerNames: r.officer_ids.map((id) => names.get(id) ?? 'Former staff member'),
    title: r.title,
    type: r.type,
    from: r.period_from,
    to: r.period_to,
    officerCount: r.officer_ids.length,
    createdAt: r.created_at,
    createdBy: r.first_name === null ? null : `${r.first_name} ${r.last_name ?? ''}`.trim(),
  }))
}

export async function getSavedReport(ctx: AuthedContext, id: string) {
  const row = found(
    await visible(ctx)
      .select([...SAVED_REPORT_COLUMNS, 'r.snapshot'])
      .where('r.id', '=', id)
      .executeTakeFirst(),
    SAVED_REPORT,
  )
  return {
    id: row.id,
    title: row.title,
    type: row.type,
    from: row.period_from,
    to: row.period_to,
    officerIds: row.officer_ids,
    createdAt: row.created_at,
    // Read through the schema of the version it was saved in (schemas/stored.ts).
    snapshot: storedSavedReportSnapshot(row.snapshot),
  }
}

export async function deleteSavedReport(ctx: AuthedContext, id: string) {
  return inTransaction(ctx.db, async (trx) => {
    let query = trx
      .selectFrom('saved_report')
      .select(['id', 'title'])
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
    if (ctx.user.role !== 'ADMIN') query = query.where('created_by', '=', ctx.user.id)
    const row = found(await query.forUpdate().executeTakeFirst(), SAVED_REPORT)
    await trx.updateTable('saved_report').set({ deleted_at: ctx.now() }).where('id', '=', id).execute()
    await recordAudit(trx, ctx, {
      action: 'SAVED_REPORT_DELETE',
      entityType: 'saved_report',
      entityId: id,
      before: { title: row.title },
    })
    return { isDeleted: true as const }
  })
}
