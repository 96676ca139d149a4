import type { Database, Kysely } from '@mp/db'
import type { Caller, Teams } from './union-fixtures.js'
import { addMember, addTeams, addUnion } from './union-fixtures.js'
import type { JobQueue } from '../src/jobs/queue.js'
import type { DocumentStorage } from '../src/storage/types.js'

/** Σ stored allocations of standing repayments, and Σ their amounts: the two must always be equal. */
export { reconcileAllocations as reconciliation } from '../src/ledger/reconcile.js'

/**
 * Shared set-up for the loan and repayment tests: two teams on a frozen, movable clock (the company's
 * "today" decides overdue and defaulted), products, and a helper that walks a loan through the workflow
 * the way staff do (officer applies and submits, supervisor approves, admin disburses).
 */
export type Clock = { today: string; now: () => Date }

export function clockAt(today: string): Clock {
  const clock: Clock = {
    today,
    // 09:00 UTC is 10:00 in Lagos: well inside the company's day.
    now: () => new Date(`${clock.today}T09:00:00Z`),
  }
  return clock
}

export type LoanTypeSeed = Parameters<Caller['loanType']['create']>[0]

export const WEEKLY_FLAT: LoanTypeSeed = {
  name: 'Weekly flat 10%',
  description: null,
  minPrincipal: 1_000_000,
  maxPrincipal: 100_000_000,
  termUnit: 'WEEK',
  minTerm: 4,
  maxTerm: 52,
  interest: { method: 'FLAT', rate: '0.10', basis: 'PER_TERM' },
  processingFee: { kind: 'PERCENT_OF_PRINCIPAL', rate: '0.01' },
  penalty: null,
  allocationOrder: 'VERTICAL',
  rounding: 'HALF_EVEN',
  installmentMultiple: null,
}

export type LoanWorld = Teams & {
  clock: Clock
  unionA: { id: string }
  unionB: { id: string }
  memberA: { id: string }
  memberA2: { id: string }
  memberB: { id: string }
  loanTypeId: string
}

export async function addLoanWorld(
  db: Kysely<Database>,
  today = '2025-01-06',
  options: { jobs?: JobQueue; storage?: DocumentStorage } = {},
): Promise<LoanWorld> {
  const clock = clockAt(today)
  const teams = await addTeams(db, { now: clock.now, ...options })
  const unionA = await addUnion(db, { name: 'Alaba Potters', officerId: teams.coA1.id })
  const unionB = await addUnion(db, { name: 'Bodija Weavers', officerId: teams.coB1.id })
  const memberA = await addMember(db, { unionId: unionA.id, firstName: 'Ngozi', lastName: 'Okafor' })
  const memberA2 = await addMember(db, { unionId: unionA.id, firstName: 'Kemi', lastName: 'Adebayo' })
  const memberB = await addMember(db, { unionId: unionB.id, firstName: 'Tunde', lastName: 'Bello' })
  const type = await teams.asAdmin.loanType.create(WEEKLY_FLAT)
  return { ...teams, clock, unionA, unionB, memberA, memberA2, memberB, loanTypeId: type.id }
}

/** Officer A1 applies and submits, supervisor A approves, the admin disburses: an ACTIVE loan. */
export async function activeLoan(
  world: LoanWorld,
  options: {
    memberId?: string
    loanTypeId?: string
    principal?: number
    termCount?: number
    startDate?: string
    disbursedOn?: string
    /** Team B's officer and supervisor instead of team A's. */
    team?: 'A' | 'B'
  } = {},
) {
  const startDate = options.startDate ?? world.clock.today
  const officer = options.team === 'B' ? world.asCoB1 : world.asCoA1
  const supervisor = options.team === 'B' ? world.asSupB : world.asSupA
  const draft = await officer.loan.create({
    memberId: options.memberId ?? world.memberA.id,
    loanTypeId: options.loanTypeId ?? world.loanTypeId,
    principal: options.principal ?? 10_000_000,
    termCount: options.termCount ?? 12,
    startDate,
    purpose: 'Clay and kiln fuel',
    guarantorIds: [],
  })
  await officer.loan.submit({ id: draft.id })
  await supervisor.loan.approve({ id: draft.id })
  return world.asAdmin.loan.disburse({ id: draft.id, disbursedOn: options.disbursedOn ?? startDate })
}

let keyCounter = 0
/** A fresh client idempotency key, as the web app makes one per form. */
export function newKey(prefix = 'test'): string {
  keyCounter += 1
  return `${prefix}-${String(Date.now())}-${String(keyCounter)}`
}
