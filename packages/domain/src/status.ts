import { DomainError } from './errors.js'
import type { LoanPositionStatus } from './position.js'

/** docs/product.md §4 lifecycle. */
export type LoanStatus =
  | 'DRAFT'
  | 'PENDING_APPROVAL'
  | 'APPROVED'
  | 'ACTIVE'
  | 'COMPLETED'
  | 'CANCELED'
  | 'DEFAULTED'
  | 'WRITTEN_OFF'

export const LOAN_STATUSES: readonly LoanStatus[] = [
  'DRAFT',
  'PENDING_APPROVAL',
  'APPROVED',
  'ACTIVE',
  'COMPLETED',
  'CANCELED',
  'DEFAULTED',
  'WRITTEN_OFF',
]

/** docs/product.md §4: one live loan per member; these statuses count as live. */
export const LIVE_LOAN_STATUSES: readonly LoanStatus[] = [
  'DRAFT',
  'PENDING_APPROVAL',
  'APPROVED',
  'ACTIVE',
  'DEFAULTED',
]

/** Statuses in which repayments are accepted (DEFAULTED: recovery; WRITTEN_OFF: recorded recoveries). */
export const REPAYABLE_LOAN_STATUSES: readonly LoanStatus[] = ['ACTIVE', 'DEFAULTED', 'WRITTEN_OFF']

export type StaffRole = 'ADMIN' | 'SUPERVISOR' | 'CREDIT_OFFICER'

/**
 * SUBMIT, APPROVE, REJECT, WITHDRAW, DISBURSE and WRITE_OFF are made by staff; COMPLETE (paid off), DEFAULT
 * (days past due above the threshold) and CURE (arrears cleared after a default) only by the system.
 */
export type LoanTransition =
  'SUBMIT' | 'APPROVE' | 'REJECT' | 'WITHDRAW' | 'DISBURSE' | 'WRITE_OFF' | 'COMPLETE' | 'DEFAULT' | 'CURE'

export type Actor = { kind: 'STAFF'; id: string; role: StaffRole; isActive?: boolean } | { kind: 'SYSTEM' }

/** What the rules need to know about the loan. */
export type LoanForTransition = {
  status: LoanStatus
  /** The credit officer the loan is assigned to (the union's officer). */
  officerId: string
  /** That officer's supervisor, if any. */
  officerSupervisorId: string | null
  /** Who submitted it for approval (maker-checker); null before submission. */
  submittedById: string | null
}

export type TransitionDenial =
  | 'WRONG_STATUS'
  | 'SYSTEM_ONLY'
  | 'STAFF_ONLY'
  | 'ACTOR_INACTIVE'
  | 'ROLE_NOT_ALLOWED'
  | 'NOT_IN_TEAM'
  | 'MAKER_CHECKER'
  | 'REASON_REQUIRED'

export type TransitionDecision =
  | { isAllowed: true; from: LoanStatus; to: LoanStatus }
  | { isAllowed: false; denial: TransitionDenial; reason: string }

type TransitionRule = {
  from: readonly LoanStatus[]
  to: LoanStatus
  isSystemOnly: boolean
  needsReason: boolean
  /** Plain-words list of who may do it, for messages. */
  who: string
}

/** The table behind `canTransition`, exported for UIs that list the actions available. */
export const TRANSITIONS: Readonly<Record<LoanTransition, TransitionRule>> = {
  SUBMIT: {
    from: ['DRAFT'],
    to: 'PENDING_APPROVAL',
    isSystemOnly: false,
    needsReason: false,
    who: "the loan's credit officer, their supervisor or an admin",
  },
  APPROVE: {
    from: ['PENDING_APPROVAL'],
    to: 'APPROVED',
    isSystemOnly: false,
    needsReason: false,
    who: "a supervisor of the loan's officer or an admin, other than the submitter",
  },
  REJECT: {
    from: ['PENDING_APPROVAL'],
    to: 'CANCELED',
    isSystemOnly: false,
    needsReason: true,
    who: "a supervisor of the loan's officer or an admin, other than the submitter",
  },
  WITHDRAW: {
    from: ['DRAFT', 'PENDING_APPROVAL', 'APPROVED'],
    to: 'CANCELED',
    isSystemOnly: false,
    needsReason: true,
    who: "the loan's credit officer (before approval), their supervisor or an admin",
  },
  DISBURSE: {
    from: ['APPROVED'],
    to: 'ACTIVE',
    isSystemOnly: false,
    needsReason: false,
    who: "a supervisor of the loan's officer or an admin",
  },
  WRITE_OFF: {
    from: ['ACTIVE', 'DEFAULTED'],
    to: 'WRITTEN_OFF',
    isSystemOnly: false,
    needsReason: true,
    who: 'an admin',
  },
  COMPLETE: {
    from: ['ACTIVE', 'DEFAULTED'],
    to: 'COMPLETED',
    isSystemOnly: true,
    needsReason: false,
    who: 'the system',
  },
  DEFAULT: { from: ['ACTIVE'], to: 'DEFAULTED', isSystemOnly: true, needsReason: false, who: 'the system' },
  CURE: { from: ['DEFAULTED'], to: 'ACTIVE', isSystemOnly: true, needsReason: false, who: 'the system' },
}

const ACTION_WORDS: Readonly<Record<LoanTransition, { verb: string; done: string }>> = {
  SUBMIT: { verb: 'submit', done: 'submitted' },
  APPROVE: { verb: 'approve', done: 'approved' },
  REJECT: { verb: 'reject', done: 'rejected' },
  WITHDRAW: { verb: 'withdraw', done: 'withdrawn' },
  DISBURSE: { verb: 'disburse', done: 'disbursed' },
  WRITE_OFF: { verb: 'write off', done: 'written off' },
  COMPLETE: { verb: 'complete', done: 'completed' },
  DEFAULT: { verb: 'mark as defaulted', done: 'marked as defaulted' },
  CURE: { verb: 'return to active', done: 'returned to active' },
}

/** Roles that may ever make each staff transition (the team/ownership check comes after). */
const STAFF_ROLES: Readonly<Record<LoanTransition, readonly StaffRole[]>> = {
  SUBMIT: ['ADMIN', 'SUPERVISOR', 'CREDIT_OFFICER'],
  APPROVE: ['ADMIN', 'SUPERVISOR'],
  REJECT: ['ADMIN', 'SUPERVISOR'],
  WITHDRAW: ['ADMIN', 'SUPERVISOR', 'CREDIT_OFFICER'],
  DISBURSE: ['ADMIN', 'SUPERVISOR'],
  WRITE_OFF: ['ADMIN'],
  COMPLETE: [],
  DEFAULT: [],
  CURE: [],
}

function statusWords(status: LoanStatus): string {
  return status.toLowerCase().replace(/_/g, ' ')
}

function deny(denial: TransitionDenial, reason: string): TransitionDecision {
  return { isAllowed: false, denial, reason }
}

function isOwnOfficer(actorId: string, loan: LoanForTransition): boolean {
  return loan.officerId === actorId
}

function isTeamSupervisor(actorId: string, loan: LoanForTransition): boolean {
  return loan.officerSupervisorId === actorId
}

/**
 * May `actor` make `transition` on `loan`? Answers with the target status, or with a reason a clerk can
 * read. Rules (docs/product.md §1, §4): officers prepare and submit their own loans; a supervisor of the loan's officer
 * or an admin approves or rejects, never the person who submitted it (maker-checker); disbursement by an
 * admin or that supervisor; write-off by an admin with a reason; reject/withdraw need a reason.
 */
export function canTransition(options: {
  actor: Actor
  loan: LoanForTransition
  transition: LoanTransition
  reason?: string
}): TransitionDecision {
  const { actor, loan, transition } = options
  const rule = TRANSITIONS[transition]
  const { verb, done } = ACTION_WORDS[transition]
  if (!rule.from.includes(loan.status)) {
    return deny(
      'WRONG_STATUS',
      `A ${statusWords(loan.status)} loan cannot be ${done}; only a loan that is ${rule.from.map(statusWords).join(' or ')} can.`,
    )
  }
  if (rule.isSystemOnly) {
    return actor.kind === 'SYSTEM'
      ? { isAllowed: true, from: loan.status, to: rule.to }
      : deny(
          'SYSTEM_ONLY',
          `Loans become ${statusWords(rule.to)} automatically; staff cannot ${verb} a loan.`,
        )
  }
  if (actor.kind === 'SYSTEM') return deny('STAFF_ONLY', `Only staff can ${verb} a loan.`)
  if (actor.isActive === false) return deny('ACTOR_INACTIVE', 'Your account is deactivated.')
  if (!STAFF_ROLES[transition].includes(actor.role)) {
    return deny('ROLE_NOT_ALLOWED', `Only ${rule.who} can ${verb} a loan.`)
  }
  if (rule.needsReason && (options.reason ?? '').trim() === '') {
    return deny('REASON_REQUIRED', `A reason is required to ${verb} a loan.`)
  }
  const isAdmin = actor.role === 'ADMIN'
  const isSupervisorOfOfficer = actor.role === 'SUPERVISOR' && isTeamSupervisor(actor.id, loan)
  const allowed = { isAllowed: true, from: loan.status, to: rule.to } as const
  const notInTeam = (): TransitionDecision => deny('NOT_IN_TEAM', `Only ${rule.who} can ${verb} this loan.`)
  switch (transition) {
    case 'SUBMIT':
      return isAdmin || isSupervisorOfOfficer || isOwnOfficer(actor.id, loan) ? allowed : notInTeam()
    case 'APPROVE':
    case 'REJECT':
      if (!isAdmin && !isSupervisorOfOfficer) return notInTeam()
      // Maker-checker: whoever submitted the application never decides on it (docs/product.md §4). Without a recorded
      // submitter the rule cannot be checked, so it fails closed rather than letting the maker through.
      if (loan.submittedById === null) {
        return deny(
          'MAKER_CHECKER',
          `No one is recorded as having submitted this loan, so it cannot be ${done}: the checker must be someone other than the submitter.`,
        )
      }
      if (loan.submittedById === actor.id) {
        return deny('MAKER_CHECKER', `You submitted this loan, so someone else must ${verb} it.`)
      }
      return allowed
    case 'WITHDRAW':
      if (isAdmin || isSupervisorOfOfficer) return allowed
      if (actor.role !== 'CREDIT_OFFICER' || !isOwnOfficer(actor.id, loan)) return notInTeam()
      // Once approved, the decision belongs to the checker's side: only a supervisor or admin may undo it.
      return loan.status === 'APPROVED'
        ? deny(
            'ROLE_NOT_ALLOWED',
            'Once a loan is approved, only a supervisor of its officer or an admin can withdraw it.',
          )
        : allowed
    case 'DISBURSE':
      return isAdmin || isSupervisorOfOfficer ? allowed : notInTeam()
    case 'WRITE_OFF':
      return isAdmin ? allowed : notInTeam()
    case 'COMPLETE':
    case 'DEFAULT':
    case 'CURE':
      return allowed
  }
}

/** `canTransition`, throwing TRANSITION_NOT_ALLOWED (details.denial) instead; returns the new status. */
export function applyTransition(options: Parameters<typeof canTransition>[0]): LoanStatus {
  const decision = canTransition(options)
  if (decision.isAllowed) return decision.to
  throw new DomainError({
    code: 'TRANSITION_NOT_ALLOWED',
    message: decision.reason,
    details: { denial: decision.denial, transition: options.transition, status: options.loan.status },
  })
}

/**
 * The automatic transition a loan is due, given its stored status and its position as of now (COMPLETED
 * when paid off; DEFAULTED past the days-past-due threshold; back to ACTIVE once arrears are cleared), or
 * null. The position already applies the threshold (`defaultAfterDays`, default 90).
 */
export function automaticTransition(options: {
  status: LoanStatus
  position: { status: LoanPositionStatus }
}): LoanTransition | null {
  const { status, position } = options
  if (status !== 'ACTIVE' && status !== 'DEFAULTED') return null
  switch (position.status) {
    case 'COMPLETED':
      return 'COMPLETE'
    case 'DEFAULTED':
      return status === 'ACTIVE' ? 'DEFAULT' : null
    case 'ACTIVE':
      return status === 'DEFAULTED' ? 'CURE' : null
  }
}
