import { sql, type Loan } from '@mp/db'
import {
  agingBucket,
  loanPosition,
  type AgingBucket,
  type LoanPosition,
  type LoanStatus,
  type ScheduledInstallment,
} from '@mp/domain'
import type { StaffScope } from '../scope.js'
import {
  domainCall,
  positionInput,
  scopedLoanQuery,
  termsOf,
  type Db,
  type StoredRepayment,
} from './loan-core.js'

/**
 * The portfolio as it stood on a date (SPEC §7 "portfolio as of a past date"): every disbursed loan in the
 * viewer's scope, replayed by @mp/domain with only what was known on that date — repayments dated after it
 * ignored, reversals dated after it not yet applied, write-offs counted from the day they were made.
 * Loaded in three queries whatever the size (loans, installments, repayments), never one per loan.
 */
export type PortfolioRow = {
  loanId: string
  loanNumber: string
  memberId: string
  memberName: string
  memberCode: string
  unionId: string
  unionName: string
  officerId: string
  officerName: string
  loanTypeName: string
  principal: number
  disbursedOn: string
  /** Status on the date: ACTIVE, DEFAULTED, COMPLETED or WRITTEN_OFF. */
  status: LoanStatus
  outstandingPrincipal: number
  overduePrincipal: number
  /** Everything still owed (penalties included). */
  outstanding: number
  overdue: number
  dueNow: number
  penaltiesAccrued: number
  paid: number
  daysPastDue: number
  agingBucket: AgingBucket
  /** Rescheduled loans count as restructured (SPEC §7 PAR with and without them); none are yet. */
  restructured: boolean
}

export type PortfolioFilters = { unionId?: string | undefined; officerId?: string | undefined }

export type PortfolioEntry = { row: PortfolioRow; position: LoanPosition }

/** Statuses a loan may have been in after disbursement. */
const DISBURSED: Loan['status'][] = ['ACTIVE', 'DEFAULTED', 'COMPLETED', 'WRITTEN_OFF']

type LoadedLoan = Awaited<ReturnType<typeof loadLoans>>[number]

/** Everything the replays need, loaded once: loans disbursed by `upTo`, their schedules and repayments. */
export type LoadedPortfolio = {
  upTo: string
  loans: LoadedLoan[]
  installments: Map<string, ScheduledInstallment[]>
  repayments: Map<string, StoredRepayment[]>
}

function loadLoans(
  db: Db,
  scope: StaffScope,
  options: PortfolioFilters & { upTo: string; timeZone: string },
) {
  let query = scopedLoanQuery(db)
    .where('loan.status', 'in', DISBURSED)
    .where('loan.disbursed_on', '<=', options.upTo)
    .select(sql<string | null>`(loan.closed_at at time zone ${options.timeZone})::date::text`.as('closedOn'))
  if (!scope.isAll) query = query.where('u.credit_officer_id', 'in', scope.staffIds)
  if (options.unionId) query = query.where('u.id', '=', options.unionId)
  if (options.officerId) query = query.where('u.credit_officer_id', '=', options.officerId)
  return query.orderBy('loan.loan_number').execute()
}

export async function loadPortfolio(
  db: Db,
  scope: StaffScope,
  options: PortfolioFilters & { upTo: string; timeZone: string },
): Promise<LoadedPortfolio> {
  const loans = await loadLoans(db, scope, options)
  const installments = new Map<string, ScheduledInstallment[]>()
  const repayments = new Map<string, StoredRepayment[]>()
  const ids = loans.map((loan) => loan.id)
  // Chunks keep each statement's parameter list bounded for very large portfolios.
  for (let start = 0; start < ids.length; start += 5000) {
    const chunk = ids.slice(start, start + 5000)
    const [installmentRows, repaymentRows] = await Promise.all([
      db
        .selectFrom('loan_installment')
        .select(['loan_id', 'sequence', 'due_date', 'principal', 'interest', 'fee'])
        .where('loan_id', 'in', chunk)
        .orderBy('loan_id')
        .orderBy('sequence')
        .execute(),
      db
        .selectFrom('repayment')
        .select(['loan_id', 'id', 'paid_on', 'amount', 'posting_sequence', 'reversed_on'])
        .where('loan_id', 'in', chunk)
        .where('paid_on', '<=', options.upTo)
        .orderBy('posting_sequence')
        .execute(),
    ])
    for (const row of installmentRows) {
      const list = installments.get(row.loan_id) ?? []
      list.push({
        sequence: row.sequence,
        dueDate: row.due_date,
        principal: row.principal,
        interest: row.interest,
        fee: row.fee,
      })
      installments.set(row.loan_id, list)
    }
    for (const row of repaymentRows) {
      const { loan_id: loanId, ...repayment } = row
      const list = repayments.get(loanId) ?? []
      list.push(repayment)
      repayments.set(loanId, list)
    }
  }
  return { upTo: options.upTo, loans, installments, repayments }
}

/** The portfolio replayed as of `asOf` (on or before the date it was loaded up to). */
export function portfolioAt(data: LoadedPortfolio, asOf: string, defaultAfterDays: number): PortfolioEntry[] {
  const entries: PortfolioEntry[] = []
  for (const loan of data.loans) {
    if (loan.disbursed_on === null || loan.disbursed_on > asOf) continue
    const schedule = data.installments.get(loan.id) ?? []
    if (schedule.length === 0) continue
    // Only what was known on the date: later payments ignored, later reversals not yet made.
    const known = (data.repayments.get(loan.id) ?? [])
      .filter((r) => r.paid_on <= asOf)
      .map((r) => ({
        ...r,
        reversed_on: r.reversed_on !== null && r.reversed_on <= asOf ? r.reversed_on : null,
      }))
    const position = domainCall(() =>
      loanPosition(
        positionInput(termsOf(loan), { installments: schedule, repayments: known }, asOf, defaultAfterDays),
      ),
    )
    const isWrittenOff = loan.status === 'WRITTEN_OFF' && loan.closedOn !== null && loan.closedOn <= asOf
    const status: LoanStatus = isWrittenOff ? 'WRITTEN_OFF' : position.status
    entries.push({
      position,
      row: {
        loanId: loan.id,
        loanNumber: loan.loan_number,
        memberId: loan.member_id,
        memberName: loan.memberName,
        memberCode: loan.memberCode,
        unionId: loan.unionId,
        unionName: loan.unionName,
        officerId: loan.officerId,
        officerName: loan.officerName,
        loanTypeName: loan.loan_type_name,
        principal: loan.principal,
        disbursedOn: loan.disbursed_on,
        status,
        outstandingPrincipal: position.outstandingPrincipal,
        overduePrincipal: position.overduePrincipal,
        outstanding: position.payoffAmount,
        overdue: position.overdue,
        dueNow: position.dueNow,
        penaltiesAccrued: position.penaltiesAccrued,
        paid: position.totals.paid.total,
        daysPastDue: position.daysPastDue,
        agingBucket: agingBucket(position.daysPastDue),
        restructured: false,
      },
    })
  }
  return entries
}

export async function portfolioAsOf(
  db: Db,
  scope: StaffScope,
  options: PortfolioFilters & { asOf: string; timeZone: string; defaultAfterDays: number },
): Promise<PortfolioEntry[]> {
  const data = await loadPortfolio(db, scope, { ...options, upTo: options.asOf })
  return portfolioAt(data, options.asOf, options.defaultAfterDays)
}

/** Loans that count in the portfolio on the date: running (ACTIVE or DEFAULTED), not paid off or written off. */
export function isInPortfolio(row: PortfolioRow): boolean {
  return row.status === 'ACTIVE' || row.status === 'DEFAULTED'
}
