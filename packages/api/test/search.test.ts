import { sql } from '@mp/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectTRPCError, openTestDatabase } from './staff-fixtures.js'
import { activeLoan, addLoanWorld, type LoanWorld } from './loan-fixtures.js'
import { addMember, addUnion } from './union-fixtures.js'

/**
 * Search from anywhere (search.global, the command palette): scope first — an officer never finds another
 * officer's member, loan or union, not even their supervisor's other officer's — then phones typed in any
 * form, loan numbers, the input limits (a 400 naming the field) and hostile text taken literally.
 */
let t: Awaited<ReturnType<typeof openTestDatabase>>
let w: LoanWorld
let phoneMember: { id: string; code: string }
let a2Member: { id: string }
let loanA: { id: string; loanNumber: string }
let loanB: { id: string; loanNumber: string }
let unionA2: { id: string }

beforeAll(async () => {
  t = await openTestDatabase()
  w = await addLoanWorld(t.db)
  phoneMember = await addMember(t.db, {
    unionId: w.unionA.id,
    firstName: 'Halima',
    lastName: 'Yusuf',
    phone: '+2348031234567',
  })
  // Officer A2 is in supervisor A's team too: officer A1 must not see A2's union or member.
  unionA2 = await addUnion(t.db, { name: 'Alaba Weavers', officerId: w.coA2.id })
  a2Member = await addMember(t.db, {
    unionId: unionA2.id,
    firstName: 'Halima',
    lastName: 'Garba',
    phone: '+2348039990001',
  })
  await addMember(t.db, {
    unionId: w.unionB.id,
    firstName: 'Odd 100%_\\',
    lastName: "O'Brien-Ọ̀ṣun",
  })
  loanA = await activeLoan(w, { memberId: phoneMember.id })
  loanB = await activeLoan(w, { memberId: w.memberB.id, team: 'B' })
}, 120_000)

afterAll(async () => {
  await t.close()
})

const ids = (rows: { id: string }[]) => rows.map((row) => row.id)

describe('scope', () => {
  it("an officer finds their own members, never another officer's, even in the same team", async () => {
    const own = await w.asCoA1.search.global({ q: 'Halima' })
    expect(ids(own.members)).toEqual([phoneMember.id])
    const other = await w.asCoA2.search.global({ q: 'Halima' })
    expect(ids(other.members)).toEqual([a2Member.id])
    expect(ids((await w.asCoB1.search.global({ q: 'Halima' })).members)).toEqual([])
    // By code and by phone too.
    expect((await w.asCoA1.search.global({ q: '08039990001' })).members).toEqual([])
    expect((await w.asCoB1.search.global({ q: phoneMember.code })).members).toEqual([])
  })

  it('a supervisor finds their team, an admin everyone; only admins find staff', async () => {
    expect(ids((await w.asSupA.search.global({ q: 'Halima' })).members).sort()).toEqual(
      [phoneMember.id, a2Member.id].sort(),
    )
    expect((await w.asSupB.search.global({ q: 'Halima' })).members).toEqual([])
    expect((await w.asAdmin.search.global({ q: 'Halima' })).members).toHaveLength(2)
    const staff = await w.asAdmin.search.global({ q: 'Chidi' })
    expect(staff.staff.map((row) => row.id)).toEqual([w.coA1.id])
    expect((await w.asSupA.search.global({ q: 'Chidi' })).staff).toEqual([])
    expect((await w.asCoA1.search.global({ q: 'Chidi' })).staff).toEqual([])
  })

  it('unions and loans follow the same scope', async () => {
    expect(ids((await w.asCoA1.search.global({ q: 'Alaba' })).unions)).toEqual([w.unionA.id])
    expect(ids((await w.asCoA2.search.global({ q: 'Alaba' })).unions)).toEqual([unionA2.id])
    expect(ids((await w.asSupA.search.global({ q: 'Alaba' })).unions)).toHaveLength(2)
    expect((await w.asCoA1.search.global({ q: loanB.loanNumber })).loans).toEqual([])
    expect((await w.asCoA2.search.global({ q: loanA.loanNumber })).loans).toEqual([])
    expect(ids((await w.asCoB1.search.global({ q: loanB.loanNumber })).loans)).toEqual([loanB.id])
  })
})

describe('what it finds', () => {
  it('a phone typed in any form', async () => {
    for (const q of [
      '08031234567',
      '0803 123 4567',
      '0803-123-4567',
      '+2348031234567',
      '+234 803 123 4567',
      '2348031234567',
      '234-803-123-4567',
      '(0803) 123 4567',
      '803 123',
    ]) {
      const result = await w.asCoA1.search.global({ q })
      expect(ids(result.members), q).toEqual([phoneMember.id])
    }
  })

  it('a loan by its number, whole or in part, and a member brings their loans', async () => {
    const whole = await w.asCoA1.search.global({ q: loanA.loanNumber })
    expect(ids(whole.loans)).toEqual([loanA.id])
    expect(whole.loans[0]).toMatchObject({ loanNumber: loanA.loanNumber, memberName: 'Halima Yusuf' })
    const lower = await w.asCoA1.search.global({ q: loanA.loanNumber.toLowerCase() })
    expect(ids(lower.loans)).toEqual([loanA.id])
    const digits = await w.asAdmin.search.global({ q: loanA.loanNumber.slice(-3) })
    expect(ids(digits.loans)).toContain(loanA.id)
    expect(ids((await w.asCoA1.search.global({ q: 'Yusuf' })).loans)).toEqual([loanA.id])
  })

  it('a member by code, upper or lower case; at most 8 of a kind', async () => {
    expect(ids((await w.asCoA1.search.global({ q: phoneMember.code.toLowerCase() })).members)).toEqual([
      phoneMember.id,
    ])
    for (let i = 0; i < 12; i++) {
      await addMember(t.db, { unionId: w.unionA.id, firstName: `Many${String(i)}`, lastName: 'Manyfold' })
    }
    expect((await w.asCoA1.search.global({ q: 'Manyfold' })).members).toHaveLength(8)
  })
})

describe('input', () => {
  it('too short or too long is a 400 naming the field and the limit', async () => {
    await expectTRPCError(w.asCoA1.search.global({ q: 'a' }), 'BAD_REQUEST', /Search must be at least 2/)
    await expectTRPCError(
      w.asCoA1.search.global({ q: '   a   ' }),
      'BAD_REQUEST',
      /Search must be at least 2/,
    )
    await expectTRPCError(
      w.asCoA1.search.global({ q: 'x'.repeat(101) }),
      'BAD_REQUEST',
      /Search must be at most 100/,
    )
    await expectTRPCError(w.asCoA1.search.global({ q: 'ab\u0000cd' }), 'BAD_REQUEST', /Search cannot contain/)
    await expectTRPCError(w.asCoA1.search.global({ q: 'ab\u202ecd' }), 'BAD_REQUEST', /Search cannot contain/)
    expect((await w.asCoA1.search.global({ q: 'x'.repeat(100) })).members).toEqual([])
  })

  it('%, _, backslash, quotes and unicode are taken literally', async () => {
    for (const q of ['%%', '__', '\\\\', "'; drop table member; --", '%_%', '" or 1=1 --']) {
      const result = await w.asAdmin.search.global({ q })
      expect(
        result.members.every((row) => row.name.startsWith('Odd')),
        q,
      ).toBe(true)
      expect(result.loans, q).toEqual([])
      expect(result.unions, q).toEqual([])
    }
    expect((await w.asAdmin.search.global({ q: '100%_' })).members.map((row) => row.name)).toEqual([
      "Odd 100%_\\ O'Brien-Ọ̀ṣun",
    ])
    expect((await w.asAdmin.search.global({ q: 'Ọ̀ṣun' })).members).toHaveLength(1)
    expect((await w.asAdmin.search.global({ q: "o'brien" })).members).toHaveLength(1)
    expect((await w.asCoA1.search.global({ q: '%%' })).members).toEqual([])
    const count = await sql<{ n: number }>`select count(*)::int as n from member`.execute(t.db)
    expect(count.rows[0]?.n).toBeGreaterThan(0)
  })
})

describe('plans', () => {
  it('members and loans are found through their indexes, never a scan of loans', async () => {
    // Few rows here: forbid sequential scans so the plan shows which indexes the queries can use.
    const plan = async (query: string) =>
      t.db.transaction().execute(async (trx) => {
        await sql`set local enable_seqscan = off`.execute(trx)
        const rows = await sql<{ 'QUERY PLAN': string }>`${sql.raw(`explain ${query}`)}`.execute(trx)
        return rows.rows.map((row) => row['QUERY PLAN']).join('\n')
      })
    const memberPlan = await plan(`select id from member where search_text like '%8031234567%'`)
    expect(memberPlan).toMatch(/member_search_trgm_idx/)
    const loanPlan = await plan(
      `select id from loan where member_id in ('${phoneMember.id}') or loan_number ilike '%ln000001%'`,
    )
    expect(loanPlan).toMatch(/loan_number_trgm_idx/)
    expect(loanPlan).toMatch(/loan_member_idx/)
    expect(loanPlan).not.toMatch(/Seq Scan on loan/)
  })
})
