import { sql } from '@mp/db'
import { agingBucket, type AgingBucket } from '@mp/domain'
import type { AliasedExpression } from 'kysely'
import type { AuthedContext } from '../context.js'
import { AppError } from '../errors.js'
import { staffScope, type StaffScope } from '../scope.js'
import { companyFacts, type CompanyFacts } from './loan-core.js'
import { offsetOf, type Page } from './list-query.js'
import { LOAN_PARTY_COLUMNS } from './loan-list.js'
import {
  scopedLoanIds,
  stateFiguresQuery,
  restructuredNotLate,
  summaryOfFigures,
  todayArrearsTotals,
  todayLeanFiguresQuery,
  type LoanIdFilter,
  type Db,
  type LoanFigures,
  type PortfolioFilters,
  type PortfolioRow,
  type PortfolioSummary,
} from './portfolio.js'
import { doneRunOf } from './portfolio-run.js'
import { portfolioFigures } from './report-kpi.js'
import { snapshotRestructured, snapshotSummary } from './snapshot.js'

/**
 * The portfolio / PAR / aging report (docs/product.md §7), paginated, sorted and filtered on the server. Totals, PAR,
 * aging, arrears and provisioning are SQL aggregates over every matching loan; rows come a page at a time.
 *
 * - Today: straight from the stored ledger (SQL).
 * - A past date: the figures from that day's snapshot (the close), and the loan rows from a portfolio run
 *   of the date (started with `report.asOfStart`, computed in the background). With a finished run, the
 *   figures come from its rows too, so totals and rows agree. A date with neither answers AS_OF_NOT_READY.
 */
import type { PortfolioSort, PortfolioStatusFilter } from '../schemas/report.js'

export type PortfolioRowFilters = PortfolioFilters & {
  status?: PortfolioStatusFilter | undefined
  /** An aging bucket (running loans only). */
  bucket?: AgingBucket | undefined
}

export type PortfolioReportInput = PortfolioRowFilters & {
  asOf?: string | undefined
  sort?: PortfolioSort | undefined
  direction?: 'asc' | 'desc' | undefined
  page: number
  pageSize: number
}

type FigureRelation = AliasedExpression<LoanFigures, 'f'>

function checkAsOf(asOf: string, facts: CompanyFacts): void {
  if (asOf > facts.today)
    throw new AppError(
      'BAD_REQUEST',
      `As-of date cannot be in the future (today is ${facts.today})`,
      'DATE_IN_FUTURE',
    )
}

function runFigures(db: Db, runId: string, loanIds: ReturnType<typeof scopedLoanIds>) {
  let query = db
    .selectFrom('portfolio_run_loan as r')
    .select([
      'r.loan_id',
      'r.status',
      'r.days_past_due',
      'r.outstanding_principal',
      'r.overdue_principal',
      'r.outstanding',
      'r.overdue',
      'r.due_now',
      'r.penalties_accrued',
      'r.paid',
    ])
    .where('r.run_id', '=', runId)
  if (loanIds) query = query.where('r.loan_id', 'in', loanIds)
  return query
}

type FigureSource = {
  source: 'LEDGER' | 'RUN'
  /** The relation rows are filtered, sorted and paged on. */
  figures: FigureRelation
  /** The totals over every loan of the viewer's portfolio. */
  summary: () => Promise<PortfolioSummary>
  /** The complete figures of a page's rows (the sorting relation may leave some out). */
  complete: <Row extends LoanFigures>(rows: Row[]) => Promise<Row[]>
}

/**
 * The per-loan figures of the viewer's portfolio on the date, and where they come from. Today reads the
 * ledger: rows are sorted and filtered on `loan_state` alone and only a page's rows get their
 * installment-level figures; totals are two aggregates. A past date reads a finished run, or the close's
 * snapshot (figures only).
 */
async function figuresOf(
  ctx: AuthedContext,
  scope: StaffScope,
  facts: CompanyFacts,
  input: PortfolioFilters & { asOf: string },
  options: { isComplete?: boolean } = {},
): Promise<FigureSource | { source: 'SNAPSHOT'; summary: PortfolioSummary }> {
  const db = ctx.db
  const loanIds = scopedLoanIds(db, scope, input)
  if (input.asOf === facts.today) {
    const full = (ids: { loanIds?: LoanIdFilter; loanIdList?: readonly string[] }) =>
      stateFiguresQuery(db, {
        asOf: input.asOf,
        defaultAfterDays: facts.defaultAfterDays,
        timeZone: facts.timeZone,
        ...ids,
      })
    if (options.isComplete)
      return {
        source: 'LEDGER',
        figures: full({ loanIds }).as('f'),
        summary: () => summaryOf(db, full({ loanIds }).as('f')),
        complete: (rows) => Promise.resolve(rows),
      }
    const lean = todayLeanFiguresQuery(db, {
      today: input.asOf,
      defaultAfterDays: facts.defaultAfterDays,
      loanIds,
    }).as('f')
    return {
      source: 'LEDGER',
      figures: lean,
      summary: async () => {
        const [summary, arrears] = await Promise.all([
          summaryOf(db, lean),
          todayArrearsTotals(db, { today: input.asOf, loanIds }),
        ])
        return {
          ...summary,
          outstanding: summary.outstanding + arrears.penalty_owed,
          overdue: arrears.overdue,
          overdue_principal: arrears.overdue_principal,
          penalties_accrued: summary.penalties_accrued + arrears.penalty_owed,
        }
      },
      complete: async (rows) => {
        if (rows.length === 0) return rows
        const found = await full({ loanIdList: rows.map((row) => row.loan_id) }).execute()
        const byId = new Map(found.map((row) => [row.loan_id, row]))
        return rows.map((row) => ({ ...row, ...byId.get(row.loan_id) }))
      },
    }
  }
  const runId = await doneRunOf(db, input.asOf)
  if (runId !== null) {
    const figures = runFigures(db, runId, loanIds).as('f')
    return {
      source: 'RUN',
      figures,
      summary: () => summaryOf(db, figures),
      complete: (rows) => Promise.resolve(rows),
    }
  }
  const summary = await snapshotSummary(db, scope, input, input.asOf)
  if (summary === null)
    throw new AppError(
      'PRECONDITION_FAILED',
      `The portfolio as of ${input.asOf} has not been computed yet: start the computation and wait for it`,
      'AS_OF_NOT_READY',
      { asOf: input.asOf },
    )
  return { source: 'SNAPSHOT', summary }
}

/** The summary columns over every loan of a figures relation. */
function summaryOf(db: Db, figures: FigureRelation): Promise<PortfolioSummary> {
  return summaryOfFigures(db, figures)
}

function sortExpression(sort: PortfolioSort) {
  switch (sort) {
    case 'loanNumber':
      return sql`loan.loan_number`
    case 'memberName':
      return sql`lower(m.last_name || ' ' || m.first_name)`
    case 'disbursedOn':
      return sql`loan.disbursed_on`
    case 'daysPastDue':
      return sql`f.days_past_due`
    case 'outstandingPrincipal':
      return sql`f.outstanding_principal`
  }
}

const BUCKET_RANGES: Record<AgingBucket, [number, number]> = {
  current: [0, 0],
  '1-30': [1, 30],
  '31-60': [31, 60],
  '61-90': [61, 90],
  '90+': [91, 2_147_483_647],
}

/** The rows of a figures relation with their loan, member, union and officer; filtered and sorted. */
function rowsQuery(
  db: Db,
  figures: FigureRelation,
  input: PortfolioRowFilters & { sort?: PortfolioSort | undefined; direction?: 'asc' | 'desc' | undefined },
) {
  const direction = input.direction ?? 'asc'
  let query = db
    .selectFrom(figures)
    .innerJoin('loan', 'loan.id', 'f.loan_id')
    .innerJoin('member as m', 'm.id', 'loan.member_id')
    .innerJoin('union as u', 'u.id', 'm.union_id')
    .innerJoin('staff_user as o', 'o.id', 'u.credit_officer_id')
    .selectAll('f')
    .select([
      ...LOAN_PARTY_COLUMNS,
      'loan.loan_type_name',
      'loan.principal',
      'loan.disbursed_on',
      'loan.restructured_at',
    ])
  if (input.status === 'RUNNING') query = query.where('f.status', 'in', ['ACTIVE', 'DEFAULTED'])
  else if (input.status) query = query.where('f.status', '=', input.status)
  if (input.bucket) {
    const [low, high] = BUCKET_RANGES[input.bucket]
    query = query
      .where('f.status', 'in', ['ACTIVE', 'DEFAULTED'])
      .where('f.days_past_due', '>=', low)
      .where('f.days_past_due', '<=', high)
  }
  return query
    .orderBy(sortExpression(input.sort ?? 'loanNumber'), direction)
    .orderBy('loan.loan_number', direction)
}

type RowRecord = Awaited<ReturnType<ReturnType<typeof rowsQuery>['execute']>>[number]

function toPortfolioRow(row: RowRecord, asOf: string): PortfolioRow {
  return {
    loanId: row.loan_id,
    loanNumber: row.loan_number,
    memberId: row.member_id,
    memberName: row.member_name,
    memberCode: row.member_code,
    unionId: row.union_id,
    unionName: row.union_name,
    officerId: row.officer_id,
    officerName: row.officer_name,
    loanTypeName: row.loan_type_name,
    principal: row.principal,
    disbursedOn: row.disbursed_on ?? '',
    status: row.status,
    outstandingPrincipal: row.outstanding_principal,
    overduePrincipal: row.overdue_principal,
    outstanding: row.outstanding,
    overdue: row.overdue,
    dueNow: row.due_now,
    penaltiesAccrued: row.penalties_accrued,
    paid: row.paid,
    daysPastDue: row.days_past_due,
    agingBucket: agingBucket(row.days_past_due),
    // A loan restructured later than a past report date was not restructured on it.
    restructured: row.restructured_at !== null && row.restructured_at <= asOf,
  }
}

/** Rows matching the row filters, from the summary when it holds the count, else counted. */
async function countRows(
  db: Db,
  figures: FigureRelation,
  summary: PortfolioSummary,
  filters: PortfolioRowFilters,
): Promise<number> {
  const running = summary.loans_active + summary.loans_defaulted
  if (filters.bucket === undefined) {
    switch (filters.status) {
      case undefined:
        return running + summary.loans_completed + summary.loans_written_off
      case 'RUNNING':
        return running
      case 'ACTIVE':
        return summary.loans_active
      case 'DEFAULTED':
        return summary.loans_defaulted
      case 'COMPLETED':
        return summary.loans_completed
      case 'WRITTEN_OFF':
        return summary.loans_written_off
    }
  }
  const counted = await db
    .selectFrom(rowsQuery(db, figures, filters).clearOrderBy().as('x'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return counted.n
}

export async function portfolioReport(ctx: AuthedContext, input: PortfolioReportInput) {
  const scope = await staffScope(ctx.db, ctx.user)
  const facts = await companyFacts(ctx.db, ctx)
  const asOf = input.asOf ?? facts.today
  checkAsOf(asOf, facts)
  const found = await figuresOf(ctx, scope, facts, { ...input, asOf })
  if (found.source === 'SNAPSHOT') {
    const restructured = await snapshotRestructured(ctx.db, scope, input, asOf)
    return { asOf, source: found.source, rows: null, ...portfolioFigures(found.summary, restructured) }
  }
  const [summary, restructured, page] = await Promise.all([
    found.summary(),
    restructuredNotLate(ctx.db, found.figures, asOf),
    rowsQuery(ctx.db, found.figures, input)
      .limit(input.pageSize)
      .offset(offsetOf(input))
      .execute()
      .then((rows) => found.complete(rows)),
  ])
  const rows: Page<PortfolioRow> = {
    items: page.map((row) => toPortfolioRow(row, asOf)),
    total: await countRows(ctx.db, found.figures, summary, input),
    page: input.page,
    pageSize: input.pageSize,
  }
  return { asOf, source: found.source, rows, ...portfolioFigures(summary, restructured) }
}

/**
 * Every row of the report in its order, as one query for a streaming cursor (exports). A past date needs
 * its run (AS_OF_NOT_READY otherwise).
 */
export async function portfolioRowSource(
  ctx: AuthedContext,
  input: Omit<PortfolioReportInput, 'page' | 'pageSize'>,
) {
  const scope = await staffScope(ctx.db, ctx.user)
  const facts = await companyFacts(ctx.db, ctx)
  const asOf = input.asOf ?? facts.today
  checkAsOf(asOf, facts)
  const found = await figuresOf(ctx, scope, facts, { ...input, asOf }, { isComplete: true })
  if (found.source === 'SNAPSHOT')
    throw new AppError(
      'PRECONDITION_FAILED',
      `The loans as of ${asOf} have not been computed yet: open the report for that date first`,
      'AS_OF_NOT_READY',
      { asOf },
    )
  const figures = found.figures
  return {
    query: rowsQuery(ctx.db, figures, input),
    count: async () => countRows(ctx.db, figures, await found.summary(), input),
    toItem: (row: RowRecord) => toPortfolioRow(row, asOf),
  }
}
