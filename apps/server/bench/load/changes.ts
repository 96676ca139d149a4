import { addDays, todayIn } from '@mp/domain'
import type pg from 'pg'
import { Session } from './http.js'
import type { BenchServer } from './server.js'

/**
 * Group-lending changes on the load portfolio (issue 16), made once per bench database and over HTTP as
 * office staff make them: the loan's officer asks, the admin approves (maker-checker). Waivers of interest,
 * reschedules, restructures that capitalise arrears, requests left pending, and top-ups (applied by the
 * officer, approved and disbursed by the admin). The seed (`pnpm mp seed-load`) has none of these, and
 * without them the change history, the pending list, the waiver report, restructured PAR and the top-up
 * links would be measured on empty tables.
 *
 * Loans are picked by `md5(id)` so a re-seeded database gets the same picks. A request the server refuses
 * (e.g. a loan with no interest left to waive) is counted, not fatal: the point is the volume.
 */
export type ChangeCounts = {
  waivers: number
  reschedules: number
  restructures: number
  pending: number
  topUps: number
  refused: number
  firstRefusal: string | null
  seconds: number
}

const WANTED = { waivers: 2_000, reschedules: 500, restructures: 500, pending: 300, topUps: 200 }
const CLIENTS = 8

type Pick = { id: string; email: string }

async function pick(pool: pg.Pool, where: string, limit: number, offset: number): Promise<Pick[]> {
  const { rows } = await pool.query<Pick>(
    `select l.id, o.email from loan l join loan_state s on s.loan_id = l.id
       join member m on m.id = l.member_id join "union" u on u.id = m.union_id
       join staff_user o on o.id = u.credit_officer_id
     where ${where} order by md5(l.id::text) limit $1 offset $2`,
    [limit, offset],
  )
  return rows
}

/** Runs `work` over `items` with a few clients at once; returns how many succeeded. */
async function inParallel<T>(
  items: readonly T[],
  work: (item: T) => Promise<void>,
  onError: (error: unknown) => void,
): Promise<number> {
  let next = 0
  let done = 0
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < items.length) {
        const item = items[next++] as T
        try {
          await work(item)
          done += 1
        } catch (error) {
          onError(error)
        }
      }
    }),
  )
  return done
}

/** Makes each kind of change the database has none of yet; returns what exists afterwards. */
export async function ensureLoanChanges(
  server: BenchServer,
  pool: pg.Pool,
  password: string,
  log: (line: string) => void,
): Promise<ChangeCounts> {
  const started = performance.now()
  const made = async () => {
    const rows = (
      await pool.query<{ kind: string; status: string; n: string }>(
        `select kind, status, count(*) as n from loan_change group by 1, 2
         union all select 'TOP_UP', 'DISBURSED', count(*) from loan
           where top_up_of_loan_id is not null and disbursed_on is not null`,
      )
    ).rows
    return (kind: string, status: string) =>
      Number(rows.find((r) => r.kind === kind && r.status === status)?.n ?? 0)
  }
  const before = await made()
  const isMissing = {
    waivers: before('WAIVER', 'APPROVED') === 0,
    reschedules: before('RESCHEDULE', 'APPROVED') === 0,
    restructures: before('RESTRUCTURE', 'APPROVED') === 0,
    pending: before('RESCHEDULE', 'PENDING') === 0,
    topUps: before('TOP_UP', 'DISBURSED') === 0,
  }
  const isMaking = Object.values(isMissing).some((missing) => missing)
  let refused = 0
  let firstRefusal: string | null = null
  const refuse = (error: unknown) => {
    refused += 1
    firstRefusal ??= error instanceof Error ? error.message : String(error)
  }
  if (isMaking) {
    log('  loan changes: waivers, reschedules, restructures, pending requests and top-ups over HTTP…')
    const [settings] = (await pool.query<{ timezone: string }>('select timezone from company_settings')).rows
    const today = todayIn(settings?.timezone ?? 'Africa/Lagos')
    const admin = await Session.signIn(server.base, 'admin@load.test', password)
    await admin.mutate('loanChange.setWaiverLimits', { ADMIN: 1_000_000_000_00, SUPERVISOR: 5_000_000 })
    const sessions = new Map<string, Promise<Session>>()
    const officer = (email: string) => {
      let session = sessions.get(email)
      if (!session) {
        session = Session.signIn(server.base, email, password)
        sessions.set(email, session)
      }
      return session
    }
    const change = async (p: Pick, terms: Record<string, unknown>, approve: boolean) => {
      const asked = await (
        await officer(p.email)
      ).mutate<{ id: string }>('loanChange.request', {
        loanId: p.id,
        terms,
        reason: 'Bench: the member asked at the union meeting',
      })
      if (approve) await admin.mutate('loanChange.approve', { id: asked.id, note: 'Bench approval' })
    }
    const schedule = { date: today, firstDueDate: addDays(today, 7), termUnit: 'WEEK' }

    const interestBearing = `l.status = 'ACTIVE' and l.interest->>'method' <> 'NONE' and s.principal_outstanding > 0`
    await inParallel(
      isMissing.waivers ? await pick(pool, interestBearing, WANTED.waivers, 0) : [],
      (p) => change(p, { kind: 'WAIVER', date: today, interest: 100 }, true),
      refuse,
    )
    // `arrears_from` is the due date of the oldest unpaid installment: in arrears once it is past.
    const noPending = `not exists (select 1 from loan_change c where c.loan_id = l.id and c.status = 'PENDING')`
    const running = `l.status = 'ACTIVE' and s.arrears_from >= '${today}' and s.principal_outstanding > 0 and ${noPending}`
    await inParallel(
      isMissing.reschedules ? await pick(pool, running, WANTED.reschedules, 0) : [],
      (p) => change(p, { kind: 'RESCHEDULE', ...schedule, installmentCount: 10 }, true),
      refuse,
    )
    const inArrears = `l.status in ('ACTIVE','DEFAULTED') and s.arrears_from < '${today}' and s.principal_outstanding > 0 and ${noPending}`
    await inParallel(
      isMissing.restructures ? await pick(pool, inArrears, WANTED.restructures, 0) : [],
      (p) =>
        change(p, { kind: 'RESTRUCTURE', ...schedule, installmentCount: 20, penalties: 'CAPITALISE' }, true),
      refuse,
    )
    await inParallel(
      isMissing.pending ? await pick(pool, running, WANTED.pending, WANTED.reschedules) : [],
      (p) => change(p, { kind: 'RESCHEDULE', ...schedule, installmentCount: 12 }, false),
      refuse,
    )

    // Top-ups: one product allows them (the admin's product setting), and members with a running loan of
    // it, in good standing and without a pending change, take a new loan that pays it off.
    const product = (
      await pool.query<{ id: string; min_term: number; max_term: number; max_principal: string }>(
        `select id, min_term, max_term, max_principal from loan_type
         where name = 'Trader Flat 10%' and is_active`,
      )
    ).rows[0]
    if (product && isMissing.topUps) {
      await pool.query('update loan_type set allows_top_up = true where id = $1', [product.id])
      const candidates = await pick(
        pool,
        `l.status = 'ACTIVE' and l.loan_type_id = '${product.id}' and s.arrears_from >= '${today}'
           and s.principal_outstanding between 1 and ${Math.floor(Number(product.max_principal) / 4)}
           and l.top_up_of_loan_id is null
           and ${noPending}`,
        WANTED.topUps,
        0,
      )
      const memberOf = new Map(
        (
          await pool.query<{ id: string; member_id: string }>(
            'select id, member_id from loan where id = any($1)',
            [candidates.map((c) => c.id)],
          )
        ).rows.map((r) => [r.id, r.member_id]),
      )
      await inParallel(
        candidates,
        async (p) => {
          const asOfficer = await officer(p.email)
          const old = await asOfficer.query<{ position: { payoffAmount: number } | null }>('loan.get', {
            id: p.id,
          })
          const payoff = old.position?.payoffAmount ?? 0
          const principal = Math.min(
            Number(product.max_principal),
            Math.ceil((payoff * 2 + 5_000_000) / 100_000) * 100_000,
          )
          const draft = await asOfficer.mutate<{ id: string }>('loan.create', {
            memberId: memberOf.get(p.id),
            loanTypeId: product.id,
            principal,
            termCount: Math.min(product.max_term, Math.max(product.min_term, 12)),
            startDate: today,
            guarantorIds: [],
            topUpOfLoanId: p.id,
          })
          await asOfficer.mutate('loan.submit', { id: draft.id })
          await admin.mutate('loan.approve', { id: draft.id })
          await admin.mutate('loan.disburse', { id: draft.id, disbursedOn: today })
        },
        refuse,
      )
    }
    await pool.query('analyze loan_change; analyze loan_installment; analyze loan; analyze loan_state')
  }
  const after = await made()
  const result: ChangeCounts = {
    waivers: after('WAIVER', 'APPROVED'),
    reschedules: after('RESCHEDULE', 'APPROVED'),
    restructures: after('RESTRUCTURE', 'APPROVED'),
    pending: after('RESCHEDULE', 'PENDING') + after('RESTRUCTURE', 'PENDING') + after('WAIVER', 'PENDING'),
    topUps: after('TOP_UP', 'DISBURSED'),
    refused,
    firstRefusal,
    seconds: isMaking ? (performance.now() - started) / 1000 : 0,
  }
  log(
    `  loan changes: ${result.waivers} waivers, ${result.reschedules} reschedules, ${result.restructures} restructures, ` +
      `${result.pending} pending, ${result.topUps} top-ups` +
      (isMaking
        ? `; ${refused} refused (${result.firstRefusal ?? '-'}) in ${result.seconds.toFixed(0)} s`
        : ' (kept)'),
  )
  return result
}
