import { sql, type Loan, type LoanStatusValue } from '@mp/db'
import type { LoanStatus } from '@mp/domain'
import type { AuthedContext } from '../context.js'
import { daysPastDueSql, isOverdueSql, statusSql } from '../ledger/sql.js'
import type { TLoanListInput } from '../routers/loan.js'
import { staffScope, type StaffScope } from '../scope.js'
import {
  countRows,
  cursorKeySelect,
  endOfDayExclusive,
  keysetPage,
  containsPattern,
  orderByKeyset,
  searchText,
  sortKey,
  startOfDay,
  type CursorPage,
  type Keyset,
  type ListSource,
} from './list-query.js'
import { companyFacts, type CompanyFacts, type Db } from './loan-core.js'

// The loans list (SPEC §4, issue 11): filtered, searched and paged on the server by keyset, with status
// and days past due read from the stored ledger (ADR 0004) in SQL — no replay, no count of every row.
// The loans export walks the very same query with a server-side cursor.

export type LoanListItem = {
  id: string
  loanNumber: string
  memberId: string
  memberCode: string
  memberName: string
  unionId: string
  unionName: string
  officerId: string
  officerName: string
  loanTypeId: string
  loanTypeName: string
  principal: number
  termCount: number
  termUnit: Loan['term_unit']
  startDate: string
  disbursedOn: string | null
  status: LoanStatus
  daysPastDue: number
  createdAt: Date
}

export type TLoanListFilters = Omit<TLoanListInput, 'cursor' | 'pageSize'>

/** Stored statuses whose shown status the ledger decides (ACTIVE, DEFAULTED or COMPLETED on the day). */
const LEDGER_DECIDED: LoanStatusValue[] = ['ACTIVE', 'DEFAULTED', 'COMPLETED']

/**
 * The loans in scope matching every filter (loan and its ledger row only; no order, no limit): what the
 * capped count counts. Status filters are written so PostgreSQL can use indexes: OVERDUE is
 * `arrears_from < today` on loans not written off (loan_state_running_order_idx).
 */
function loanMatches(db: Db, scope: StaffScope, facts: CompanyFacts, input: TLoanListFilters) {
  let query = db.selectFrom('loan').leftJoin('loan_state as ls', 'ls.loan_id', 'loan.id')
  // Who a loan belongs to is its member's union's officer: scope and the union/officer filters are
  // semi-joins on the member, so counting the matches needs no join at all (the rows get their member,
  // union and officer names afterwards, in loanListQuery).
  const membersOf = (filter: { officerIds?: readonly string[]; unionId?: string }) => {
    let members = db
      .selectFrom('member as sm')
      .innerJoin('union as su', 'su.id', 'sm.union_id')
      .select('sm.id')
    if (filter.officerIds !== undefined)
      members = members.where('su.credit_officer_id', 'in', [...filter.officerIds])
    if (filter.unionId !== undefined) members = members.where('su.id', '=', filter.unionId)
    return members
  }
  if (!scope.isAll) query = query.where('loan.member_id', 'in', membersOf({ officerIds: scope.staffIds }))
  if (input.search) {
    const text = searchText(input.search)
    const pattern = containsPattern(text)
    const byMember = db.selectFrom('member as sm').select('sm.id').where('sm.search_text', 'like', pattern)
    // Loan numbers are LN + digits: only such a fragment can match one. Then the two index scans' ids
    // are joined back (an OR across two tables no index can serve); otherwise the member match is a
    // plain semi-join, which PostgreSQL can also walk in the list's order when it matches many.
    query = /^l?n?\d*$/.test(text)
      ? query.where('loan.id', 'in', (eb) =>
          eb
            .selectFrom('loan as by_member')
            .select('by_member.id')
            .where('by_member.member_id', 'in', byMember)
            .union(
              eb
                .selectFrom('loan as by_number')
                .select('by_number.id')
                .where('by_number.loan_number', 'ilike', pattern),
            ),
        )
      : query.where('loan.member_id', 'in', byMember)
  }
  if (input.unionId) query = query.where('loan.member_id', 'in', membersOf({ unionId: input.unionId }))
  if (input.officerId)
    query = query.where('loan.member_id', 'in', membersOf({ officerIds: [input.officerId] }))
  if (input.memberId) query = query.where('loan.member_id', '=', input.memberId)
  if (input.loanTypeId) query = query.where('loan.loan_type_id', '=', input.loanTypeId)
  if (input.minPrincipal !== undefined) query = query.where('loan.principal', '>=', input.minPrincipal)
  if (input.maxPrincipal !== undefined) query = query.where('loan.principal', '<=', input.maxPrincipal)
  // Created on a company day: an instant range, so loan_created_idx serves it.
  if (input.from) query = query.where('loan.created_at', '>=', startOfDay(input.from, facts.timeZone))
  if (input.to) query = query.where('loan.created_at', '<', endOfDayExclusive(input.to, facts.timeZone))
  // DEFAULTED, ACTIVE and COMPLETED are `statusSql` spelled out in plain comparisons on loan_state, so
  // PostgreSQL estimates them and uses loan_state_arrears_idx (the lists test holds them to the replay).
  const n = facts.defaultAfterDays
  const defaultedBefore = sql<string>`cast(${facts.today} as date) - ${sql.lit(Math.trunc(n))}::int`
  switch (input.status) {
    case undefined:
      return query
    // A disbursed loan that is not written off is running or completed, and a completed one has no
    // arrears: both filters read loan_state alone, walking loan_state_running_order_idx.
    case 'OVERDUE':
      return query.where('ls.written_off_on', 'is', null).where(isOverdueSql(facts.today))
    case 'DEFAULTED':
      // More than n days past due now, or earlier in the same delinquency episode (which implies
      // arrears: the loan was not brought current by its latest payment).
      return query
        .where('ls.written_off_on', 'is', null)
        .where(isOverdueSql(facts.today))
        .where((eb) =>
          eb.or([eb('ls.episode_peak_dpd', '>', n), eb('ls.arrears_from', '<', defaultedBefore)]),
        )
    case 'ACTIVE':
      return query
        .where('loan.status', 'in', LEDGER_DECIDED)
        .where('ls.paid_off_on', 'is', null)
        .where('ls.episode_peak_dpd', '<=', n)
        .where((eb) =>
          eb.or([eb('ls.arrears_from', 'is', null), eb('ls.arrears_from', '>=', defaultedBefore)]),
        )
    case 'COMPLETED':
      return query.where('loan.status', 'in', LEDGER_DECIDED).where('ls.paid_off_on', 'is not', null)
    case 'DRAFT':
    case 'PENDING_APPROVAL':
    case 'APPROVED':
    case 'CANCELED':
    case 'WRITTEN_OFF':
      return query.where('loan.status', '=', input.status)
  }
}

/** The list's rows: the matching loans with their member, union and officer, and status from the ledger. */
function loanListQuery(db: Db, scope: StaffScope, facts: CompanyFacts, input: TLoanListFilters) {
  const status = sql<LoanStatus>`${statusSql(facts.today, facts.defaultAfterDays)}`
  return loanMatches(db, scope, facts, input)
    .innerJoin('member as m', 'm.id', 'loan.member_id')
    .innerJoin('union as u', 'u.id', 'm.union_id')
    .innerJoin('staff_user as o', 'o.id', 'u.credit_officer_id')
    .select([
      'loan.id',
      'loan.loan_number',
      'loan.member_id',
      'm.code as member_code',
      sql<string>`m.first_name || ' ' || m.last_name`.as('member_name'),
      'u.id as union_id',
      'u.name as union_name',
      'o.id as officer_id',
      sql<string>`o.first_name || ' ' || o.last_name`.as('officer_name'),
      'loan.loan_type_id',
      'loan.loan_type_name',
      'loan.principal',
      'loan.term_count',
      'loan.term_unit',
      'loan.start_date',
      'loan.disbursed_on',
      status.as('effective_status'),
      sql<number>`${daysPastDueSql(facts.today)}`.as('days_past_due'),
      'loan.created_at',
    ])
}

type LoanListRow = Awaited<ReturnType<ReturnType<typeof loanListQuery>['executeTakeFirstOrThrow']>>

/** The order of the list (and of its export): the chosen key, then the loan id, one direction. */
function loanKeyset(input: Pick<TLoanListInput, 'sort' | 'direction' | 'status'>): Keyset {
  // Overdue and defaulted loans are read from loan_state in its own copy of the creation order
  // (loan_state_running_order_idx); the values, and so the cursors, are the loan's own.
  const isLedgerFiltered = input.status === 'OVERDUE' || input.status === 'DEFAULTED'
  const keys = {
    createdAt: isLedgerFiltered
      ? sortKey('ls.loan_created_at', 'timestamptz')
      : sortKey('loan.created_at', 'timestamptz'),
    loanNumber: sortKey('loan.loan_number', 'text'),
    principal: sortKey('loan.principal', 'bigint'),
    startDate: sortKey('loan.start_date', 'date'),
    memberName: sortKey(sql`m.last_name || ' ' || m.first_name`, 'text'),
    status: sortKey('loan.status', 'text'),
  }
  return {
    name: `loans.${input.sort}`,
    keys: [keys[input.sort], isLedgerFiltered ? sortKey('ls.loan_id', 'uuid') : sortKey('loan.id', 'uuid')],
    direction: input.direction,
  }
}

function toListItem(row: LoanListRow): LoanListItem {
  const isRunning = row.effective_status === 'ACTIVE' || row.effective_status === 'DEFAULTED'
  return {
    id: row.id,
    loanNumber: row.loan_number,
    memberId: row.member_id,
    memberCode: row.member_code,
    memberName: row.member_name,
    unionId: row.union_id,
    unionName: row.union_name,
    officerId: row.officer_id,
    officerName: row.officer_name,
    loanTypeId: row.loan_type_id,
    loanTypeName: row.loan_type_name,
    principal: row.principal,
    termCount: row.term_count,
    termUnit: row.term_unit,
    startDate: row.start_date,
    disbursedOn: row.disbursed_on,
    status: row.effective_status,
    daysPastDue: isRunning ? row.days_past_due : 0,
    createdAt: row.created_at,
  }
}

export async function listLoans(
  ctx: AuthedContext,
  input: TLoanListInput,
): Promise<CursorPage<LoanListItem>> {
  const scope = await staffScope(ctx.db, ctx.user)
  const facts = await companyFacts(ctx.db, ctx)
  const keyset = loanKeyset(input)
  const query = loanListQuery(ctx.db, scope, facts, input)
  const matches = loanMatches(ctx.db, scope, facts, input)
  const page = await keysetPage(ctx.db, query.select(cursorKeySelect(keyset)), keyset, input, matches)
  return {
    items: page.rows.map(toListItem),
    pageSize: input.pageSize,
    nextCursor: page.nextCursor,
    total: page.total,
    isTotalCapped: page.isTotalCapped,
  }
}

/** The list's rows, all of them, in the list's order, and how many (for the export). */
export async function loanListSource(
  ctx: AuthedContext,
  input: TLoanListFilters,
): Promise<ListSource<LoanListRow, LoanListItem>> {
  const scope = await staffScope(ctx.db, ctx.user)
  const facts = await companyFacts(ctx.db, ctx)
  const query = loanListQuery(ctx.db, scope, facts, input)
  return {
    count: () => countRows(ctx.db, loanMatches(ctx.db, scope, facts, input)),
    query: orderByKeyset(query, loanKeyset(input)),
    toItem: toListItem,
  }
}
