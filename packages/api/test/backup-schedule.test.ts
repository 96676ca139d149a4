import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { createSession, validateSessionToken } from '@mp/auth'
import { createKysely, createPool, sql, type Database, type Kysely } from '@mp/db'
import { createTestDatabase, type TestDatabase } from '@mp/db/testing'
import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createCaller, createInnerContext } from '../src/index.js'
import { applyRetention, runBackup } from '../src/backup/service.js'
import { backupCron, drillCron, runBackupDrill } from '../src/jobs/backup-jobs.js'
import type { JobQueue } from '../src/jobs/queue.js'
import { createLocalStorage } from '../src/storage/index.js'
import type { DocumentStorage } from '../src/storage/types.js'
import { addStaff, expectTRPCError } from './staff-fixtures.js'
import { silentLogger, startTestQueue } from './support/jobs.js'

/**
 * Scheduled backups, retention and the weekly drill (issue 13 items 3 and 5; docs/backups.md "Schedule"):
 * the schedule as admins set it, turned into the job queue's cron schedules in the company's time zone;
 * two instances firing one scheduled backup; retention; a failed run shown; the drill's result kept.
 */
let database: TestDatabase
let pool: pg.Pool
let db: Kysely<Database>
let work: string
let storage: DocumentStorage
const queues: JobQueue[] = []
let adminId = ''
let officerId = ''

async function callerFor(userId: string, jobs?: JobQueue) {
  const { token } = await createSession(db, { userId, isPersistent: false })
  const validated = await validateSessionToken(db, token)
  if (!validated) throw new Error('session did not validate')
  return createCaller(
    createInnerContext({
      db,
      session: validated.session,
      user: validated.user,
      request: { ip: '10.3.3.3', userAgent: 'vitest', requestId: 'req-backup-schedule' },
      storage,
      backups: { pool, workDir: work },
      jobs,
    }),
  )
}

async function queue(options: { workers: boolean; storage?: DocumentStorage }) {
  const started = await startTestQueue(
    database.url,
    options.workers
      ? {
          db,
          storage: options.storage ?? storage,
          logger: silentLogger,
          backups: { backups: { pool, workDir: work }, scratchServerUrl: inject('mpTestDb').adminUrl },
        }
      : undefined,
    { cronMonitorIntervalSeconds: 1 },
  )
  queues.push(started)
  return started
}

async function schedules() {
  const { rows } = await sql<{ name: string; cron: string; timezone: string }>`
    select name, cron, timezone from pgboss.schedule order by name`.execute(db)
  return rows
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'mp-backup-schedule-'))
  storage = createLocalStorage(path.join(work, 'store'))
  database = await createTestDatabase(inject('mpTestDb'))
  pool = createPool(database.url, { max: 6 })
  db = createKysely(pool)
  await db.insertInto('company_settings').values({ name: 'Millennium Potters' }).execute()
  adminId = (await addStaff(db, { email: 'admin@example.com', role: 'ADMIN' })).id
  officerId = (await addStaff(db, { email: 'officer@example.com', role: 'CREDIT_OFFICER' })).id
}, 120_000)

afterAll(async () => {
  for (const started of queues) await started.stop()
  await db.destroy()
  await database.drop()
  await rm(work, { recursive: true, force: true })
})

describe('the backup schedule', () => {
  it('starts daily at 02:00 kept 30 days, in the company time zone', async () => {
    const caller = await callerFor(adminId)
    expect(await caller.backupSchedule.get()).toMatchObject({
      frequency: 'DAILY',
      hour: 2,
      retentionDays: 30,
      timezone: 'Africa/Lagos',
      lastScheduled: null,
      lastDrill: null,
      needsAttention: false,
    })
  })

  it('turns into cron lines: daily, weekly on a weekday, monthly on a day; the drill on Sundays after', () => {
    const base = { hour: 2, weekday: 3, monthDay: 15, retentionDays: 30 }
    expect(backupCron({ ...base, frequency: 'DAILY' })).toBe('0 2 * * *')
    expect(backupCron({ ...base, frequency: 'WEEKLY' })).toBe('0 2 * * 3')
    expect(backupCron({ ...base, frequency: 'MONTHLY' })).toBe('0 2 15 * *')
    expect(backupCron({ ...base, frequency: 'OFF' })).toBeNull()
    expect(drillCron({ ...base, hour: 22, frequency: 'DAILY' })).toBe('30 1 * * 0')
    expect(drillCron({ ...base, frequency: 'OFF' })).toBeNull()
  })

  it('is changed by admins only, with each bad field named, audited, and applied to the queue', async () => {
    const sender = await queue({ workers: false })
    const admin = await callerFor(adminId, sender)
    await expectTRPCError(
      (await callerFor(officerId, sender)).backupSchedule.update({
        frequency: 'DAILY',
        hour: 1,
        weekday: 0,
        monthDay: 1,
        retentionDays: 7,
      }),
      'FORBIDDEN',
    )
    await expectTRPCError(
      admin.backupSchedule.update({
        frequency: 'DAILY',
        hour: 24,
        weekday: 0,
        monthDay: 1,
        retentionDays: 7,
      }),
      'BAD_REQUEST',
      /Hour must be from 0 to 23/,
    )
    await expectTRPCError(
      admin.backupSchedule.update({
        frequency: 'MONTHLY',
        hour: 1,
        weekday: 0,
        monthDay: 31,
        retentionDays: 7,
      }),
      'BAD_REQUEST',
      /Day of the month must be from 1 to 28/,
    )
    await expectTRPCError(
      admin.backupSchedule.update({ frequency: 'DAILY', hour: 1, weekday: 0, monthDay: 1, retentionDays: 0 }),
      'BAD_REQUEST',
      /Retention in days must be from 1 to 3650/,
    )
    const saved = await admin.backupSchedule.update({
      frequency: 'WEEKLY',
      hour: 23,
      weekday: 5,
      monthDay: 1,
      retentionDays: 14,
    })
    expect(saved).toMatchObject({ frequency: 'WEEKLY', hour: 23, weekday: 5, retentionDays: 14 })
    expect(await schedules()).toEqual([
      { name: 'backup', cron: '0 23 * * 5', timezone: 'Africa/Lagos' },
      { name: 'backup-drill', cron: '30 2 * * 0', timezone: 'Africa/Lagos' },
    ])
    const audit = await db
      .selectFrom('audit_log')
      .select(['action', 'actor_id'])
      .where('action', '=', 'BACKUP_SCHEDULE_UPDATE')
      .execute()
    expect(audit).toEqual([{ action: 'BACKUP_SCHEDULE_UPDATE', actor_id: adminId }])
    await admin.backupSchedule.update({
      frequency: 'OFF',
      hour: 23,
      weekday: 5,
      monthDay: 1,
      retentionDays: 14,
    })
    expect(await schedules()).toEqual([])
  })
})

describe('scheduled runs', () => {
  it('two instances with one schedule make one backup per firing', async () => {
    const one = await queue({ workers: true })
    const two = await queue({ workers: true })
    // Every minute, from both instances (the same schedule replaced twice): it fires once a minute at most.
    for (const instance of [one, two])
      await instance.schedule('backup', '* * * * *', { trigger: 'schedule' }, 'UTC')
    let done = 0
    for (let attempt = 0; attempt < 1800 && done < 1; attempt++) {
      const row = await db
        .selectFrom('backup')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('trigger', '=', 'SCHEDULED')
        .where('state', '=', 'DONE')
        .executeTakeFirstOrThrow()
      done = row.n
      if (done < 1) await new Promise((resolve) => setTimeout(resolve, 100))
    }
    await one.unschedule('backup')
    expect(done).toBeGreaterThanOrEqual(1)
    // No minute holds two scheduled backups.
    const { rows } = await sql<{ minute: string; n: number }>`
      select date_trunc('minute', created_at)::text as minute, count(*)::int as n
      from backup where trigger = 'SCHEDULED' group by 1`.execute(db)
    expect(rows.every((row) => row.n === 1)).toBe(true)
    const caller = await callerFor(adminId)
    expect((await caller.backupSchedule.get()).lastScheduled).toMatchObject({ state: 'DONE' })
  }, 240_000)

  it('retention removes only automatic backups older than the limit, archive and row', async () => {
    const deps = { db, storage, pool, workDir: work }
    const manual = await runBackup(deps, {
      trigger: 'MANUAL',
      byUser: { id: adminId, email: 'admin@example.com' },
    })
    const scheduled = await runBackup(deps, { trigger: 'SCHEDULED', byUser: null })
    expect([manual.state, scheduled.state]).toEqual(['DONE', 'DONE'])
    // Fifteen days on, with a 14-day limit: every scheduled one goes, the manual one stays.
    const later = new Date(Date.now() + 15 * 86_400_000)
    const removed = await applyRetention(deps, 14, later)
    expect(removed).toContain(scheduled.id)
    expect(removed).not.toContain(manual.id)
    const left = await db.selectFrom('backup').select(['id', 'trigger']).execute()
    expect(left.filter((row) => row.trigger === 'SCHEDULED')).toEqual([])
    expect(left.map((row) => row.id)).toContain(manual.id)
    await expect(storage.openRead(`backups/${scheduled.id}`)).rejects.toThrow(/No stored file/)
  }, 240_000)

  it('a scheduled run that fails is kept with its error and flagged for the admins', async () => {
    const refusing: DocumentStorage = {
      ...storage,
      putFile: () => Promise.reject(new Error('disk full')),
    }
    const worker = await queue({ workers: true, storage: refusing })
    // Only this worker runs now, so the run is the one with the refusing storage.
    for (const started of queues.filter((q) => q !== worker)) await started.stop()
    queues.splice(0, queues.length, worker)
    await worker.send('backup', { trigger: 'schedule' })
    let view = await (await callerFor(adminId)).backupSchedule.get()
    for (let attempt = 0; attempt < 1800 && view.lastScheduled?.state !== 'FAILED'; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      view = await (await callerFor(adminId)).backupSchedule.get()
    }
    expect(view.lastScheduled).toMatchObject({ state: 'FAILED' })
    expect(view.lastScheduled?.error).toMatch(/disk full/)
    expect(view.needsAttention).toBe(true)
  }, 240_000)

  it('the drill restores the newest backup into a scratch database and keeps a passing result', async () => {
    const deps = { db, storage, pool, workDir: work }
    const fresh = await runBackup(deps, {
      trigger: 'MANUAL',
      byUser: { id: adminId, email: 'admin@example.com' },
    })
    expect(fresh.state).toBe('DONE')
    await runBackupDrill({
      db,
      storage,
      logger: silentLogger,
      backups: { pool, workDir: work },
      scratchServerUrl: inject('mpTestDb').adminUrl,
    })
    const view = await (await callerFor(adminId)).backupSchedule.get()
    expect(view.lastDrill).toMatchObject({ state: 'PASSED', fileName: fresh.fileName, error: null })
    expect(view.lastDrill?.tables).toBeGreaterThan(10)
  }, 240_000)
})
