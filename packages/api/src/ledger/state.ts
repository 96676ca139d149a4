import type { Database, Insertable, LoanStateTable } from '@mp/db'
import {
  normalizePenaltyRule,
  todayIn,
  type LoanPosition,
  type PenaltyRule,
  type RoundingMode,
} from '@mp/domain'

/**
 * What the ledger stores for one disbursed loan, derived from @mp/domain's replay of its whole history
 * (ADR 0004). Pure: the write path, `ledger rebuild` and the load generator all store exactly this, and
 * `ledger verify` compares stored rows with it.
 */
export type InstallmentLedger = {
  sequence: number
  /** What the installment is owed now: a reschedule moves its unpaid part away, a waiver lowers interest. */
  principal: number
  interest: number
  fee: number
  /** Penalty waived or capitalised (not paid). */
  settled_penalty: number
  paid_principal: number
  paid_interest: number
  paid_fee: number
  paid_penalty: number
  paid_on_time: number
  paid_off_on: string | null
  penalty_closed: number
  penalty_closed_breached: boolean
  penalty_open_from: number
  penalty_open_base: number
}

export type LoanLedgerState = Omit<Insertable<LoanStateTable>, 'updated_at'> & {
  principal_paid: number
  interest_paid: number
  fee_paid: number
  penalty_paid: number
  next_due_amount: number
  repayment_count: number
  episode_peak_dpd: number
  credit_balance: number
}

export type LoanLedger = { state: LoanLedgerState; installments: InstallmentLedger[] }

/** The repayments a ledger needs to know beyond the replay: dates of every event, standing or not. */
/**
 * The ledger columns of `loan_state` and of `loan_installment`: what `ledger verify` compares, and what the
 * load generator copies (after the key, and the schedule columns of an installment).
 */
export const LEDGER_STATE_FIELDS = [
  'principal_due',
  'interest_due',
  'fee_due',
  'principal_paid',
  'interest_paid',
  'fee_paid',
  'penalty_paid',
  'principal_outstanding',
  'arrears_from',
  'next_due_date',
  'next_due_amount',
  'last_payment_on',
  'last_payment_amount',
  'last_event_on',
  'repayment_count',
  'episode_peak_dpd',
  'paid_off_on',
  'credit_balance',
  'penalty_kind',
  'penalty_rate_num',
  'penalty_rate_den',
  'penalty_amount_per_day',
  'penalty_grace_days',
  'penalty_mode',
  'penalty_cap',
  'rounding',
  'written_off_on',
] as const satisfies readonly (keyof LoanLedgerState)[]

export const INSTALLMENT_LEDGER_FIELDS = [
  'principal',
  'interest',
  'fee',
  'settled_penalty',
  'paid_principal',
  'paid_interest',
  'paid_fee',
  'paid_penalty',
  'paid_on_time',
  'paid_off_on',
  'penalty_closed',
  'penalty_closed_breached',
  'penalty_open_from',
  'penalty_open_base',
] as const satisfies readonly (keyof InstallmentLedger)[]

export type LedgerRepayment = {
  id: string
  paid_on: string
  amount: number
  posting_sequence: number
  reversed_on: string | null
}

export type LedgerTerms = { penalty: PenaltyRule | null; rounding: RoundingMode }

/** The loan facts the ledger keeps beside its money: its creation time and the day it was written off. */
export type LedgerLoan = { id: string; createdAt: Date | string; writtenOffOn: string | null }

/** A loan row's ledger facts; the write-off day is the company day of `closed_at` (a write-off closes it). */
export function ledgerLoanOf(
  loan: { id: string; created_at: Date; status: string; closed_at: Date | null },
  timeZone: string,
): LedgerLoan {
  return {
    id: loan.id,
    createdAt: loan.created_at,
    writtenOffOn:
      loan.status === 'WRITTEN_OFF' && loan.closed_at !== null ? todayIn(timeZone, loan.closed_at) : null,
  }
}

function penaltyColumns(penalty: PenaltyRule | null) {
  if (penalty === null) {
    return {
      penalty_kind: null,
      penalty_rate_num: null,
      penalty_rate_den: null,
      penalty_amount_per_day: null,
      penalty_grace_days: null,
      penalty_mode: null,
      penalty_cap: null,
    }
  }
  const rule = normalizePenaltyRule(penalty)
  return {
    penalty_kind: rule.kind,
    penalty_rate_num: rule.rate.num.toString(),
    penalty_rate_den: rule.rate.den.toString(),
    penalty_amount_per_day: rule.amountPerDay,
    penalty_grace_days: rule.graceDays,
    penalty_mode: rule.mode,
    penalty_cap: rule.cap,
  }
}

/**
 * The ledger of a loan from its position replayed as of a date on or after its latest event (the API
 * uses today). Dates that matter later (days past due, penalties, DEFAULTED) are left to SQL.
 */
export function ledgerOf(
  loan: LedgerLoan,
  terms: LedgerTerms,
  position: LoanPosition,
  repayments: readonly LedgerRepayment[],
): LoanLedger {
  const installments: InstallmentLedger[] = position.installments.map((inst) => ({
    sequence: inst.sequence,
    principal: inst.due.principal,
    interest: inst.due.interest - inst.waived.interest,
    fee: inst.due.fee,
    settled_penalty: inst.waived.penalty + inst.capitalisedPenalty,
    paid_principal: inst.paid.principal,
    paid_interest: inst.paid.interest,
    paid_fee: inst.paid.fee,
    paid_penalty: inst.paid.penalty,
    // On-time rate (docs/product.md §7): principal, interest and fee paid by payments dated on or before the due date.
    paid_on_time: inst.allocations
      .filter((a) => a.date <= inst.dueDate)
      .reduce((sum, a) => sum + a.principal + a.interest + a.fee, 0),
    // An old installment a reschedule left owing nothing is closed on the reschedule's date (the engine
    // keeps paidOffOn for payments), so lists of open installments skip it.
    paid_off_on:
      inst.paidOffOn ??
      (inst.rescheduledOn !== null && inst.outstanding.total === 0 ? inst.rescheduledOn : null),
    penalty_closed: inst.penaltyForm?.closed ?? 0,
    penalty_closed_breached: inst.penaltyForm?.closedBreached ?? false,
    penalty_open_from: inst.penaltyForm?.openFrom ?? 1,
    penalty_open_base: inst.penaltyForm?.openBase ?? 0,
  }))
  // Installments come back in due-date order: the first with principal+interest unpaid (not paid,
  // waived or moved by a reschedule) decides days past due; the first not fully paid is where the next
  // payment goes.
  const arrears = position.installments.find(
    (inst) => inst.outstanding.principal + inst.outstanding.interest > 0,
  )
  const next = position.installments.find(
    (inst) => inst.outstanding.principal + inst.outstanding.interest + inst.outstanding.fee > 0,
  )
  const standing = repayments.filter((r) => !position.reversedRepaymentIds.includes(r.id))
  const last = standing.reduce<LedgerRepayment | null>(
    (latest, r) =>
      latest === null ||
      r.paid_on > latest.paid_on ||
      (r.paid_on === latest.paid_on && r.posting_sequence > latest.posting_sequence)
        ? r
        : latest,
    null,
  )
  let lastEventOn: string | null = null
  const changeDates = [...position.waivers, ...position.reschedules].map((c) => c.date)
  for (const date of [...repayments.flatMap((r) => [r.paid_on, r.reversed_on]), ...changeDates]) {
    if (date !== null && (lastEventOn === null || date > lastEventOn)) lastEventOn = date
  }
  const { totals } = position
  return {
    installments,
    state: {
      loan_id: loan.id,
      loan_created_at: loan.createdAt,
      written_off_on: loan.writtenOffOn,
      principal_due: totals.due.principal,
      interest_due: totals.due.interest,
      fee_due: totals.due.fee,
      principal_paid: totals.paid.principal,
      interest_paid: totals.paid.interest,
      fee_paid: totals.paid.fee,
      penalty_paid: totals.paid.penalty,
      principal_outstanding: totals.outstanding.principal,
      arrears_from: arrears?.dueDate ?? null,
      next_due_date: next?.dueDate ?? null,
      next_due_amount:
        next === undefined
          ? 0
          : next.outstanding.principal + next.outstanding.interest + next.outstanding.fee,
      last_payment_on: last?.paid_on ?? null,
      last_payment_amount: last?.amount ?? null,
      last_event_on: lastEventOn,
      repayment_count: standing.length,
      episode_peak_dpd: position.episodePeakDaysPastDue,
      paid_off_on: position.completedOn,
      credit_balance: position.creditBalance,
      rounding: terms.rounding,
      ...penaltyColumns(terms.penalty),
    },
  }
}

/** The stored allocation rows of replayed repayments: one per repayment and installment it paid. */
export function allocationRowsOf(
  loanId: string,
  repayments: LoanPosition['repayments'],
): Insertable<Database['repayment_allocation']>[] {
  return repayments.flatMap((applied) =>
    applied.lines.map((line) => ({
      repayment_id: applied.id,
      loan_id: loanId,
      sequence: line.sequence,
      principal: line.principal,
      interest: line.interest,
      fee: line.fee,
      penalty: line.penalty,
    })),
  )
}
