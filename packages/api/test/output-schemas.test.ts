import { TRPCError } from '@trpc/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createInnerContext } from '../src/context.js'
import { appRouter } from '../src/root.js'
import {
  ZCollectionSheetOutput,
  ZDashboardOutput,
  ZDueListOutput,
  ZLoanDetailOutput,
  ZLoanListOutput,
  ZLoanPreviewOutput,
  ZPortfolioOutput,
  ZRepaymentListOutput,
  ZRepaymentResultOutput,
  ZRepaymentTotalsOutput,
} from '../src/schemas/output.js'
import { createCallerFactory, outputOf, publicProcedure, router } from '../src/trpc.js'
import { activeLoan, addLoanWorld, newKey, type LoanWorld } from './loan-fixtures.js'
import { openTestDatabase } from './staff-fixtures.js'

/**
 * Money-bearing procedures declare `.output()` schemas (issue 14 item 4): every amount they answer is
 * whole kobo. The schemas parse what the real services answer, are attached to the procedures, and an
 * answer with a fractional amount is a 500 (a bug), never sent.
 */
const MONEY_PROCEDURES = [
  'loan.list',
  'loan.get',
  'loan.preview',
  'loan.create',
  'loan.update',
  'loan.submit',
  'loan.approve',
  'loan.reject',
  'loan.withdraw',
  'loan.disburse',
  'loan.writeOff',
  'loan.dueList',
  'loan.dueListSummary',
  'repayment.record',
  'repayment.reverse',
  'repayment.list',
  'repayment.totals',
  'repayment.get',
  'collectionSheet.get',
  'collectionSheet.post',
  'report.dashboard',
  'report.portfolio',
  'report.officerPerformance',
  'report.disbursements',
  'report.repaymentsByMethod',
  'savedReport.get',
  'savedReport.create',
  'loanChange.preview',
  'loanChange.request',
  'loanChange.approve',
  'loanChange.history',
  'loanChange.pending',
  'loanChange.waiverReport',
  'loanChange.waiverLimits',
  'loanChange.setWaiverLimits',
] as const

let t: Awaited<ReturnType<typeof openTestDatabase>>
let w: LoanWorld

beforeAll(async () => {
  t = await openTestDatabase()
  w = await addLoanWorld(t.db, '2025-01-06')
})
afterAll(async () => {
  await t.close()
})

describe('output schemas of the money-bearing procedures', () => {
  it('are attached to every one of them', () => {
    // The router's flat table of procedures by path ('loan.get'); each keeps its output parser in _def.
    const procedures = appRouter._def.procedures as unknown as Record<
      string,
      { _def: { output?: unknown } } | undefined
    >
    const missing = MONEY_PROCEDURES.filter((path) => typeof procedures[path]?._def.output !== 'function')
    expect(missing).toEqual([])
  })

  it('parse what the real services answer', async () => {
    const preview = await w.asCoA1.loan.preview({
      loanTypeId: w.loanTypeId,
      principal: 10_000_000,
      termCount: 12,
      startDate: '2025-01-06',
    })
    expect(ZLoanPreviewOutput.safeParse(preview).success).toBe(true)
    const loan = await activeLoan(w)
    w.clock.today = '2025-01-20'
    try {
      const paid = await w.asCoA1.repayment.record({
        loanId: loan.id,
        mode: 'DUE_NOW',
        paidOn: '2025-01-20',
        method: 'CASH',
        idempotencyKey: newKey(),
      })
      const answers: [string, { safeParse: (value: unknown) => { success: boolean } }, unknown][] = [
        ['repayment.record', ZRepaymentResultOutput, paid],
        ['loan.get', ZLoanDetailOutput, await w.asCoA1.loan.get({ id: loan.id })],
        ['loan.list', ZLoanListOutput, await w.asCoA1.loan.list({})],
        ['loan.dueList', ZDueListOutput, await w.asCoA1.loan.dueList({ includeOverdue: true })],
        ['repayment.list', ZRepaymentListOutput, await w.asCoA1.repayment.list({})],
        ['repayment.totals', ZRepaymentTotalsOutput, await w.asCoA1.repayment.totals({})],
        [
          'collectionSheet.get',
          ZCollectionSheetOutput,
          await w.asCoA1.collectionSheet.get({ unionId: w.unionA.id, date: '2025-01-20' }),
        ],
        ['report.dashboard', ZDashboardOutput, await w.asAdmin.report.dashboard({})],
        ['report.portfolio', ZPortfolioOutput, await w.asAdmin.report.portfolio({})],
      ]
      for (const [path, schema, answer] of answers) {
        expect({ path, success: schema.safeParse(answer).success }).toEqual({ path, success: true })
      }
      const detail = await w.asCoA1.loan.get({ id: loan.id })
      expect(detail.position?.payoffAmount).toBe(11_000_000 - paid.amount)
    } finally {
      w.clock.today = '2025-01-06'
    }
  })

  it('refuse a fractional amount: the procedure answers 500, the figure is never sent', async () => {
    const detail = await w.asCoA1.loan.get({ id: (await activeLoan(w, { memberId: w.memberA2.id })).id })
    expect(ZLoanDetailOutput.safeParse({ ...detail, principal: 10_000_000.5 }).success).toBe(false)
    expect(ZRepaymentTotalsOutput.safeParse({ count: 1, amount: Number.NaN }).success).toBe(false)
    const totals = (): Promise<{ count: number; amount: number }> =>
      Promise.resolve({ count: 1, amount: 0.5 })
    const probe = router({
      totals: publicProcedure.output(outputOf(ZRepaymentTotalsOutput, totals)).query(() => totals()),
    })
    const caller = createCallerFactory(probe)(createInnerContext({ db: t.db }))
    const error = await caller.totals().then(
      () => undefined,
      (caught: unknown) => caught,
    )
    expect(error).toBeInstanceOf(TRPCError)
    expect((error as TRPCError).code).toBe('INTERNAL_SERVER_ERROR')
  })
})
