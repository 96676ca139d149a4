import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { createLocalStorage, runBackup } from '@mp/api'
import { createSession } from '@mp/auth'
import { createKysely, createPool, type Database, type Kysely } from '@mp/db'
import { createTestDatabase, type TestDatabase } from '@mp/db/testing'
import type { FastifyInstance } from 'fastify'
import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { buildApp } from '../src/app.js'

/** POST /files/backups/restore: an admin restores a backup file from their computer (docs/backups.md). */
describe('restore from an uploaded file over HTTP', () => {
  let database: TestDatabase
  let pool: pg.Pool
  let db: Kysely<Database>
  let app: FastifyInstance
  let work: string
  const cookies = { admin: '', officer: '' }
  let adminId = ''
  let archive: Buffer

  const staffEmails = async () =>
    (await db.selectFrom('staff_user').select('email').orderBy('email').execute()).map((row) => row.email)

  const upload = (body: Buffer, headers: Record<string, string>) =>
    app.inject({
      method: 'POST',
      url: '/files/backups/restore',
      headers: { 'content-type': 'application/octet-stream', origin: 'http://localhost:80', ...headers },
      payload: body,
    })

  beforeAll(async () => {
    database = await createTestDatabase(inject('mpTestDb'))
    pool = createPool(database.url, { max: 5 })
    db = createKysely(pool)
    work = await mkdtemp(path.join(os.tmpdir(), 'mp-backup-upload-'))
    await db.insertInto('company_settings').values({ name: 'Millennium Potters' }).execute()
    const staff = await db
      .insertInto('staff_user')
      .values(
        (['ADMIN', 'CREDIT_OFFICER'] as const).map((role, index) => ({
          email: `staff${String(index)}@example.com`,
          first_name: 'Staff',
          last_name: `No${String(index)}`,
          role,
          password_hash: 'not-used',
          must_change_password: false,
        })),
      )
      .returning('id')
      .execute()
    adminId = staff[0]?.id ?? ''
    cookies.admin = `mp_session=${(await createSession(db, { userId: adminId, isPersistent: false })).token}`
    cookies.officer = `mp_session=${(await createSession(db, { userId: staff[1]?.id ?? '', isPersistent: false })).token}`
    const storage = createLocalStorage(path.join(work, 'store'))
    app = await buildApp({ db, storage, backups: { pool, workDir: path.join(work, 'tmp') } })
    // The archive as an admin downloads it.
    const made = await runBackup(
      { db, pool, storage, workDir: path.join(work, 'tmp') },
      { trigger: 'MANUAL', byUser: null },
    )
    expect(made.state).toBe('DONE')
    const downloaded = await app.inject({
      method: 'GET',
      url: `/files/backups/${made.id}`,
      headers: { cookie: cookies.admin },
    })
    expect(downloaded.statusCode).toBe(200)
    archive = downloaded.rawPayload
  })

  afterAll(async () => {
    await app.close()
    await db.destroy()
    await database.drop()
    await rm(work, { recursive: true, force: true })
  })

  it('refuses anyone but an admin, a missing confirmation and a damaged file, changing nothing', async () => {
    await db
      .insertInto('staff_user')
      .values({
        email: 'late@example.com',
        first_name: 'Late',
        last_name: 'Comer',
        role: 'CREDIT_OFFICER',
        password_hash: 'x',
      })
      .execute()
    const before = await staffEmails()
    expect((await upload(archive, {})).statusCode).toBe(401)
    expect(
      (await upload(archive, { cookie: cookies.officer, 'x-restore-confirmation': 'RESTORE' })).statusCode,
    ).toBe(404)
    const unconfirmed = await upload(archive, { cookie: cookies.admin })
    expect(unconfirmed.statusCode).toBe(400)
    expect(unconfirmed.json<{ message: string }>().message).toBe('Type RESTORE to confirm the restore')
    const crossSite = await upload(archive, {
      cookie: cookies.admin,
      'x-restore-confirmation': 'RESTORE',
      origin: 'https://evil.example.net',
    })
    expect(crossSite.statusCode).toBe(403)
    const truncated = await upload(archive.subarray(0, Math.floor(archive.length / 2)), {
      cookie: cookies.admin,
      'x-restore-confirmation': 'RESTORE',
    })
    expect(truncated.statusCode).toBe(422)
    expect(truncated.json<{ message: string; reason: string }>()).toMatchObject({
      reason: 'BACKUP_TRUNCATED',
      message: expect.stringMatching(/nothing was changed/) as unknown,
    })
    // Larger than the app's 1 MB body limit: streamed through, then refused for what it is.
    const large = await upload(Buffer.alloc(3 * 1024 * 1024, 7), {
      cookie: cookies.admin,
      'x-restore-confirmation': 'RESTORE',
    })
    expect(large.statusCode).toBe(422)
    expect(large.json<{ reason: string }>().reason).toBe('BACKUP_NOT_A_BACKUP')
    const foreign = await upload(Buffer.from('id,name\n1,Ada\n'), {
      cookie: cookies.admin,
      'x-restore-confirmation': 'RESTORE',
    })
    expect(foreign.statusCode).toBe(422)
    expect(await staffEmails()).toEqual(before)
    expect(await db.selectFrom('backup').select('trigger').execute()).toEqual([{ trigger: 'MANUAL' }])
  })

  it('restores a good file; the admin stays signed in, the officer is signed out', async () => {
    const restored = await upload(archive, { cookie: cookies.admin, 'x-restore-confirmation': 'RESTORE' })
    expect(restored.statusCode, restored.body).toBe(200)
    expect(restored.json<{ tables: number; rows: number }>().rows).toBeGreaterThan(0)
    expect(await staffEmails()).toEqual(['staff0@example.com', 'staff1@example.com'])
    const sessions = await db.selectFrom('session').select('user_id').execute()
    expect(sessions).toEqual([{ user_id: adminId }])
    const audit = await db
      .selectFrom('audit_log')
      .select(['action', 'after'])
      .where('action', '=', 'BACKUP_RESTORE')
      .execute()
    expect(audit).toHaveLength(1)
    expect(JSON.stringify(audit[0]?.after)).toContain('an uploaded file')
    expect(
      (await db.selectFrom('backup').select('trigger').orderBy('created_at').execute()).map(
        (row) => row.trigger,
      ),
    ).toEqual(['MANUAL', 'PRE_RESTORE'])
  })
})
