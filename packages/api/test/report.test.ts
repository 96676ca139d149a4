import {
  addDays,
  agingBuckets,
  arrearsRate,
  buildSchedule,
  collectionEfficiency,
  installmentDues,
  loanPosition,
  onTimeRate,
  portfolioAtRisk,
  type LoanEvent,
  type LoanPosition,
  type PenaltyRule,
} from '@mp/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parKpi } from '../src/services/report.js'
import type { PortfolioRow } from '../src/services/portfolio.js'
import { waitForRun } from '../src/services/portfolio-run.js'
import { expectTRPCError, openTestDatabase } from './staff-fixtures.js'
import { activeLoan, addLoanWorld, newKey, type LoanWorld } from './loan-fixtures.js'
import { mulberry32 } from './support/random.js'

/**
 * Reports against an independent ledger: a generated portfolio (hundreds of loans; on-time, late,
 * partial and stopped payers; reversals; write-offs) is posted through the API day by day, while the test
 * keeps its own record of every schedule and payment. Every KPI is then recomputed from that record with
 * @mp/domain and must equal the report's figure exactly.
 */
const PENALTY: PenaltyRule = { kind: 'PERCENT_PER_DAY', ratePerDay: '0.002', graceDays: 3, mode: 'FORGIVE' }
const LOANS = 200
const END = '2025-04-30'
const AS_OF_PAST = '2025-03-31'

type LedgerLoan = {
  id: string
  team: 'A' | 'B'
  principal: number
  termCount: number
  startDate: string
  events: LoanEvent[]
  writtenOffOn: string | null
}

let t: Awaited<ReturnType<typeof openTestDatabase>>
let w: LoanWorld
let typeId = ''
const ledger: LedgerLoan[] = []
let reportAtPast: Awaited<ReturnType<typeof wholePortfolio>> | undefined

function positionOf(loan: LedgerLoan, asOf: string): LoanPosition {
  const schedule = buildSchedule({
    principal: loan.principal,
    termCount: loan.termCount,
    termUnit: 'WEEK',
    startDate: loan.startDate,
    interest: { method: 'FLAT', rate: '0.10', basis: 'PER_TERM' },
  })
  return loanPosition({
    installments: schedule.installments,
    events: loan.events,
    asOf,
    penalty: PENALTY,
    order: 'VERTICAL',
  })
}

type Caller = LoanWorld['asAdmin']
type PortfolioInput = Parameters<Caller['report']['portfolio']>[0]

/** The portfolio report with every page of its rows (the report pages them on the server). */
async function wholePortfolio(caller: Caller, input: PortfolioInput) {
  const first = await caller.report.portfolio({ ...input, pageSize: 100 })
  const items = [...(first.rows?.items ?? [])]
  for (let page = 2; (first.rows?.total ?? 0) > items.length; page++) {
    const next = await caller.report.portfolio({ ...input, pageSize: 100, page })
    items.push(...(next.rows?.items ?? []))
  }
  return { ...first, rows: items }
}

/** A past date: computed in the background first (start and wait), then read. */
async function portfolioAsOf(caller: Caller, input: PortfolioInput & { asOf: string }) {
  const run = await caller.report.asOfStart({ asOf: input.asOf })
  await waitForRun(t.db, run.id)
  return wholePortfolio(caller, input)
}

function expectedRows(asOf: string, team?: 'A' | 'B') {
  return ledger
    .filter((l) => l.startDate <= asOf && (team === undefined || l.team === team))
    .map((l) => ({ loan: l, position: positionOf(l, asOf) }))
    .filter(
      ({ loan, position }) =>
        !(loan.writtenOffOn !== null && loan.writtenOffOn <= asOf) && position.status !== 'COMPLETED',
    )
}

beforeAll(async () => {
  t = await openTestDatabase({ poolSize: 8 })
  w = await addLoanWorld(t.db, '2025-01-06')
  const type = await w.asAdmin.loanType.create({
    name: 'Report weekly',
    description: null,
    minPrincipal: 1_000_000,
    maxPrincipal: 100_000_000,
    termUnit: 'WEEK',
    minTerm: 4,
    maxTerm: 26,
    interest: { method: 'FLAT', rate: '0.10', basis: 'PER_TERM' },
    processingFee: null,
    penalty: PENALTY,
    allocationOrder: 'VERTICAL',
    rounding: 'HALF_EVEN',
    installmentMultiple: null,
  })
  typeId = type.id
  const random = mulberry32(20251126)
  const members = await t.db
    .insertInto('member')
    .values(
      Array.from({ length: LOANS }, (_, i) => ({
        union_id: i % 4 === 3 ? w.unionB.id : w.unionA.id,
        first_name: `Port${String(i)}`,
        last_name: 'Folio',
      })),
    )
    .returning(['id', 'union_id'])
    .execute()
  // Loans start on Mondays from 6 January to 24 February.
  const teamOf = (unionId: string): 'A' | 'B' => (unionId === w.unionB.id ? 'B' : 'A')
  const plans = members.map((m, i) => ({
    memberId: m.id,
    team: teamOf(m.union_id),
    startDate: addDays('2025-01-06', 7 * Math.floor(random() * 8)),
    principal: 1_000_000 * (2 + Math.floor(random() * 20)),
    termCount: 4 + Math.floor(random() * 13),
    behaviour: i % 10,
  }))
  plans.sort((a, b) => (a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : 0))
  // Payments per loan: 0–4 on time, 5–6 ten days late, 7 half of each, 8 stops after three, 9 pays it all early.
  type Planned = { date: string; loan: LedgerLoan; amount: number | 'DUE_NOW' }
  const planned: Planned[] = []
  for (const plan of plans) {
    w.clock.today = plan.startDate
    const loan = await activeLoan(w, {
      memberId: plan.memberId,
      loanTypeId: typeId,
      principal: plan.principal,
      termCount: plan.termCount,
      team: plan.team,
    })
    const entry: LedgerLoan = {
      id: loan.id,
      team: plan.team,
      principal: plan.principal,
      termCount: plan.termCount,
      startDate: plan.startDate,
      events: [],
      writtenOffOn: null,
    }
    ledger.push(entry)
    const installments = loan.position?.installments ?? []
    installments.forEach((inst, k) => {
      const b = plan.behaviour
      if (b === 8 && k >= 3) return
      if (b === 9) {
        if (k === 0)
          planned.push({
            date: addDays(plan.startDate, 3),
            loan: entry,
            amount: loan.position?.payoffAmount ?? 0,
          })
        return
      }
      const date = b === 5 || b === 6 ? addDays(inst.dueDate, 10) : inst.dueDate
      const amount = b === 7 ? Math.floor(inst.due.total / 2) : 'DUE_NOW'
      planned.push({ date, loan: entry, amount })
    })
  }
  planned.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
  const post = async (p: Planned) => {
    // The ledger decides what is still sensible to pay (a late payer's "due now" may already be covered).
    const now = positionOf(p.loan, p.date)
    if (now.payoffAmount === 0 || (p.amount === 'DUE_NOW' && now.dueNow === 0)) return
    if (p.amount !== 'DUE_NOW') p.amount = Math.min(p.amount, now.payoffAmount)
    const caller = p.loan.team === 'B' ? w.asCoB1 : w.asCoA1
    const paid = await caller.repayment.record({
      loanId: p.loan.id,
      ...(p.amount === 'DUE_NOW' ? { mode: 'DUE_NOW' as const } : { amount: p.amount }),
      paidOn: p.date,
      method: 'CASH',
      idempotencyKey: newKey('report'),
    })
    p.loan.events.push({ type: 'REPAYMENT', id: paid.id, date: p.date, amount: paid.amount })
  }
  // Day by day up to the past as-of date, then a report is taken "on that day".
  for (const p of planned.filter((x) => x.date <= AS_OF_PAST)) {
    w.clock.today = p.date
    await post(p)
  }
  w.clock.today = AS_OF_PAST
  reportAtPast = await wholePortfolio(w.asAdmin, {})
  for (const p of planned.filter((x) => x.date > AS_OF_PAST && x.date <= END)) {
    w.clock.today = p.date
    await post(p)
  }
  w.clock.today = END
  // Corrections after the past date: ten reversals and five write-offs, made on the last day.
  const withPayments = ledger.filter((l) => l.events.length > 1)
  for (const loan of withPayments.slice(0, 10)) {
    const target = loan.events.find((e) => e.type === 'REPAYMENT')
    if (!target) continue
    await w.asAdmin.repayment.reverse({ id: target.id, reason: 'Posted to the wrong member' })
    loan.events.push({ type: 'REVERSAL', id: `reversal:${target.id}`, date: END, repaymentId: target.id })
  }
  for (const loan of ledger.filter((l) => l.events.length <= 3 && l.startDate < '2025-02-01').slice(0, 5)) {
    const detail = await w.asAdmin.loan.get({ id: loan.id })
    if (detail.status !== 'ACTIVE' && detail.status !== 'DEFAULTED') continue
    await w.asAdmin.loan.writeOff({ id: loan.id, reason: 'Untraceable' })
    loan.writtenOffOn = END
  }
}, 600_000)

afterAll(async () => {
  await t.close()
})

describe('reports equal the domain over an independent ledger', () => {
  it('portfolio, PAR1/30/60/90, aging and arrears as of today', async () => {
    const report = await wholePortfolio(w.asAdmin, {})
    const expected = expectedRows(END)
    const loans = expected.map(({ position }) => ({
      outstandingPrincipal: position.outstandingPrincipal,
      daysPastDue: position.daysPastDue,
      overduePrincipal: position.overduePrincipal,
    }))
    expect(report.totals.loans).toBe(expected.length)
    expect(report.totals.outstandingPrincipal).toBe(loans.reduce((s, l) => s + l.outstandingPrincipal, 0))
    for (const par of report.par) {
      const domain = portfolioAtRisk(loans, par.days)
      expect(par.without.ratio, `PAR${String(par.days)}`).toBe(domain.ratio)
      expect(par.without.inputs.map((i) => i.value)).toEqual([domain.atRisk, domain.portfolio])
    }
    const aging = agingBuckets(loans)
    expect(report.aging.map((a) => a.amount)).toEqual(
      ['current', '1-30', '31-60', '61-90', '90+'].map((b) => aging.amounts[b as keyof typeof aging.amounts]),
    )
    expect(report.arrears.ratio).toBe(arrearsRate(loans).ratio)
    // The portfolio is varied enough to exercise every bucket that matters.
    expect(report.par.find((p) => p.days === 30)?.without.inputs[0]?.value).toBeGreaterThan(0)
    expect(report.rows.filter((r) => r.status === 'WRITTEN_OFF')).toHaveLength(
      ledger.filter((l) => l.writtenOffOn !== null).length,
    )
  })

  it('dashboard: collected, disbursed, PAR30, collection efficiency and on-time rate for the period', async () => {
    const period = { from: '2025-04-01', to: END }
    const board = await w.asAdmin.report.dashboard(period)
    const kpi = (key: string) => board.kpis.find((k) => k.key === key)
    const expected = expectedRows(END)
    const standing = ledger.flatMap((l) => {
      const reversed = new Set(l.events.flatMap((e) => (e.type === 'REVERSAL' ? [e.repaymentId] : [])))
      return l.events.filter((e) => e.type === 'REPAYMENT' && !reversed.has(e.id))
    })
    const collected = standing
      .filter((e) => e.date >= period.from && e.date <= period.to)
      .reduce((s, e) => s + (e.type === 'REPAYMENT' ? e.amount : 0), 0)
    expect(kpi('collected')?.value).toBe(collected)
    expect(kpi('portfolio')?.value).toBe(expected.reduce((s, e) => s + e.position.outstandingPrincipal, 0))
    expect(kpi('activeLoans')?.value).toBe(expected.length)
    expect(kpi('par30')?.ratio).toBe(
      portfolioAtRisk(
        expected.map((e) => ({
          outstandingPrincipal: e.position.outstandingPrincipal,
          daysPastDue: e.position.daysPastDue,
        })),
        30,
      ).ratio,
    )
    // Collection efficiency and on-time rate over every disbursed loan's dues (written off included).
    const allDues = ledger.flatMap((l) => installmentDues(positionOf(l, END)))
    expect(kpi('collectionEfficiency')?.ratio).toBe(collectionEfficiency(allDues, period).ratio)
    expect(kpi('onTimeRate')?.ratio).toBe(onTimeRate(allDues, period).ratio)
    expect(kpi('collectionEfficiency')?.definition).toMatch(/due in the period/)
    expect(board.charts.monthly).toHaveLength(12)
    expect(board.charts.parTrend.at(-1)?.ratio).toBe(kpi('par30')?.ratio)
    expect(board.charts.statusMix.reduce((s, m) => s + m.count, 0)).toBeGreaterThanOrEqual(LOANS)
  })

  it('the portfolio as of a past date equals the report taken on that date', async () => {
    const later = await portfolioAsOf(w.asAdmin, { asOf: AS_OF_PAST })
    expect({ ...later, source: 'LEDGER' }).toEqual(reportAtPast)
    // And it is not simply today's report.
    const today = await w.asAdmin.report.portfolio({})
    expect(today.totals).not.toEqual(later.totals)
    await expectTRPCError(w.asAdmin.report.portfolio({ asOf: '2025-05-01' }), 'BAD_REQUEST', /future/)
  })

  it('officer performance and team totals', async () => {
    const report = await w.asSupA.report.officerPerformance({ from: '2025-04-01', to: END })
    expect(report.rows.map((r) => r.officerName).sort()).toEqual(['Chidi Obi', 'Funke Lawal'])
    const chidi = report.rows.find((r) => r.officerId === w.coA1.id)
    const expected = expectedRows(END, 'A')
    expect(chidi?.activeLoans).toBe(expected.length)
    expect(report.team.outstandingPrincipal).toBe(
      expected.reduce((s, e) => s + e.position.outstandingPrincipal, 0),
    )
  })

  it('disbursements and repayments by method add up', async () => {
    const disbursed = await w.asAdmin.report.disbursements({ from: '2025-01-01', to: END })
    expect(disbursed.totals.count).toBe(
      ledger.length +
        (
          await t.db
            .selectFrom('loan')
            .select('id')
            .where('loan_type_id', '<>', typeId)
            .where('disbursed_on', 'is not', null)
            .execute()
        ).length,
    )
    const byMethod = await w.asAdmin.report.repaymentsByMethod({ from: '2025-01-01', to: END })
    const standing = await t.db
      .selectFrom('repayment')
      .select(['amount'])
      .where('reversed_at', 'is', null)
      .execute()
    expect(byMethod.totals.amount).toBe(standing.reduce((s, r) => s + r.amount, 0))
    expect(byMethod.totals.reversedCount).toBe(10)
  })
})

describe('scope', () => {
  it("a supervisor's dashboard and reports hold only their team's loans", async () => {
    const board = await w.asSupB.report.dashboard({ from: '2025-04-01', to: END })
    const expected = expectedRows(END, 'B')
    expect(board.kpis.find((k) => k.key === 'portfolio')?.value).toBe(
      expected.reduce((s, e) => s + e.position.outstandingPrincipal, 0),
    )
    const portfolio = await wholePortfolio(w.asCoB1, {})
    expect(portfolio.rows.every((r) => r.unionId === w.unionB.id)).toBe(true)
    const performance = await w.asSupB.report.officerPerformance({})
    expect(performance.rows.map((r) => r.officerId)).toEqual([w.coB1.id])
  })
})

describe('saved supervisor reports', () => {
  it('saves a snapshot, lists, reopens it unchanged and deletes it; others cannot see it', async () => {
    const saved = await w.asSupA.savedReport.create({
      title: 'April team review',
      type: 'MONTHLY',
      from: '2025-04-01',
      to: END,
      officerIds: [w.coA1.id],
    })
    expect((await w.asSupA.savedReport.list()).map((r) => r.title)).toContain('April team review')
    const reopened = await w.asSupA.savedReport.get({ id: saved.id })
    expect(reopened.snapshot.rows.map((r) => r.officerId)).toEqual([w.coA1.id])
    expect(JSON.parse(JSON.stringify(saved.snapshot))).toEqual(reopened.snapshot)
    await expectTRPCError(w.asSupB.savedReport.get({ id: saved.id }), 'NOT_FOUND')
    await expectTRPCError(
      w.asSupB.savedReport.create({
        title: 'Snoop',
        type: 'CUSTOM',
        from: '2025-04-01',
        to: END,
        officerIds: [w.coA1.id],
      }),
      'BAD_REQUEST',
      /own team/,
    )
    await expectTRPCError(w.asCoA1.savedReport.list(), 'FORBIDDEN')
    await w.asSupA.savedReport.delete({ id: saved.id })
    expect((await w.asSupA.savedReport.list()).map((r) => r.id)).not.toContain(saved.id)
  })
})

describe('KPI definitions against the golden vector', () => {
  it('vectors/portfolio.json through the report KPI', async () => {
    const { default: vector } = (await import('../../domain/test/vectors/portfolio.json', {
      with: { type: 'json' },
    })) as {
      default: {
        loans: {
          id: string
          outstandingPrincipal: number
          daysPastDue: number
          overduePrincipal: number
          restructured: boolean
        }[]
        expect: Record<
          string,
          | { atRisk: number; ratio: string; withRestructured: string }
          | number
          | string
          | Record<string, number>
        >
      }
    }
    const rows = vector.loans.map(
      (l) => ({ ...l, status: 'ACTIVE', restructured: l.restructured }) as unknown as PortfolioRow,
    )
    for (const days of [1, 30, 90]) {
      const expected = vector.expect[`PAR${String(days)}`] as {
        atRisk: number
        ratio: string
        withRestructured: string
      }
      const kpi = parKpi(rows, days)
      expect(Number(kpi.ratio)).toBe(Number(expected.ratio))
      expect(kpi.inputs[0]?.value).toBe(expected.atRisk)
      expect(Number(parKpi(rows, days, true).ratio)).toBe(Number(expected.withRestructured))
    }
  })
})
