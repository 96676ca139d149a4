import { sql, type LoanStatusValue, type StaffRole } from '@mp/db'
import type { AuthedContext } from '../context.js'
import type { TGlobalSearchInput } from '../schemas/search.js'
import { staffScope } from '../scope.js'
import { containsPattern, searchText } from './list-query.js'

/**
 * Search from anywhere (the command palette, docs/web-app.md): a few of each kind, every one in the caller's
 * scope (scope.ts, docs/product.md §1) — a credit officer finds only their own unions' members and loans, a
 * supervisor their team's, an admin everything and also staff.
 *
 * Each kind is one indexed query, so the answer costs the same at 100,000 loans as at 100:
 * - members: the normalised `member.search_text` (code, names both ways round, phone digits) with its
 *   trigram index; a phone typed in any form (0803…, +234 803…, 234-803…) is reduced to its national
 *   digits by `searchText`, which the stored digits (234…) contain.
 * - loans: by loan number (trigram index on loan_number) when the text can be part of one, and the loans
 *   of the members found above (loan_member_idx) — never a scan of the loans.
 * - unions and staff are small tables (hundreds of rows), read with a plain ILIKE.
 */
const SEARCH_LIMIT = 8
/** Members matched before sorting by name (see globalSearch). */
const MEMBER_CANDIDATES = 200

type SearchMember = {
  id: string
  code: string
  name: string
  phone: string | null
  unionName: string
}
type SearchLoan = {
  id: string
  loanNumber: string
  memberName: string
  status: LoanStatusValue
}
type SearchUnion = { id: string; name: string; officerName: string }
type SearchStaff = { id: string; name: string; email: string; role: StaffRole; isActive: boolean }

export type GlobalSearchResult = {
  members: SearchMember[]
  loans: SearchLoan[]
  unions: SearchUnion[]
  staff: SearchStaff[]
}

/** The loan-number part of the text: "LN00001234", "ln 1234", "1234" (3 characters at least, so trigrams serve it). */
function loanNumberText(q: string): string | undefined {
  const compact = q.toLowerCase().replace(/[\s-]/g, '')
  return /^(l|ln)?\d+$|^ln\d*$/.test(compact) && compact.length >= 3 ? compact : undefined
}

export async function globalSearch(
  ctx: AuthedContext,
  input: TGlobalSearchInput,
): Promise<GlobalSearchResult> {
  const scope = await staffScope(ctx.db, ctx.user)
  const memberPattern = containsPattern(searchText(input.q))
  const plainPattern = containsPattern(input.q.replace(/\s+/g, ' '))

  let memberQuery = ctx.db
    .selectFrom('member as m')
    .innerJoin('union as u', 'u.id', 'm.union_id')
    .select(['m.id', 'm.code', 'm.first_name', 'm.last_name', 'm.phone', 'u.name as union_name'])
    .where('m.deleted_at', 'is', null)
    .where('m.search_text', 'like', memberPattern)
  if (!scope.isAll) memberQuery = memberQuery.where('u.credit_officer_id', 'in', scope.staffIds)
  // A common fragment ("ade") matches thousands of members: sort a bounded set of them, not all (a
  // palette shows eight; a more exact text narrows the set). A typed member code first, then by name.
  const memberRows = await ctx.db
    .selectFrom(memberQuery.limit(MEMBER_CANDIDATES).as('c'))
    .selectAll()
    .orderBy(sql`c.code = upper(${input.q.replace(/\s/g, '')})`, 'desc')
    .orderBy(sql`lower(c.last_name)`)
    .orderBy(sql`lower(c.first_name)`)
    .orderBy('c.id')
    .limit(SEARCH_LIMIT)
    .execute()
  const memberIds = memberRows.map((row) => row.id)

  const numberText = loanNumberText(input.q)
  let loanRows: {
    id: string
    loan_number: string
    first_name: string
    last_name: string
    status: LoanStatusValue
  }[] = []
  if (numberText !== undefined || memberIds.length > 0) {
    let loanQuery = ctx.db
      .selectFrom('loan as l')
      .innerJoin('member as lm', 'lm.id', 'l.member_id')
      .innerJoin('union as lu', 'lu.id', 'lm.union_id')
      .select(['l.id', 'l.loan_number', 'lm.first_name', 'lm.last_name', 'l.status'])
      .where((eb) =>
        eb.or([
          ...(memberIds.length > 0 ? [eb('l.member_id', 'in', memberIds)] : []),
          ...(numberText !== undefined ? [eb('l.loan_number', 'ilike', containsPattern(numberText))] : []),
        ]),
      )
    if (!scope.isAll) loanQuery = loanQuery.where('lu.credit_officer_id', 'in', scope.staffIds)
    // Loans whose number matches come before the found members' other loans.
    if (numberText !== undefined)
      loanQuery = loanQuery.orderBy(sql`l.loan_number ilike ${containsPattern(numberText)}`, 'desc')
    loanRows = await loanQuery.orderBy('l.created_at', 'desc').orderBy('l.id').limit(SEARCH_LIMIT).execute()
  }

  let unionQuery = ctx.db
    .selectFrom('union as u')
    .innerJoin('staff_user as o', 'o.id', 'u.credit_officer_id')
    .select(['u.id', 'u.name', 'o.first_name', 'o.last_name'])
    .where('u.deleted_at', 'is', null)
    .where('u.name', 'ilike', plainPattern)
  if (!scope.isAll) unionQuery = unionQuery.where('u.credit_officer_id', 'in', scope.staffIds)
  const unionRows = await unionQuery
    .orderBy(sql`lower(u.name)`)
    .orderBy('u.id')
    .limit(SEARCH_LIMIT)
    .execute()

  const staffRows =
    ctx.user.role === 'ADMIN'
      ? await ctx.db
          .selectFrom('staff_user as s')
          .select(['s.id', 's.first_name', 's.last_name', 's.email', 's.role', 's.is_active'])
          .where((eb) =>
            eb.or([
              eb(sql<string>`s.first_name || ' ' || s.last_name`, 'ilike', plainPattern),
              eb(sql<string>`s.last_name || ' ' || s.first_name`, 'ilike', plainPattern),
              eb('s.email', 'ilike', plainPattern),
            ]),
          )
          .orderBy(sql`lower(s.last_name)`)
          .orderBy(sql`lower(s.first_name)`)
          .orderBy('s.id')
          .limit(SEARCH_LIMIT)
          .execute()
      : []

  return {
    members: memberRows.map((row) => ({
      id: row.id,
      code: row.code,
      name: `${row.first_name} ${row.last_name}`,
      phone: row.phone,
      unionName: row.union_name,
    })),
    loans: loanRows.map((row) => ({
      id: row.id,
      loanNumber: row.loan_number,
      memberName: `${row.first_name} ${row.last_name}`,
      status: row.status,
    })),
    unions: unionRows.map((row) => ({
      id: row.id,
      name: row.name,
      officerName: `${row.first_name} ${row.last_name}`,
    })),
    staff: staffRows.map((row) => ({
      id: row.id,
      name: `${row.first_name} ${row.last_name}`,
      email: row.email,
      role: row.role,
      isActive: row.is_active,
    })),
  }
}
