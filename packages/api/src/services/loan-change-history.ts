import { sql } from '@mp/db'
import { formatNaira, loanPosition, type LoanPosition, type ScheduledInstallment } from '@mp/domain'
import type { AuthedContext } from '../context.js'
import { storedChangeTerms, type TLoanChangePendingInput } from '../schemas/loan-change.js'
import { staffScope } from '../scope.js'
import type { Db, LoanHistory, LoanTerms } from './loan-core.js'
import { companyFacts, loadHistory, loadLoan, positionInput, termsOf } from './loan-core.js'
import { offsetOf } from './list-query.js'

/** A schedule the loan had: the one booked at disbursement, then one after each reschedule. */
export type ScheduleVersion = {
  /** Null for the schedule booked at disbursement. */
  changeId: string | null
  effectiveOn: string | null
  isRestructure: boolean
  installments: ScheduledInstallment[]
}

/**
 * Every schedule the loan has had, oldest first: the booked one, then for each reschedule the
 * installments as they stood from its date (what the old ones kept, and the new ones). Replays this one
 * loan (a loan's detail and statement do; lists never).
 */
function scheduleVersions(
  terms: LoanTerms,
  history: LoanHistory,
  defaultAfterDays: number,
): ScheduleVersion[] {
  const versions: ScheduleVersion[] = [
    { changeId: null, effectiveOn: null, isRestructure: false, installments: history.installments },
  ]
  for (const change of history.changes) {
    if (change.type !== 'RESCHEDULE') continue
    const position = loanPosition(positionInput(terms, history, change.date, defaultAfterDays))
    const newSequences = new Set(change.installments.map((i) => i.sequence))
    versions.push({
      changeId: change.id.replace(/^change:/, ''),
      effectiveOn: change.date,
      isRestructure: change.isRestructure === true,
      installments: position.installments
        .filter((i) => newSequences.has(i.sequence) || i.due.principal + i.due.interest + i.due.fee > 0)
        .map((i) => ({
          sequence: i.sequence,
          dueDate: i.dueDate,
          principal: i.due.principal,
          interest: i.due.interest,
          fee: i.due.fee,
        })),
    })
  }
  return versions
}

/** A statement line for a change (the statement PDF and the loan detail show them with the payments). */
export type ChangeStatementLine = {
  date: string
  kind: 'WAIVER' | 'RESCHEDULE' | 'RESTRUCTURE'
  /** e.g. "Waiver: penalties ₦1,200.00, interest ₦0.00". */
  description: string
  /** Kobo the change took off what is owed (waived penalty and interest). */
  waived: number
  /** Kobo added to principal (restructure: interest and penalties capitalised). */
  capitalised: number
  /** Principal moved to the new installments (reschedule, restructure). */
  movedPrincipal: number
  newInstallments: number
}

/** The waivers and reschedules of a replayed loan as statement lines, by date. */
export function changeStatementLines(position: LoanPosition): ChangeStatementLine[] {
  const lines: ChangeStatementLine[] = position.waivers.map((w) => ({
    date: w.date,
    kind: 'WAIVER',
    description: `Waiver: penalties ${formatNaira(w.penalty)}, interest ${formatNaira(w.interest)}`,
    waived: w.penalty + w.interest,
    capitalised: 0,
    movedPrincipal: 0,
    newInstallments: 0,
  }))
  for (const r of position.reschedules) {
    const capitalised = r.capitalisedInterest + r.capitalisedPenalty
    const kind = r.isRestructure ? 'RESTRUCTURE' : 'RESCHEDULE'
    lines.push({
      date: r.date,
      kind,
      description:
        `${r.isRestructure ? 'Restructure' : 'Reschedule'}: ${formatNaira(r.movedPrincipal)} principal over ` +
        `${String(r.newSequences.length)} new installments` +
        (capitalised > 0 ? `, ${formatNaira(capitalised)} of arrears capitalised` : '') +
        (r.waivedPenalty > 0 ? `, ${formatNaira(r.waivedPenalty)} of penalties waived` : ''),
      waived: r.waivedPenalty,
      capitalised,
      movedPrincipal: r.movedPrincipal,
      newInstallments: r.newSequences.length,
    })
  }
  return lines.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
}

/** Every change asked for on a loan (pending, approved, rejected), newest first, with who asked and decided. */
async function changeRequests(db: Db, loanId: string) {
  const rows = await db
    .selectFrom('loan_change as c')
    .innerJoin('staff_user as r', 'r.id', 'c.requested_by')
    .leftJoin('staff_user as d', 'd.id', 'c.decided_by')
    .select([
      'c.id',
      'c.kind',
      'c.status',
      'c.effective_on',
      'c.terms',
      'c.amount',
      'c.reason',
      'c.requested_at',
      'c.decided_at',
      'c.decision_note',
      'c.requested_by',
      sql<string>`r.first_name || ' ' || r.last_name`.as('requested_by_name'),
      sql<string | null>`d.first_name || ' ' || d.last_name`.as('decided_by_name'),
    ])
    .where('c.loan_id', '=', loanId)
    .orderBy('c.requested_at', 'desc')
    .limit(200)
    .execute()
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    status: row.status,
    effectiveOn: row.effective_on,
    terms: storedChangeTerms(row.terms),
    amount: row.amount,
    reason: row.reason,
    requestedById: row.requested_by,
    requestedBy: row.requested_by_name,
    requestedAt: row.requested_at,
    decidedBy: row.decided_by_name,
    decidedAt: row.decided_at,
    decisionNote: row.decision_note,
  }))
}

/**
 * A loan's changes for its detail page and statement: the requests (with their state), every schedule it
 * has had (the old ones kept), and the statement lines of its waivers and reschedules.
 */
export async function loanChangeHistory(ctx: AuthedContext, loanId: string) {
  const loan = await loadLoan(ctx.db, ctx.user, loanId)
  const [facts, history, requests] = await Promise.all([
    companyFacts(ctx.db, ctx),
    loadHistory(ctx.db, loan.id),
    changeRequests(ctx.db, loan.id),
  ])
  const terms = termsOf(loan)
  const hasSchedule = history.installments.length > 0
  return {
    loanId: loan.id,
    restructuredAt: loan.restructured_at,
    requests,
    schedules: hasSchedule ? scheduleVersions(terms, history, facts.defaultAfterDays) : [],
    statementLines: hasSchedule
      ? changeStatementLines(loanPosition(positionInput(terms, history, facts.today, facts.defaultAfterDays)))
      : [],
  }
}

/** Changes waiting for a decision on loans the actor may see, oldest first (the approver's queue). */
export async function pendingChanges(ctx: AuthedContext, input: TLoanChangePendingInput) {
  const scope = await staffScope(ctx.db, ctx.user)
  let query = ctx.db
    .selectFrom('loan_change as c')
    .innerJoin('loan', 'loan.id', 'c.loan_id')
    .innerJoin('member as m', 'm.id', 'loan.member_id')
    .innerJoin('union as u', 'u.id', 'm.union_id')
    .innerJoin('staff_user as r', 'r.id', 'c.requested_by')
    .where('c.status', '=', 'PENDING')
  if (!scope.isAll) query = query.where('u.credit_officer_id', 'in', scope.staffIds)
  const [rows, total] = await Promise.all([
    query
      .select([
        'c.id',
        'c.kind',
        'c.effective_on',
        'c.amount',
        'c.reason',
        'c.requested_at',
        'c.requested_by',
        'loan.id as loan_id',
        'loan.loan_number',
        sql<string>`m.first_name || ' ' || m.last_name`.as('member_name'),
        sql<string>`r.first_name || ' ' || r.last_name`.as('requested_by_name'),
      ])
      .orderBy('c.requested_at')
      .orderBy('c.id')
      .limit(input.pageSize)
      .offset(offsetOf(input))
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  return {
    items: rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      effectiveOn: row.effective_on,
      amount: row.amount,
      reason: row.reason,
      requestedAt: row.requested_at,
      requestedById: row.requested_by,
      requestedBy: row.requested_by_name,
      loanId: row.loan_id,
      loanNumber: row.loan_number,
      memberName: row.member_name,
    })),
    total: total.n,
    page: input.page,
    pageSize: input.pageSize,
  }
}
