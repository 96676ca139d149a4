import type { Database, Kysely, StaffRole } from '@mp/db'
import { createCaller, createInnerContext, type InnerContextOptions } from '../../src/index.js'
import { PASSWORD, addStaff, openTestDatabase, signInAs } from '../staff-fixtures.js'

/** Thin adapters over staff-fixtures.ts for the account and setup tests. */
export const TEST_PASSWORD = PASSWORD
export const openTestDb = openTestDatabase
export type TestDb = Awaited<ReturnType<typeof openTestDatabase>>

export async function insertStaff(
  db: Kysely<Database>,
  seed: {
    email: string
    role: StaffRole
    supervisorId?: string | null
    mustChangePassword?: boolean
    isActive?: boolean
  },
): Promise<string> {
  return (await addStaff(db, seed)).id
}

export async function callerFor(db: Kysely<Database>, userId: string) {
  return signInAs(db, { id: userId })
}

/** An anonymous caller with its context (for reading the cookies it set). */
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
