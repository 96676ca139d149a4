import { sql, type RepaymentMethod } from '@mp/db'
import type { AuthedContext } from '../context.js'
import type { TRepaymentFilters, TRepaymentListInput } from '../schemas/repayment.js'
import { staffScope, type StaffScope } from '../scope.js'
import {
  countRows,
  cursorKeySelect,
  keysetPage,
  containsPattern,
  orderByKeyset,
  searchText,
  sortKey,
  type CursorPage,
  type Keyset,
  type ListSource,
  toCursorPage,
} from './list-query.js'
import type { Db } from './loan-core.js'

// The repayments list (docs/product.md §5, issue 11): 1.5 M rows at 100,000 loans, so pages go by keyset and the
// count and the money total are asked for separately (`repayment.totals`), once per set of filters —
// not recounted with every page.

export type RepaymentListItem = {
  id: string
  receiptNumber: string
  loanId: string
  loanNumber: string
  memberName: string
  memberCode: string
  unionId: string
  unionName: string
  officerName: string
  amount: number
  paidOn: string
  method: RepaymentMethod
  reference: string | null
  receivedBy: string | null
  postedAt: Date
  isReversed: boolean
  reversalReason: string | null
}

export type TRepaymentListFilters = Omit<TRepaymentListInput, 'cursor' | 'pageSize'>

export type RepaymentTotals = {
  /** Payments matching the filters (reversed ones included when the filters include them). */
  count: number
  /** Money received: payments still standing (a reversed payment is shown but not counted). */
  amount: number
}

/** Beyond this many matching members (or payments by receipt/reference) a search counts as common. */
const FEW_MATCHES = 200

/**
 * Repayments in scope with the filters applied. A search matches the receipt number or reference
 * (repayment.search_text), or the loan's number or member (through the loan list's indexes). A rare
 * search (a phone, a code, a receipt) fetches the ids each index finds and joins them back; a common one
 * ("obi") is checked row by row while walking the list in its order, which finds a page long before the
 * ids of 100,000 payments would be gathered. Which is which is asked first, with two capped counts.
 */
async function repaymentListQuery(db: Db, scope: StaffScope, input: TRepaymentFilters) {
  let query = db
    .selectFrom('repayment as r')
    .innerJoin('loan', 'loan.id', 'r.loan_id')
    .innerJoin('member as m', 'm.id', 'loan.member_id')
    .innerJoin('union as u', 'u.id', 'm.union_id')
    .innerJoin('staff_user as o', 'o.id', 'u.credit_officer_id')
  if (!scope.isAll) query = query.where('u.credit_officer_id', 'in', scope.staffIds)
  if (input.search) {
    const text = searchText(input.search)
    const pattern = containsPattern(text)
    const members = db.selectFrom('member as sm').select('sm.id').where('sm.search_text', 'like', pattern)
    const byText = db
      .selectFrom('repayment as by_text')
      .select('by_text.id')
      .where('by_text.search_text', 'like', pattern)
    const byMember = db
      .selectFrom('loan as by_member')
      .select('by_member.id')
      .where('by_member.member_id', 'in', members)
    // Loan numbers are LN + digits: only such a fragment can match one.
    const loans = /^l?n?\d*$/.test(text)
      ? byMember.union(
          db
            .selectFrom('loan as by_number')
            .select('by_number.id')
            .where('by_number.loan_number', 'ilike', pattern),
        )
      : byMember
    const [memberCount, textCount] = await Promise.all([
      countRows(db, members.limit(FEW_MATCHES + 1)),
      countRows(db, byText.limit(FEW_MATCHES + 1)),
    ])
    query =
      memberCount <= FEW_MATCHES && textCount <= FEW_MATCHES
        ? query.where('r.id', 'in', (eb) =>
            byText.union(
              eb
                .selectFrom('repayment as by_loan')
                .select('by_loan.id')
                .where('by_loan.loan_id', 'in', loans),
            ),
          )
        : query.where((eb) => eb.or([eb('r.search_text', 'like', pattern), eb('r.loan_id', 'in', loans)]))
  }
  if (input.loanId) query = query.where('r.loan_id', '=', input.loanId)
  if (input.unionId) query = query.where('u.id', '=', input.unionId)
  if (input.officerId) query = query.where('u.credit_officer_id', '=', input.officerId)
  if (input.method) query = query.where('r.method', '=', input.method)
  if (input.from) query = query.where('r.paid_on', '>=', input.from)
  if (input.to) query = query.where('r.paid_on', '<=', input.to)
  if (!input.includeReversed) query = query.where('r.reversed_at', 'is', null)
  return query
}

type RepaymentQuery = Awaited<ReturnType<typeof repaymentListQuery>>

function withListColumns(query: RepaymentQuery) {
  return query
    .leftJoin('staff_user as s', 's.id', 'r.received_by')
    .select([
      'r.id',
      'r.receipt_number',
      'r.loan_id',
      'loan.loan_number',
      sql<string>`m.first_name || ' ' || m.last_name`.as('member_name'),
      'm.code as member_code',
      'u.id as union_id',
      'u.name as union_name',
      sql<string>`o.first_name || ' ' || o.last_name`.as('officer_name'),
      'r.amount',
      'r.paid_on',
      'r.method',
      'r.reference',
      sql<string | null>`s.first_name || ' ' || s.last_name`.as('received_by'),
      'r.created_at',
      'r.reversed_at',
      'r.reversal_reason',
    ])
}

type RepaymentRow = Awaited<ReturnType<ReturnType<typeof withListColumns>['executeTakeFirstOrThrow']>>

/** Date paid or amount, then the posting sequence (unique: the order payments were posted in). */
function repaymentKeyset(input: Pick<TRepaymentListInput, 'sort' | 'direction'>): Keyset {
  const key = input.sort === 'amount' ? sortKey('r.amount', 'bigint') : sortKey('r.paid_on', 'date')
  return {
    name: `repayments.${input.sort}`,
    keys: [key, sortKey('r.posting_sequence', 'bigint')],
    direction: input.direction,
  }
}

function toListItem(row: RepaymentRow): RepaymentListItem {
  return {
    id: row.id,
    receiptNumber: row.receipt_number,
    loanId: row.loan_id,
    loanNumber: row.loan_number,
    memberName: row.member_name,
    memberCode: row.member_code,
    unionId: row.union_id,
    unionName: row.union_name,
    officerName: row.officer_name,
    amount: row.amount,
    paidOn: row.paid_on,
    method: row.method,
    reference: row.reference,
    receivedBy: row.received_by,
    postedAt: row.created_at,
    isReversed: row.reversed_at !== null,
    reversalReason: row.reversal_reason,
  }
}

export async function listRepayments(
  ctx: AuthedContext,
  input: TRepaymentListInput,
): Promise<CursorPage<RepaymentListItem>> {
  const scope = await staffScope(ctx.db, ctx.user)
  const keyset = repaymentKeyset(input)
  const query = await repaymentListQuery(ctx.db, scope, input)
  const rows = withListColumns(query).select(cursorKeySelect(keyset))
  const page = await keysetPage(ctx.db, rows, keyset, input, query.select('r.id'))
  return toCursorPage(page, input.pageSize, toListItem)
}

/** How many payments match and the money they brought in: once per set of filters, exact. */
export async function repaymentTotals(
  ctx: AuthedContext,
  input: TRepaymentFilters,
): Promise<RepaymentTotals> {
  const scope = await staffScope(ctx.db, ctx.user)
  const row = await (
    await repaymentListQuery(ctx.db, scope, input)
  )
    .select([
      sql<string>`count(*)`.as('count'),
      sql<number>`coalesce(sum(r.amount) filter (where r.reversed_at is null), 0)::bigint`.as('amount'),
    ])
    .executeTakeFirstOrThrow()
  return { count: Number(row.count), amount: row.amount }
}

/** Every payment of the list in its order, for the export (one server-side cursor). */
export async function repaymentListSource(
  ctx: AuthedContext,
  input: TRepaymentListFilters,
): Promise<ListSource<RepaymentRow, RepaymentListItem>> {
  const scope = await staffScope(ctx.db, ctx.user)
  const query = await repaymentListQuery(ctx.db, scope, input)
  return {
    query: orderByKeyset(withListColumns(query), repaymentKeyset(input)),
    count: () => countRows(ctx.db, query.select('r.id')),
    toItem: toListItem,
  }
}
