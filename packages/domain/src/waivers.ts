import type { IsoDate } from './calendar.js'
import { assertIsoDate } from './calendar.js'
import { DomainError, describeValue } from './errors.js'
import type { Kobo } from './money.js'
import { assertKobo, formatNaira } from './money.js'
import type { AppliedWaiver, LoanHistoryEvent, LoanPosition, WaiverEvent } from './position.js'
import { loanPosition } from './position.js'
import type { LoanHistory } from './reschedule.js'
import type { StaffRole } from './status.js'

export type WaiverRequest = { id: string; date: IsoDate; penalty?: Kobo; interest?: Kobo }

export type WaiverPlan = {
  /** Store it in the loan's history: the replay with it gives `after`. */
  event: WaiverEvent
  before: LoanPosition
  after: LoanPosition
  /** Which installments the waiver reduces, oldest first. */
  lines: AppliedWaiver['lines']
}

function latestEventDate(events: readonly LoanHistoryEvent[]): IsoDate | null {
  let latest: IsoDate | null = null
  for (const event of events) if (latest === null || event.date > latest) latest = event.date
  return latest
}

/**
 * Checks and applies a waiver of penalties and/or interest (docs/lending.md "Waivers"): each amount at
 * most what is outstanding of that kind on the date (INVALID_AMOUNT naming the field and the maximum),
 * dated on or after the loan's latest event. Penalties are waived from the oldest installment's accrued
 * penalty on; interest from the oldest installment's unpaid interest on (installments not yet due
 * included, e.g. to settle early). Penalties keep accruing afterwards on what is still overdue.
 */
export function planWaiver(input: LoanHistory & { waiver: WaiverRequest }): WaiverPlan {
  const { waiver, ...loan } = input
  assertIsoDate(waiver.date, 'waiver.date')
  const penalty = waiver.penalty ?? 0
  const interest = waiver.interest ?? 0
  assertKobo(penalty, { field: 'penalty' })
  assertKobo(interest, { field: 'interest' })
  if (penalty + interest === 0) {
    throw new DomainError({
      code: 'INVALID_AMOUNT',
      message: 'A waiver must waive some penalty or interest (both are ₦0.00).',
      details: { field: 'penalty', limit: 1 },
    })
  }
  const events = loan.events ?? []
  const latest = latestEventDate(events)
  if (latest !== null && latest > waiver.date) {
    throw new DomainError({
      code: 'INVALID_DATE',
      message: `A waiver is dated on or after the loan's latest event (${latest}); got ${waiver.date}.`,
      details: { field: 'date', limit: latest },
    })
  }
  const before = loanPosition({ ...loan, events, asOf: waiver.date })
  const limits = [
    ['penalty', penalty, before.totals.outstanding.penalty, 'penalties'],
    ['interest', interest, before.totals.outstanding.interest, 'interest'],
  ] as const
  for (const [field, amount, outstanding, words] of limits) {
    if (amount > outstanding) {
      throw new DomainError({
        code: 'INVALID_AMOUNT',
        message: `The ${words} waived (${formatNaira(amount)}) cannot exceed the ${formatNaira(outstanding)} of ${words} outstanding on ${waiver.date}.`,
        details: { field, limit: outstanding, got: amount },
      })
    }
  }
  const event: WaiverEvent = {
    type: 'WAIVER',
    id: waiver.id,
    date: waiver.date,
    ...(penalty > 0 ? { penalty } : {}),
    ...(interest > 0 ? { interest } : {}),
  }
  const after = loanPosition({ ...loan, events: [...events, event], asOf: waiver.date })
  const applied = after.waivers.find((w) => w.id === waiver.id)
  return { event, before, after, lines: applied?.lines ?? [] }
}

/** Largest waiver, in kobo, each staff role may approve alone (a company setting). Missing = none. */
export type WaiverLimits = Readonly<Partial<Record<StaffRole, Kobo>>>

export type WaiverLimitDecision =
  { isAllowed: true; limit: Kobo } | { isAllowed: false; limit: Kobo; reason: string }

/**
 * Whether a role may approve a waiver of `amount` (penalty + interest) kobo: at most its limit. A role
 * with no limit set may not waive at all (fails closed). The server enforces it; the form shows it.
 */
export function checkWaiverLimit(amount: Kobo, limits: WaiverLimits, role: StaffRole): WaiverLimitDecision {
  assertKobo(amount, { field: 'amount', min: 1 })
  const limit: unknown = limits[role] ?? 0
  assertKobo(limit, { field: `limits.${role}` })
  if (amount <= limit) return { isAllowed: true, limit }
  return {
    isAllowed: false,
    limit,
    reason:
      limit === 0
        ? `Your role (${describeValue(role).replace(/"/g, '')}) may not approve waivers; ask someone whose role may.`
        : `A waiver of ${formatNaira(amount)} is above your role's limit of ${formatNaira(limit)}; ask someone with a higher limit to approve it.`,
  }
}
