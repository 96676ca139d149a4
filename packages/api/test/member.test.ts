import { TRPCError } from '@trpc/server'
import { sql, type Database, type Kysely } from '@mp/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectTRPCError, signInAs } from './staff-fixtures.js'
import {
  addMember,
  addTeams,
  addUnion,
  auditRows,
  openUnionTestDatabase,
  type Caller,
  type Teams,
} from './union-fixtures.js'

let db: Kysely<Database>
let close: () => Promise<void>
let t: Teams
let unionA1: string
let unionA2: string
let unionB1: string

beforeAll(async () => {
  // A big pool: the concurrency tests need many connections at once.
  ;({ db, close } = await openUnionTestDatabase({ poolSize: 30 }))
  t = await addTeams(db)
  unionA1 = (await addUnion(db, { name: 'Alaba Tailors', officerId: t.coA1.id })).id
  unionA2 = (await addUnion(db, { name: 'Agege Bakers', officerId: t.coA2.id })).id
  unionB1 = (await addUnion(db, { name: 'Badagry Fishers', officerId: t.coB1.id })).id
})
afterAll(async () => {
  await close()
})

let bvnCounter = 10_000_000_000
const nextBvn = () => String(bvnCounter++)

describe('member.create', () => {
  it('registers a member with a database-generated code, normalised phone and default country', async () => {
    const member = await t.asCoA1.member.create({
      unionId: unionA1,
      firstName: ' Ngozi ',
      lastName: 'Okafor',
      middleName: '',
      phone: '0803 123 4567',
      email: 'Ngozi@Example.com',
      dateOfBirth: '1990-05-17',
      gender: 'FEMALE',
      maritalStatus: 'MARRIED',
      bvn: '22212345678',
      nin: '12345678901',
    })
    expect(member).toMatchObject({
      firstName: 'Ngozi',
      middleName: null,
      lastName: 'Okafor',
      phone: '+2348031234567',
      email: 'ngozi@example.com',
      dateOfBirth: '1990-05-17',
      country: 'Nigeria',
      // Answers carry BVN and NIN masked; member.revealIdentifiers gives them in full (office-details.test.ts).
      bvn: '•••••••5678',
      nin: '•••••••8901',
      isVerified: false,
      unionId: unionA1,
      unionName: 'Alaba Tailors',
      creditOfficerId: t.coA1.id,
      creditOfficerName: 'Chidi Obi',
      moves: [],
    })
    expect(member.code).toMatch(/^MEM\d{6}$/)
    // The audit row is written with the member, and never holds the full BVN or NIN.
    const audit = await auditRows(db, 'MEMBER_CREATE', member.id)
    expect(audit).toHaveLength(1)
    expect(audit[0]?.after).toMatchObject({ code: member.code, bvn: '*******5678', nin: '*******8901' })
    expect(JSON.stringify(audit[0]?.after)).not.toContain('22212345678')
  })

  it('answers NOT_FOUND for a union outside the caller’s scope', async () => {
    await expectTRPCError(
      t.asCoA1.member.create({ unionId: unionB1, firstName: 'Out', lastName: 'Side' }),
      'NOT_FOUND',
      /Union not found/,
    )
    await expectTRPCError(
      t.asSupB.member.create({ unionId: unionA2, firstName: 'Out', lastName: 'Side' }),
      'NOT_FOUND',
    )
  })

  it('refuses a BVN or NIN that is not exactly 11 digits, naming the field', async () => {
    const bvn = await expectTRPCError(
      t.asCoA1.member.create({ unionId: unionA1, firstName: 'Short', lastName: 'Bvn', bvn: '1234567890' }),
      'BAD_REQUEST',
    )
    expect(bvn.message).toMatch(/BVN must be exactly 11 digits/)
    await expectTRPCError(
      t.asCoA1.member.create({ unionId: unionA1, firstName: 'Bad', lastName: 'Nin', nin: '1234567890a' }),
      'BAD_REQUEST',
      /NIN must be exactly 11 digits/,
    )
  })

  it('needs the member to be 16 on today’s date in the company timezone (Africa/Lagos)', async () => {
    // 23:30 UTC on 10 March 2026 is already 11 March in Lagos (UTC+1).
    const lateEvening = () => new Date('2026-03-10T23:30:00Z')
    const { caller } = await signInAs(db, t.coA1, { now: lateEvening })
    const turnsSixteenToday = await caller.member.create({
      unionId: unionA1,
      firstName: 'Birthday',
      lastName: 'Today',
      dateOfBirth: '2010-03-11',
    })
    expect(turnsSixteenToday.dateOfBirth).toBe('2010-03-11')
    const error = await expectTRPCError(
      caller.member.create({
        unionId: unionA1,
        firstName: 'Birthday',
        lastName: 'Tomorrow',
        dateOfBirth: '2010-03-12',
      }),
      'BAD_REQUEST',
    )
    expect(error.message).toMatch(/Date of birth/)
    expect(error.message).toMatch(/16/)
    await expectTRPCError(
      caller.member.create({
        unionId: unionA1,
        firstName: 'Not',
        lastName: 'Born',
        dateOfBirth: '2026-03-12',
      }),
      'BAD_REQUEST',
      /Date of birth cannot be in the future/,
    )
    await expectTRPCError(
      caller.member.create({
        unionId: unionA1,
        firstName: 'Bad',
        lastName: 'Date',
        dateOfBirth: '2010-02-30',
      }),
      'BAD_REQUEST',
      /Date of birth must be a date in YYYY-MM-DD format/,
    )
  })

  it('refuses a BVN or NIN a live member already has, naming the field', async () => {
    const bvn = nextBvn()
    await addMember(db, { unionId: unionB1, firstName: 'First', lastName: 'Holder', bvn })
    // Even when the holder is in another team: the message names the field, not the member.
    const error = await expectTRPCError(
      t.asCoA1.member.create({ unionId: unionA1, firstName: 'Second', lastName: 'Holder', bvn }),
      'CONFLICT',
      /BVN/,
    )
    expect(error.message).not.toMatch(/First|Badagry/)
    const nin = nextBvn()
    await t.asCoA1.member.create({ unionId: unionA1, firstName: 'Nin', lastName: 'One', nin })
    await expectTRPCError(
      t.asCoA1.member.create({ unionId: unionA1, firstName: 'Nin', lastName: 'Two', nin }),
      'CONFLICT',
      /NIN/,
    )
  })

  it('warns about the same name and phone, and saves once the user acknowledges it', async () => {
    await t.asCoA1.member.create({
      unionId: unionA1,
      firstName: 'Bisi',
      lastName: 'Adebayo',
      phone: '08059876543',
    })
    // The check before saving: in scope, it names the member; for another team, only the reason.
    const forOwner = await t.asCoA1.member.checkDuplicates({
      firstName: 'bisi',
      lastName: 'ADEBAYO',
      phone: '+234 805 987 6543',
    })
    expect(forOwner.duplicates).toEqual([
      expect.objectContaining({
        name: 'Bisi Adebayo',
        unionName: 'Alaba Tailors',
        reason: 'NAME_AND_PHONE',
        isInScope: true,
      }),
    ])
    const forOtherTeam = await t.asCoB1.member.checkDuplicates({
      firstName: 'Bisi',
      lastName: 'Adebayo',
      phone: '08059876543',
    })
    expect(forOtherTeam.duplicates).toHaveLength(1)
    expect(forOtherTeam.duplicates[0]).toEqual({
      code: null,
      name: null,
      unionName: null,
      reason: 'NAME_AND_PHONE',
      isInScope: false,
    })

    await expectTRPCError(
      t.asCoA1.member.create({
        unionId: unionA1,
        firstName: 'Bisi',
        lastName: 'Adebayo',
        phone: '08059876543',
      }),
      'CONFLICT',
      /same name and phone/,
    )
    const saved = await t.asCoA1.member.create({
      unionId: unionA1,
      firstName: 'Bisi',
      lastName: 'Adebayo',
      phone: '08059876543',
      acknowledgeDuplicates: true,
    })
    expect(saved.firstName).toBe('Bisi')
    const audit = await auditRows(db, 'MEMBER_CREATE', saved.id)
    expect(audit[0]?.after).toMatchObject({ isDuplicateAcknowledged: true })
  })

  it("says a BVN or NIN is taken by another team's member without naming the member or its code", async () => {
    const bvn = nextBvn()
    const nin = nextBvn()
    const theirs = await t.asCoB1.member.create({
      unionId: unionB1,
      firstName: 'Hidden',
      lastName: 'Fisher',
      bvn,
      nin,
    })
    const revealing = new RegExp(`${theirs.code}|Hidden|Fisher|Badagry`)

    // Team A sees that both numbers are taken, and nothing else.
    const forOtherTeam = await t.asCoA1.member.checkDuplicates({ bvn, nin })
    expect(forOtherTeam.duplicates).toEqual([
      { code: null, name: null, unionName: null, reason: 'BVN', isInScope: false },
      { code: null, name: null, unionName: null, reason: 'NIN', isInScope: false },
    ])
    expect(JSON.stringify(forOtherTeam)).not.toMatch(revealing)
    for (const numbers of [{ bvn }, { nin }]) {
      const error = await expectTRPCError(
        t.asCoA1.member.create({ unionId: unionA1, firstName: 'Other', lastName: 'Person', ...numbers }),
        'CONFLICT',
        /already registered/,
      )
      expect(error.message).not.toMatch(revealing)
    }

    // Team B itself, in scope, sees which member holds them.
    const forOwner = await t.asCoB1.member.checkDuplicates({ bvn })
    expect(forOwner.duplicates).toEqual([
      {
        id: theirs.id,
        code: theirs.code,
        name: 'Hidden Fisher',
        unionName: 'Badagry Fishers',
        reason: 'BVN',
        isInScope: true,
      },
    ])
  })

  it('reports BVN and NIN duplicates, and leaves out the member being edited', async () => {
    const bvn = nextBvn()
    const member = await t.asCoA1.member.create({
      unionId: unionA1,
      firstName: 'Dup',
      lastName: 'Check',
      bvn,
    })
    const found = await t.asAdmin.member.checkDuplicates({ bvn })
    expect(found.duplicates).toEqual([
      expect.objectContaining({ id: member.id, reason: 'BVN', isInScope: true }),
    ])
    const excluded = await t.asAdmin.member.checkDuplicates({ bvn, excludeId: member.id })
    expect(excluded.duplicates).toEqual([])
    expect((await t.asAdmin.member.checkDuplicates({})).duplicates).toEqual([])
  })
})

/** `attempt()` again after the server's 503 (busy), up to 20 times, a second apart; any other error is thrown. */
async function againWhenBusy<T>(attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt()
    } catch (error) {
      if (!(error instanceof TRPCError) || error.code !== 'SERVICE_UNAVAILABLE' || tries >= 20) throw error
      await new Promise((resolve) => setTimeout(resolve, 1000))
    }
  }
}

describe('member codes and identifiers under concurrency', () => {
  it('gives 50 members registered at the same moment 50 distinct codes', async () => {
    const callers: Caller[] = []
    for (let index = 0; index < 50; index++) {
      const user = [t.coA1, t.supA, t.admin][index % 3] ?? t.admin
      callers.push((await signInAs(db, user)).caller)
    }
    // On a busy machine some of the 50 may wait too long for a connection and get the server's 503 ("try
    // again in a few seconds"): they try again, as a client following Retry-After would. What is checked is
    // the codes.
    const members = await Promise.all(
      callers.map((caller, index) =>
        againWhenBusy(() =>
          caller.member.create({ unionId: unionA1, firstName: `Crowd${index}`, lastName: 'Member' }),
        ),
      ),
    )
    const codes = members.map((member) => member.code)
    expect(new Set(codes).size).toBe(50)
    expect(codes.every((code) => /^MEM\d{6}$/.test(code))).toBe(true)
  })

  it('lets exactly one of two simultaneous registrations with the same BVN through', async () => {
    const bvn = nextBvn()
    const first = (await signInAs(db, t.coA1)).caller
    const second = (await signInAs(db, t.admin)).caller
    const results = await Promise.allSettled([
      first.member.create({ unionId: unionA1, firstName: 'Twin', lastName: 'One', bvn }),
      second.member.create({ unionId: unionA2, firstName: 'Twin', lastName: 'Two', bvn }),
    ])
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1)
    const rejected = results.find((result) => result.status === 'rejected')
    const reason =
      rejected?.status === 'rejected' ? (rejected.reason as { code: string; message: string }) : undefined
    expect(reason?.code).toBe('CONFLICT')
    expect(reason?.message).toMatch(/BVN/)
  })

  it('turns the unique index losing a race into the same CONFLICT naming BVN (never a 500)', async () => {
    const bvn = nextBvn()
    let inserted: () => void = () => undefined
    let release: () => void = () => undefined
    const isInserted = new Promise<void>((resolve) => (inserted = resolve))
    const isReleased = new Promise<void>((resolve) => (release = resolve))
    // Another registration holds the BVN in an open transaction: the check cannot see it yet.
    const holder = db.transaction().execute(async (trx) => {
      await trx
        .insertInto('member')
        .values({ union_id: unionA1, first_name: 'Holder', last_name: 'Open', bvn })
        .execute()
      inserted()
      await isReleased
    })
    await isInserted
    const racing = t.asCoA1.member
      .create({ unionId: unionA1, firstName: 'Racer', lastName: 'Late', bvn })
      .then(
        () => undefined,
        (error: unknown) => error,
      )
    // Wait until the racing insert is blocked on the unique index, then commit the holder. The
    // wait is generous (a busy machine is slow), and the test fails if the race never happened:
    // otherwise it would pass through the ordinary duplicate check and prove nothing.
    let raced = false
    for (let attempt = 0; attempt < 1000 && !raced; attempt++) {
      const waiting = await sql<{ count: number }>`
        select count(*)::int as count from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock'
          and query ilike 'insert into "member"%'`.execute(db)
      raced = (waiting.rows[0]?.count ?? 0) > 0
      if (!raced) await new Promise((resolve) => setTimeout(resolve, 20))
    }
    release()
    await holder
    const error = (await racing) as { code?: string; message?: string } | undefined
    expect(raced).toBe(true)
    expect(error?.code).toBe('CONFLICT')
    expect(error?.message).toMatch(/BVN/)
  })
})

describe('member.list and member.get', () => {
  let inA1: { id: string; code: string }
  let inB1: { id: string; code: string }
  beforeAll(async () => {
    const union = await addUnion(db, { name: 'Search Union', officerId: t.coA2.id })
    const a = await t.asAdmin.member.create({
      unionId: union.id,
      firstName: 'Zainab',
      lastName: 'Yusuf',
      phone: '07011112222',
      bvn: '33300011122',
      nin: '44400011122',
    })
    const b = await t.asAdmin.member.create({ unionId: unionB1, firstName: 'Zainab', lastName: 'Bello' })
    inA1 = { id: a.id, code: a.code }
    inB1 = { id: b.id, code: b.code }
  })

  it('shows each role only the members of unions in scope', async () => {
    const forCoA2 = await t.asCoA2.member.list({ search: 'Zainab' })
    expect(forCoA2.items.map((item) => item.id)).toEqual([inA1.id])
    const forSupB = await t.asSupB.member.list({ search: 'Zainab' })
    expect(forSupB.items.map((item) => item.id)).toEqual([inB1.id])
    const forAdmin = await t.asAdmin.member.list({ search: 'Zainab' })
    expect(forAdmin.total).toBe(2)
    const forCoA1 = await t.asCoA1.member.list({ search: 'Zainab' })
    expect(forCoA1.total).toBe(0)
  })

  it('finds a member by code, phone in any format, full BVN or NIN, and shows only the BVN’s last 4', async () => {
    for (const search of [
      inA1.code,
      '0701 111 2222',
      '+2347011112222',
      '1112222',
      '33300011122',
      '44400011122',
      'yusuf zain',
    ]) {
      const page = await t.asAdmin.member.list({ search })
      expect(
        page.items.map((item) => item.id),
        search,
      ).toContain(inA1.id)
    }
    const page = await t.asAdmin.member.list({ search: inA1.code })
    const item = page.items[0]
    expect(item).toMatchObject({
      bvnLast4: '1122',
      unionName: 'Search Union',
      creditOfficerName: 'Funke Lawal',
    })
    expect(item).not.toHaveProperty('bvn')
    expect(item).not.toHaveProperty('nin')
    // A fragment of a BVN finds nothing.
    expect((await t.asAdmin.member.list({ search: '3330001' })).total).toBe(0)
  })

  it('filters by union, officer and verification, and paginates on the server', async () => {
    const byUnion = await t.asAdmin.member.list({ unionId: unionB1 })
    expect(byUnion.items.every((item) => item.unionId === unionB1)).toBe(true)
    const byOfficer = await t.asAdmin.member.list({ creditOfficerId: t.coA2.id, pageSize: 100 })
    expect(byOfficer.items.every((item) => item.creditOfficerId === t.coA2.id)).toBe(true)
    expect((await t.asAdmin.member.list({ isVerified: true })).total).toBe(0)
    const first = await t.asAdmin.member.list({ unionId: unionA1, pageSize: 5, sort: 'code' })
    const page = await t.asAdmin.member.list({
      unionId: unionA1,
      pageSize: 5,
      cursor: first.nextCursor ?? undefined,
      sort: 'code',
    })
    expect(page.items).toHaveLength(5)
    expect(page.total).toBeGreaterThan(10)
    const codes = [...first.items, ...page.items].map((item) => item.code)
    expect(codes).toEqual([...codes].sort())
    expect(new Set(codes).size).toBe(10)
    // Another team's union as a filter just finds nothing.
    expect((await t.asCoA1.member.list({ unionId: unionB1 })).total).toBe(0)
  })

  it('answers NOT_FOUND for a member outside the caller’s scope', async () => {
    await expectTRPCError(t.asCoA1.member.get({ id: inA1.id }), 'NOT_FOUND', /Member not found/)
    await expectTRPCError(t.asSupB.member.get({ id: inA1.id }), 'NOT_FOUND')
    const profile = await t.asSupA.member.get({ id: inA1.id })
    expect(profile).toMatchObject({ bvn: '•••••••1122', nin: '•••••••1122', phone: '+2347011112222' })
    expect(await t.asSupA.member.revealIdentifiers({ id: inA1.id })).toEqual({
      bvn: '33300011122',
      nin: '44400011122',
    })
  })
})

describe('member.update', () => {
  it('edits a member, clears fields with null, and records before and after', async () => {
    const member = await t.asCoA1.member.create({
      unionId: unionA1,
      firstName: 'Emeka',
      lastName: 'Udo',
      city: 'Lagos',
      bvn: nextBvn(),
    })
    const updated = await t.asCoA1.member.update({
      id: member.id,
      lastName: 'Udoh',
      city: null,
      profession: 'Trader',
    })
    expect(updated).toMatchObject({ lastName: 'Udoh', city: null, profession: 'Trader', code: member.code })
    const audit = await auditRows(db, 'MEMBER_UPDATE', member.id)
    expect(audit).toHaveLength(1)
    expect(audit[0]?.before).toMatchObject({ lastName: 'Udo', city: 'Lagos' })
    expect(audit[0]?.after).toMatchObject({ lastName: 'Udoh', city: null })
    // Nothing changed: no audit row.
    await t.asCoA1.member.update({ id: member.id, lastName: 'Udoh' })
    expect(await auditRows(db, 'MEMBER_UPDATE', member.id)).toHaveLength(1)
  })

  it('applies the same checks, excluding the member itself', async () => {
    const taken = nextBvn()
    await addMember(db, { unionId: unionA2, firstName: 'Other', lastName: 'Person', bvn: taken })
    const member = await t.asCoA1.member.create({ unionId: unionA1, firstName: 'Check', lastName: 'Me' })
    await expectTRPCError(t.asCoA1.member.update({ id: member.id, bvn: taken }), 'CONFLICT', /BVN/)
    await expectTRPCError(
      t.asCoA1.member.update({ id: member.id, dateOfBirth: '2024-01-01' }),
      'BAD_REQUEST',
      /Date of birth.*16/,
    )
    await expectTRPCError(
      t.asCoA1.member.update({ id: member.id, nin: '123' }),
      'BAD_REQUEST',
      /NIN must be exactly 11/,
    )
  })

  it('answers NOT_FOUND to another team', async () => {
    const member = await addMember(db, { unionId: unionA1, firstName: 'Private', lastName: 'Person' })
    await expectTRPCError(t.asCoB1.member.update({ id: member.id, firstName: 'Hijack' }), 'NOT_FOUND')
    await expectTRPCError(t.asSupB.member.update({ id: member.id, firstName: 'Hijack' }), 'NOT_FOUND')
    await expectTRPCError(t.asCoA2.member.update({ id: member.id, firstName: 'Hijack' }), 'NOT_FOUND')
  })
})

describe('member.setVerified', () => {
  it('records who verified and when (admin or the team’s supervisor only)', async () => {
    const member = await addMember(db, { unionId: unionA1, firstName: 'Verify', lastName: 'Me' })
    await expectTRPCError(t.asCoA1.member.setVerified({ id: member.id, isVerified: true }), 'FORBIDDEN')
    await expectTRPCError(t.asSupB.member.setVerified({ id: member.id, isVerified: true }), 'NOT_FOUND')
    const verified = await t.asSupA.member.setVerified({
      id: member.id,
      isVerified: true,
      note: 'Saw the ID card',
    })
    expect(verified).toMatchObject({ isVerified: true, verifiedByName: 'Sade Adeyemi' })
    expect(verified.verifiedAt).toBeInstanceOf(Date)
    const audit = await auditRows(db, 'MEMBER_VERIFY', member.id)
    expect(audit[0]?.after).toMatchObject({ isVerified: true, note: 'Saw the ID card' })
    const unverified = await t.asAdmin.member.setVerified({ id: member.id, isVerified: false })
    expect(unverified).toMatchObject({ isVerified: false, verifiedAt: null, verifiedByName: null })
    expect(await auditRows(db, 'MEMBER_UNVERIFY', member.id)).toHaveLength(1)
  })
})

describe('member.move and member.bulkMove', () => {
  it('moves a member (admin only): the officer follows, the history is visible', async () => {
    const member = await t.asCoA1.member.create({ unionId: unionA1, firstName: 'Mover', lastName: 'One' })
    await expectTRPCError(
      t.asSupA.member.move({ memberId: member.id, toUnionId: unionA2, reason: 'Closer to home' }),
      'FORBIDDEN',
    )
    const moved = await t.asAdmin.member.move({
      memberId: member.id,
      toUnionId: unionB1,
      reason: 'Closer to home',
    })
    expect(moved).toMatchObject({
      unionId: unionB1,
      creditOfficerId: t.coB1.id,
      creditOfficerName: 'Emeka Nwosu',
    })
    expect(moved.moves).toEqual([
      expect.objectContaining({
        memberId: member.id,
        memberCode: member.code,
        memberName: 'Mover One',
        fromUnionName: 'Alaba Tailors',
        toUnionName: 'Badagry Fishers',
        reason: 'Closer to home',
        actorName: 'Amaka Eze',
      }),
    ])
    // On the very next call the old officer no longer sees the member; the new one does.
    await expectTRPCError(t.asCoA1.member.get({ id: member.id }), 'NOT_FOUND')
    expect((await t.asCoB1.member.get({ id: member.id })).code).toBe(member.code)
    const history = await t.asCoB1.assignment.memberHistory({ memberId: member.id })
    expect(history.items).toHaveLength(1)
    expect((await t.asCoA1.assignment.memberHistory({ memberId: member.id })).total).toBe(0)
    const audit = await auditRows(db, 'MEMBER_MOVE', member.id)
    expect(audit[0]?.after).toMatchObject({ unionId: unionB1, reason: 'Closer to home' })
  })

  it('refuses a move to the union the member is already in, and a short reason', async () => {
    const member = await addMember(db, { unionId: unionA1, firstName: 'Stay', lastName: 'Put' })
    await expectTRPCError(
      t.asAdmin.member.move({ memberId: member.id, toUnionId: unionA1, reason: 'No reason' }),
      'BAD_REQUEST',
      /already in this union/,
    )
    await expectTRPCError(
      t.asAdmin.member.move({ memberId: member.id, toUnionId: unionA2, reason: 'no' }),
      'BAD_REQUEST',
      /Reason must be at least 3 characters/,
    )
  })

  it('moves many members in one transaction, all or nothing', async () => {
    const union = await addUnion(db, { name: 'Bulk Source', officerId: t.coA1.id })
    const target = await addUnion(db, { name: 'Bulk Target', officerId: t.coA2.id })
    const members = await Promise.all(
      [1, 2, 3].map((index) =>
        addMember(db, { unionId: union.id, firstName: `Bulk${index}`, lastName: 'Member' }),
      ),
    )
    const ids = members.map((member) => member.id)
    // One unknown id: nothing moves.
    await expectTRPCError(
      t.asAdmin.member.bulkMove({
        memberIds: [...ids, '00000000-0000-4000-8000-000000000000'],
        toUnionId: target.id,
        reason: 'Union split',
      }),
      'NOT_FOUND',
      /Nothing was moved/,
    )
    const stillThere = await db.selectFrom('member').select('union_id').where('id', 'in', ids).execute()
    expect(stillThere.every((row) => row.union_id === union.id)).toBe(true)
    expect(
      await db.selectFrom('member_reassignment').select('id').where('member_id', 'in', ids).execute(),
    ).toEqual([])

    expect(
      await t.asAdmin.member.bulkMove({ memberIds: ids, toUnionId: target.id, reason: 'Union split' }),
    ).toEqual({
      moved: 3,
    })
    const page = await t.asCoA2.member.list({ unionId: target.id })
    expect(page.items.map((item) => item.id).sort()).toEqual([...ids].sort())
    const history = await t.asAdmin.assignment.memberHistory({ unionId: target.id })
    expect(history.total).toBe(3)
    const audited = (await auditRows(db, 'MEMBER_MOVE')).map((row) => row.entity_id)
    expect(audited).toEqual(expect.arrayContaining(ids))
    await expectTRPCError(
      t.asSupA.member.bulkMove({ memberIds: ids, toUnionId: union.id, reason: 'Back again' }),
      'FORBIDDEN',
    )
  })
})

describe('member.delete', () => {
  it('soft-deletes a member (admin or the team’s supervisor) and their guarantors; the BVN is free again', async () => {
    const bvn = nextBvn()
    const member = await t.asCoA1.member.create({
      unionId: unionA1,
      firstName: 'Leaving',
      lastName: 'Soon',
      bvn,
    })
    const guarantor = await t.asCoA1.guarantor.create({
      memberId: member.id,
      firstName: 'Back',
      lastName: 'Up',
      phone: '08020000000',
      relationship: 'Brother',
    })
    await expectTRPCError(t.asCoA1.member.delete({ id: member.id, reason: 'Left' }), 'FORBIDDEN')
    await expectTRPCError(t.asSupB.member.delete({ id: member.id, reason: 'Left' }), 'NOT_FOUND')
    expect(await t.asSupA.member.delete({ id: member.id, reason: 'Left the area' })).toEqual({
      isDeleted: true,
    })

    const row = await db
      .selectFrom('member')
      .select('deleted_at')
      .where('id', '=', member.id)
      .executeTakeFirstOrThrow()
    expect(row.deleted_at).toBeInstanceOf(Date)
    const guarantorRow = await db
      .selectFrom('guarantor')
      .select('deleted_at')
      .where('id', '=', guarantor.id)
      .executeTakeFirstOrThrow()
    expect(guarantorRow.deleted_at).toBeInstanceOf(Date)
    await expectTRPCError(t.asAdmin.member.get({ id: member.id }), 'NOT_FOUND')
    expect((await t.asAdmin.member.list({ search: member.code })).total).toBe(0)
    const audit = await auditRows(db, 'MEMBER_DELETE', member.id)
    expect(audit[0]?.after).toMatchObject({ reason: 'Left the area', guarantorsDeleted: 1 })

    const again = await t.asCoA1.member.create({
      unionId: unionA1,
      firstName: 'Back',
      lastName: 'Again',
      bvn,
    })
    expect(again.bvn).toBe(`•••••••${bvn.slice(-4)}`)
  })
})
