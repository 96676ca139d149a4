import type { Database, Kysely, StaffRole, Transaction } from '@mp/db'
import { AppError } from './errors.js'

/**
 * The one scoping module (docs/product.md §1). Every read and write asks it what the actor may see; out of scope
 * answers NOT_FOUND, never the data. Scope is read from the database on every request, so a
 * reassignment (a new supervisor, a moved union) takes effect on the next request without signing out.
 *
 * - ADMIN: everything.
 * - SUPERVISOR: themselves and the credit officers whose supervisor they are, and what hangs off them.
 * - CREDIT_OFFICER: themselves and what hangs off them.
 */
export type Actor = { id: string; role: StaffRole }

type Db = Kysely<Database> | Transaction<Database>

export type StaffScope = { isAll: true } | { isAll: false; staffIds: string[] }

/** Staff users whose records (unions, members, loans, login history, audit entries) the actor sees. */
export async function staffScope(db: Db, actor: Actor): Promise<StaffScope> {
  switch (actor.role) {
    case 'ADMIN':
      return { isAll: true }
    case 'SUPERVISOR': {
      const team = await db
        .selectFrom('staff_user')
        .select('id')
        .where('supervisor_id', '=', actor.id)
        .execute()
      return { isAll: false, staffIds: [actor.id, ...team.map((row) => row.id)] }
    }
    case 'CREDIT_OFFICER':
      return { isAll: false, staffIds: [actor.id] }
  }
}

export function isInScope(scope: StaffScope, staffId: string | null | undefined): boolean {
  if (scope.isAll) return true
  return staffId !== null && staffId !== undefined && scope.staffIds.includes(staffId)
}

/** Throws NOT_FOUND unless the actor may see records owned by `staffId`. */
export async function assertStaffInScope(
  db: Db,
  actor: Actor,
  staffId: string | null | undefined,
  what: string,
) {
  if (!isInScope(await staffScope(db, actor), staffId)) throw notFound(what)
}

export function notFound(what: string): AppError {
  return new AppError('NOT_FOUND', `${what} not found`, 'NOT_FOUND')
}

/** Narrows an optional row, answering NOT_FOUND with the record's name. */
export function found<T>(row: T | undefined, what: string): T {
  if (row === undefined) throw notFound(what)
  return row
}
