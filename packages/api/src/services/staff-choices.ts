import { sql, type StaffRole } from '@mp/db'
import type { AuthedContext } from '../context.js'
import { staffScope } from '../scope.js'

/**
 * Active staff of one role the caller may pick in a form, by surname: every one for an admin, the
 * caller's own scope otherwise (a supervisor sees themselves and their team).
 */
export async function activeStaffChoices(
  ctx: AuthedContext,
  role: StaffRole,
): Promise<{ id: string; name: string }[]> {
  const scope = await staffScope(ctx.db, ctx.user)
  let query = ctx.db
    .selectFrom('staff_user')
    .select(['id', 'first_name', 'last_name'])
    .where('role', '=', role)
    .where('is_active', '=', true)
  if (!scope.isAll) query = query.where('id', 'in', scope.staffIds)
  const rows = await query
    .orderBy(sql`lower(last_name)`)
    .orderBy(sql`lower(first_name)`)
    .orderBy('id')
    .execute()
  return rows.map((row) => ({ id: row.id, name: `${row.first_name} ${row.last_name}` }))
}
