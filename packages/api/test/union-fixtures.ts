import type { Database, Kysely, StaffUser } from '@mp/db'
import { addAdminAndSupervisors, addStaff, openTestDatabase, signInAs } from './staff-fixtures.js'
import type { JobQueue } from '../src/jobs/queue.js'
import type { DocumentStorage } from '../src/storage/types.js'

/**
 * Shared set-up for the union, member, guarantor and assignment tests: one fresh database per file
 * (with a pool big enough for the concurrency tests) and two teams.
 *
 *   admin
 *   supA ─ coA1, coA2        supB ─ coB1
 */
export function openUnionTestDatabase(options: { poolSize?: number } = {}) {
  return openTestDatabase(options)
}

export type Caller = Awaited<ReturnType<typeof signInAs>>['caller']

export type Teams = {
  admin: StaffUser
  supA: StaffUser
  supB: StaffUser
  coA1: StaffUser
  coA2: StaffUser
  coB1: StaffUser
  asAdmin: Caller
  asSupA: Caller
  asSupB: Caller
  asCoA1: Caller
  asCoA2: Caller
  asCoB1: Caller
}

export async function addTeams(
  db: Kysely<Database>,
  options: { now?: () => Date; jobs?: JobQueue; storage?: DocumentStorage } = {},
): Promise<Teams> {
  const { admin, supA, supB } = await addAdminAndSupervisors(db)
  const coA1 = await addStaff(db, {
    email: 'chidi@example.com',
    role: 'CREDIT_OFFICER',
    firstName: 'Chidi',
    lastName: 'Obi',
    supervisorId: supA.id,
  })
  const coA2 = await addStaff(db, {
    email: 'funke@example.com',
    role: 'CREDIT_OFFICER',
    firstName: 'Funke',
    lastName: 'Lawal',
    supervisorId: supA.id,
  })
  const coB1 = await addStaff(db, {
    email: 'emeka@example.com',
    role: 'CREDIT_OFFICER',
    firstName: 'Emeka',
    lastName: 'Nwosu',
    supervisorId: supB.id,
  })
  return {
    admin,
    supA,
    supB,
    coA1,
    coA2,
    coB1,
    asAdmin: (await signInAs(db, admin, options)).caller,
    asSupA: (await signInAs(db, supA, options)).caller,
    asSupB: (await signInAs(db, supB, options)).caller,
    asCoA1: (await signInAs(db, coA1, options)).caller,
    asCoA2: (await signInAs(db, coA2, options)).caller,
    asCoB1: (await signInAs(db, coB1, options)).caller,
  }
}

/** A union straight in the database (for set-up; the procedures are tested on their own). */
export async function addUnion(db: Kysely<Database>, seed: { name: string; officerId: string }) {
  return db
    .insertInto('union')
    .values({ name: seed.name, credit_officer_id: seed.officerId })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function addMember(
  db: Kysely<Database>,
  seed: { unionId: string; firstName: string; lastName: string; phone?: string | null; bvn?: string | null },
) {
  return db
    .insertInto('member')
    .values({
      union_id: seed.unionId,
      first_name: seed.firstName,
      last_name: seed.lastName,
      phone: seed.phone ?? null,
      bvn: seed.bvn ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

/** Audit rows for an action (and entity), to prove each mutation wrote one in its transaction. */
export function auditRows(db: Kysely<Database>, action: string, entityId?: string) {
  let query = db.selectFrom('audit_log').selectAll().where('action', '=', action)
  if (entityId) query = query.where('entity_id', '=', entityId)
  return query.orderBy('created_at').execute()
}
