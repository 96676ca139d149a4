import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { anonymousCaller, callerFor, insertStaff, openTestDb, rejection, type TestDb } from './support/db.js'

describe('first admin setup', () => {
  let t: TestDb
  beforeAll(async () => {
    t = await openTestDb()
  })
  afterAll(async () => {
    await t.close()
  })

  it('creates exactly one first admin even when ten browsers race, then disappears', async () => {
    expect(await anonymousCaller(t.db).caller.setup.status()).toEqual({ isSetupRequired: true })
    const attempts = await Promise.allSettled(
      Array.from({ length: 10 }, (_, index) =>
        anonymousCaller(t.db).caller.setup.createFirstAdmin({
          email: `first${index}@example.com`,
          firstName: 'Amaka',
          lastName: 'Eze',
          password: 'blue-Harmattan-97',
        }),
      ),
    )
    expect(attempts.filter((attempt) => attempt.status === 'fulfilled')).toHaveLength(1)
    for (const attempt of attempts) {
      if (attempt.status === 'rejected') expect(String(attempt.reason)).toMatch(/Setup is already complete/)
    }
    const admins = await t.db.selectFrom('staff_user').select('id').where('role', '=', 'ADMIN').execute()
    expect(admins).toHaveLength(1)
    expect(await anonymousCaller(t.db).caller.setup.status()).toEqual({ isSetupRequired: false })
  })

  it('signs the new admin in with a cookie', async () => {
    const fresh = await openTestDb()
    try {
      const { caller, ctx } = anonymousCaller(fresh.db)
      await caller.setup.createFirstAdmin({
        email: 'Boss@Example.com',
        firstName: 'Ngozi',
        lastName: 'Ade',
        password: 'blue-Harmattan-97',
      })
      expect(ctx.cookies[0]).toMatch(/^mp_session=[a-z2-7]{32}; Path=\/; HttpOnly; SameSite=Lax/)
      const weak = await rejection(
        anonymousCaller(fresh.db).caller.setup.createFirstAdmin({
          email: 'x@example.com',
          firstName: 'X',
          lastName: 'Y',
          password: 'password',
        }),
      )
      expect(weak.code).toBe('BAD_REQUEST')
    } finally {
      await fresh.close()
    }
  })
})

describe('company settings and maintenance mode', () => {
  let t: TestDb
  let adminId: string
  let officerId: string
  beforeAll(async () => {
    t = await openTestDb()
    adminId = await insertStaff(t.db, { email: 'admin@example.com', role: 'ADMIN' })
    officerId = await insertStaff(t.db, { email: 'officer@example.com', role: 'CREDIT_OFFICER' })
  })
  afterAll(async () => {
    await t.close()
  })

  it('lets only an admin change settings, validates each field by name, and audits before/after', async () => {
    const admin = await callerFor(t.db, adminId)
    const officer = await callerFor(t.db, officerId)
    expect(await rejection(officer.caller.settings.update({ name: 'Hijacked' }))).toMatchObject({
      code: 'FORBIDDEN',
    })

    const bad = await rejection(
      admin.caller.settings.update({
        primaryColor: 'teal',
        timezone: 'Mars/Olympus',
        defaultAfterDaysPastDue: 0,
        logoUrl: 'http://x.test/logo.png',
      }),
    )
    expect(bad.code).toBe('BAD_REQUEST')
    expect(bad.message).toMatch(/Primary colour must be a colour like #0b7285/)
    expect(bad.message).toMatch(/Timezone must be an IANA name/)
    expect(bad.message).toMatch(/between 1 and 3650/)
    expect(bad.message).toMatch(/Logo URL must be an https:\/\/ address/)

    const updated = await admin.caller.settings.update({
      name: 'Millennium Potters Ltd',
      primaryColor: '#1C7ED6',
      timezone: 'Africa/Lagos',
      contactEmail: '',
    })
    expect(updated).toMatchObject({
      name: 'Millennium Potters Ltd',
      primaryColor: '#1c7ed6',
      contactEmail: null,
    })
    expect((await officer.caller.settings.get()).name).toBe('Millennium Potters Ltd')
    const audit = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'SETTINGS_UPDATE')
      .executeTakeFirstOrThrow()
    expect(audit.before).toMatchObject({ name: 'Millennium Potters', primary_color: '#0b7285' })
    expect(audit.after).toMatchObject({ name: 'Millennium Potters Ltd', primary_color: '#1c7ed6' })
  })

  it('answers 503 to non-admin changes while in maintenance, and lets admins work', async () => {
    const admin = await callerFor(t.db, adminId)
    const officer = await callerFor(t.db, officerId)
    await admin.caller.settings.setMaintenance({ isMaintenanceMode: true, message: 'Upgrading until 14:00' })
    expect((await anonymousCaller(t.db).caller.settings.public()).isMaintenanceMode).toBe(true)

    expect(
      await rejection(officer.caller.auth.updateProfile({ firstName: 'A', lastName: 'B', phone: null })),
    ).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      message: 'Upgrading until 14:00',
    })
    // Reads keep working, and so does signing in (admins must be able to get in).
    expect((await officer.caller.auth.sessions()).length).toBeGreaterThan(0)
    await expect(
      admin.caller.auth.updateProfile({ firstName: 'Amaka', lastName: 'Eze', phone: null }),
    ).resolves.toMatchObject({ firstName: 'Amaka' })

    await admin.caller.settings.setMaintenance({ isMaintenanceMode: false })
    await expect(
      officer.caller.auth.updateProfile({ firstName: 'A', lastName: 'B', phone: null }),
    ).resolves.toMatchObject({ firstName: 'A' })
    const actions = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'MAINTENANCE_%')
      .orderBy('created_at')
      .execute()
    expect(actions.map((row) => row.action)).toEqual(['MAINTENANCE_ON', 'MAINTENANCE_OFF'])
  })
})
