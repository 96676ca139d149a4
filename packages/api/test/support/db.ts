import { createSession, hashPassword, validateSessionToken } from '@mp/auth'
import { createKysely, createPool, type Database, type Kysely, type StaffRole } from '@mp/db'
import { createTestDatabase, type TestDatabase } from '@mp/db/testing'
import { inject } from 'vitest'
import { createCaller, createInnerContext, type InnerContextOptions } from '../../src/index.js'

export const TEST_PASSWORD = 'tangerine-kite-42'

export type TestDb = { db: Kysely<Database>; database: TestDatabase; close: () => Promise<void> }

/** This file's own database, cloned from the migrated template, with company settings. */
export async function openTestDb(): Promise<TestDb> {
  const database = await createTestDatabase(inject('mpTestDb'))
  const db = createKysely(createPool(database.url, { max: 6 }))
  await db.insertInto('company_settings').values({ name: 'Millennium Potters' }).execute()
  return {
    db,
    database,
    close: async () => {
      await db.destroy()
      await database.drop()
    },
  }
}

let passwordHash: Promise<string> | undefined

export async function insertStaff(
  db: Kysely<Database>,
  values: {
    email: string
    role: StaffRole
    supervisorId?: string | null
    mustChangePassword?: boolean
    isActive?: boolean
  },
): Promise<string> {
  passwordHash ??= hashPassword(TEST_PASSWORD)
  const row = await db
    .insertInto('staff_user')
    .values({
      email: values.email,
      first_name: values.email.split('@')[0] ?? 'Test',
      last_name: 'Tester',
      role: values.role,
      supervisor_id: values.supervisorId ?? null,
      password_hash: await passwordHash,
      must_change_password: values.mustChangePassword ?? false,
      is_active: values.isActive ?? true,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** A caller signed in as `userId`, through a real session row. */
export async function callerFor(
  db: Kysely<Database>,
  userId: string,
  extra: Partial<InnerContextOptions> = {},
) {
  const { token } = await createSession(db, { userId, isPersistent: false })
  const validated = await validateSessionToken(db, token)
  if (!validated) throw new Error('session did not validate')
  const ctx = createInnerContext({ db, session: validated.session, user: validated.user, ...extra })
  return { caller: createCaller(ctx), ctx, token }
}

export function anonymousCaller(db: Kysely<Database>, extra: Partial<InnerContextOptions> = {}) {
  const ctx = createInnerContext({ db, ...extra })
  return { caller: createCaller(ctx), ctx }
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejection(
  promise: Promise<unknown>,
): Promise<{ code: string; message: string; reason: string | undefined }> {
  try {
    await promise
  } catch (error) {
    const shaped = error as { code?: string; message?: string; cause?: { reason?: string } }
    return { code: shaped.code ?? 'UNKNOWN', message: shaped.message ?? '', reason: shaped.cause?.reason }
  }
  throw new Error('expected the call to fail, it succeeded')
}
