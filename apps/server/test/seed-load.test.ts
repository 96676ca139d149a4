import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import path from 'node:path'
import { promisify } from 'node:util'
import { fileURLToPath } from 'node:url'
import { createCaller, createInnerContext } from '@mp/api'
import { sql, type Database, type Kysely } from '@mp/db'
import { LIVE_LOAN_STATUSES, planRepayment, type LoanEvent, type PenaltyRule } from '@mp/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDb, type TestDb } from './helpers.js'

// `pnpm mp seed-load` end to end: the real command (a child process, like `pnpm mp`) on real PostgreSQL.

const run = promisify(execFile)
const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const tsx = createRequire(import.meta.url).resolve('tsx/esm')
const LOANS = 300
const PASSWORD = 'Kiln-Firing-42!'

async function seedLoad(databaseUrl: string, args: string[]) {
  try {
    const { stdout } = await run(
      process.execPath,
      ['--conditions=@mp/source', '--import', tsx, 'src/cli/mp.ts', 'seed-load', ...args],
      { cwd: serverDir, env: { ...process.env, DATABASE_URL: databaseUrl } },
    )
    return { code: 0, stdout }
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string }
    return { code: failed.code ?? 1, stdout: `${failed.stdout ?? ''}${failed.stderr ?? ''}` }
  }
}

/** A digest of the generated data: same seed, same digest, whatever the number of worker threads. */
async function fingerprint(db: Kysely<Database>): Promise<string> {
  const result = await sql<{ digest: string }>`select md5(string_agg(x, '|' order by x)) as digest from (
      select concat_ws(',', loan_number, id, member_id, principal, term_count, status, start_date, disbursed_on,
        completed_on, created_at::text) as x from loan
      union all select concat_ws(',', receipt_number, id, loan_id, posting_sequence, amount, paid_on, method,
        idempotency_key, request_hash, collection_sheet_id, reversed_on, created_at::text) from repayment
      union all select concat_ws(',', code, id, union_id, first_name, last_name, phone, bvn) from member
      union all select concat_ws(',', repayment_id, sequence, principal, interest, fee, penalty) from repayment_allocation
      union all select concat_ws(',', loan_id, principal_outstanding, arrears_from, paid_off_on) from loan_state
      union all select concat_ws(',', id, loan_id, kind, details::text) from loan_event
    ) as rows`.execute(db)
  return result.rows[0]?.digest ?? ''
}

describe('pnpm mp seed-load', () => {
  let first: TestDb
  let second: TestDb
  let third: TestDb
  let output = ''
  beforeAll(async () => {
    ;[first, second, third] = await Promise.all([openTestDb(), openTestDb(), openTestDb()])
    const seeded = await seedLoad(first.database.url, [
      '--loans',
      String(LOANS),
      '--seed',
      '11',
      '--password',
      PASSWORD,
    ])
    expect(seeded.code, seeded.stdout).toBe(0)
    output = seeded.stdout
  }, 180_000)
  afterAll(async () => {
    await Promise.all([first.close(), second.close(), third.close()])
  })

  it('ends by verifying a sample of loans against fresh replays, and prints a summary', () => {
    expect(output).toMatch(/ledger verified: \d+ loans, 0 differences/)
    expect(output).toMatch(/repayment\s+[\d,]+/)
    expect(output).toContain('seed-load done in')
  })

  it('creates the promised staff, unions and members', async () => {
    const roles = await first.db
      .selectFrom('staff_user')
      .select(['role', (eb) => eb.fn.countAll<string>().as('n')])
      .groupBy('role')
      .execute()
    expect(Object.fromEntries(roles.map((r) => [r.role, Number(r.n)]))).toEqual({
      ADMIN: 1,
      SUPERVISOR: 10,
      CREDIT_OFFICER: 60,
    })
    const orphans = await first.db
      .selectFrom('staff_user as o')
      .leftJoin('staff_user as s', 's.id', 'o.supervisor_id')
      .select('o.email')
      .where('o.role', '=', 'CREDIT_OFFICER')
      .where((eb) => eb.or([eb('s.role', 'is', null), eb('s.role', '<>', 'SUPERVISOR')]))
      .execute()
    expect(orphans).toEqual([])
    const emails = await first.db.selectFrom('staff_user').select('email').execute()
    expect(emails.map((e) => e.email)).toEqual(
      expect.arrayContaining([
        'admin@load.test',
        'supervisor10@load.test',
        'officer1@load.test',
        'officer60@load.test',
      ]),
    )
    const counts = await sql<{ unions: number; members: number; phones: number; codes: number }>`
      select (select count(*) from "union") as unions, (select count(*) from member) as members,
        (select count(distinct phone) from member where phone ~ '^\\+234[0-9]{10}$') as phones,
        (select count(distinct code) from member where code ~ '^MEM[0-9]{6}$') as codes`.execute(first.db)
    expect(counts.rows[0]).toEqual({ unions: 5, members: 180, phones: 180, codes: 180 })
  })

  it('splits the loans about 60 % closed, 35 % running (a fifth in arrears), the rest defaulted or written off', async () => {
    const rows = await sql<{ status: string; overdue: boolean; late: boolean; n: string }>`
      select l.status, coalesce(ls.arrears_from < current_date, false) as overdue,
        coalesce(current_date - ls.arrears_from > 90, false) as late, count(*) as n
      from loan l left join loan_state ls on ls.loan_id = l.id group by 1, 2, 3`.execute(first.db)
    const count = (test: (r: (typeof rows.rows)[number]) => boolean) =>
      rows.rows.filter(test).reduce((sum, r) => sum + Number(r.n), 0)
    const running = (r: { status: string }) => r.status === 'ACTIVE' || r.status === 'DEFAULTED'
    const total = count(() => true)
    expect(total).toBe(LOANS)
    const closed = count((r) => r.status === 'COMPLETED') / total
    const active = count((r) => running(r) && !r.late) / total
    const bad = count((r) => r.status === 'WRITTEN_OFF' || (running(r) && r.late)) / total
    const arrears = count((r) => running(r) && r.overdue && !r.late) / count((r) => running(r) && !r.late)
    expect(closed).toBeGreaterThan(0.55)
    expect(closed).toBeLessThan(0.65)
    expect(active).toBeGreaterThan(0.3)
    expect(active).toBeLessThan(0.4)
    expect(bad).toBeGreaterThan(0.02)
    expect(bad).toBeLessThan(0.08)
    expect(arrears).toBeGreaterThan(0.1)
    expect(arrears).toBeLessThan(0.35)
    const writtenOff = await first.db
      .selectFrom('loan')
      .select(['closed_reason', 'closed_by', 'closed_at'])
      .where('status', '=', 'WRITTEN_OFF')
      .execute()
    expect(writtenOff.length).toBeGreaterThan(0)
    for (const loan of writtenOff) {
      expect(loan.closed_reason).toBeTruthy()
      expect(loan.closed_by).toBeTruthy()
      expect(loan.closed_at).toBeInstanceOf(Date)
    }
  })

  it('gives no member more than one live loan', async () => {
    const doubled = await first.db
      .selectFrom('loan')
      .select(['member_id', (eb) => eb.fn.countAll<string>().as('n')])
      .where('status', 'in', LIVE_LOAN_STATUSES)
      .groupBy('member_id')
      .having((eb) => eb.fn.countAll(), '>', 1)
      .execute()
    expect(doubled).toEqual([])
  })

  it('allocates every standing repayment in full, and nothing of a reversed one', async () => {
    const mismatched = await sql<{ loan_id: string }>`
      select r.loan_id from repayment r
      left join (select repayment_id, sum(principal + interest + fee + penalty) as allocated
                 from repayment_allocation group by 1) a on a.repayment_id = r.id
      where (r.reversed_at is null and coalesce(a.allocated, 0) <> r.amount)
         or (r.reversed_at is not null and a.allocated is not null)`.execute(first.db)
    expect(mismatched.rows).toEqual([])
    const kinds = await sql<{ reversed: string; sheets: string; backdated: string; penalties: string }>`
      select (select count(*) from repayment where reversed_at is not null and reversed_allocation is not null) as reversed,
        (select count(*) from repayment where collection_sheet_id is not null) as sheets,
        (select count(*) from repayment a join repayment b on a.loan_id = b.loan_id
          where a.posting_sequence > b.posting_sequence and a.paid_on < b.paid_on) as backdated,
        (select count(*) from repayment_allocation where penalty > 0) as penalties`.execute(first.db)
    const row = kinds.rows[0]
    expect(Number(row?.reversed)).toBeGreaterThan(0)
    expect(Number(row?.sheets)).toBeGreaterThan(0)
    expect(Number(row?.backdated)).toBeGreaterThan(0)
    expect(Number(row?.penalties)).toBeGreaterThan(0)
  })

  it('never posts a repayment the API would refuse: each is within the payoff when it was entered', async () => {
    const loans = await first.db
      .selectFrom('loan')
      .select(['id', 'penalty', 'allocation_order', 'rounding'])
      .where('disbursed_on', 'is not', null)
      .execute()
    const installments = await first.db
      .selectFrom('loan_installment')
      .select(['loan_id', 'sequence', 'due_date', 'principal', 'interest', 'fee'])
      .orderBy('loan_id')
      .orderBy('sequence')
      .execute()
    const repayments = await first.db
      .selectFrom('repayment')
      .select([
        'id',
        'loan_id',
        'amount',
        'paid_on',
        'posting_sequence',
        'created_at',
        'reversed_at',
        'reversed_on',
      ])
      .orderBy('posting_sequence')
      .execute()
    let checked = 0
    for (const loan of loans) {
      const schedule = installments
        .filter((i) => i.loan_id === loan.id)
        .map((i) => ({
          sequence: i.sequence,
          dueDate: i.due_date,
          principal: i.principal,
          interest: i.interest,
          fee: i.fee,
        }))
      const own = repayments.filter((r) => r.loan_id === loan.id)
      for (const r of own) {
        // What the loan's history looked like when this payment was entered.
        const events: LoanEvent[] = []
        for (const earlier of own) {
          if (earlier.posting_sequence >= r.posting_sequence) continue
          events.push({
            type: 'REPAYMENT',
            id: earlier.id,
            date: earlier.paid_on,
            amount: earlier.amount,
            sequence: earlier.posting_sequence,
          })
          if (
            earlier.reversed_at !== null &&
            earlier.reversed_on !== null &&
            earlier.reversed_at <= r.created_at
          ) {
            events.push({
              type: 'REVERSAL',
              id: `reversal:${earlier.id}`,
              date: earlier.reversed_on,
              repaymentId: earlier.id,
              sequence: earlier.posting_sequence,
            })
          }
        }
        const enteredOn = events.reduce((d, e) => (e.date > d ? e.date : d), r.paid_on)
        expect(() =>
          planRepayment({
            installments: schedule,
            events,
            asOf: enteredOn,
            order: loan.allocation_order,
            rounding: loan.rounding,
            ...(loan.penalty === null ? {} : { penalty: loan.penalty as PenaltyRule }),
            repayment: { id: r.id, date: r.paid_on, amount: r.amount, sequence: r.posting_sequence },
          }),
        ).not.toThrow()
        checked += 1
      }
    }
    expect(checked).toBeGreaterThan(LOANS)
  })

  it('lets staff sign in with the password given', async () => {
    for (const email of ['admin@load.test', 'supervisor3@load.test', 'officer42@load.test']) {
      const ctx = createInnerContext({ db: first.db })
      const caller = createCaller(ctx)
      await caller.auth.signIn({ email, password: PASSWORD, rememberMe: false })
      expect(ctx.cookies.join(';')).toContain('=')
      const wrong = createCaller(createInnerContext({ db: first.db }))
      await expect(
        wrong.auth.signIn({ email, password: 'LoadTest-2026!', rememberMe: false }),
      ).rejects.toThrow()
    }
  })

  it('refuses a database that already has loans unless --force', async () => {
    const refused = await seedLoad(first.database.url, ['--loans', '10'])
    expect(refused.code).toBe(3)
    expect(refused.stdout).toContain('--force')
    expect(
      Number((await sql<{ n: string }>`select count(*) as n from loan`.execute(first.db)).rows[0]?.n),
    ).toBe(LOANS)
  })

  it('makes the same data from the same seed (with or without worker threads) and other data from another', async () => {
    const [same, other] = await Promise.all([
      seedLoad(second.database.url, [
        '--loans',
        String(LOANS),
        '--seed',
        '11',
        '--password',
        PASSWORD,
        '--workers',
        '2',
      ]),
      seedLoad(third.database.url, ['--loans', String(LOANS), '--seed', '12', '--password', PASSWORD]),
    ])
    expect(same.code, same.stdout).toBe(0)
    expect(other.code, other.stdout).toBe(0)
    const [a, b, c] = await Promise.all([
      fingerprint(first.db),
      fingerprint(second.db),
      fingerprint(third.db),
    ])
    expect(a).toMatch(/^[0-9a-f]{32}$/)
    expect(b).toBe(a)
    expect(c).not.toBe(a)
  }, 180_000)
})
