import { sql, type Database, type Loan, type LoanStatusValue } from '@mp/db'
import { expressionBuilder, type Expression, type SqlBool } from 'kysely'
import type { LoanStatus } from '@mp/domain'
import type { AuthedContext } from '../context.js'
import { daysPastDueSql, isOverdueSql, statusSql } from '../ledger/sql.js'
import type { TLoanListInput } from '../schemas/loan.js'
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
  toCursorPage,
} from './list-query.js'
import { companyFacts, type CompanyFacts, type Db } from './loan-core.js'

// The loans list (docs/product.md §4, issue 11): filtered, searched and paged on the server by keyset, with status
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
 * The list's rows in scope with every filter applied (no order, no limit). Status filters are written so
 * PostgreSQL can use indexes: OVERDUE is `arrears_from < today` (loan_state_arrears_idx).
 */
/**
 * Who a loan belongs to, as the loan list and the portfolio report show it: the member, their union and
 * its credit officer (the query joins `member as m`, `union as u` and `staff_user as o`).
 */
export const LOAN_PARTY_COLUMNS = [
  'loan.loan_number',
  'loan.member_id',
  'm.code as member_code',
  sql<string>`m.first_name || ' ' || m.last_name`.as('member_name'),
  'u.id as union_id',
  'u.name as union_name',
  'o.id as officer_id',
  sql<string>`o.first_name || ' ' || o.last_name`.as('officer_name'),
] as const

function loanListQuery(db: Db, scope: StaffScope, facts: CompanyFacts, input: TLoanListFilters) {
  const status = sql<LoanStatus>`${statusSql(facts.today, facts.defaultAfterDays)}`
  let query = db
    .selectFrom('loan')
    .innerJoin('member as m', 'm.id', 'loan.member_id')
    .innerJoin('union as u', 'u.id', 'm.union_id')
    .innerJoin('staff_user as o', 'o.id', 'u.credit_officer_id')
    .leftJoin('loan_state as ls', 'ls.loan_id', 'loan.id')
    .select([
      'loan.id',
      ...LOAN_PARTY_COLUMNS,
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
  if (!scope.isAll) query = query.where('u.credit_officer_id', 'in', scope.staffIds)
  for (const condition of loanConditions(db, facts, input)) query = query.where(condition)
  if (input.unionId) query = query.where('u.id', '=', input.unionId)
  if (input.officerId) query = query.where('u.credit_officer_id', '=', input.officerId)
  return query
}

/** The list's tables as its queries name them (the ledger row joined as `ls`). */
type LoanListDb = Database & { ls: Database['loan_state'] }

/**
 * Every filter but scope, union and officer, as conditions on the loan and its ledger row only, so the
 * same conditions serve the rows (with their member, union and officer joined) and, for a viewer who
 * sees everything, a count that needs no join at all.
 */
function loanConditions(db: Db, facts: CompanyFacts, input: TLoanListFilters): Expression<SqlBool>[] {
  const eb = expressionBuilder<LoanListDb, 'loan' | 'ls'>()
  const conditions: Expression<SqlBool>[] = []
  if (input.search) {
    const text = searchText(input.search)
    const pattern = containsPattern(text)
    const byMember = db.selectFrom('member as sm').select('sm.id').where('sm.search_text', 'like', pattern)
    // Loan numbers are LN + digits: only such a fragment can match one. Then the two index scans' ids
    // are joined back (an OR across two tables no index can serve); otherwise the member match is a
    // plain semi-join, which PostgreSQL can also walk in the list's order when it matches many.
    conditions.push(
      /^l?n?\d*$/.test(text)
        ? eb(
            'loan.id',
            'in',
            db
              .selectFrom('loan as by_member')
              .select('by_member.id')
              .where('by_member.member_id', 'in', byMember)
              .union(
                db
                  .selectFrom('loan as by_number')
                  .select('by_number.id')
                  .where('by_number.loan_number', 'ilike', pattern),
              ),
          )
        : eb('loan.member_id', 'in', byMember),
    )
  }
  if (input.memberId) conditions.push(eb('loan.member_id', '=', input.memberId))
  if (input.loanTypeId) conditions.push(eb('loan.loan_type_id', '=', input.loanTypeId))
  if (input.minPrincipal !== undefined) conditions.push(eb('loan.principal', '>=', input.minPrincipal))
  if (input.maxPrincipal !== undefined) conditions.push(eb('loan.principal', '<=', input.maxPrincipal))
  // Created on a company day: an instant range, so loan_created_idx serves it.
  if (input.from) conditions.push(eb('loan.created_at', '>=', startOfDay(input.from, facts.timeZone)))
  if (input.to) conditions.push(eb('loan.created_at', '<', endOfDayExclusive(input.to, facts.timeZone)))
  // DEFAULTED, ACTIVE and COMPLETED are `statusSql` spelled out in plain comparisons on loan_state, so
  // PostgreSQL estimates them and uses its indexes (the lists test holds them to the replay).
  const n = facts.defaultAfterDays
  const defaultedBefore = sql<string>`cast(${facts.today} as date) - ${sql.lit(Math.trunc(n))}::int`
  switch (input.status) {
    case undefined:
      break
    // A disbursed loan that is not written off is running or completed, and a completed one has no
    // arrears: both filters read loan_state alone, walking loan_state_running_order_idx.
    case 'OVERDUE':
      conditions.push(eb('ls.written_off_on', 'is', null), isOverdueSql(facts.today))
      break
    case 'DEFAULTED':
      // More than n days past due now, or earlier in the same delinquency episode (which implies
      // arrears: the loan was not brought current by its latest payment).
      conditions.push(
        eb('ls.written_off_on', 'is', null),
        isOverdueSql(facts.today),
        eb.or([eb('ls.episode_peak_dpd', '>', n), eb('ls.arrears_from', '<', defaultedBefore)]),
      )
      break
    case 'ACTIVE':
      conditions.push(
        eb('loan.status', 'in', LEDGER_DECIDED),
        eb('ls.paid_off_on', 'is', null),
        eb('ls.episode_peak_dpd', '<=', n),
        eb.or([eb('ls.arrears_from', 'is', null), eb('ls.arrears_from', '>=', defaultedBefore)]),
      )
      break
    case 'COMPLETED':
      conditions.push(eb('loan.status', 'in', LEDGER_DECIDED), eb('ls.paid_off_on', 'is not', null))
      break
    case 'DRAFT':
    case 'PENDING_APPROVAL':
    case 'APPROVED':
    case 'CANCELED':
    case 'WRITTEN_OFF':
      conditions.push(eb('loan.status', '=', input.status))
      break
  }
  return conditions
}

/**
 * What the capped count counts. For a viewer who sees every loan with no union or officer filter, the
 * loans and their ledger rows alone (PostgreSQL cannot drop inner joins, and the member, union and officer
 * joins cost more than the count itself); otherwise the list's own query.
 */
function loanCountQuery(db: Db, scope: StaffScope, facts: CompanyFacts, input: TLoanListFilters) {
  if (!scope.isAll || input.unionId || input.officerId) return loanListQuery(db, scope, facts, input)
  let query = db.selectFrom('loan').leftJoin('loan_state as ls', 'ls.loan_id', 'loan.id').select('loan.id')
  for (const condition of loanConditions(db, facts, input)) query = query.where(condition)
  return query
}

type LoanListRow = Awaited<ReturnType<ReturnType<typeof loanListQuery>['executeTakeFirstOrThrow']>>

/** The order of the list (and of its export): the chosen key, then the loan id, one direction. */
function loanKeyset(
  scope: StaffScope,
  input: Pick<TLoanListInput, 'sort' | 'direction' | 'status' | 'unionId' | 'officerId' | 'memberId'>,
): Keyset {
  // Across the whole portfolio, overdue and defaulted loans are read from loan_state in its own copy of
  // the creation order (loan_state_running_order_idx); the values, and so the cursors, are the loan's
  // own. A team's or a union's are few enough to be found from the union side and sorted.
  const isPortfolioWide = scope.isAll && !input.unionId && !input.officerId && !input.memberId
  const isLedgerFiltered = isPortfolioWide && (input.status === 'OVERDUE' || input.status === 'DEFAULTED')
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
  const keyset = loanKeyset(scope, input)
  const query = loanListQuery(ctx.db, scope, facts, input)
  const counted = loanCountQuery(ctx.db, scope, facts, input)
  const page = await keysetPage(ctx.db, query.select(cursorKeySelect(keyset)), keyset, input, counted)
  return toCursorPage(page, input.pageSize, toListItem)
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
    count: () => countRows(ctx.db, loanCountQuery(ctx.db, scope, facts, input)),
    query: orderByKeyset(query, loanKeyset(scope, input)),
    toItem: toListItem,
  }
}
