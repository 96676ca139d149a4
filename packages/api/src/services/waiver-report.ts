import { sql } from '@mp/db'
import type { AuthedContext } from '../context.js'
import { staffScope, type StaffScope } from '../scope.js'
import { offsetOf } from './list-query.js'
import { checkPeriod, scopedLoans, type Filters } from './report-queries.js'

/**
 * Waivers by period (docs/lending.md "Waivers"; docs/reports.md): every approved change that waived
 * something — a waiver of penalties or interest, or the penalties a reschedule or restructure waived — dated
 * in the period, with the loan's officer, who asked and who approved, and kobo totals. SQL over
 * `loan_change_waived_idx`; no loan is replayed.
 */
function waivedChanges(ctx: AuthedContext, scope: StaffScope, input: Filters) {
  return scopedLoans(ctx, scope, input)
    .innerJoin('loan_change as c', 'c.loan_id', 'loan.id')
    .where('c.status', '=', 'APPROVED')
    .where('c.amount', '>', 0)
    .where('c.effective_on', '>=', input.from)
    .where('c.effective_on', '<=', input.to)
}

// Interest is waived only by a waiver; a reschedule or restructure waives penalties.
const INTEREST = sql<number>`(case when c.kind = 'WAIVER' then coalesce((c.event->>'interest')::bigint, 0) else 0 end)`

/** The report's rows in its order (newest first), as one query: the page and the export read it. */
function waiverRows(ctx: AuthedContext, scope: StaffScope, input: Filters) {
  return waivedChanges(ctx, scope, input)
    .innerJoin('staff_user as o', 'o.id', 'u.credit_officer_id')
    .innerJoin('staff_user as r', 'r.id', 'c.requested_by')
    .leftJoin('staff_user as d', 'd.id', 'c.decided_by')
    .select([
      'c.id',
      'c.kind',
      'c.effective_on',
      'c.amount',
      'c.reason',
      'loan.id as loan_id',
      'loan.loan_number',
      sql<string>`m.first_name || ' ' || m.last_name`.as('member_name'),
      'u.name as union_name',
      'o.id as officer_id',
      sql<string>`o.first_name || ' ' || o.last_name`.as('officer_name'),
      sql<string>`r.first_name || ' ' || r.last_name`.as('requested_by'),
      sql<string | null>`d.first_name || ' ' || d.last_name`.as('approved_by'),
      INTEREST.as('interest'),
    ])
    .orderBy('c.effective_on', 'desc')
    .orderBy('c.id')
}

type WaiverRowRecord = Awaited<ReturnType<ReturnType<typeof waiverRows>['execute']>>[number]

function toWaiverRow(row: WaiverRowRecord) {
  return {
    id: row.id,
    kind: row.kind,
    date: row.effective_on,
    loanId: row.loan_id,
    loanNumber: row.loan_number,
    memberName: row.member_name,
    unionName: row.union_name,
    officerId: row.officer_id,
    officerName: row.officer_name,
    requestedBy: row.requested_by,
    approvedBy: row.approved_by,
    reason: row.reason,
    penalty: row.amount - row.interest,
    interest: row.interest,
    amount: row.amount,
  }
}

/** Every row of the report, in its order, as one query for a streaming cursor (the export). */
export async function waiverRowSource(ctx: AuthedContext, input: Filters) {
  checkPeriod(input)
  const scope = await staffScope(ctx.db, ctx.user)
  return {
    query: waiverRows(ctx, scope, input),
    count: async () =>
      (
        await waivedChanges(ctx, scope, input)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    toItem: toWaiverRow,
  }
}

export async function waiverReport(ctx: AuthedContext, input: Filters & { page: number; pageSize: number }) {
  checkPeriod(input)
  const scope = await staffScope(ctx.db, ctx.user)
  const [rows, totals] = await Promise.all([
    waiverRows(ctx, scope, input).limit(input.pageSize).offset(offsetOf(input)).execute(),
    waivedChanges(ctx, scope, input)
      .select((eb) => [
        eb.fn.countAll<number>().as('count'),
        sql<number>`coalesce(sum(c.amount), 0)::bigint`.as('amount'),
        sql<number>`coalesce(sum(${INTEREST}), 0)::bigint`.as('interest'),
      ])
      .executeTakeFirstOrThrow(),
  ])
  return {
    from: input.from,
    to: input.to,
    rows: {
      items: rows.map(toWaiverRow),
      total: totals.count,
      page: input.page,
      pageSize: input.pageSize,
    },
    totals: {
      count: totals.count,
      amount: totals.amount,
      interest: totals.interest,
      penalty: totals.amount - totals.interest,
    },
  }
}
