import { createHash } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { createSession } from '@mp/auth'
import { createKysely, createPool, type Database, type Kysely } from '@mp/db'
import { createTestDatabase, type TestDatabase } from '@mp/db/testing'
import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  applyRetention,
  assertSameSchema,
  drillBackup,
  backedUpTables,
  EXCLUDED_TABLES,
  fetchStoredBackup,
  loadArchive,
  publicTables,
  restoreFromFile,
  runBackup,
  sequenceValues,
  startBackup,
  tableDigests,
  tablesClearedOnRestore,
  verifyArchive,
  type BackupDeps,
} from '../src/backup/index.js'
import { createLocalStorage } from '../src/storage/index.js'
import { activeLoan, addLoanWorld, newKey, type LoanWorld } from './loan-fixtures.js'

/**
 * Backups on real PostgreSQL (docs/backups.md): a populated database is backed up, restored into an
 * empty one and compared table by table; damaged files are refused with nothing changed; a restore that
 * fails half-way leaves every byte as it was.
 */

type Opened = { db: Kysely<Database>; pool: pg.Pool; database: TestDatabase }

async function openDb(): Promise<Opened> {
  const database = await createTestDatabase(inject('mpTestDb'))
  const pool = createPool(database.url, { max: 4 })
  return { db: createKysely(pool), pool, database }
}

async function closeDb(opened: Opened | undefined) {
  if (!opened) return
  await opened.db.destroy()
  await opened.database.drop()
}

/** Every backed-up table's rows and SHA-256, plus every sequence: "the database" for comparisons. */
async function snapshot(pool: pg.Pool) {
  const client = await pool.connect()
  try {
    const tables = await backedUpTables(client)
    return { tables: await tableDigests(client, tables), sequences: await sequenceValues(client) }
  } finally {
    client.release()
  }
}

const ZERO_CTX = {
  user: undefined,
  request: { ip: '10.0.0.1', userAgent: 'vitest', requestId: 'req-backup' },
}

let work: string
let source: Opened | undefined
let deps: BackupDeps
let w: LoanWorld
let archivePath: string

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'mp-backup-test-'))
  source = await openDb()
  await source.db.insertInto('company_settings').values({ name: 'Millennium Potters' }).execute()
  deps = {
    db: source.db,
    pool: source.pool,
    storage: createLocalStorage(path.join(work, 'store-a')),
    workDir: work,
  }
  // Generated data through the API: loans with schedules, payments, a reversal, ledger rows.
  w = await addLoanWorld(source.db)
  const loans = [
    await activeLoan(w),
    await activeLoan(w, { memberId: w.memberA2.id, principal: 5_000_000, termCount: 8 }),
    await activeLoan(w, { team: 'B', memberId: w.memberB.id }),
  ]
  w.clock.today = '2025-01-27'
  for (const loan of loans) {
    const officer = loan.id === loans[2]?.id ? w.asCoB1 : w.asCoA1
    await officer.repayment.record({
      loanId: loan.id,
      mode: 'DUE_NOW',
      paidOn: '2025-01-20',
      method: 'CASH',
      reference: null,
      idempotencyKey: newKey('bk'),
    })
    await officer.repayment.record({
      loanId: loan.id,
      mode: 'AMOUNT',
      amount: 123_456,
      paidOn: '2025-01-27',
      method: 'TRANSFER',
      reference: 'Bank ref 77',
      idempotencyKey: newKey('bk'),
    })
  }
  const mistaken = await w.asCoA1.repayment.record({
    loanId: loans[0]?.id ?? '',
    mode: 'AMOUNT',
    amount: 1_000,
    paidOn: '2025-01-27',
    method: 'CASH',
    reference: null,
    idempotencyKey: newKey('bk'),
  })
  await w.asAdmin.repayment.reverse({ id: mistaken.id, reason: 'Recorded twice' })
  // Text COPY must escape: tabs, newlines, backslashes, non-ASCII, JSON.
  await source.db
    .insertInto('audit_log')
    .values({
      action: 'TEST_ESCAPES',
      entity_type: 'test',
      user_agent: 'tab\there\nnew line \\N back\\slash ₦1,000 “quotes” \\.',
      after: JSON.stringify({ text: 'a\tb\nc\\d', nested: [1, null, 'é'] }),
    })
    .execute()
  const backup = await runBackup(deps, {
    trigger: 'MANUAL',
    byUser: { id: w.admin.id, email: w.admin.email },
  })
  expect(backup.state, backup.error ?? '').toBe('DONE')
  archivePath = (await fetchStoredBackup(deps, backup.id)).filePath
}, 120_000)

afterAll(async () => {
  await closeDb(source)
  await rm(work, { recursive: true, force: true })
})

describe('what a backup holds', () => {
  it('holds every table of the database except the listed exclusions, each of which exists', async () => {
    const client = await deps.pool.connect()
    try {
      const all = await publicTables(client)
      const backedUp = (await backedUpTables(client)).map((table) => table.name)
      for (const name of Object.keys(EXCLUDED_TABLES))
        expect(all, `excluded table ${name} exists`).toContain(name)
      expect([...backedUp, ...Object.keys(EXCLUDED_TABLES)].sort()).toEqual([...all].sort())
      for (const name of [
        'staff_user',
        'loan',
        'loan_installment',
        'loan_state',
        'repayment',
        'repayment_allocation',
        'audit_log',
        'login_history',
      ])
        expect(backedUp).toContain(name)
      // Parents before children: a restore loads them in this order.
      expect(backedUp.indexOf('loan')).toBeLessThan(backedUp.indexOf('repayment'))
      expect(backedUp.indexOf('repayment')).toBeLessThan(backedUp.indexOf('repayment_allocation'))
    } finally {
      client.release()
    }
  })

  it('picks up a table a new migration adds without anyone listing it', async () => {
    const other = await openDb()
    try {
      await other.pool.query('create table zz_new_business (id uuid primary key, note text)')
      const client = await other.pool.connect()
      try {
        expect((await backedUpTables(client)).map((table) => table.name)).toContain('zz_new_business')
      } finally {
        client.release()
      }
    } finally {
      await closeDb(other)
    }
  })

  it('records counts and checksums per table in the backup row and the manifest', async () => {
    const row = await deps.db
      .selectFrom('backup')
      .selectAll()
      .where('trigger', '=', 'MANUAL')
      .executeTakeFirstOrThrow()
    const counts = row.table_counts as Record<string, number>
    expect(counts.loan).toBe(3)
    expect(counts.repayment).toBe(7)
    expect(counts.loan_installment).toBe(12 + 8 + 12)
    expect(row.size).toBeGreaterThan(0)
    expect(row.checksum).toMatch(/^[0-9a-f]{64}$/)
    expect(row.created_by_email).toBe(w.admin.email)
    expect(row.storage_key).toBe(`backups/${row.id}`)
  })
})

describe('round trip', () => {
  it('restores into an empty database with every table and sequence identical', async () => {
    const target = await openDb()
    try {
      const targetDeps: BackupDeps = {
        db: target.db,
        pool: target.pool,
        storage: createLocalStorage(path.join(work, 'store-b')),
        workDir: work,
      }
      const result = await restoreFromFile(targetDeps, ZERO_CTX, {
        filePath: archivePath,
        restorer: null,
        label: 'test',
      })
      expect(result.preRestoreBackup.state).toBe('DONE')
      const [before, after] = [await snapshot(deps.pool), await snapshot(target.pool)]
      // The restore writes one audit entry of its own; every other table is identical byte for byte.
      const { audit_log: auditBefore, ...restBefore } = before.tables
      const { audit_log: auditAfter, ...restAfter } = after.tables
      expect(restAfter).toEqual(restBefore)
      expect(after.sequences).toEqual(before.sequences)
      // The source wrote its own BACKUP_CREATE after the snapshot; the target has the archive's rows
      // and its BACKUP_RESTORE entry.
      const { manifest } = await verifyArchive(archivePath)
      expect(auditBefore?.rows).toBe((manifest.tables.audit_log?.rows ?? 0) + 1)
      expect(auditAfter?.rows).toBe((manifest.tables.audit_log?.rows ?? 0) + 1)
      const restored = await target.db
        .selectFrom('audit_log')
        .select(['user_agent', 'action'])
        .where('action', 'in', ['TEST_ESCAPES', 'BACKUP_RESTORE'])
        .execute()
      expect(restored.map((r) => r.action).sort()).toEqual(['BACKUP_RESTORE', 'TEST_ESCAPES'])
      expect(restored.find((r) => r.action === 'TEST_ESCAPES')?.user_agent).toBe(
        'tab\there\nnew line \\N back\\slash ₦1,000 “quotes” \\.',
      )
    } finally {
      await closeDb(target)
    }
  }, 120_000)
})

/** The archive's uncompressed text with `edit` applied, the manifest's content checksum recomputed. */
function rewrite(archive: Buffer, edit: (header: Record<string, unknown>) => void): Buffer {
  const text = gunzipSync(archive).toString('utf8')
  const lines = text.split('\n')
  const header = JSON.parse(lines[1] ?? '{}') as Record<string, unknown>
  edit(header)
  lines[1] = JSON.stringify(header)
  const manifestLine = lines.length - 2
  const body = `${lines.slice(0, manifestLine).join('\n')}\n`
  const manifest = JSON.parse(lines[manifestLine] ?? '{}') as Record<string, unknown>
  manifest.contentSha256 = createHash('sha256').update(body).digest('hex')
  return gzipSync(`${body}${JSON.stringify(manifest)}\n`)
}

describe('damaged and foreign files', () => {
  it('refuses each one before anything changes', async () => {
    const archive = await readFile(archivePath)
    const flipped = Buffer.from(archive)
    const at = Math.floor(flipped.length / 2)
    flipped[at] = (flipped[at] ?? 0) ^ 0x20
    const plain = gunzipSync(archive)
    const plainFlipped = Buffer.from(plain)
    const inData = plain.indexOf('@table loan\n') + 20
    plainFlipped[inData] = (plainFlipped[inData] ?? 0) ^ 0x01
    const cases: [string, Buffer, RegExp][] = [
      ['a flipped byte in the gzip', flipped, /^BACKUP_(CORRUPT|TRUNCATED)$/],
      ['a flipped byte in a table', gzipSync(plainFlipped), /^BACKUP_CORRUPT$/],
      ['truncated', archive.subarray(0, Math.floor(archive.length * 0.6)), /^BACKUP_TRUNCATED$/],
      [
        'cut after the last table',
        gzipSync(plain.subarray(0, plain.lastIndexOf('@end'))),
        /^BACKUP_TRUNCATED$/,
      ],
      ['a newer format', rewrite(archive, (header) => (header.formatVersion = 2)), /^BACKUP_FORMAT_VERSION$/],
      [
        'another schema',
        rewrite(archive, (header) => (header.schemaVersion = '2027_01_01_000100_future')),
        /^BACKUP_SCHEMA_VERSION$/,
      ],
      ['not gzip', Buffer.from('id,name\n1,Ada\n'), /^BACKUP_NOT_A_BACKUP$/],
      ['gzip of something else', gzipSync('hello world\n'), /^BACKUP_NOT_A_BACKUP$/],
      ['empty', Buffer.alloc(0), /^BACKUP_(NOT_A_BACKUP|TRUNCATED)$/],
    ]
    const before = await snapshot(deps.pool)
    const backupsBefore = await deps.db.selectFrom('backup').select('id').execute()
    for (const [what, bytes, reason] of cases) {
      const file = path.join(work, `bad-${what.replace(/\W+/g, '-')}.gz`)
      await writeFile(file, bytes)
      const error = await restoreFromFile(deps, ZERO_CTX, {
        filePath: file,
        restorer: null,
        label: what,
      }).then(
        () => undefined,
        (caught: unknown) => caught as { code?: string; reason?: string; message?: string },
      )
      expect(error, what).toBeDefined()
      expect(error?.code, what).toBe('UNPROCESSABLE_CONTENT')
      expect(error?.reason, `${what}: ${error?.message ?? ''}`).toMatch(reason)
      expect(error?.message, what).toMatch(/nothing was changed/)
    }
    // Untouched: no table, no sequence, no pre-restore backup, maintenance still off.
    expect(await snapshot(deps.pool)).toEqual(before)
    expect(await deps.db.selectFrom('backup').select('id').execute()).toEqual(backupsBefore)
    const settings = await deps.db
      .selectFrom('company_settings')
      .select('is_maintenance_mode')
      .executeTakeFirstOrThrow()
    expect(settings.is_maintenance_mode).toBe(false)
  }, 120_000)
})

describe('restore drill', () => {
  it('restores into a scratch database, finds every table identical, and drops it', async () => {
    const info = inject('mpTestDb')
    const steps: string[] = []
    const result = await drillBackup({
      adminUrl: info.adminUrl,
      filePath: archivePath,
      onStep: (step) => steps.push(step),
    })
    expect(result.differences).toEqual([])
    expect(result.tables).toBeGreaterThan(25)
    expect(result.rows).toBeGreaterThan(50)
    const left = await deps.pool.query('select 1 from pg_database where datname = $1', [
      result.scratchDatabase,
    ])
    expect(left.rowCount).toBe(0)
    expect(steps.some((step) => step.startsWith('dropping'))).toBe(true)
  }, 120_000)

  it('refuses a damaged file without creating a scratch database', async () => {
    const archive = await readFile(archivePath)
    const file = path.join(work, 'drill-truncated.gz')
    await writeFile(file, archive.subarray(0, archive.length - 40))
    await expect(
      drillBackup({ adminUrl: inject('mpTestDb').adminUrl, filePath: file }),
    ).rejects.toMatchObject({ problem: 'TRUNCATED' })
  })
})

describe('a restore failing half-way', () => {
  it('leaves every table and sequence exactly as before (injected failure at one table)', async () => {
    const other = await openDb()
    try {
      await other.pool.query(`insert into company_settings (name) values ('Elsewhere')`)
      await other.pool.query(`select nextval('loan_number_seq'), nextval('loan_number_seq')`)
      const before = await snapshot(other.pool)
      const client = await other.pool.connect()
      const loaded: string[] = []
      try {
        await client.query('begin')
        const tables = await assertSameSchema(client, (await verifyArchive(archivePath)).header)
        const failure = await loadArchive(client, archivePath, tables, {
          alsoClear: tablesClearedOnRestore(await publicTables(client)),
          hooks: {
            beforeTable: (table) => {
              if (table === 'repayment') throw new Error('injected: the repayment COPY fails')
              loaded.push(table)
            },
          },
        }).then(
          () => undefined,
          (error: unknown) => error as Error,
        )
        expect(failure?.message).toMatch(/injected/)
        await client.query('rollback')
      } finally {
        client.release()
      }
      expect(loaded).toContain('loan')
      expect(loaded).toContain('loan_installment')
      expect(await snapshot(other.pool)).toEqual(before)
    } finally {
      await closeDb(other)
    }
  }, 120_000)

  it('rolls back a real COPY failure in a full restore: data as before, maintenance back off', async () => {
    const other = await openDb()
    try {
      await other.pool.query(`insert into company_settings (name) values ('Elsewhere')`)
      const otherDeps: BackupDeps = {
        db: other.db,
        pool: other.pool,
        storage: createLocalStorage(path.join(work, 'store-c')),
        workDir: work,
      }
      // PostgreSQL itself refuses repayment rows half-way through the restore (a rule the data breaks,
      // not checked against rows already there).
      await other.pool.query(
        'alter table repayment add constraint zz_refuse_all check (amount < 0) not valid',
      )
      const before = await snapshot(other.pool)
      const error = await restoreFromFile(otherDeps, ZERO_CTX, {
        filePath: archivePath,
        restorer: null,
        label: 'test',
      }).then(
        () => undefined,
        (caught: unknown) => caught as { code?: string; reason?: string; message?: string },
      )
      expect(error?.reason).toBe('RESTORE_FAILED')
      expect(error?.message).toMatch(/zz_refuse_all/)
      const after = await snapshot(other.pool)
      const { audit_log: auditBefore, ...restBefore } = before.tables
      const { audit_log: auditAfter, ...restAfter } = after.tables
      expect(restAfter).toEqual(restBefore)
      expect(after.sequences).toEqual(before.sequences)
      // Only what the run records about itself was added: the pre-restore backup and the failure.
      const added = await other.db.selectFrom('audit_log').select('action').orderBy('action').execute()
      expect(added.map((row) => row.action)).toEqual(['BACKUP_CREATE', 'BACKUP_RESTORE_FAILED'])
      expect(auditAfter?.rows).toBe((auditBefore?.rows ?? 0) + 2)
      const settings = await other.db
        .selectFrom('company_settings')
        .select('is_maintenance_mode')
        .executeTakeFirstOrThrow()
      expect(settings.is_maintenance_mode).toBe(false)
    } finally {
      await closeDb(other)
    }
  }, 120_000)
})

describe('sessions on restore', () => {
  it("ends every session but the restoring admin's; an admin missing from the backup is refused", async () => {
    const target = await openDb()
    try {
      const targetDeps: BackupDeps = {
        db: target.db,
        pool: target.pool,
        storage: createLocalStorage(path.join(work, 'store-d')),
        workDir: work,
      }
      // Make the target the same organisation (restore the archive), then sign two people in.
      await restoreFromFile(targetDeps, ZERO_CTX, { filePath: archivePath, restorer: null, label: 'setup' })
      const mine = await createSession(target.db, { userId: w.admin.id, isPersistent: false })
      await createSession(target.db, { userId: w.coA1.id, isPersistent: false })
      const sessionId = createHash('sha256').update(mine.token).digest('hex')
      const myRow = await target.db
        .selectFrom('session')
        .select('id')
        .where('user_id', '=', w.admin.id)
        .executeTakeFirstOrThrow()
      expect(myRow.id).toBeDefined()
      await restoreFromFile(targetDeps, ZERO_CTX, {
        filePath: archivePath,
        restorer: { userId: w.admin.id, email: w.admin.email, sessionId: myRow.id },
        label: 'web',
      })
      const sessions = await target.db.selectFrom('session').select(['user_id', 'id']).execute()
      expect(sessions).toEqual([{ user_id: w.admin.id, id: myRow.id }])
      expect(sessionId.length).toBeGreaterThan(0)

      // An admin created after the backup would be locked out: refused before anything changes.
      const newcomer = await target.db
        .insertInto('staff_user')
        .values({
          email: 'late@admin.test',
          first_name: 'Late',
          last_name: 'Admin',
          role: 'ADMIN',
          password_hash: 'x',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      const error = await restoreFromFile(targetDeps, ZERO_CTX, {
        filePath: archivePath,
        restorer: { userId: newcomer.id, email: 'late@admin.test', sessionId: 'none' },
        label: 'web',
      }).then(
        () => undefined,
        (caught: unknown) => caught as { reason?: string },
      )
      expect(error?.reason).toBe('RESTORER_NOT_IN_BACKUP')
      expect(
        await target.db.selectFrom('staff_user').select('id').where('id', '=', newcomer.id).execute(),
      ).toHaveLength(1)
    } finally {
      await closeDb(target)
    }
  }, 120_000)
})

describe('runs', () => {
  it('allows one run at a time; a run whose server died is marked failed and does not block', async () => {
    const other = await openDb()
    try {
      const otherDeps: BackupDeps = {
        db: other.db,
        pool: other.pool,
        storage: createLocalStorage(path.join(work, 'store-e')),
        workDir: work,
      }
      const stuck = await other.db
        .insertInto('backup')
        .values({
          trigger: 'SCHEDULED',
          storage: 'LOCAL',
          storage_key: 'backups/stuck',
          file_name: 'x',
          format_version: 1,
          schema_version: 'x',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      const refused = await startBackup(otherDeps, { trigger: 'MANUAL', byUser: null }).then(
        () => undefined,
        (caught: unknown) => caught as { reason?: string; code?: string },
      )
      expect(refused).toMatchObject({ code: 'CONFLICT', reason: 'BACKUP_RUNNING' })
      await other.db
        .updateTable('backup')
        .set({ heartbeat_at: new Date(Date.now() - 3_600_000) })
        .where('id', '=', stuck.id)
        .execute()
      const done = await runBackup(otherDeps, { trigger: 'MANUAL', byUser: null })
      expect(done.state).toBe('DONE')
      const old = await other.db
        .selectFrom('backup')
        .select(['state', 'error'])
        .where('id', '=', stuck.id)
        .executeTakeFirstOrThrow()
      expect(old.state).toBe('FAILED')
      expect(old.error).toMatch(/Interrupted/)
    } finally {
      await closeDb(other)
    }
  }, 120_000)

  it('records a run that fails (storage refuses the archive) as FAILED with its error, leaving no file', async () => {
    const other = await openDb()
    try {
      const workDir = await mkdtemp(path.join(work, 'failing-'))
      const storage = createLocalStorage(path.join(work, 'store-g'))
      const failing: BackupDeps = {
        db: other.db,
        pool: other.pool,
        workDir,
        storage: {
          ...storage,
          putFile: () => Promise.reject(new Error('storage is full')),
        },
      }
      const result = await runBackup(failing, { trigger: 'SCHEDULED', byUser: null })
      expect(result).toMatchObject({ state: 'FAILED', error: 'storage is full' })
      expect(await readdir(workDir)).toEqual([])
      const row = await other.db.selectFrom('backup').selectAll().executeTakeFirstOrThrow()
      expect(row.state).toBe('FAILED')
      expect(row.finished_at).not.toBeNull()
      // The failed run does not block the next one.
      expect((await runBackup({ ...failing, storage }, { trigger: 'MANUAL', byUser: null })).state).toBe(
        'DONE',
      )
    } finally {
      await closeDb(other)
    }
  }, 120_000)

  it('retention deletes only automatic backups older than the limit, archives included', async () => {
    const other = await openDb()
    try {
      const storage = createLocalStorage(path.join(work, 'store-f'))
      const now = new Date('2026-12-03T12:00:00Z')
      const add = async (trigger: 'MANUAL' | 'SCHEDULED' | 'PRE_RESTORE', daysAgo: number) => {
        const id = crypto.randomUUID()
        await storage.put({ key: `backups/${id}`, bytes: new Uint8Array([1]), mimeType: 'application/gzip' })
        await other.db
          .insertInto('backup')
          .values({
            id,
            trigger,
            state: 'DONE',
            storage: 'LOCAL',
            storage_key: `backups/${id}`,
            file_name: 'x',
            format_version: 1,
            schema_version: 'x',
            created_at: new Date(now.getTime() - daysAgo * 86_400_000),
          })
          .execute()
        return id
      }
      const oldScheduled = await add('SCHEDULED', 31)
      const oldPreRestore = await add('PRE_RESTORE', 40)
      const recentScheduled = await add('SCHEDULED', 29)
      const oldManual = await add('MANUAL', 90)
      const deleted = await applyRetention({ db: other.db, storage }, 30, now)
      expect(deleted.sort()).toEqual([oldScheduled, oldPreRestore].sort())
      const left = (await other.db.selectFrom('backup').select('id').execute()).map((row) => row.id).sort()
      expect(left).toEqual([recentScheduled, oldManual].sort())
      await expect(storage.get(`backups/${oldScheduled}`)).rejects.toThrow(/No stored file/)
      expect((await storage.get(`backups/${recentScheduled}`)).bytes).toHaveLength(1)
    } finally {
      await closeDb(other)
    }
  })
})
