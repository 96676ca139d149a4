import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { createSession, validateSessionToken } from '@mp/auth'
import { createKysely, createPool, type Database, type Kysely } from '@mp/db'
import { createTestDatabase, type TestDatabase } from '@mp/db/testing'
import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createCaller, createInnerContext } from '../src/index.js'
import { createLocalStorage } from '../src/storage/index.js'
import { addStaff, expectTRPCError } from './staff-fixtures.js'

/** Settings → Backups through the tRPC procedures: admin only, progress, counts, delete and restore audited. */

let database: TestDatabase
let pool: pg.Pool
let db: Kysely<Database>
let work: string

async function callerFor(userId: string) {
  const { token } = await createSession(db, { userId, isPersistent: false })
  const validated = await validateSessionToken(db, token)
  if (!validated) throw new Error('session did not validate')
  const ctx = createInnerContext({
    db,
    session: validated.session,
    user: validated.user,
    request: { ip: '10.2.2.2', userAgent: 'vitest', requestId: 'req-backup-router' },
    storage: createLocalStorage(path.join(work, 'store')),
    backups: { pool, workDir: work },
  })
  return { caller: createCaller(ctx), session: validated.session }
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'mp-backup-router-'))
  database = await createTestDatabase(inject('mpTestDb'))
  pool = createPool(database.url, { max: 4 })
  db = createKysely(pool)
  await db.insertInto('company_settings').values({ name: 'Millennium Potters' }).execute()
})

afterAll(async () => {
  await db.destroy()
  await database.drop()
  await rm(work, { recursive: true, force: true })
})

async function waitUntilFinished(caller: Awaited<ReturnType<typeof callerFor>>['caller'], id: string) {
  // Polls the same procedure the page does; no fixed sleep decides the outcome.
  for (let attempt = 0; attempt < 600; attempt++) {
    const backup = await caller.backup.get({ id })
    if (backup.state !== 'RUNNING') return backup
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error('backup still running after 60 s')
}

describe('backup procedures', () => {
  it('lets an admin make, list, restore and delete backups; others are refused', async () => {
    const admin = await addStaff(db, { email: 'admin@backup.test', role: 'ADMIN' })
    const supervisor = await addStaff(db, { email: 'sup@backup.test', role: 'SUPERVISOR' })
    const officer = await addStaff(db, {
      email: 'off@backup.test',
      role: 'CREDIT_OFFICER',
      supervisorId: supervisor.id,
    })
    const { caller: asAdmin, session } = await callerFor(admin.id)
    const { caller: asOfficer } = await callerFor(officer.id)
    const { caller: asSupervisor } = await callerFor(supervisor.id)

    await expectTRPCError(asSupervisor.backup.create(), 'FORBIDDEN')
    await expectTRPCError(asOfficer.backup.list(), 'FORBIDDEN')

    const started = await asAdmin.backup.create()
    expect(started.state).toBe('RUNNING')
    const finished = await waitUntilFinished(asAdmin, started.id)
    expect(finished.state, finished.error ?? '').toBe('DONE')
    expect(finished.tableCounts?.staff_user).toBe(3)
    expect(finished.tablesDone).toBe(finished.tablesTotal)
    expect(finished.createdBy).toBe('admin@backup.test')
    const listed = await asAdmin.backup.list()
    expect(listed.map((backup) => backup.id)).toEqual([started.id])
    expect(listed[0]?.size).toBeGreaterThan(0)

    // A restore needs the typed confirmation, checked on the server.
    await expectTRPCError(
      asAdmin.backup.restore({ id: started.id, confirmation: 'restore' as 'RESTORE' }),
      'BAD_REQUEST',
      /Type RESTORE/,
    )
    await expectTRPCError(
      asAdmin.backup.restore({ id: crypto.randomUUID(), confirmation: 'RESTORE' }),
      'NOT_FOUND',
    )

    // A staff member added after the backup is gone after the restore; the admin's session survives.
    await addStaff(db, { email: 'late@backup.test', role: 'CREDIT_OFFICER', supervisorId: supervisor.id })
    const restored = await asAdmin.backup.restore({ id: started.id, confirmation: 'RESTORE' })
    expect(restored.preRestoreBackup.state).toBe('DONE')
    expect(
      await db.selectFrom('staff_user').select('email').where('email', '=', 'late@backup.test').execute(),
    ).toEqual([])
    expect(await db.selectFrom('session').select('id').execute()).toEqual([{ id: session.id }])
    const audit = await db
      .selectFrom('audit_log')
      .select(['action', 'actor_email'])
      .where('action', '=', 'BACKUP_RESTORE')
      .execute()
    expect(audit).toEqual([{ action: 'BACKUP_RESTORE', actor_email: 'admin@backup.test' }])
    // Still signed in: the same caller keeps working.
    const afterRestore = await asAdmin.backup.list()
    expect(afterRestore.map((backup) => backup.trigger).sort()).toEqual(['MANUAL', 'PRE_RESTORE'])

    await asAdmin.backup.delete({ id: started.id })
    expect((await asAdmin.backup.list()).map((backup) => backup.trigger)).toEqual(['PRE_RESTORE'])
    const deleted = await db
      .selectFrom('audit_log')
      .select(['action', 'entity_id'])
      .where('action', '=', 'BACKUP_DELETE')
      .execute()
    expect(deleted).toEqual([{ action: 'BACKUP_DELETE', entity_id: started.id }])
    await expectTRPCError(asAdmin.backup.delete({ id: started.id }), 'NOT_FOUND')
    await expectTRPCError(asAdmin.backup.get({ id: 'not-a-uuid' }), 'BAD_REQUEST', /valid id/)
  }, 120_000)
})
