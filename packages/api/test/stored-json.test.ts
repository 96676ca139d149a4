import { sql } from '@mp/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ZInterest } from '../src/schemas/loan-rules.js'
import { parseStored, StoredFormatError } from '../src/schemas/stored.js'
import { activeLoan, addLoanWorld, type LoanWorld } from './loan-fixtures.js'
import { expectTRPCError, openTestDatabase } from './staff-fixtures.js'

/**
 * Stored JSON read through versioned schemas (issue 14 item 4): loan rules (loan_type, loan) and saved
 * report snapshots are written with `version: 1`; rows from before versions (no field) read as version 1;
 * an unknown version is refused with a clear 422, never a 500.
 */
let t: Awaited<ReturnType<typeof openTestDatabase>>
let w: LoanWorld

beforeAll(async () => {
  t = await openTestDatabase()
  w = await addLoanWorld(t.db, '2025-01-06')
})
afterAll(async () => {
  await t.close()
})

const UNKNOWN_FORMAT = /stored in format 2, which this server cannot read/

describe('parseStored', () => {
  const flat = { method: 'FLAT', rate: '0.1', basis: 'PER_TERM' }
  it('reads a value without a version as version 1, and version 1 as itself', () => {
    expect(parseStored('interest rule', flat, { 1: ZInterest })).toEqual(ZInterest.parse(flat))
    expect(parseStored('interest rule', { version: 1, ...flat }, { 1: ZInterest })).toEqual(
      ZInterest.parse(flat),
    )
  })
  it('refuses an unknown version by name, whatever it is', () => {
    for (const version of [2, 0, 1.5, '1', null]) {
      expect(() => parseStored('interest rule', { version, ...flat }, { 1: ZInterest })).toThrow(
        StoredFormatError,
      )
    }
    expect(() => parseStored('interest rule', { version: 2, ...flat }, { 1: ZInterest })).toThrow(
      UNKNOWN_FORMAT,
    )
  })
  it('fails loudly on a damaged value of a known version (not a refusal)', () => {
    const error = (() => {
      try {
        parseStored('interest rule', { version: 1, method: 'FLAT' }, { 1: ZInterest })
      } catch (caught) {
        return caught
      }
      return undefined
    })()
    expect(error).toBeDefined()
    expect(error).not.toBeInstanceOf(StoredFormatError)
  })
})

describe('loan rules', () => {
  it('are written with version 1; old rows without one still read; an unknown version answers 422', async () => {
    const loan = await activeLoan(w)
    const typeRow = await t.db
      .selectFrom('loan_type')
      .select(['interest'])
      .where('id', '=', w.loanTypeId)
      .executeTakeFirstOrThrow()
    const loanRow = await t.db
      .selectFrom('loan')
      .select(['interest'])
      .where('id', '=', loan.id)
      .executeTakeFirstOrThrow()
    expect(typeRow.interest).toMatchObject({ version: 1 })
    expect(loanRow.interest).toMatchObject({ version: 1 })
    const before = await w.asCoA1.loan.get({ id: loan.id })
    const typeBefore = await w.asCoA1.loanType.get({ id: w.loanTypeId })

    // As written before versions existed.
    await sql`update loan set interest = interest - 'version' where id = ${loan.id}`.execute(t.db)
    await sql`update loan_type set interest = interest - 'version' where id = ${w.loanTypeId}`.execute(t.db)
    expect(await w.asCoA1.loan.get({ id: loan.id })).toEqual(before)
    expect(await w.asCoA1.loanType.get({ id: w.loanTypeId })).toEqual(typeBefore)

    // As a newer release might write them.
    await sql`update loan set interest = interest || '{"version": 2}' where id = ${loan.id}`.execute(t.db)
    await sql`update loan_type set interest = interest || '{"version": 2}' where id = ${w.loanTypeId}`.execute(
      t.db,
    )
    const error = await expectTRPCError(
      w.asCoA1.loan.get({ id: loan.id }),
      'UNPROCESSABLE_CONTENT',
      UNKNOWN_FORMAT,
    )
    expect((error.cause as { reason?: string }).reason).toBe('STORED_FORMAT_UNKNOWN')
    await expectTRPCError(
      w.asCoA1.loanType.get({ id: w.loanTypeId }),
      'UNPROCESSABLE_CONTENT',
      /interest rule/,
    )

    await sql`update loan set interest = interest || '{"version": 1}' where id = ${loan.id}`.execute(t.db)
    await sql`update loan_type set interest = interest || '{"version": 1}' where id = ${w.loanTypeId}`.execute(
      t.db,
    )
    expect(await w.asCoA1.loan.get({ id: loan.id })).toEqual(before)
  })
})

describe('saved report snapshots', () => {
  it('are written with version 1; old rows without one still read; an unknown version answers 422', async () => {
    const saved = await w.asSupA.savedReport.create({
      title: 'January review',
      type: 'MONTHLY',
      from: '2025-01-01',
      to: '2025-01-06',
      officerIds: [],
    })
    const row = await t.db
      .selectFrom('saved_report')
      .select('snapshot')
      .where('id', '=', saved.id)
      .executeTakeFirstOrThrow()
    expect(row.snapshot).toMatchObject({ version: 1 })
    const reopened = await w.asSupA.savedReport.get({ id: saved.id })
    expect(JSON.parse(JSON.stringify(saved.snapshot))).toEqual(reopened.snapshot)

    await sql`update saved_report set snapshot = snapshot - 'version' where id = ${saved.id}`.execute(t.db)
    expect(await w.asSupA.savedReport.get({ id: saved.id })).toEqual(reopened)

    await sql`update saved_report set snapshot = snapshot || '{"version": 2}' where id = ${saved.id}`.execute(
      t.db,
    )
    await expectTRPCError(
      w.asSupA.savedReport.get({ id: saved.id }),
      'UNPROCESSABLE_CONTENT',
      /saved report was stored in format 2/,
    )
    // The list does not read snapshots: the report stays listed (and deletable).
    expect((await w.asSupA.savedReport.list()).map((r) => r.id)).toContain(saved.id)
  })
})
