import { sql, type Database, type Kysely, type Transaction } from '@mp/db'
import { loanPosition, type AgingBucket, type LoanStatus } from '@mp/domain'
import type { AliasedExpression, Expression, RawBuilder, SqlBool } from 'kysely'
import { daysPastDueSql, penaltyAccruedSql } from '../ledger/sql.js'
import type { StaffScope } from '../scope.js'
import { endOfDayExclusive } from './list-query.js'
import { approvedChangeEvents } from './loan-change-events.js'
import {
  bookedInstallments,
  positionInput,
  scheduledOf,
  termsOf,
  type LoanHistory,
  type StoredRepayment,
} from './loan-core.js'

/**
 * Each disbursed loan's figures on a date (docs/product.md §7 "portfolio as of a date"), two ways that agree to the
 * kobo (docs/reports.md):
 *
 * - from the stored ledger in SQL (`stateFiguresQuery`): exact for every loan whose latest event is on or
 *   before the date (`loan_state.last_event_on`), which on today's date is every loan;
 * - by replaying the loan with @mp/domain with only what was known on the date (`replayFigures`):
 *   repayments dated later ignored, reversals made later not yet applied, a write-off counted from the
 *   day it was made. Only loans changed after a past date need it.
 */
export type Db = Kysely<Database> | Transaction<Database>

export type DisbursedStatus = Extract<LoanStatus, 'ACTIVE' | 'DEFAULTED' | 'COMPLETED' | 'WRITTEN_OFF'>

/** One loan on the date, in kobo; the columns of `portfolio_run_loan`. */
export type LoanFigures = {
  loan_id: string
  status: DisbursedStatus
  days_past_due: number
  outstanding_principal: number
  /** Principal of installments due before the date still unpaid. */
  overdue_principal: number
  /** Everything still owed, penalties included (the payoff). */
  outstanding: number
  /** Everything outstanding on installments due before the date, penalties included. */
  overdue: number
  /** Everything outstanding on installments due on or before the date. */
  due_now: number
  penalties_accrued: number
  paid: number
}

/** A loan row of the portfolio report. */
export type PortfolioRow = {
  loanId: string
  loanNumber: string
  memberId: string
  memberName: string
  memberCode: string
  unionId: string
  unionName: string
  officerId: string
  officerName: string
  loanTypeName: string
  principal: number
  disbursedOn: string
  /** Status on the date: ACTIVE, DEFAULTED, COMPLETED or WRITTEN_OFF. */
  status: DisbursedStatus
  outstandingPrincipal: number
  overduePrincipal: number
  /** Everything still owed (penalties included). */
  outstanding: number
  overdue: number
  dueNow: number
  penaltiesAccrued: number
  paid: number
  daysPastDue: number
  agingBucket: AgingBucket
  /** Restructured on or before the date (docs/lending.md "Restructuring": PAR with and without them). */
  restructured: boolean
}

export type PortfolioFilters = { unionId?: string | undefined; officerId?: string | undefined }

/** Statuses a loan may have after disbursement. */
/**
 * Ids of the loans in the viewer's scope and filters (a loan belongs to its member's union's officer
 * now), as a subquery; undefined when nothing narrows (an admin's whole portfolio).
 */
export function scopedLoanIds(db: Db, scope: StaffScope, filters: PortfolioFilters = {}) {
  if (scope.isAll && !filters.unionId && !filters.officerId) return undefined
  let query = db
    .selectFrom('loan as sl')
    .innerJoin('member as sm', 'sm.id', 'sl.member_id')
    .innerJoin('union as su', 'su.id', 'sm.union_id')
    .select('sl.id')
  if (!scope.isAll) query = query.where('su.credit_officer_id', 'in', scope.staffIds)
  if (filters.unionId) query = query.where('su.id', '=', filters.unionId)
  if (filters.officerId) query = query.where('su.credit_officer_id', '=', filters.officerId)
  return query
}

export type LoanIdFilter = ReturnType<typeof scopedLoanIds>

const day = (asOf: string) => sql<string>`cast(${asOf} as date)`

/**
 * The status on `asOf` from the ledger (aliases `ls`, `loan`): written off from the day it was written
 * off, COMPLETED once paid off, DEFAULTED when more than `defaultAfterDays` past due on the date or
 * earlier in the same delinquency episode, else ACTIVE (@mp/domain `loanPosition().status`; the as-of twin
 * of `statusSql`, which reads a write-off as already made).
 */
function statusAsOfSql(asOf: string, defaultAfterDays: number, timeZone: string) {
  const n = sql.lit(Math.trunc(defaultAfterDays))
  return sql<DisbursedStatus>`(case
    when loan.status = 'WRITTEN_OFF' and loan.closed_at < ${endOfDayExclusive(asOf, timeZone)} then 'WRITTEN_OFF'
    when ls.paid_off_on <= ${day(asOf)} then 'COMPLETED'
    when ls.episode_peak_dpd > ${n} or ${daysPastDueSql(asOf)} > ${n} then 'DEFAULTED'
    else 'ACTIVE' end)`
}

export type FiguresOptions = {
  asOf: string
  defaultAfterDays: number
  timeZone: string
  /** Only these loans (scope and filters). */
  loanIds?: LoanIdFilter
  /** Only these loans, by id (a page). */
  loanIdList?: readonly string[]
  /** Only loans the ledger answers for on the date (no event after it); on today's date, every loan. */
  isStateOnly?: boolean
  /** A range of loan ids (after, upTo]: chunks of a run. */
  idRange?: { after: string | null; upTo: string }
}

function idCondition(column: 'ls.loan_id' | 'i.loan_id', options: FiguresOptions): Expression<SqlBool>[] {
  const ref = sql.ref(column)
  const conditions: Expression<SqlBool>[] = []
  if (options.loanIds) conditions.push(sql<SqlBool>`${ref} in (${options.loanIds})`)
  if (options.loanIdList)
    conditions.push(
      options.loanIdList.length === 0
        ? sql<SqlBool>`false`
        : sql<SqlBool>`${ref} in (${sql.join(options.loanIdList.map((id) => sql`${id}::uuid`))})`,
    )
  if (options.idRange) {
    if (options.idRange.after !== null) conditions.push(sql<SqlBool>`${ref} > ${options.idRange.after}`)
    conditions.push(sql<SqlBool>`${ref} <= ${options.idRange.upTo}`)
  }
  return conditions
}

/**
 * Per loan, what its unpaid installments due on or before `asOf` still owe: one grouped pass over the
 * open-installment index (paid-off installments owe nothing and accrue nothing more).
 */
function openInstallments(db: Db, options: FiguresOptions) {
  const { asOf } = options
  // Each installment's penalty is computed once (the fence keeps PostgreSQL from copying the expression
  // into every aggregate that uses it).
  let rows = db
    .selectFrom('loan_installment as i')
    .innerJoin('loan_state as ls', 'ls.loan_id', 'i.loan_id')
    .select([
      'i.loan_id',
      sql<boolean>`i.due_date < ${day(asOf)}`.as('is_overdue'),
      sql<number>`i.principal - i.paid_principal`.as('principal_owed'),
      sql<number>`i.principal - i.paid_principal + i.interest - i.paid_interest + i.fee - i.paid_fee`.as(
        'base_owed',
      ),
      sql<number>`${penaltyAccruedSql(asOf)} - i.paid_penalty - i.settled_penalty`.as('penalty_owed'),
    ])
    .where('i.paid_off_on', 'is', null)
    .where('i.due_date', '<=', day(asOf))
    .offset(0)
  for (const condition of idCondition('i.loan_id', options)) rows = rows.where(condition)
  return db
    .selectFrom(rows.as('x'))
    .select([
      'x.loan_id',
      sql<number>`sum(x.principal_owed) filter (where x.is_overdue)::bigint`.as('overdue_principal'),
      sql<number>`sum(x.base_owed + x.penalty_owed) filter (where x.is_overdue)::bigint`.as('overdue'),
      sql<number>`sum(x.base_owed + x.penalty_owed)::bigint`.as('due_now'),
      sql<number>`sum(x.penalty_owed)::bigint`.as('penalty_owed'),
    ])
    .groupBy('x.loan_id')
}

/**
 * Every disbursed loan's figures on `asOf` from the stored ledger (columns of `LoanFigures`), for loans
 * disbursed by then. With `isStateOnly`, loans with an event after the date are left out (replay them).
 */
export function stateFiguresQuery(db: Db, options: FiguresOptions) {
  const { asOf } = options
  const coalesce = (column: string) => sql<number>`coalesce(${sql.ref(column)}, 0)`
  let query = db
    .selectFrom('loan_state as ls')
    .innerJoin('loan', 'loan.id', 'ls.loan_id')
    .leftJoin(openInstallments(db, options).as('o'), 'o.loan_id', 'ls.loan_id')
    .select([
      'ls.loan_id',
      statusAsOfSql(asOf, options.defaultAfterDays, options.timeZone).as('status'),
      sql<number>`${daysPastDueSql(asOf)}`.as('days_past_due'),
      'ls.principal_outstanding as outstanding_principal',
      coalesce('o.overdue_principal').as('overdue_principal'),
      sql<number>`(ls.principal_due - ls.principal_paid + ls.interest_due - ls.interest_paid
        + ls.fee_due - ls.fee_paid + coalesce(o.penalty_owed, 0))`.as('outstanding'),
      coalesce('o.overdue').as('overdue'),
      coalesce('o.due_now').as('due_now'),
      sql<number>`(ls.penalty_paid + coalesce(o.penalty_owed, 0))`.as('penalties_accrued'),
      sql<number>`(ls.principal_paid + ls.interest_paid + ls.fee_paid + ls.penalty_paid)`.as('paid'),
    ])
    .where('loan.disbursed_on', '<=', day(asOf))
  if (options.isStateOnly)
    query = query.where((eb) =>
      eb.or([eb('ls.last_event_on', 'is', null), eb('ls.last_event_on', '<=', day(asOf))]),
    )
  for (const condition of idCondition('ls.loan_id', options)) query = query.where(condition)
  return query
}

/**
 * Today's figures that need no installment (status, days past due, outstanding principal, what is still
 * owed before penalties, penalties paid, paid) straight from `loan_state`, in the columns of
 * `LoanFigures`: the cheap relation a page is sorted and filtered on and most totals are summed from.
 * Only for today (every loan's latest event is on or before it; a write-off is already made).
 */
export function todayLeanFiguresQuery(
  db: Db,
  options: { today: string; defaultAfterDays: number; loanIds?: LoanIdFilter },
) {
  const n = sql.lit(Math.trunc(options.defaultAfterDays))
  let query = db
    .selectFrom('loan_state as ls')
    .leftJoin('loan as w', (join) => join.onRef('w.id', '=', 'ls.loan_id').on('w.status', '=', 'WRITTEN_OFF'))
    .select([
      'ls.loan_id',
      sql<DisbursedStatus>`(case when w.id is not null then 'WRITTEN_OFF'
        when ls.paid_off_on is not null then 'COMPLETED'
        when ls.episode_peak_dpd > ${n} or ${daysPastDueSql(options.today)} > ${n} then 'DEFAULTED'
        else 'ACTIVE' end)`.as('status'),
      sql<number>`${daysPastDueSql(options.today)}`.as('days_past_due'),
      'ls.principal_outstanding as outstanding_principal',
      sql<number>`0`.as('overdue_principal'),
      sql<number>`(ls.principal_due - ls.principal_paid + ls.interest_due - ls.interest_paid
        + ls.fee_due - ls.fee_paid)`.as('outstanding'),
      sql<number>`0`.as('overdue'),
      sql<number>`0`.as('due_now'),
      'ls.penalty_paid as penalties_accrued',
      sql<number>`(ls.principal_paid + ls.interest_paid + ls.fee_paid + ls.penalty_paid)`.as('paid'),
    ])
  if (options.loanIds) query = query.where('ls.loan_id', 'in', options.loanIds)
  return query
}

/**
 * What running loans' unpaid installments due before today add to today's totals: overdue principal,
 * overdue amounts and the penalties still owed (one pass over the open-installment index).
 */
export async function todayArrearsTotals(
  db: Db,
  options: { today: string; loanIds?: LoanIdFilter },
): Promise<{ overdue_principal: number; overdue: number; penalty_owed: number }> {
  let rows = db
    .selectFrom('loan_installment as i')
    .innerJoin('loan_state as ls', 'ls.loan_id', 'i.loan_id')
    .select([
      sql<number>`i.principal - i.paid_principal`.as('principal_owed'),
      sql<number>`i.principal - i.paid_principal + i.interest - i.paid_interest + i.fee - i.paid_fee`.as(
        'base_owed',
      ),
      sql<number>`${penaltyAccruedSql(options.today)} - i.paid_penalty - i.settled_penalty`.as(
        'penalty_owed',
      ),
    ])
    .where('i.paid_off_on', 'is', null)
    .where('i.due_date', '<', day(options.today))
    .where('ls.paid_off_on', 'is', null)
    .where(
      sql<SqlBool>`not exists (select 1 from loan w where w.id = ls.loan_id and w.status = 'WRITTEN_OFF')`,
    )
    .offset(0)
  if (options.loanIds) rows = rows.where('i.loan_id', 'in', options.loanIds)
  return db
    .selectFrom(rows.as('x'))
    .select([
      sql<number>`coalesce(sum(x.principal_owed), 0)::bigint`.as('overdue_principal'),
      sql<number>`coalesce(sum(x.base_owed + x.penalty_owed), 0)::bigint`.as('overdue'),
      sql<number>`coalesce(sum(x.penalty_owed), 0)::bigint`.as('penalty_owed'),
    ])
    .executeTakeFirstOrThrow()
}

/** Loans disbursed by `asOf` with an event after it: the ones the ledger cannot answer for on that date. */
export async function loansChangedAfter(
  db: Db,
  asOf: string,
  range?: { after: string | null; upTo: string },
): Promise<string[]> {
  let query = db
    .selectFrom('loan_state as ls')
    .innerJoin('loan', 'loan.id', 'ls.loan_id')
    .select('ls.loan_id')
    .where('ls.last_event_on', '>', day(asOf))
    .where('loan.disbursed_on', '<=', day(asOf))
    .orderBy('ls.loan_id')
  if (range) {
    if (range.after !== null) query = query.where('ls.loan_id', '>', range.after)
    query = query.where('ls.loan_id', '<=', range.upTo)
  }
  return (await query.execute()).map((row) => row.loan_id)
}

/** Lets other work (requests, timers) run: a replay batch never holds the event loop for long. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}

/** Longest stretch of replaying before yielding (the event loop budget is 50 ms per request). */
const SLICE_MS = 5

/**
 * The figures of these loans on `asOf`, each replayed by @mp/domain with only what was known then. Loads
 * them in three queries and replays in slices that yield to the event loop.
 */
export async function replayFigures(
  db: Db,
  loanIds: readonly string[],
  options: { asOf: string; defaultAfterDays: number; timeZone: string },
): Promise<LoanFigures[]> {
  if (loanIds.length === 0) return []
  const ids = [...loanIds]
  const [loans, installments, repayments, changes] = await Promise.all([
    db
      .selectFrom('loan')
      .select([
        'id',
        'status',
        'interest',
        'processing_fee_rule',
        'penalty',
        'allocation_order',
        'rounding',
        'installment_multiple',
        sql<boolean | null>`loan.closed_at < ${endOfDayExclusive(options.asOf, options.timeZone)}`.as(
          'is_closed_by_date',
        ),
      ])
      .where('id', 'in', ids)
      .where('disbursed_on', '<=', day(options.asOf))
      .execute(),
    bookedInstallments(db, ids),
    db
      .selectFrom('repayment')
      .select(['loan_id', 'id', 'paid_on', 'amount', 'posting_sequence', 'reversed_on'])
      .where('loan_id', 'in', ids)
      .where('paid_on', '<=', day(options.asOf))
      .orderBy('posting_sequence')
      .execute(),
    approvedChangeEvents(db, ids),
  ])
  const histories = new Map<string, LoanHistory>()
  for (const row of installments) {
    const history = histories.get(row.loan_id) ?? { installments: [], repayments: [], changes: [] }
    history.installments.push(scheduledOf(row))
    histories.set(row.loan_id, history)
  }
  // Changes dated after the date are ignored by the replay (as a payment after it would be).
  for (const change of changes) histories.get(change.loanId)?.changes.push(change.event)
  for (const { loan_id: loanId, ...repayment } of repayments) {
    // Only what was known on the date: a reversal made later had not happened yet.
    const known: StoredRepayment = {
      ...repayment,
      reversed_on:
        repayment.reversed_on !== null && repayment.reversed_on <= options.asOf
          ? repayment.reversed_on
          : null,
    }
    histories.get(loanId)?.repayments.push(known)
  }
  const figures: LoanFigures[] = []
  let sliceStart = performance.now()
  for (const loan of loans) {
    const history = histories.get(loan.id)
    if (history === undefined || history.installments.length === 0) continue
    const position = loanPosition(
      positionInput(termsOf(loan), history, options.asOf, options.defaultAfterDays),
    )
    const isWrittenOff = loan.status === 'WRITTEN_OFF' && loan.is_closed_by_date === true
    figures.push({
      loan_id: loan.id,
      status: isWrittenOff ? 'WRITTEN_OFF' : position.status,
      days_past_due: position.daysPastDue,
      outstanding_principal: position.outstandingPrincipal,
      overdue_principal: position.overduePrincipal,
      outstanding: position.payoffAmount,
      overdue: position.overdue,
      due_now: position.dueNow,
      penalties_accrued: position.penaltiesAccrued,
      paid: position.totals.paid.total,
    })
    if (performance.now() - sliceStart > SLICE_MS) {
      await yieldToEventLoop()
      sliceStart = performance.now()
    }
  }
  return figures
}

// ---- summaries: one aggregate over per-loan figures, the same columns as `portfolio_snapshot` ----------

const RUNNING = sql`f.status in ('ACTIVE','DEFAULTED')`
const sumIf = (column: string, condition: RawBuilder<unknown>) =>
  sql<number>`coalesce(sum(${sql.ref(`f.${column}`)}) filter (where ${condition}), 0)::bigint`
const countIf = (condition: RawBuilder<unknown>) => sql<number>`count(*) filter (where ${condition})::int`
const dpd = (condition: string) => sql`${RUNNING} and ${sql.raw(`f.days_past_due ${condition}`)}`

/** The columns of a portfolio summary, as in `portfolio_snapshot`. */
export const SUMMARY_COLUMN_NAMES = [
  'loans_active',
  'loans_defaulted',
  'loans_completed',
  'loans_written_off',
  'outstanding_principal',
  'outstanding',
  'overdue',
  'overdue_principal',
  'penalties_accrued',
  'par1_principal',
  'par30_principal',
  'par60_principal',
  'par90_principal',
  'aging_current_amount',
  'aging_1_30_amount',
  'aging_31_60_amount',
  'aging_61_90_amount',
  'aging_90_plus_amount',
  'aging_current_count',
  'aging_1_30_count',
  'aging_31_60_count',
  'aging_61_90_count',
  'aging_90_plus_count',
] as const

export type SummaryColumn = (typeof SUMMARY_COLUMN_NAMES)[number]
export type PortfolioSummary = Record<SummaryColumn, number>

/**
 * The portfolio summary columns over a relation `f` of `LoanFigures` (running = active or defaulted;
 * PAR1 = 1 or more days past due, PARx = more than x; aging buckets 0, 1–30, 31–60, 61–90, 91+).
 */
const SUMMARY_COLUMNS: Record<SummaryColumn, RawBuilder<number>> = {
  loans_active: countIf(sql`f.status = 'ACTIVE'`),
  loans_defaulted: countIf(sql`f.status = 'DEFAULTED'`),
  loans_completed: countIf(sql`f.status = 'COMPLETED'`),
  loans_written_off: countIf(sql`f.status = 'WRITTEN_OFF'`),
  outstanding_principal: sumIf('outstanding_principal', RUNNING),
  outstanding: sumIf('outstanding', RUNNING),
  overdue: sumIf('overdue', RUNNING),
  overdue_principal: sumIf('overdue_principal', RUNNING),
  penalties_accrued: sumIf('penalties_accrued', RUNNING),
  par1_principal: sumIf('outstanding_principal', dpd('>= 1')),
  par30_principal: sumIf('outstanding_principal', dpd('> 30')),
  par60_principal: sumIf('outstanding_principal', dpd('> 60')),
  par90_principal: sumIf('outstanding_principal', dpd('> 90')),
  aging_current_amount: sumIf('outstanding_principal', dpd('= 0')),
  aging_1_30_amount: sumIf('outstanding_principal', dpd('between 1 and 30')),
  aging_31_60_amount: sumIf('outstanding_principal', dpd('between 31 and 60')),
  aging_61_90_amount: sumIf('outstanding_principal', dpd('between 61 and 90')),
  aging_90_plus_amount: sumIf('outstanding_principal', dpd('> 90')),
  aging_current_count: countIf(dpd('= 0')),
  aging_1_30_count: countIf(dpd('between 1 and 30')),
  aging_31_60_count: countIf(dpd('between 31 and 60')),
  aging_61_90_count: countIf(dpd('between 61 and 90')),
  aging_90_plus_count: countIf(dpd('> 90')),
}

/**
 * A summary from a relation `f` of `LoanFigures`, grouped in SQL by status and aging bucket (at most 20
 * groups) and added up here: every summary column is a sum over such groups (PAR1/30/60/90 start where
 * the buckets start), and a GROUP BY with six sums costs far less than twenty-three filtered aggregates.
 */
export async function summaryOfFigures(
  db: Db,
  figures: AliasedExpression<LoanFigures, 'f'>,
): Promise<PortfolioSummary> {
  const rows = await db
    .selectFrom(figures)
    .select([
      'f.status',
      sql<number>`(case when f.days_past_due <= 0 then 0 when f.days_past_due <= 30 then 1
        when f.days_past_due <= 60 then 2 when f.days_past_due <= 90 then 3 else 4 end)`.as('bucket'),
      sql<number>`count(*)::int`.as('loans'),
      sql<number>`coalesce(sum(f.outstanding_principal), 0)::bigint`.as('outstanding_principal'),
      sql<number>`coalesce(sum(f.outstanding), 0)::bigint`.as('outstanding'),
      sql<number>`coalesce(sum(f.overdue), 0)::bigint`.as('overdue'),
      sql<number>`coalesce(sum(f.overdue_principal), 0)::bigint`.as('overdue_principal'),
      sql<number>`coalesce(sum(f.penalties_accrued), 0)::bigint`.as('penalties_accrued'),
    ])
    .groupBy(['f.status', sql`2`])
    .execute()
  const summary = toSummary(undefined)
  for (const row of rows) {
    switch (row.status) {
      case 'ACTIVE':
        summary.loans_active += row.loans
        break
      case 'DEFAULTED':
        summary.loans_defaulted += row.loans
        break
      case 'COMPLETED':
        summary.loans_completed += row.loans
        continue
      case 'WRITTEN_OFF':
        summary.loans_written_off += row.loans
        continue
    }
    // Running loans only from here.
    summary.outstanding_principal += row.outstanding_principal
    summary.outstanding += row.outstanding
    summary.overdue += row.overdue
    summary.overdue_principal += row.overdue_principal
    summary.penalties_accrued += row.penalties_accrued
    const bucket = BUCKET_COLUMNS[row.bucket]
    if (bucket === undefined) throw new Error(`unknown aging bucket ${String(row.bucket)}`)
    summary[bucket.amount] += row.outstanding_principal
    summary[bucket.count] += row.loans
    if (row.bucket >= 1) summary.par1_principal += row.outstanding_principal
    if (row.bucket >= 2) summary.par30_principal += row.outstanding_principal
    if (row.bucket >= 3) summary.par60_principal += row.outstanding_principal
    if (row.bucket >= 4) summary.par90_principal += row.outstanding_principal
  }
  return summary
}

/** PAR thresholds (days) the reports show. */
type ParThreshold = 1 | 30 | 60 | 90

/**
 * PAR "with restructured loans" (docs/lending.md "Restructuring"): per threshold, the outstanding
 * principal of running loans restructured on or before `asOf` that are not already at risk at that
 * threshold, which PAR with restructured loans adds to the at-risk principal. One aggregate over the
 * figures relation, narrowed to restructured loans (`loan_restructured_idx`).
 */
export async function restructuredNotLate(
  db: Db,
  figures: AliasedExpression<LoanFigures, 'f'>,
  asOf: string,
): Promise<Record<ParThreshold, number>> {
  const notLate = (condition: string) =>
    sql<number>`coalesce(sum(f.outstanding_principal) filter (where ${sql.raw(`f.days_past_due ${condition}`)}), 0)::bigint`
  const row = await db
    .selectFrom(figures)
    .where('f.status', 'in', ['ACTIVE', 'DEFAULTED'])
    .where('f.loan_id', 'in', (eb) =>
      eb.selectFrom('loan as rl').select('rl.id').where('rl.restructured_at', '<=', day(asOf)),
    )
    .select([
      notLate('< 1').as('par1'),
      notLate('<= 30').as('par30'),
      notLate('<= 60').as('par60'),
      notLate('<= 90').as('par90'),
    ])
    .executeTakeFirst()
  return { 1: row?.par1 ?? 0, 30: row?.par30 ?? 0, 60: row?.par60 ?? 0, 90: row?.par90 ?? 0 }
}

const BUCKET_COLUMNS: readonly { amount: SummaryColumn; count: SummaryColumn }[] = [
  { amount: 'aging_current_amount', count: 'aging_current_count' },
  { amount: 'aging_1_30_amount', count: 'aging_1_30_count' },
  { amount: 'aging_31_60_amount', count: 'aging_31_60_count' },
  { amount: 'aging_61_90_amount', count: 'aging_61_90_count' },
  { amount: 'aging_90_plus_amount', count: 'aging_90_plus_count' },
]

/** The snapshot's restructured columns (migration 002000), by PAR threshold. */
export const RESTRUCTURED_SNAPSHOT_COLUMNS = {
  1: 'restructured_par1_principal',
  30: 'restructured_par30_principal',
  60: 'restructured_par60_principal',
  90: 'restructured_par90_principal',
} as const satisfies Record<ParThreshold, string>

/**
 * What `restructuredNotLate` answers, as select items over the figures relation `f` joined to `loan`
 * (the daily close writes them into the day's snapshot): per threshold, the principal of running loans
 * restructured on or before `asOf` not already at risk at it.
 */
export function restructuredSnapshotSelect(asOf: string) {
  const notLate = (condition: string) =>
    sql<number>`coalesce(sum(f.outstanding_principal) filter (where f.status in ('ACTIVE', 'DEFAULTED') and loan.restructured_at <= ${day(asOf)} and ${sql.raw(`f.days_past_due ${condition}`)}), 0)::bigint`
  return [
    notLate('< 1').as(RESTRUCTURED_SNAPSHOT_COLUMNS[1]),
    notLate('<= 30').as(RESTRUCTURED_SNAPSHOT_COLUMNS[30]),
    notLate('<= 60').as(RESTRUCTURED_SNAPSHOT_COLUMNS[60]),
    notLate('<= 90').as(RESTRUCTURED_SNAPSHOT_COLUMNS[90]),
  ]
}

/** `SUMMARY_COLUMNS` as select items, over the figures relation `f`. */
export function summarySelect() {
  return SUMMARY_COLUMN_NAMES.map((name) => SUMMARY_COLUMNS[name].as(name))
}

/** The sum of each summary column (over snapshot rows or groups of them). */
export function summarySumSelect(alias: string) {
  return SUMMARY_COLUMN_NAMES.map((name) =>
    sql<number>`coalesce(sum(${sql.ref(`${alias}.${name}`)}), 0)::bigint`.as(name),
  )
}

/** A summary with each column from `value`. */
function mapSummary(value: (name: SummaryColumn) => number): PortfolioSummary {
  return {
    loans_active: value('loans_active'),
    loans_defaulted: value('loans_defaulted'),
    loans_completed: value('loans_completed'),
    loans_written_off: value('loans_written_off'),
    outstanding_principal: value('outstanding_principal'),
    outstanding: value('outstanding'),
    overdue: value('overdue'),
    overdue_principal: value('overdue_principal'),
    penalties_accrued: value('penalties_accrued'),
    par1_principal: value('par1_principal'),
    par30_principal: value('par30_principal'),
    par60_principal: value('par60_principal'),
    par90_principal: value('par90_principal'),
    aging_current_amount: value('aging_current_amount'),
    aging_1_30_amount: value('aging_1_30_amount'),
    aging_31_60_amount: value('aging_31_60_amount'),
    aging_61_90_amount: value('aging_61_90_amount'),
    aging_90_plus_amount: value('aging_90_plus_amount'),
    aging_current_count: value('aging_current_count'),
    aging_1_30_count: value('aging_1_30_count'),
    aging_31_60_count: value('aging_31_60_count'),
    aging_61_90_count: value('aging_61_90_count'),
    aging_90_plus_count: value('aging_90_plus_count'),
  }
}

/** A selected row with the summary columns as a summary (missing columns: 0). */
export function toSummary(row: Partial<Record<SummaryColumn, number | string | null>> | undefined) {
  return mapSummary((name) => Number(row?.[name] ?? 0))
}
