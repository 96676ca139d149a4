// Words and colours for loan statuses, installment states and timeline events, so the list, the detail
// page and the dialogs say the same thing the same way (repayment methods: lib/repayments.ts).
import { isIsoDate, type InstallmentState, type LoanStatus } from '@mp/domain'

/** What loan.list filters by: the stored statuses plus OVERDUE (running with days past due), computed today. */
export type LoanStatusFilter = LoanStatus | 'OVERDUE'

const STATUS_LABELS: Record<LoanStatus, string> = {
  DRAFT: 'Draft',
  PENDING_APPROVAL: 'Pending approval',
  APPROVED: 'Approved',
  ACTIVE: 'Active',
  COMPLETED: 'Completed',
  CANCELED: 'Canceled',
  DEFAULTED: 'Defaulted',
  WRITTEN_OFF: 'Written off',
}

const STATUS_COLORS: Record<LoanStatus, string> = {
  DRAFT: 'gray',
  PENDING_APPROVAL: 'yellow',
  APPROVED: 'cyan',
  ACTIVE: 'blue',
  COMPLETED: 'green',
  CANCELED: 'dark',
  DEFAULTED: 'red',
  WRITTEN_OFF: 'grape',
}

export function loanStatusLabel(status: LoanStatus): string {
  return STATUS_LABELS[status]
}

/** `0` → '', `1` → '1 day late', `12` → '12 days late'. */
export function daysLateText(days: number): string {
  if (days <= 0) return ''
  return `${days} ${days === 1 ? 'day' : 'days'} late`
}

export type StatusBadge = { label: string; color: string; detail: string }

/**
 * The badge for a loan: its status, except that a running loan behind on its installments shows as
 * Overdue (orange) with how late it is; DEFAULTED (red) says how late too.
 */
export function loanStatusBadge(status: LoanStatus, daysPastDue: number): StatusBadge {
  const detail = status === 'ACTIVE' || status === 'DEFAULTED' ? daysLateText(daysPastDue) : ''
  if (status === 'ACTIVE' && daysPastDue > 0) return { label: 'Overdue', color: 'orange', detail }
  return { label: STATUS_LABELS[status], color: STATUS_COLORS[status], detail }
}

/** Status filter choices in the order a loan lives through them, with Overdue next to Active. */
export const LOAN_STATUS_FILTER_OPTIONS: readonly { value: LoanStatusFilter; label: string }[] = [
  { value: 'DRAFT', label: 'Draft' },
  { value: 'PENDING_APPROVAL', label: 'Pending approval' },
  { value: 'APPROVED', label: 'Approved' },
  { value: 'ACTIVE', label: 'Active' },
  { value: 'OVERDUE', label: 'Overdue' },
  { value: 'DEFAULTED', label: 'Defaulted' },
  { value: 'COMPLETED', label: 'Completed' },
  { value: 'CANCELED', label: 'Canceled' },
  { value: 'WRITTEN_OFF', label: 'Written off' },
]

export function isLoanStatusFilter(value: unknown): value is LoanStatusFilter {
  return LOAN_STATUS_FILTER_OPTIONS.some((option) => option.value === value)
}

const INSTALLMENT_STATES: Record<InstallmentState, { label: string; color: string }> = {
  PAID: { label: 'Paid', color: 'green' },
  OVERDUE: { label: 'Overdue', color: 'red' },
  DUE_TODAY: { label: 'Due today', color: 'orange' },
  PARTIAL: { label: 'Part paid', color: 'yellow' },
  UPCOMING: { label: 'Upcoming', color: 'gray' },
}

export function installmentStateBadge(state: InstallmentState): { label: string; color: string } {
  return INSTALLMENT_STATES[state]
}

const EVENT_LABELS: Partial<Record<string, string>> = {
  CREATED: 'Application created',
  UPDATED: 'Application edited',
  SUBMITTED: 'Submitted for approval',
  APPROVED: 'Approved',
  REJECTED: 'Rejected',
  WITHDRAWN: 'Withdrawn',
  DISBURSED: 'Disbursed',
  WRITTEN_OFF: 'Written off',
  COMPLETED: 'Fully paid',
  DEFAULTED: 'Defaulted',
  CURED: 'Back in good standing',
  REOPENED: 'Reopened',
  REPAYMENT: 'Repayment received',
  RECOVERY: 'Recovery received',
  REVERSAL: 'Repayment reversed',
}

/** A timeline event's kind in words; an unknown kind (added on the server later) reads as itself. */
export function loanEventLabel(kind: string): string {
  return EVENT_LABELS[kind] ?? kind.charAt(0) + kind.slice(1).toLowerCase().replaceAll('_', ' ')
}

/** `'PENDING_APPROVAL'` → 'Pending approval' for a status arriving as a plain string (timeline rows). */
export function statusWords(status: string): string {
  return status in STATUS_LABELS
    ? STATUS_LABELS[status as LoanStatus]
    : status.charAt(0) + status.slice(1).toLowerCase().replaceAll('_', ' ')
}

export type EventFact = { label: string; value: string; kind: 'money' | 'date' | 'text' }

const FACTS: readonly { key: string; label: string; kind: EventFact['kind'] }[] = [
  { key: 'receiptNumber', label: 'Receipt', kind: 'text' },
  { key: 'amount', label: 'Amount', kind: 'money' },
  { key: 'paidOn', label: 'Paid on', kind: 'date' },
  { key: 'loanType', label: 'Loan type', kind: 'text' },
  { key: 'principal', label: 'Principal', kind: 'money' },
  { key: 'termCount', label: 'Term', kind: 'text' },
  { key: 'disbursedOn', label: 'Disbursed on', kind: 'date' },
  { key: 'startDate', label: 'Start date', kind: 'date' },
  { key: 'processingFee', label: 'Processing fee', kind: 'money' },
  { key: 'total', label: 'Total repayable', kind: 'money' },
  { key: 'outstanding', label: 'Outstanding', kind: 'money' },
]

/**
 * The facts worth showing from a timeline event's `details` (receipt and amount of a payment, the dates
 * and fee of a disbursement…), in a fixed order; anything unknown or of the wrong type is left out. Money
 * is integer kobo, dates `YYYY-MM-DD`: the caller formats them.
 */
export function eventFacts(details: Readonly<Record<string, unknown>> | null): EventFact[] {
  if (details === null) return []
  const facts: EventFact[] = []
  for (const { key, label, kind } of FACTS) {
    const value = details[key]
    if (kind === 'money' && typeof value === 'number' && Number.isSafeInteger(value)) {
      facts.push({ label, value: String(value), kind })
    } else if (kind === 'date' && isIsoDate(value)) {
      facts.push({ label, value, kind })
    } else if (kind === 'text' && (typeof value === 'string' || typeof value === 'number') && value !== '') {
      facts.push({ label, value: String(value), kind })
    }
  }
  return facts
}
