import { monitorEventLoopDelay } from 'node:perf_hooks'
import {
  addDays,
  agingBuckets,
  arrearsRate,
  buildSchedule,
  collectionEfficiency,
  installmentDues,
  loanPosition,
  portfolioAtRisk,
  provisioning,
  type AllocationOrder,
  type InterestTerms,
  type LoanEvent,
  type LoanPosition,
  type LoanStatus,
  type PenaltyRule,
  type RoundingMode,
  type ScheduledInstallment,
  onTimeRate,
} from '@mp/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeDay, closeDue } from '../src/ledger/close.js'
import { refreshCollectionFacts } from '../src/services/collection-facts.js'
import { rebuildLedger } from '../src/ledger/index.js'
import { computeRun, createRun, waitForRun } from '../src/services/portfolio-run.js'
import { snapshotSummaries } from '../src/services/snapshot.js'
import { addLoanWorld, type LoanWorld } from './loan-fixtures.js'
import { expectTRPCError, openTestDatabase } from './staff-fixtures.js'
import { acceptedRepayment } from './support/history.js'
import { mulberry32 } from './support/random.js'

/**
 * Reports from the stored ledger and the close's snapshots against the old way — replaying every loan with
 * @mp/domain as of the date, with only what was known then — over a generated portfolio of varied loans
 * (every interest method, both penalty kinds and modes, caps and grace, every allocation order, both
 * roundings; partial, late, early, backdated and reversed payments; write-offs) in two teams.
 */
const LOANS = 700
const TODAY = '2026-06-17'
const DEFAULT_AFTER = 90

type StoredRepayment = {
  id: string
  paid_on: string
  amount: number
  posting_sequence: number
  reversed_on: string | null
}

type GeneratedLoan = {
  id: string
  team: 'A' | 'B'
  disbursedOn: string
  principal: number
  writtenOffOn: string | null
  installments: ScheduledInstallment[]
  repayments: StoredRepayment[]
  order: AllocationOrder
  rounding: RoundingMode
  penalty: PenaltyRule | null
}

let t: Awaited<ReturnType<typeof openTestDatabase>>
let w: LoanWorld
const loans: GeneratedLoan[] = []
let sequence = 0

/** The old way: the loan replayed as of the date with only what was known then. */
function replayAsOf(loan: GeneratedLoan, asOf: string): LoanPosition {
  const events: LoanEvent[] = []
  for (const r of loan.repayments) {
    if (r.paid_on > asOf) continue
    events.push({
      type: 'REPAYMENT',
      id: r.id,
      date: r.paid_on,
      amount: r.amount,
      sequence: r.posting_sequence,
    })
    if (r.reversed_on !== null && r.reversed_on <= asOf)
      events.push({
        type: 'REVERSAL',
        id: `reversal:${r.id}`,
        date: r.reversed_on,
        repaymentId: r.id,
        sequence: r.posting_sequence,
      })
  }
  return loanPosition({
    installments: loan.installments,
    events,
    asOf,
    order: loan.order,
    rounding: loan.rounding,
    defaultAfterDays: DEFAULT_AFTER,
    ...(loan.penalty ? { penalty: loan.penalty } : {}),
  })
}

type OracleRow = { loan: GeneratedLoan; position: LoanPosition; status: LoanStatus }

function oracle(asOf: string, team?: 'A' | 'B'): OracleRow[] {
  return loans
    .filter((loan) => loan.disbursedOn <= asOf && (team === undefined || loan.team === team))
    .map((loan) => {
      const position = replayAsOf(loan, asOf)
      const isWrittenOff = loan.writtenOffOn !== null && loan.writtenOffOn <= asOf
      return { loan, position, status: isWrittenOff ? 'WRITTEN_OFF' : position.status }
    })
}

const isRunning = (row: OracleRow) => row.status === 'ACTIVE' || row.status === 'DEFAULTED'
const asPortfolioLoan = (row: OracleRow) => ({
  outstandingPrincipal: row.position.outstandingPrincipal,
  daysPastDue: row.position.daysPastDue,
  overduePrincipal: row.position.overduePrincipal,
})

/** The snapshot columns computed the old way (domain functions over replayed loans). */
function oracleSummary(rows: readonly OracleRow[]) {
  const running = rows.filter(isRunning).map(asPortfolioLoan)
  const aging = agingBuckets(running)
  const par = (days: number) => portfolioAtRisk(running, days).atRisk
  const sum = (pick: (row: OracleRow) => number) =>
    rows.filter(isRunning).reduce((s, row) => s + pick(row), 0)
  return {
    loans_active: rows.filter((r) => r.status === 'ACTIVE').length,
    loans_defaulted: rows.filter((r) => r.status === 'DEFAULTED').length,
    loans_completed: rows.filter((r) => r.status === 'COMPLETED').length,
    loans_written_off: rows.filter((r) => r.status === 'WRITTEN_OFF').length,
    outstanding_principal: sum((r) => r.position.outstandingPrincipal),
    outstanding: sum((r) => r.position.payoffAmount),
    overdue: sum((r) => r.position.overdue),
    overdue_principal: arrearsRate(running).overdue,
    penalties_accrued: sum((r) => r.position.penaltiesAccrued),
    par1_principal: par(1),
    par30_principal: par(30),
    par60_principal: par(60),
    par90_principal: par(90),
    aging_current_amount: aging.amounts.current,
    aging_1_30_amount: aging.amounts['1-30'],
    aging_31_60_amount: aging.amounts['31-60'],
    aging_61_90_amount: aging.amounts['61-90'],
    aging_90_plus_amount: aging.amounts['90+'],
    aging_current_count: aging.counts.current,
    aging_1_30_count: aging.counts['1-30'],
    aging_31_60_count: aging.counts['31-60'],
    aging_61_90_count: aging.counts['61-90'],
    aging_90_plus_count: aging.counts['90+'],
  }
}

async function snapshotOf(day: string) {
  return (await snapshotSummaries(t.db, { isAll: true }, {}, [day])).get(day)
}

async function insertRepayment(loan: GeneratedLoan, paidOn: string, amount: number, recordedAt: Date) {
  sequence += 1
  const id = crypto.randomUUID()
  const row: StoredRepayment = { id, paid_on: paidOn, amount, posting_sequence: sequence, reversed_on: null }
  await t.db
    .insertInto('repayment')
    .values({
      ...row,
      loan_id: loan.id,
      method: 'CASH',
      idempotency_key: `report-ledger-${id}`,
      request_hash: 'report-ledger',
      created_at: recordedAt,
    })
    .execute()
  loan.repayments.push(row)
  await rebuildLedger(t.db, {
    today: TODAY,
    defaultAfterDays: DEFAULT_AFTER,
    loanIds: [loan.id],
    allocations: true,
  })
}

beforeAll(async () => {
  t = await openTestDatabase({ poolSize: 6 })
  w = await addLoanWorld(t.db, TODAY)
  const random = mulberry32(1103)
  const pick = <T>(items: readonly T[]): T => {
    const item = items[Math.floor(random() * items.length)]
    if (item === undefined) throw new Error('empty choice')
    return item
  }
  const members = await t.db
    .insertInto('member')
    .values(
      Array.from({ length: LOANS }, (_, i) => ({
        union_id: i % 3 === 2 ? w.unionB.id : w.unionA.id,
        first_name: `Rep${String(i)}`,
        last_name: 'Ledger',
      })),
    )
    .returning(['id', 'union_id'])
    .execute()
  const type = await t.db.selectFrom('loan_type').select(['id', 'name']).executeTakeFirstOrThrow()
  const loanRows = []
  const installmentRows = []
  const repaymentRows = []
  for (const member of members) {
    const interest = pick<InterestTerms>([
      { method: 'NONE' },
      { method: 'FLAT', rate: '0.125', basis: 'PER_TERM' },
      { method: 'FLAT', rate: '0.015', basis: 'PER_PERIOD' },
      { method: 'DECLINING_ANNUITY', ratePerPeriod: '0.0333' },
      { method: 'DECLINING_EQUAL_PRINCIPAL', ratePerPeriod: '0.021' },
    ])
    const grace = Math.floor(random() * 6)
    const cap = random() < 0.3 ? 5_000 + Math.floor(random() * 300_000) : undefined
    const mode = pick(['FORGIVE', 'BACKDATE'] as const)
    const penalty = pick<PenaltyRule | null>([
      null,
      {
        kind: 'PERCENT_PER_DAY',
        ratePerDay: pick(['0.001', '0.0025', '0.01']),
        graceDays: grace,
        mode,
        ...(cap ? { cap } : {}),
      },
      {
        kind: 'FIXED_PER_DAY',
        amountPerDay: 100 + Math.floor(random() * 10_000),
        graceDays: grace,
        mode,
        ...(cap ? { cap } : {}),
      },
    ])
    const order = pick(['VERTICAL', 'HORIZONTAL', 'PRINCIPAL_FIRST'] as const)
    const rounding = pick(['HALF_EVEN', 'HALF_UP'] as const)
    const termUnit = pick(['WEEK', 'WEEK', 'MONTH', 'DAY'] as const)
    const termCount = termUnit === 'MONTH' ? 2 + Math.floor(random() * 8) : 4 + Math.floor(random() * 20)
    const disbursedOn = addDays(TODAY, -Math.floor(random() * 420))
    const principal = 1_000_000 + Math.floor(random() * 50_000_000)
    const schedule = buildSchedule({
      principal,
      termCount,
      termUnit,
      startDate: disbursedOn,
      interest,
      rounding,
    })
    const loan: GeneratedLoan = {
      id: crypto.randomUUID(),
      team: member.union_id === w.unionB.id ? 'B' : 'A',
      disbursedOn,
      principal,
      writtenOffOn: null,
      installments: schedule.installments,
      repayments: [],
      order,
      rounding,
      penalty,
    }
    const events: LoanEvent[] = []
    const behaviour = random()
    let day = disbursedOn
    for (let k = 0; k < termCount + 3; k++) {
      day = addDays(day, Math.floor(random() * (termUnit === 'MONTH' ? 40 : termUnit === 'WEEK' ? 11 : 3)))
      if (day > TODAY || (behaviour > 0.85 && k > 2)) break
      const paidOn = random() < 0.1 ? addDays(day, -Math.floor(random() * 12)) : day
      const date = paidOn < disbursedOn ? disbursedOn : paidOn
      const repayment = acceptedRepayment(
        { installments: schedule.installments, order, rounding, penalty },
        events,
        day,
        date,
        (owed) =>
          behaviour < 0.15
            ? owed
            : Math.max(1, Math.floor(owed * (0.03 + random() * (behaviour < 0.5 ? 0.25 : 0.08)))),
      )
      if (repayment === 'settled') break
      if (repayment === undefined) continue
      const { id, amount } = repayment
      sequence += 1
      events.push({ type: 'REPAYMENT', id, date, amount, sequence })
      const stored: StoredRepayment = {
        id,
        paid_on: date,
        amount,
        posting_sequence: sequence,
        reversed_on: null,
      }
      if (random() < 0.06) {
        const reversedOn = addDays(day, Math.floor(random() * 5))
        if (reversedOn <= TODAY) {
          events.push({ type: 'REVERSAL', id: `reversal:${id}`, date: reversedOn, repaymentId: id, sequence })
          stored.reversed_on = reversedOn
          day = reversedOn
        }
      }
      loan.repayments.push(stored)
    }
    // Some loans are written off on a day after their disbursement.
    if (random() < 0.04) {
      const writtenOffOn = addDays(disbursedOn, Math.floor(random() * 200))
      loan.writtenOffOn = writtenOffOn > TODAY ? TODAY : writtenOffOn
    }
    loans.push(loan)
    loanRows.push({
      id: loan.id,
      member_id: member.id,
      loan_type_id: type.id,
      loan_type_name: type.name,
      principal,
      term_count: termCount,
      term_unit: termUnit,
      start_date: disbursedOn,
      interest: JSON.stringify(interest),
      processing_fee_rule: null,
      penalty: penalty === null ? null : JSON.stringify(penalty),
      allocation_order: order,
      rounding,
      status: loan.writtenOffOn === null ? ('ACTIVE' as const) : ('WRITTEN_OFF' as const),
      disbursed_on: disbursedOn,
      closed_at: loan.writtenOffOn === null ? null : new Date(`${loan.writtenOffOn}T11:00:00Z`),
    })
    for (const inst of schedule.installments)
      installmentRows.push({
        loan_id: loan.id,
        sequence: inst.sequence,
        due_date: inst.dueDate,
        principal: inst.principal,
        interest: inst.interest,
        fee: inst.fee,
      })
    for (const r of loan.repayments)
      repaymentRows.push({
        ...r,
        loan_id: loan.id,
        method: 'CASH' as const,
        idempotency_key: `report-ledger-${r.id}`,
        request_hash: 'report-ledger',
        reversed_at: r.reversed_on === null ? null : new Date(`${r.reversed_on}T12:00:00Z`),
        reversal_reason: r.reversed_on === null ? null : 'Posted to the wrong member',
      })
  }
  for (let i = 0; i < loanRows.length; i += 500)
    await t.db
      .insertInto('loan')
      .values(loanRows.slice(i, i + 500))
      .execute()
  for (let i = 0; i < installmentRows.length; i += 3000)
    await t.db
      .insertInto('loan_installment')
      .values(installmentRows.slice(i, i + 3000))
      .execute()
  for (let i = 0; i < repaymentRows.length; i += 3000)
    await t.db
      .insertInto('repayment')
      .values(repaymentRows.slice(i, i + 3000))
      .execute()
  await rebuildLedger(t.db, { today: TODAY, defaultAfterDays: DEFAULT_AFTER, allocations: true })
}, 600_000)

afterAll(async () => {
  await t.close()
})

describe('the generated portfolio', () => {
  it('has every status, loans in arrears in every bucket, write-offs and reversals', () => {
    const rows = oracle(TODAY)
    const statuses = new Set(rows.map((r) => r.status))
    expect([...statuses].sort()).toEqual(['ACTIVE', 'COMPLETED', 'DEFAULTED', 'WRITTEN_OFF'])
    const aging = agingBuckets(rows.filter(isRunning).map(asPortfolioLoan))
    for (const count of Object.values(aging.counts)) expect(count).toBeGreaterThan(0)
    expect(loans.some((l) => l.repayments.some((r) => r.reversed_on !== null))).toBe(true)
  })
})

describe('dashboard = the old replay-based figures', () => {
  const period = { from: '2026-05-20', to: TODAY }

  it('admin: portfolio, running loans, PAR30, collection efficiency, on-time rate, due today, collected', async () => {
    const board = await w.asAdmin.report.dashboard(period)
    const kpi = (key: string) => board.kpis.find((k) => k.key === key)
    const rows = oracle(TODAY)
    const running = rows.filter(isRunning)
    expect(kpi('portfolio')?.value).toBe(running.reduce((s, r) => s + r.position.outstandingPrincipal, 0))
    expect(kpi('activeLoans')?.value).toBe(running.length)
    const par30 = portfolioAtRisk(running.map(asPortfolioLoan), 30)
    expect(kpi('par30')?.ratio).toBe(par30.ratio)
    expect(kpi('par30')?.inputs.map((i) => i.value)).toEqual([par30.atRisk, par30.portfolio])
    const dues = rows.flatMap((r) => installmentDues(r.position))
    const efficiency = collectionEfficiency(dues, period)
    const onTime = onTimeRate(dues, period)
    expect(kpi('collectionEfficiency')?.inputs.map((i) => i.value)).toEqual([
      efficiency.numerator,
      efficiency.denominator,
    ])
    expect(kpi('collectionEfficiency')?.ratio).toBe(efficiency.ratio)
    expect(kpi('onTimeRate')?.inputs.map((i) => i.value)).toEqual([onTime.numerator, onTime.denominator])
    expect(efficiency.numerator).toBeGreaterThan(0)
    const dueToday = running
      .flatMap((r) => r.position.installments.filter((i) => i.dueDate === TODAY))
      .reduce((s, i) => s + i.outstanding.total, 0)
    expect(kpi('dueToday')?.value).toBe(dueToday)
    const collected = loans
      .flatMap((l) => l.repayments)
      .filter((r) => r.reversed_on === null && r.paid_on >= period.from && r.paid_on <= period.to)
      .reduce((s, r) => s + r.amount, 0)
    expect(kpi('collected')?.value).toBe(collected)
    // Status mix: the status each loan shows today.
    const mix = Object.fromEntries(board.charts.statusMix.map((m) => [m.status, m.count]))
    for (const status of ['ACTIVE', 'DEFAULTED', 'COMPLETED', 'WRITTEN_OFF'] as const)
      expect(mix[status] ?? 0, status).toBe(rows.filter((r) => r.status === status).length)
    expect(board.charts.parTrend.at(-1)).toEqual({
      date: TODAY,
      ratio: par30.ratio,
      atRisk: par30.atRisk,
      portfolio: par30.portfolio,
    })
  })

  it("a supervisor's and an officer's dashboards hold only their loans", async () => {
    for (const [caller, team] of [
      [w.asSupB, 'B'],
      [w.asCoA1, 'A'],
    ] as const) {
      const board = await caller.report.dashboard(period)
      const running = oracle(TODAY, team).filter(isRunning)
      expect(board.kpis.find((k) => k.key === 'portfolio')?.value).toBe(
        running.reduce((s, r) => s + r.position.outstandingPrincipal, 0),
      )
      const dues = oracle(TODAY, team).flatMap((r) => installmentDues(r.position))
      expect(board.kpis.find((k) => k.key === 'onTimeRate')?.ratio).toBe(onTimeRate(dues, period).ratio)
    }
  })

  it('officer performance per officer equals the replay', async () => {
    const report = await w.asAdmin.report.officerPerformance(period)
    for (const [officer, team] of [
      [w.coA1.id, 'A'],
      [w.coB1.id, 'B'],
    ] as const) {
      const row = report.rows.find((r) => r.officerId === officer)
      const rows = oracle(TODAY, team)
      const running = rows.filter(isRunning)
      expect(row?.activeLoans).toBe(running.length)
      expect(row?.par30.ratio).toBe(portfolioAtRisk(running.map(asPortfolioLoan), 30).ratio)
      const dues = rows.flatMap((r) => installmentDues(r.position))
      expect(row?.collectionEfficiency.ratio).toBe(collectionEfficiency(dues, period).ratio)
      expect(row?.onTimeRate.ratio).toBe(onTimeRate(dues, period).ratio)
    }
  })
})

describe('portfolio report from the ledger = the replay', () => {
  it('every row, totals, PAR, aging, arrears and provisioning', async () => {
    const first = await w.asAdmin.report.portfolio({ pageSize: 100 })
    const items = [...(first.rows?.items ?? [])]
    for (let page = 2; items.length < (first.rows?.total ?? 0); page++)
      items.push(...((await w.asAdmin.report.portfolio({ pageSize: 100, page })).rows?.items ?? []))
    const rows = oracle(TODAY)
    expect(items).toHaveLength(rows.length)
    const byId = new Map(items.map((row) => [row.loanId, row]))
    for (const row of rows) {
      const shown = byId.get(row.loan.id)
      expect(shown, row.loan.id).toMatchObject({
        status: row.status,
        daysPastDue: row.position.daysPastDue,
        outstandingPrincipal: row.position.outstandingPrincipal,
        overduePrincipal: row.position.overduePrincipal,
        outstanding: row.position.payoffAmount,
        overdue: row.position.overdue,
        dueNow: row.position.dueNow,
        penaltiesAccrued: row.position.penaltiesAccrued,
        paid: row.position.totals.paid.total,
      })
    }
    const running = rows.filter(isRunning).map(asPortfolioLoan)
    for (const par of first.par) expect(par.without.ratio).toBe(portfolioAtRisk(running, par.days).ratio)
    expect(first.provisioning).toEqual(provisioning(running))
    expect(first.arrears.ratio).toBe(arrearsRate(running).ratio)
    const aging = agingBuckets(running)
    expect(first.aging.map((a) => [a.amount, a.count])).toEqual(
      (['current', '1-30', '31-60', '61-90', '90+'] as const).map((b) => [aging.amounts[b], aging.counts[b]]),
    )
    expect(first.source).toBe('LEDGER')
  })

  it('filters, sorts and pages on the server', async () => {
    const rows = oracle(TODAY)
    const defaulted = await w.asAdmin.report.portfolio({ status: 'DEFAULTED', pageSize: 100 })
    expect(defaulted.rows?.total).toBe(rows.filter((r) => r.status === 'DEFAULTED').length)
    expect(defaulted.rows?.items.every((r) => r.status === 'DEFAULTED')).toBe(true)
    const late = await w.asAdmin.report.portfolio({ bucket: '31-60', sort: 'daysPastDue', direction: 'desc' })
    const expected = rows.filter(
      (r) => isRunning(r) && r.position.daysPastDue >= 31 && r.position.daysPastDue <= 60,
    )
    expect(late.rows?.total).toBe(expected.length)
    const days = late.rows?.items.map((r) => r.daysPastDue) ?? []
    expect(days).toEqual([...days].sort((a, b) => b - a))
    expect(days[0]).toBe(Math.max(...expected.map((r) => r.position.daysPastDue)))
    const page2 = await w.asAdmin.report.portfolio({ sort: 'outstandingPrincipal', page: 2, pageSize: 10 })
    const all = await w.asAdmin.report.portfolio({ sort: 'outstandingPrincipal', pageSize: 20 })
    expect(page2.rows?.items).toEqual(all.rows?.items.slice(10, 20))
    const officer = await w.asCoA1.report.portfolio({ pageSize: 100 })
    expect(officer.rows?.total).toBe(oracle(TODAY, 'A').length)
  })
})

describe('the close', () => {
  // First close 12 days ago: the six month-ends before it and its yesterday; then twelve days of downtime.
  const FIRST_NOW = new Date(`${addDays(TODAY, -12)}T09:00:00Z`)

  it('first run: the month-ends of the PAR trend and yesterday, each equal to the replay as of that day', async () => {
    const results = await closeDue(t.db, { now: FIRST_NOW })
    expect(results.map((r) => r.day)).toEqual([
      '2025-12-31',
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
      '2026-05-31',
      addDays(TODAY, -13),
    ])
    expect(results.every((r) => r.state === 'CLOSED')).toBe(true)
    // Loans changed after a day were replayed as of it; the rest read from the ledger.
    expect(results[0]?.replayed).toBeGreaterThan(0)
    expect(results[0]?.replayed).toBeLessThan(results[0]?.loans ?? 0)
    for (const result of results)
      expect(await snapshotOf(result.day), result.day).toEqual(oracleSummary(oracle(result.day)))
  })

  it('is idempotent: closing a day again replaces its snapshot with the same figures', async () => {
    const day = '2026-03-31'
    const before = await t.db
      .selectFrom('portfolio_snapshot')
      .selectAll()
      .where('snapshot_date', '=', day)
      .orderBy('union_id')
      .execute()
    expect((await closeDay(t.db, day)).state).toBe('SKIPPED')
    expect((await closeDay(t.db, day, { isForced: true })).state).toBe('CLOSED')
    const after = await t.db
      .selectFrom('portfolio_snapshot')
      .selectAll()
      .where('snapshot_date', '=', day)
      .orderBy('union_id')
      .execute()
    const figures = (rows: typeof before) => rows.map(({ computed_at: _computed, ...rest }) => rest)
    expect(figures(after)).toEqual(figures(before))
    expect(after).toHaveLength(2)
    expect(await closeDue(t.db, { now: FIRST_NOW })).toEqual([])
  })

  it('catches up every missed day after downtime, equal to the replay as of each day (backdated payments included)', async () => {
    // During the downtime a payment is posted backdated into the missed days, on a loan that also paid later.
    const loan = loans.find(
      (l) =>
        l.writtenOffOn === null &&
        replayAsOf(l, addDays(TODAY, -8)).payoffAmount > 100_000 &&
        l.repayments.some((r) => r.paid_on > addDays(TODAY, -8)),
    )
    if (!loan) throw new Error('no loan to backdate into')
    await insertRepayment(loan, addDays(TODAY, -8), 50_000, new Date(`${addDays(TODAY, -1)}T10:00:00Z`))
    const results = await closeDue(t.db, { now: new Date(`${TODAY}T09:00:00Z`) })
    expect(results.map((r) => r.day)).toEqual(Array.from({ length: 12 }, (_, i) => addDays(TODAY, -12 + i)))
    for (const result of results)
      expect(await snapshotOf(result.day), result.day).toEqual(oracleSummary(oracle(result.day)))
    // The dashboard's trend reads the month-ends from the snapshots.
    const board = await w.asAdmin.report.dashboard({})
    expect(board.lastClosedOn).toBe(addDays(TODAY, -1))
    const monthEnds = ['2025-12-31', '2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31']
    expect(board.charts.parTrend.map((p) => p.date)).toEqual([...monthEnds, TODAY])
    for (const point of board.charts.parTrend.slice(0, -1)) {
      const par = portfolioAtRisk(oracle(point.date).filter(isRunning).map(asPortfolioLoan), 30)
      expect(point, point.date).toEqual({
        date: point.date,
        ratio: par.ratio,
        atRisk: par.atRisk,
        portfolio: par.portfolio,
      })
    }
  })

  it('keeps a closed day as the books stood, until it is closed again', async () => {
    const day = '2026-04-30'
    const loan = loans.find(
      (l) =>
        l.writtenOffOn === null && l.disbursedOn < '2026-04-01' && replayAsOf(l, day).payoffAmount > 100_000,
    )
    if (!loan) throw new Error('no loan')
    const closed = await snapshotOf(day)
    await insertRepayment(loan, '2026-04-20', 60_000, new Date(`${TODAY}T08:00:00Z`))
    expect(await snapshotOf(day)).toEqual(closed)
    await closeDay(t.db, day, { isForced: true })
    expect(await snapshotOf(day)).toEqual(oracleSummary(oracle(day)))
    expect(await snapshotOf(day)).not.toEqual(closed)
  })

  it('several closers racing write one snapshot per day', async () => {
    const days = ['2026-01-15', '2026-01-16', '2026-01-17']
    const results = await Promise.all(
      ['one', 'two', 'three', 'four'].flatMap((instance) =>
        days.map((day) => closeDay(t.db, day, { instanceId: `racer-${instance}` })),
      ),
    )
    for (const day of days) {
      expect(
        results.filter((r) => r.day === day && r.state === 'CLOSED'),
        day,
      ).toHaveLength(1)
      const rows = await t.db
        .selectFrom('portfolio_snapshot')
        .select('union_id')
        .where('snapshot_date', '=', day)
        .execute()
      expect(rows).toHaveLength(2)
      expect(await snapshotOf(day)).toEqual(oracleSummary(oracle(day)))
    }
    const runs = await t.db.selectFrom('close_run').selectAll().where('run_date', 'in', days).execute()
    expect(runs.map((r) => r.state)).toEqual(['DONE', 'DONE', 'DONE'])
  })

  it('takes over a day whose closer died (stale heartbeat), never one still running', async () => {
    const day = '2026-01-20'
    await t.db
      .insertInto('close_run')
      .values({
        run_date: day,
        state: 'RUNNING',
        claimed_by: 'dead',
        heartbeat_at: new Date(Date.now() - 3_600_000),
      })
      .execute()
    expect((await closeDay(t.db, day)).state).toBe('CLOSED')
    const live = '2026-01-21'
    await t.db
      .insertInto('close_run')
      .values({ run_date: live, state: 'RUNNING', claimed_by: 'alive' })
      .execute()
    expect((await closeDay(t.db, live)).state).toBe('SKIPPED')
  })
})

describe('collection facts (copied by the close) + the ledger for loans changed since', () => {
  const period = { from: '2026-05-01', to: TODAY }
  const expected = (team?: 'A' | 'B') => {
    const dues = oracle(TODAY, team).flatMap((r) => installmentDues(r.position))
    const e = collectionEfficiency(dues, period)
    const o = onTimeRate(dues, period)
    return [
      [e.numerator, e.denominator],
      [o.numerator, o.denominator],
    ]
  }
  const shown = async (caller: LoanWorld['asAdmin']) => {
    const board = await caller.report.dashboard(period)
    return ['collectionEfficiency', 'onTimeRate'].map(
      (key) => board.kpis.find((k) => k.key === key)?.inputs.map((i) => i.value) ?? [],
    )
  }

  it('reads the copy for loans unchanged since it was taken, the ledger for the others, and equals the replay', async () => {
    // Every loan last changed an hour before the copy: the copy answers for all of them.
    await t.db
      .updateTable('loan_state')
      .set({ updated_at: new Date(Date.now() - 3_600_000) })
      .execute()
    await t.db
      .updateTable('fact_refresh')
      .set({ refreshed_at: new Date(0) })
      .execute()
    await closeDue(t.db, { now: new Date(`${TODAY}T09:00:00Z`) })
    expect(
      await t.db
        .selectFrom('due_fact')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst(),
    ).toEqual({
      n: loans.reduce((s, l) => s + l.installments.length, 0),
    })
    expect(await shown(w.asAdmin)).toEqual(expected())
    expect(await shown(w.asSupB)).toEqual(expected('B'))
    // The copy is what is read: an unchanged loan's copied due amount shows.
    const fact = await t.db
      .selectFrom('due_fact')
      .selectAll()
      .where('due_date', '>=', period.from)
      .where('due_date', '<=', period.to)
      .limit(1)
      .executeTakeFirstOrThrow()
    await t.db
      .updateTable('due_fact')
      .set({ amount_due: fact.amount_due + 7 })
      .where('loan_id', '=', fact.loan_id)
      .where('sequence', '=', fact.sequence)
      .execute()
    expect((await shown(w.asAdmin))[0]?.[1]).toBe((expected()[0]?.[1] ?? 0) + 7)
    await t.db
      .updateTable('due_fact')
      .set({ amount_due: fact.amount_due })
      .where('loan_id', '=', fact.loan_id)
      .where('sequence', '=', fact.sequence)
      .execute()
    // A payment after the copy (also backdated into the period): that loan is read from the ledger.
    const loan = loans.find(
      (l) =>
        l.writtenOffOn === null &&
        l.installments.some((i) => i.dueDate >= period.from && i.dueDate <= TODAY) &&
        replayAsOf(l, '2026-05-20').payoffAmount > 100_000,
    )
    if (!loan) throw new Error('no loan to pay')
    await insertRepayment(loan, '2026-05-20', 40_000, new Date())
    expect(await shown(w.asAdmin)).toEqual(expected())
    const performance = await w.asAdmin.report.officerPerformance(period)
    const team = performance.team.kpis.map((k) => k.inputs.map((i) => i.value))
    expect(team).toEqual(expected())
  })

  it('copies a few loans per statement the same facts as in one statement, first and after changes', async () => {
    const facts = async () => ({
      due: await t.db.selectFrom('due_fact').selectAll().orderBy('loan_id').orderBy('sequence').execute(),
      allocations: await t.db
        .selectFrom('allocation_fact')
        .selectAll()
        .orderBy('loan_id')
        .orderBy('sequence')
        .orderBy('paid_on')
        .execute(),
    })
    const startOver = () =>
      t.db
        .updateTable('fact_refresh')
        .set({ refreshed_at: new Date(0) })
        .execute()
    await startOver()
    expect(await refreshCollectionFacts(t.db, { chunk: 1_000_000 })).toEqual({ loans: null })
    const whole = await facts()
    expect(whole.due).toHaveLength(loans.reduce((s, l) => s + l.installments.length, 0))
    expect(whole.allocations.length).toBeGreaterThan(0)
    await startOver()
    expect(await refreshCollectionFacts(t.db, { chunk: 3 })).toEqual({ loans: null })
    expect(await facts()).toEqual(whole)
    // Every loan changed since: each is copied again, three per statement, to the same facts.
    await t.db.updateTable('loan_state').set({ updated_at: new Date() }).execute()
    const states = await t.db
      .selectFrom('loan_state')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(await refreshCollectionFacts(t.db, { chunk: 3 })).toEqual({ loans: states.n })
    expect(await facts()).toEqual(whole)
  })
})

describe('the portfolio as of a past date', () => {
  it('a closed day answers from its snapshot at once (figures; loan rows need the run)', async () => {
    const report = await w.asSupA.report.portfolio({ asOf: '2026-03-31' })
    expect(report.source).toBe('SNAPSHOT')
    expect(report.rows).toBeNull()
    const summary = oracleSummary(oracle('2026-03-31', 'A'))
    expect(report.totals.outstandingPrincipal).toBe(summary.outstanding_principal)
    expect(report.par.find((p) => p.days === 30)?.without.inputs[0]?.value).toBe(summary.par30_principal)
  })

  it('a date before the first snapshot is computed in the background, then equals the replay', async () => {
    const asOf = '2025-09-10'
    await expectTRPCError(w.asAdmin.report.portfolio({ asOf }), 'PRECONDITION_FAILED', /not been computed/)
    await expectTRPCError(
      w.asAdmin.report.officerPerformance({ from: '2025-09-01', to: asOf }),
      'PRECONDITION_FAILED',
    )
    const started = await w.asAdmin.report.asOfStart({ asOf })
    expect(['RUNNING', 'DONE']).toContain(started.state)
    // Asking again joins the same computation.
    expect((await w.asCoB1.report.asOfStart({ asOf })).id).toBe(started.id)
    const done = await waitForRun(t.db, started.id)
    expect(done.state).toBe('DONE')
    expect(done.loansDone).toBe(oracle(asOf).length)
    const report = await w.asAdmin.report.portfolio({ asOf, pageSize: 100 })
    expect(report.source).toBe('RUN')
    const rows = oracle(asOf)
    const summary = oracleSummary(rows)
    expect(report.totals).toEqual({
      loans: summary.loans_active + summary.loans_defaulted,
      outstandingPrincipal: summary.outstanding_principal,
      outstanding: summary.outstanding,
      overdue: summary.overdue,
      overduePrincipal: summary.overdue_principal,
      penaltiesAccrued: summary.penalties_accrued,
    })
    expect(report.rows?.total).toBe(rows.length)
    for (const row of report.rows?.items ?? []) {
      const expected = rows.find((r) => r.loan.id === row.loanId)
      expect(row.outstanding, row.loanNumber).toBe(expected?.position.payoffAmount)
      expect(row.status, row.loanNumber).toBe(expected?.status)
    }
    // Scope applies when reading: an officer sees only their own loans of the same run.
    const mine = await w.asCoB1.report.portfolio({ asOf, pageSize: 100 })
    expect(mine.rows?.total).toBe(oracle(asOf, 'B').length)
    const team = await w.asSupA.report.officerPerformance({ from: '2025-09-01', to: asOf })
    expect(team.rows.find((r) => r.officerId === w.coA1.id)?.activeLoans).toBe(
      oracle(asOf, 'A').filter(isRunning).length,
    )
    await expectTRPCError(w.asAdmin.report.asOfStart({ asOf: TODAY }), 'BAD_REQUEST', /past date/)
  })

  it('replays in slices that leave the event loop free', async () => {
    const histogram = monitorEventLoopDelay({ resolution: 5 })
    const runId = await createRun(t.db, { asOf: '2025-07-01', purpose: 'AS_OF', requestedBy: null })
    histogram.enable()
    const counts = await computeRun(t.db, runId, {
      asOf: '2025-07-01',
      defaultAfterDays: DEFAULT_AFTER,
      timeZone: 'Africa/Lagos',
    })
    histogram.disable()
    expect(counts.replayed).toBeGreaterThan(50)
    // The longest the loop was held (ms), with room for a loaded test machine.
    expect(histogram.max / 1e6).toBeLessThan(100)
  })
})
