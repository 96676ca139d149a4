import { createSession, hashPassword, validateSessionToken } from '@mp/auth'
import { createKysely, createPool, type Database, type Kysely, type StaffRole } from '@mp/db'
import { createTestDatabase } from '@mp/db/testing'
import { TRPCError } from '@trpc/server'
import { expect, inject } from 'vitest'
import { createCaller, createInnerContext } from '../src/index.js'
import type { JobQueue } from '../src/jobs/queue.js'
import type { DocumentStorage } from '../src/storage/types.js'

/** Shared set-up for the staff, notes, login-history and audit tests: one fresh database per file. */
export const PASSWORD = 'tangerine-kite-42'

export async function openTestDatabase(options: { poolSize?: number } = {}) {
  const database = await createTestDatabase(inject('mpTestDb'))
  // Concurrency tests ask for a bigger pool so their requests really overlap.
  const db = createKysely(createPool(database.url, { max: options.poolSize ?? 4 }))
  await db.insertInto('company_settings').values({ name: 'Millennium Potters' }).execute()
  return {
    db,
    url: database.url,
    close: async () => {
      await db.destroy()
      await database.drop()
    },
  }
}

let passwordHash: Promise<string> | undefined

export type StaffSeed = {
  email: string
  role: StaffRole
  firstName?: string
  lastName?: string
  phone?: string | null
  supervisorId?: string | null
  isActive?: boolean
  mustChangePassword?: boolean
}

export async function addStaff(db: Kysely<Database>, seed: StaffSeed) {
  passwordHash ??= hashPassword(PASSWORD)
  return db
    .insertInto('staff_user')
    .values({
      email: seed.email,
      first_name: seed.firstName ?? seed.email.split('@')[0] ?? 'Staff',
      last_name: seed.lastName ?? 'Tester',
      phone: seed.phone ?? null,
      role: seed.role,
      supervisor_id: seed.supervisorId ?? null,
      password_hash: await passwordHash,
      must_change_password: seed.mustChangePassword ?? false,
      is_active: seed.isActive ?? true,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

/** The admin and the two supervisors the staff-facing tests start from: Amaka Eze; Sade Adeyemi and Bola Okoro. */
export async function addAdminAndSupervisors(db: Kysely<Database>) {
  const admin = await addStaff(db, {
    email: 'admin@example.com',
    role: 'ADMIN',
    firstName: 'Amaka',
    lastName: 'Eze',
  })
  const supA = await addStaff(db, {
    email: 'sade@example.com',
    role: 'SUPERVISOR',
    firstName: 'Sade',
    lastName: 'Adeyemi',
  })
  const supB = await addStaff(db, {
    email: 'bola@example.com',
    role: 'SUPERVISOR',
    firstName: 'Bola',
    lastName: 'Okoro',
  })
  return { admin, supA, supB }
}

/** A real session for the user, validated like the server does, and a caller acting as them. */
export async function signInAs(
  db: Kysely<Database>,
  user: { id: string },
  options: { now?: () => Date; ip?: string; jobs?: JobQueue; storage?: DocumentStorage } = {},
) {
  const { token } = await createSession(db, { userId: user.id, isPersistent: false })
  const validated = await validateSessionToken(db, token)
  if (!validated) throw new Error('session did not validate')
  const ctx = createInnerContext({
    db,
    session: validated.session,
    user: validated.user,
    request: { ip: options.ip ?? '10.1.1.1', userAgent: 'vitest', requestId: 'req-test' },
    now: options.now,
    jobs: options.jobs,
    storage: options.storage,
  })
  return { caller: createCaller(ctx), ctx, token }
}

export function anonymousCaller(db: Kysely<Database>) {
  return createCaller(createInnerContext({ db, request: { ip: null, userAgent: 'vitest', requestId: null } }))
}

export async function expectTRPCError(promise: Promise<unknown>, code: TRPCError['code'], message?: RegExp) {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(TRPCError)
  expect((error as TRPCError).code).toBe(code)
  if (message) expect((error as TRPCError).message).toMatch(message)
  return error as TRPCError
}
