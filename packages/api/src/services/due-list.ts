import { sql, type LoanStatusValue } from '@mp/db'
import { daysBetween, type InstallmentState, type LoanStatus } from '@mp/domain'
import { z } from 'zod'
import type { AuthedContext } from '../context.js'
import { AppError } from '../errors.js'
import { daysPastDueSql, installmentOutstandingSql, statusSql } from '../ledger/sql.js'
import type { TDueListInput } from '../schemas/loan.js'
import { staffScope, type StaffScope } from '../scope.js'
import {
  countRows,
  cursorKeySelect,
  keysetPage,
  orderByKeyset,
  sortKey,
  type CursorPage,
  type Keyset,
  type ListSource,
  toCursorPage,
} from './list-query.js'
import { companyFacts, type CompanyFacts, type Db } from './loan-core.js'
import { unionNextMeetingOn } from './union-meetings.js'

// The due list (docs/product.md §10, issue 11): who owes what on a day or a range — every due loan, paged by keyset
// on the server, each row's amounts and the totals over all of them computed in SQL from the stored
// ledger as of today (ADR 0004), penalties included. Never a silent cap, never a replay per loan.

export type DueListItem = {
  loanId: string
  loanNumber: string
  memberId: string
  memberName: string
  memberCode: string
  memberPhone: string | null
  unionId: string
  unionName: string
  officerName: string
  status: LoanStatus
  /** Installments due in the range, still unpaid (amount outstanding on each as of today). */
  installments: { sequence: number; dueDate: string; outstanding: number; state: InstallmentState }[]
  dueInRange: number
  /** Outstanding on installments due before the range (arrears), penalties included. */
  overdueBefore: number
  /** Everything due as of today ("pay what is due now"). */
  dueNow: number
  daysPastDue: number
}

export type TDueListFilters = Omit<TDueListInput, 'cursor' | 'pageSize'>

export type DueListPage = CursorPage<DueListItem> & {
  from: string
  to: string
  today: string
  /** The union's next meeting when one union is asked for (null otherwise or without a meeting day). */
  nextMeeting: string | null
}

export type DueListSummary = {
  from: string
  to: string
  today: string
  nextMeeting: string | null
  /** Every due loan in scope (no cap: the due list never hides a loan). */
  count: number
  totals: { dueInRange: number; overdueBefore: number; dueNow: number }
}

const RUNNING: LoanStatusValue[] = ['ACTIVE', 'DEFAULTED']

type DueRange = { from: string; to: string; nextMeeting: string | null }

/** At most this many days from `from` to `to` (the input schema checks it when both are given). */
const MAX_RANGE_DAYS = 366

/**
 * The range with its defaults (from today, to the from date; for one union with a meeting day and no
 * dates, its next meeting: docs/lending.md "Union meetings"), checked as a whole: the input schema sees
 * only the dates given, so `to` alone could end before today or years after it.
 */
function dueRange(input: TDueListFilters, facts: CompanyFacts, nextMeeting: string | null): DueRange {
  const day = input.from === undefined && input.to === undefined ? (nextMeeting ?? facts.today) : facts.today
  const from = input.from ?? day
  const to = input.to ?? input.from ?? day
  const fromWords =
    input.from === undefined ? `today's date (${from}), the from date when none is given` : from
  if (to < from) {
    throw new AppError('BAD_REQUEST', `To date must be on or after ${fromWords}`, 'INVALID_RANGE')
  }
  if (daysBetween(from, to) > MAX_RANGE_DAYS) {
    throw new AppError(
      'BAD_REQUEST',
      `A due list covers at most ${String(MAX_RANGE_DAYS)} days: to date must be at most ${String(MAX_RANGE_DAYS)} days after ${fromWords}`,
      'RANGE_TOO_LONG',
    )
  }
  return { from, to, nextMeeting }
}

/**
 * An installment with something left to pay: not paid off, and not an empty one. Equivalent to "its
 * outstanding total as of today is above zero": an installment not paid off still owed something after
 * its latest payment, and penalties never shrink (ADR 0004).
 */
const OPEN = sql<boolean>`(i.paid_off_on is null and i.principal + i.interest + i.fee > 0)`

/**
 * The ids of the loans that may be due: an open installment due in the range, or (with `includeOverdue`)
 * past due today with an open installment due before the range. Each branch is one index range scan
 * (loan_installment_open_due_idx, loan_state_arrears_idx), so the cost follows the due loans, not the
 * portfolio; PostgreSQL joins the ids to the loans afterwards.
 */
function dueCandidates(db: Db, facts: CompanyFacts, input: TDueListFilters, range: DueRange) {
  const today = facts.today
  const inRange = db
    .selectFrom('loan_installment as i')
    .select('i.loan_id')
    .where('i.due_date', '>=', range.from)
    .where('i.due_date', '<=', range.to)
    .where(OPEN)
  if (!input.includeOverdue) return inRange
  // Past due today, and its oldest unpaid installment is itself due before the range (the usual case).
  const lateBefore = db
    .selectFrom('loan_state as late')
    .select('late.loan_id')
    .where('late.arrears_from', '<', range.from < today ? range.from : today)
  if (range.from >= today) return inRange.union(lateBefore)
  // A range starting in the past: also loans whose oldest unpaid installment falls in [from, today)
  // while an older one still owes a fee or a penalty.
  const feeOrPenaltyBefore = db
    .selectFrom('loan_state as late')
    .select('late.loan_id')
    .where('late.arrears_from', '>=', range.from)
    .where('late.arrears_from', '<', today)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('loan_installment as i')
          .select('i.sequence')
          .whereRef('i.loan_id', '=', 'late.loan_id')
          .where('i.due_date', '<', range.from)
          .where(OPEN),
      ),
    )
  return inRange.union(lateBefore).union(feeOrPenaltyBefore)
}

/** The due loans in scope with the columns the list shows (amounts come separately, per page). */
function dueLoansQuery(
  db: Db,
  scope: StaffScope,
  facts: CompanyFacts,
  input: TDueListFilters,
  range: DueRange,
) {
  let query = db
    .selectFrom(dueCandidates(db, facts, input, range).as('c'))
    .innerJoin('loan', 'loan.id', 'c.loan_id')
    .innerJoin('loan_state as ls', 'ls.loan_id', 'loan.id')
    .innerJoin('member as m', 'm.id', 'loan.member_id')
    .innerJoin('union as u', 'u.id', 'm.union_id')
    .innerJoin('staff_user as o', 'o.id', 'u.credit_officer_id')
    .where('loan.status', 'in', RUNNING)
  if (!scope.isAll) query = query.where('u.credit_officer_id', 'in', scope.staffIds)
  if (input.unionId) query = query.where('u.id', '=', input.unionId)
  if (input.officerId) query = query.where('u.credit_officer_id', '=', input.officerId)
  return query.select([
    'loan.id',
    'loan.loan_number',
    'loan.member_id',
    'm.code as member_code',
    sql<string>`m.first_name || ' ' || m.last_name`.as('member_name'),
    'm.phone as member_phone',
    'u.id as union_id',
    'u.name as union_name',
    sql<string>`o.first_name || ' ' || o.last_name`.as('officer_name'),
    sql<LoanStatus>`${statusSql(facts.today, facts.defaultAfterDays)}`.as('status'),
    sql<number>`${daysPastDueSql(facts.today)}`.as('days_past_due'),
  ])
}

/**
 * A due loan's amounts as of today from its open installments (penalties in closed form, in SQL):
 * what falls in the range, what was due before it, what is due now, and the range's installments.
 */
function amountColumns(facts: CompanyFacts, range: DueRange) {
  const today = facts.today
  const inRange = sql`(o.due_date >= cast(${range.from} as date) and o.due_date <= cast(${range.to} as date))`
  return [
    sql<number>`coalesce(sum(o.amount) filter (where ${inRange}), 0)::bigint`.as('due_in_range'),
    sql<number>`coalesce(sum(o.amount) filter (where o.due_date < cast(${range.from} as date)), 0)::bigint`.as(
      'overdue_before',
    ),
    sql<number>`coalesce(sum(o.amount) filter (where o.due_date <= cast(${today} as date)), 0)::bigint`.as(
      'due_now',
    ),
    sql`coalesce(json_agg(json_build_object('sequence', o.sequence, 'dueDate', o.due_date, 'outstanding', o.amount, 'paid', o.paid) order by o.sequence) filter (where ${inRange} and o.amount > 0), '[]'::json)`.as(
      'installments',
    ),
  ] as const
}

/**
 * Open installments with what each still owes today (the rows `amountColumns` sums). Those due after
 * both the range and today count nowhere, so they are left out.
 */
function openInstallments(db: Db, facts: CompanyFacts, range: DueRange) {
  const last = range.to > facts.today ? range.to : facts.today
  return db
    .selectFrom('loan_installment as i')
    .innerJoin('loan_state as ls', 'ls.loan_id', 'i.loan_id')
    .select([
      'i.loan_id',
      'i.sequence',
      'i.due_date',
      sql<number>`${installmentOutstandingSql(facts.today)}`.as('amount'),
      sql<number>`i.paid_principal + i.paid_interest + i.paid_fee + i.paid_penalty`.as('paid'),
    ])
    .where('i.paid_off_on', 'is', null)
    .where('i.due_date', '<=', last)
}

/** The amounts of some due loans (a page's), by loan id. */
async function amountsOf(db: Db, facts: CompanyFacts, range: DueRange, loanIds: readonly string[]) {
  if (loanIds.length === 0) return new Map<string, DueAmounts>()
  const rows = await db
    .selectFrom(openInstallments(db, facts, range).where('i.loan_id', 'in', loanIds).as('o'))
    .select(['o.loan_id', ...amountColumns(facts, range)])
    .groupBy('o.loan_id')
    .execute()
  return new Map(rows.map((row) => [row.loan_id, row]))
}

type DueAmounts = { due_in_range: number; overdue_before: number; due_now: number; installments: unknown }

/** Every due loan with its amounts, in one query (the export reads it through a cursor). */
function dueRowsQuery(
  db: Db,
  scope: StaffScope,
  facts: CompanyFacts,
  input: TDueListFilters,
  range: DueRange,
) {
  return dueLoansQuery(db, scope, facts, input, range)
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom(
            openInstallments(db, facts, range)
              .where('i.loan_id', '=', sql<string>`loan.id`)
              .as('o'),
          )
          .select(amountColumns(facts, range))
          .as('due'),
      (join) => join.onTrue(),
    )
    .select(['due.due_in_range', 'due.overdue_before', 'due.due_now', 'due.installments'])
}

type DueLoanRow = Awaited<ReturnType<ReturnType<typeof dueLoansQuery>['executeTakeFirstOrThrow']>>
type DueRow = DueLoanRow & DueAmounts

/** By union, then member name, as the officer walks the meeting (and as the old list was ordered). */
const DUE_KEYSET: Keyset = {
  name: 'due',
  keys: [
    sortKey('u.name', 'text'),
    sortKey('m.last_name', 'text'),
    sortKey('m.first_name', 'text'),
    sortKey('loan.id', 'uuid'),
  ],
  direction: 'asc',
}

const ZInstallments = z.array(
  z.object({ sequence: z.number(), dueDate: z.string(), outstanding: z.number(), paid: z.number() }),
)

/** @mp/domain's installment state, for an installment with something outstanding. */
function stateOf(dueDate: string, paid: number, today: string): InstallmentState {
  if (dueDate < today) return 'OVERDUE'
  if (dueDate === today) return 'DUE_TODAY'
  return paid > 0 ? 'PARTIAL' : 'UPCOMING'
}

function toItem(row: DueLoanRow, amounts: DueAmounts | undefined, today: string): DueListItem {
  return {
    loanId: row.id,
    loanNumber: row.loan_number,
    memberId: row.member_id,
    memberName: row.member_name,
    memberCode: row.member_code,
    memberPhone: row.member_phone,
    unionId: row.union_id,
    unionName: row.union_name,
    officerName: row.officer_name,
    status: row.status,
    installments: ZInstallments.parse(amounts?.installments ?? []).map((i) => ({
      sequence: i.sequence,
      dueDate: i.dueDate,
      outstanding: i.outstanding,
      state: stateOf(i.dueDate, i.paid, today),
    })),
    dueInRange: amounts?.due_in_range ?? 0,
    overdueBefore: amounts?.overdue_before ?? 0,
    dueNow: amounts?.due_now ?? 0,
    daysPastDue: row.days_past_due,
  }
}

async function prepare(ctx: AuthedContext, input: TDueListFilters) {
  const scope = await staffScope(ctx.db, ctx.user)
  const facts = await companyFacts(ctx.db, ctx)
  const nextMeeting = input.unionId ? await unionNextMeetingOn(ctx.db, input.unionId, facts.today) : null
  return { scope, facts, range: dueRange(input, facts, nextMeeting) }
}

/** One page of the due list; every due loan is reachable by following `nextCursor`. */
export async function dueList(ctx: AuthedContext, input: TDueListInput): Promise<DueListPage> {
  const { scope, facts, range } = await prepare(ctx, input)
  const loans = dueLoansQuery(ctx.db, scope, facts, input, range)
  const page = await keysetPage(ctx.db, loans.select(cursorKeySelect(DUE_KEYSET)), DUE_KEYSET, input, loans)
  const amounts = await amountsOf(
    ctx.db,
    facts,
    range,
    page.rows.map((row) => row.id),
  )
  return {
    ...range,
    today: facts.today,
    ...toCursorPage(page, input.pageSize, (row) => toItem(row, amounts.get(row.id), facts.today)),
  }
}

/** How many loans are due and the totals over all of them (not just a page), in one SQL aggregate. */
export async function dueListSummary(ctx: AuthedContext, input: TDueListFilters): Promise<DueListSummary> {
  const { scope, facts, range } = await prepare(ctx, input)
  const due = dueLoansQuery(ctx.db, scope, facts, input, range).clearSelect().select('loan.id')
  const amounts = ctx.db
    .selectFrom(openInstallments(ctx.db, facts, range).where('i.loan_id', 'in', due).as('o'))
    .select(['o.loan_id', ...amountColumns(facts, range).slice(0, 3)])
    .groupBy('o.loan_id')
  const [count, totals] = await Promise.all([
    countRows(ctx.db, due),
    ctx.db
      .selectFrom(amounts.as('a'))
      .select([
        sql<number>`coalesce(sum(a.due_in_range), 0)::bigint`.as('due_in_range'),
        sql<number>`coalesce(sum(a.overdue_before), 0)::bigint`.as('overdue_before'),
        sql<number>`coalesce(sum(a.due_now), 0)::bigint`.as('due_now'),
      ])
      .executeTakeFirstOrThrow(),
  ])
  return {
    ...range,
    today: facts.today,
    count,
    totals: { dueInRange: totals.due_in_range, overdueBefore: totals.overdue_before, dueNow: totals.due_now },
  }
}

/** Every due loan in the list's order with its amounts, for the export (one server-side cursor). */
export async function dueListSource(
  ctx: AuthedContext,
  input: TDueListFilters,
): Promise<ListSource<DueRow, DueListItem>> {
  const { scope, facts, range } = await prepare(ctx, input)
  return {
    query: orderByKeyset(dueRowsQuery(ctx.db, scope, facts, input, range), DUE_KEYSET),
    count: () => countRows(ctx.db, dueLoansQuery(ctx.db, scope, facts, input, range)),
    toItem: (row) => toItem(row, row, facts.today),
  }
}
