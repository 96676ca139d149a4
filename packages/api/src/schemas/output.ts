import { z } from 'zod'

// What the money-bearing procedures answer (issue 14 item 4): every amount is a whole number of kobo
// (docs/product.md §3: money is integer kobo end to end). The procedures attach these with
// `.output(outputOf(schema, service))` (trpc.ts), so an answer with a fractional, NaN or unsafe amount is
// caught at the server as a bug (500, logged) instead of reaching a screen, a receipt or an export.
//
// The objects are loose: they name the money (and the few fields a reader needs to find it) and let the
// other fields through untouched, so the procedure keeps its service's exact type for the web client.

/** An amount of money in kobo: a safe integer (negative only where a figure can go below zero). */
const ZKoboFigure = z.int({ error: 'Money must be a whole number of kobo' })

const components = z.looseObject({
  principal: ZKoboFigure,
  interest: ZKoboFigure,
  fee: ZKoboFigure,
  penalty: ZKoboFigure,
  total: ZKoboFigure,
})

const allocationLine = z.looseObject({
  sequence: z.int(),
  principal: ZKoboFigure,
  interest: ZKoboFigure,
  fee: ZKoboFigure,
  penalty: ZKoboFigure,
  total: ZKoboFigure,
})

/** A repayment schedule as the lending engine builds it. */
const ZScheduleOutput = z.looseObject({
  installments: z.array(
    z.looseObject({
      sequence: z.int(),
      principal: ZKoboFigure,
      interest: ZKoboFigure,
      fee: ZKoboFigure,
      total: ZKoboFigure,
    }),
  ),
  totalPrincipal: ZKoboFigure,
  totalInterest: ZKoboFigure,
  totalFee: ZKoboFigure,
  total: ZKoboFigure,
  processingFee: ZKoboFigure,
})

/** A loan's position on a date (the engine's replay of its schedule and history). */
const ZLoanPositionOutput = z.looseObject({
  installments: z.array(
    z.looseObject({ sequence: z.int(), due: components, paid: components, outstanding: components }),
  ),
  repayments: z.array(z.looseObject({ amount: ZKoboFigure, lines: z.array(allocationLine) })),
  totals: z.looseObject({ due: components, paid: components, outstanding: components }),
  outstandingPrincipal: ZKoboFigure,
  overduePrincipal: ZKoboFigure,
  overdue: ZKoboFigure,
  dueNow: ZKoboFigure,
  payoffAmount: ZKoboFigure,
  penaltiesAccrued: ZKoboFigure,
  nextDueAmount: ZKoboFigure,
  creditBalance: ZKoboFigure,
})

/** loan.preview: the schedule, fee and cost of credit an application would get. */
export const ZLoanPreviewOutput = z.looseObject({
  schedule: ZScheduleOutput,
  processingFee: ZKoboFigure,
})

/** A loan as loan.get and the workflow mutations answer it. */
export const ZLoanDetailOutput = z.looseObject({
  principal: ZKoboFigure,
  processingFee: ZKoboFigure,
  previewSchedule: ZScheduleOutput.nullable(),
  position: ZLoanPositionOutput.nullable(),
  repayments: z.array(z.looseObject({ amount: ZKoboFigure, lines: z.array(allocationLine) })),
  // A top-up's split (null until disbursed) and the payoff that closed a loan (docs/lending.md "Top-ups").
  topUp: z.looseObject({ payoff: ZKoboFigure.nullable(), cashToMember: ZKoboFigure.nullable() }).nullable(),
  paidOffBy: z.looseObject({ amount: ZKoboFigure }).nullable(),
})

/** A cursor page of list rows. */
function cursorPage<T extends z.ZodType>(item: T) {
  return z.looseObject({ items: z.array(item), total: z.int() })
}

/** A numbered page of rows. */
function page<T extends z.ZodType>(item: T) {
  return z.looseObject({ items: z.array(item), total: z.int(), page: z.int(), pageSize: z.int() })
}

export const ZLoanListOutput = cursorPage(z.looseObject({ principal: ZKoboFigure }))

export const ZDueListOutput = cursorPage(
  z.looseObject({
    installments: z.array(z.looseObject({ outstanding: ZKoboFigure })),
    dueInRange: ZKoboFigure,
    overdueBefore: ZKoboFigure,
    dueNow: ZKoboFigure,
  }),
)

export const ZDueListSummaryOutput = z.looseObject({
  count: z.int(),
  totals: z.looseObject({ dueInRange: ZKoboFigure, overdueBefore: ZKoboFigure, dueNow: ZKoboFigure }),
})

/** A posted repayment with its allocation (repayment.record, repayment.get). */
export const ZRepaymentResultOutput = z.looseObject({
  amount: ZKoboFigure,
  lines: z.array(allocationLine),
  balanceAfter: ZKoboFigure,
})

export const ZRepaymentReversalOutput = z.looseObject({ balanceAfter: ZKoboFigure })

export const ZRepaymentListOutput = cursorPage(z.looseObject({ amount: ZKoboFigure }))

export const ZRepaymentTotalsOutput = z.looseObject({ count: z.int(), amount: ZKoboFigure })

export const ZCollectionSheetOutput = z.looseObject({
  rows: z.array(
    z.looseObject({
      dueNow: ZKoboFigure,
      overdue: ZKoboFigure,
      nextDueAmount: ZKoboFigure,
      payoffAmount: ZKoboFigure,
    }),
  ),
  totalDue: ZKoboFigure,
  postedSheets: z.array(z.looseObject({ total: ZKoboFigure, paymentCount: z.int() })),
})

export const ZCollectionSheetPostOutput = z.looseObject({
  total: ZKoboFigure,
  paymentCount: z.int(),
  receipts: z.array(z.looseObject({ amount: ZKoboFigure })),
})

/** A KPI: a money or count KPI's `value` is a whole number (kobo or loans), a ratio's is any number. */
const kpi = z
  .looseObject({
    value: z.number(),
    unit: z.enum(['KOBO', 'COUNT', 'RATIO']),
    inputs: z.array(z.looseObject({ value: z.int() })),
  })
  .refine((figure) => figure.unit === 'RATIO' || Number.isInteger(figure.value), {
    error: 'A money or count KPI must be a whole number',
  })

export const ZDashboardOutput = z.looseObject({
  kpis: z.array(kpi),
  charts: z.looseObject({
    monthly: z.array(z.looseObject({ disbursed: ZKoboFigure, collected: ZKoboFigure })),
    parTrend: z.array(z.looseObject({ atRisk: ZKoboFigure, portfolio: ZKoboFigure })),
  }),
})

const portfolioFigures = {
  totals: z.looseObject({
    loans: z.int(),
    outstandingPrincipal: ZKoboFigure,
    outstanding: ZKoboFigure,
    overdue: ZKoboFigure,
    overduePrincipal: ZKoboFigure,
    penaltiesAccrued: ZKoboFigure,
  }),
  par: z.array(z.looseObject({ without: kpi, with: kpi })),
  arrears: kpi,
  aging: z.array(z.looseObject({ amount: ZKoboFigure, count: z.int() })),
  provisioning: z.looseObject({
    total: ZKoboFigure,
    byClass: z.array(z.looseObject({ balance: ZKoboFigure, provision: ZKoboFigure })),
  }),
}

export const ZPortfolioOutput = z.looseObject({
  ...portfolioFigures,
  rows: page(
    z.looseObject({
      principal: ZKoboFigure,
      outstandingPrincipal: ZKoboFigure,
      overduePrincipal: ZKoboFigure,
      outstanding: ZKoboFigure,
      overdue: ZKoboFigure,
      dueNow: ZKoboFigure,
      penaltiesAccrued: ZKoboFigure,
      paid: ZKoboFigure,
    }),
  ).nullable(),
})

const officerFigures = {
  outstandingPrincipal: ZKoboFigure,
  disbursed: ZKoboFigure,
  collected: ZKoboFigure,
  par30: kpi,
}

export const ZOfficerPerformanceOutput = z.looseObject({
  rows: z.array(
    z.looseObject({ ...officerFigures, collectionEfficiency: kpi, onTimeRate: kpi, disbursedCount: z.int() }),
  ),
  team: z.looseObject({ ...officerFigures, kpis: z.array(kpi) }),
})

export const ZDisbursementReportOutput = z.looseObject({
  rows: page(z.looseObject({ principal: ZKoboFigure, processingFee: ZKoboFigure })),
  totals: z.looseObject({
    count: z.int(),
    principal: ZKoboFigure,
    processingFees: ZKoboFigure,
    netDisbursed: ZKoboFigure,
  }),
})

const methodFigures = {
  count: z.int(),
  amount: ZKoboFigure,
  reversedCount: z.int(),
  reversedAmount: ZKoboFigure,
}

export const ZRepaymentsByMethodOutput = z.looseObject({
  rows: z.array(z.looseObject(methodFigures)),
  totals: z.looseObject(methodFigures),
})

/** A saved supervisor report: its frozen officer-performance figures. */
export const ZSavedReportOutput = z.looseObject({ snapshot: ZOfficerPerformanceOutput })

// Reschedules, restructures and waivers (issue 16; docs/lending.md "Changing a loan").

/** A loan's figures before or after a change. */
const changeSummary = z.looseObject({
  outstandingPrincipal: ZKoboFigure,
  payoffAmount: ZKoboFigure,
  dueNow: ZKoboFigure,
  overdue: ZKoboFigure,
  penaltiesAccrued: ZKoboFigure,
})

const changeInstallment = z.looseObject({
  sequence: z.int(),
  principal: ZKoboFigure,
  interest: ZKoboFigure,
  fee: ZKoboFigure,
})

/** The engine's answer for a change: what it waives, capitalises and moves, and the schedule after it. */
export const ZLoanChangePlanOutput = z.looseObject({
  before: changeSummary,
  after: changeSummary,
  waived: ZKoboFigure,
  capitalised: ZKoboFigure,
  movedPrincipal: ZKoboFigure,
  carriedInterest: ZKoboFigure,
  droppedInterest: ZKoboFigure,
  keptInterest: ZKoboFigure,
  installments: z.array(changeInstallment),
  waiverLines: z.array(z.looseObject({ sequence: z.int(), penalty: ZKoboFigure, interest: ZKoboFigure })),
})

export const ZLoanChangeRequestOutput = z.looseObject({ preview: ZLoanChangePlanOutput })

export const ZLoanChangeApproveOutput = z.looseObject({ payoffAmount: ZKoboFigure, waived: ZKoboFigure })

export const ZLoanChangeHistoryOutput = z.looseObject({
  requests: z.array(z.looseObject({ amount: ZKoboFigure })),
  schedules: z.array(z.looseObject({ installments: z.array(changeInstallment) })),
  statementLines: z.array(
    z.looseObject({ waived: ZKoboFigure, capitalised: ZKoboFigure, movedPrincipal: ZKoboFigure }),
  ),
})

export const ZLoanChangePendingOutput = page(z.looseObject({ amount: ZKoboFigure }))

export const ZWaiverReportOutput = z.looseObject({
  rows: page(z.looseObject({ penalty: ZKoboFigure, interest: ZKoboFigure, amount: ZKoboFigure })),
  totals: z.looseObject({
    count: z.int(),
    amount: ZKoboFigure,
    interest: ZKoboFigure,
    penalty: ZKoboFigure,
  }),
})

/** The most each role may approve in one waiver (kobo); a role not named may not approve waivers. */
export const ZWaiverLimitsOutput = z.partialRecord(
  z.enum(['ADMIN', 'SUPERVISOR', 'CREDIT_OFFICER']),
  ZKoboFigure,
)
