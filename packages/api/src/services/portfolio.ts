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

export async function portfolioAsOf(
  db: Db,
  scope: StaffScope,
  options: PortfolioFilters & { asOf: string; timeZone: string; defaultAfterDays: number },
): Promise<PortfolioEntry[]> {
  let query = scopedLoanQuery(db)
    .where('loan.status', 'in', DISBURSED)
    .where('loan.disbursed_on', '<=', options.asOf)
    .select(sql<string | null>`(loan.closed_at at time zone ${options.timeZone})::date::text`.as('closedOn'))
  if (!scope.isAll) query = query.where('u.credit_officer_id', 'in', scope.staffIds)
  if (options.unionId) query = query.where('u.id', '=', options.unionId)
  if (options.officerId) query = query.where('u.credit_officer_id', '=', options.officerId)
  const loans = await query.orderBy('loan.loan_number').execute()
  if (loans.length === 0) return []
  const ids = loans.map((loan) => loan.id)
  const installments = new Map<string, ScheduledInstallment[]>()
  const repayments = new Map<string, StoredRepayment[]>()
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
        .where('paid_on', '<=', options.asOf)
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
      const list = repayments.get(row.loan_id) ?? []
      // A reversal made after the date had not happened yet on it.
      list.push({
        ...row,
        reversed_on: row.reversed_on !== null && row.reversed_on <= options.asOf ? row.reversed_on : null,
      })
      repayments.set(row.loan_id, list)
    }
  }
  const entries: PortfolioEntry[] = []
  for (const loan of loans) {
    const schedule = installments.get(loan.id) ?? []
    if (schedule.length === 0) continue
    const position = domainCall(() =>
      loanPosition(
        positionInput(
          termsOf(loan),
          { installments: schedule, repayments: repayments.get(loan.id) ?? [] },
          options.asOf,
          options.defaultAfterDays,
        ),
      ),
    )
    const isWrittenOff =
      loan.status === 'WRITTEN_OFF' && loan.closedOn !== null && loan.closedOn <= options.asOf
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
        disbursedOn: loan.disbursed_on ?? options.asOf,
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

/** Loans that count in the portfolio on the date: running (ACTIVE or DEFAULTED), not paid off or written off. */
export function isInPortfolio(row: PortfolioRow): boolean {
  return row.status === 'ACTIVE' || row.status === 'DEFAULTED'
}
