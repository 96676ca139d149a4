import type { AuthedContext } from '../context.js'
import type { TLoginHistoryListInput } from '../schemas/login-history.js'
import { staffScope } from '../scope.js'
import {
  companyTimezone,
  containsPattern,
  countRows,
  endOfDayExclusive,
  offsetPage,
  startOfDay,
  type ListSource,
  type Page,
} from './list-query.js'

export type LoginHistoryItem = {
  id: string
  userId: string | null
  email: string
  userName: string | null
  isSuccess: boolean
  failureReason: string | null
  ip: string | null
  userAgent: string | null
  createdAt: Date
}

/**
 * Sign-in attempts (docs/product.md §2, §9). Admins see all of them, including attempts on unknown emails;
 * a supervisor sees their own and their team's; a credit officer only their own.
 */
/** Attempts in scope with the list's filters, newest first (the screen's pages and the export's rows). */
async function loginHistoryQuery(
  ctx: AuthedContext,
  input: Omit<TLoginHistoryListInput, 'page' | 'pageSize'>,
) {
  const scope = await staffScope(ctx.db, ctx.user)
  let query = ctx.db.selectFrom('login_history as h').leftJoin('staff_user as u', 'u.id', 'h.user_id')
  // `in` never matches a null user_id, so unknown-email attempts stay admin-only.
  if (!scope.isAll) query = query.where('h.user_id', 'in', scope.staffIds)
  if (input.userId) query = query.where('h.user_id', '=', input.userId)
  const email = input.email?.trim()
  if (email) query = query.where('h.email', 'ilike', containsPattern(email))
  if (input.isSuccess !== undefined) query = query.where('h.is_success', '=', input.isSuccess)
  if (input.from !== undefined || input.to !== undefined) {
    const timezone = await companyTimezone(ctx.db)
    if (input.from !== undefined) query = query.where('h.created_at', '>=', startOfDay(input.from, timezone))
    if (input.to !== undefined)
      query = query.where('h.created_at', '<', endOfDayExclusive(input.to, timezone))
  }
  const rows = query
    .select([
      'h.id',
      'h.user_id',
      'h.email',
      'u.first_name',
      'u.last_name',
      'h.is_success',
      'h.failure_reason',
      'h.ip',
      'h.user_agent',
      'h.created_at',
    ])
    .orderBy('h.created_at', 'desc')
    .orderBy('h.id', 'desc')
  return { filtered: query, rows }
}

type LoginHistoryRow = Awaited<
  ReturnType<Awaited<ReturnType<typeof loginHistoryQuery>>['rows']['executeTakeFirstOrThrow']>
>

function toItem(row: LoginHistoryRow): LoginHistoryItem {
  return {
    id: row.id,
    userId: row.user_id,
    email: row.email,
    userName: row.first_name === null || row.last_name === null ? null : `${row.first_name} ${row.last_name}`,
    isSuccess: row.is_success,
    failureReason: row.failure_reason,
    ip: row.ip,
    userAgent: row.user_agent,
    createdAt: row.created_at,
  }
}

export async function listLoginHistory(
  ctx: AuthedContext,
  input: TLoginHistoryListInput,
): Promise<Page<LoginHistoryItem>> {
  const { filtered, rows: ordered } = await loginHistoryQuery(ctx, input)
  return offsetPage(input, ordered, filtered, (rows) => rows.map(toItem))
}

/** Every attempt of the list in its order, for the export (one server-side cursor). */
export async function loginHistorySource(
  ctx: AuthedContext,
  input: Omit<TLoginHistoryListInput, 'page' | 'pageSize'>,
): Promise<ListSource<LoginHistoryRow, LoginHistoryItem>> {
  const { filtered, rows } = await loginHistoryQuery(ctx, input)
  return { query: rows, count: () => countRows(ctx.db, filtered.select('h.id')), toItem }
}
