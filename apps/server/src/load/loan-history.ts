import { ledgerOf, type LoanLedger } from '@mp/api'
import {
  addDays,
  buildSchedule,
  daysBetween,
  type Installment,
  type LoanPosition,
  type LoanStatus,
} from '@mp/domain'
import { Clock, maxDate, minDate } from './dates.js'
import { productAt, type LoanSetup } from './loan-setup.js'
import { PURPOSES, REJECT_REASONS, WITHDRAW_REASONS, WRITE_OFF_REASONS } from './names.js'
import { LoanSimulator, profileFor, type Intent, type Line, type Posting } from './payments.js'
import type { SimulationContext, UnionPlan } from './plan.js'
import type { Rng } from './prng.js'

// One loan's whole story: application, approval, disbursement with the schedule from `buildSchedule`,
// repayments, reversals, write-off, the status the services would have stored, the timeline, the
// allocations of the standing repayments and the stored ledger (`ledgerOf`), all from one replay.

type TimelineEvent = {
  kind: string
  from: LoanStatus | null
  to: LoanStatus | null
  actorId: string | null
  reason: string | null
  /** Receipt placeholders `{posting}` are resolved when the global numbers are known. */
  details: Record<string, unknown> | null
  receiptOf: Posting | null
  createdAt: string
}

type WriteOff = { on: string; reason: string; position: LoanPosition }

export type SimLoan = {
  id: string
  index: number
  memberId: string
  product: number
  principal: number
  termCount: number
  startDate: string
  purpose: string
  processingFee: number
  status: LoanStatus
  createdBy: string
  createdAt: string
  submittedAt: string | null
  decidedBy: string | null
  decidedAt: string | null
  disbursedBy: string | null
  disbursedAt: string | null
  disbursedOn: string | null
  closedReason: string | null
  closedBy: string | null
  closedAt: string | null
  completedOn: string | null
  updatedAt: string
  guarantorId: string | null
  installments: readonly Installment[]
  /** The stored ledger (ADR 0004), from the same replay the allocations come from. */
  ledger: LoanLedger | null
  postings: Posting[]
  allocations: (Line & { repaymentId: string })[]
  timeline: TimelineEvent[]
}

export function simulateLoan(
  ctx: SimulationContext,
  rng: Rng,
  union: UnionPlan,
  member: { id: string; guarantorId: string | null },
  index: number,
  setup: LoanSetup,
): SimLoan {
  const product = productAt(setup.product)
  const officerId = union.officerId
  const supervisorId = union.supervisorId
  const clock = new Clock(rng)
  const schedule = buildSchedule({
    principal: setup.principal,
    termCount: setup.termCount,
    termUnit: product.termUnit,
    startDate: setup.startDate,
    interest: product.interest,
    rounding: product.rounding,
    ...(product.installmentMultiple ? { installmentMultiple: product.installmentMultiple } : {}),
    ...(product.processingFee ? { processingFee: product.processingFee } : {}),
  })
  const createdAt = clock.tick(setup.createdOn)
  const loan: SimLoan = {
    id: rng.uuid(),
    index,
    memberId: member.id,
    product: setup.product,
    principal: setup.principal,
    termCount: setup.termCount,
    startDate: setup.startDate,
    purpose: rng.pick(PURPOSES),
    processingFee: schedule.processingFee,
    status: 'DRAFT',
    createdBy: officerId,
    createdAt,
    submittedAt: null,
    decidedBy: null,
    decidedAt: null,
    disbursedBy: null,
    disbursedAt: null,
    disbursedOn: null,
    closedReason: null,
    closedBy: null,
    closedAt: null,
    completedOn: null,
    updatedAt: createdAt,
    guarantorId: member.guarantorId !== null && rng.chance(0.6) ? member.guarantorId : null,
    installments: [],
    ledger: null,
    postings: [],
    allocations: [],
    timeline: [],
  }
  const event = (e: Omit<TimelineEvent, 'receiptOf' | 'details'> & Partial<TimelineEvent>) => {
    loan.timeline.push({ details: null, receiptOf: null, ...e })
    loan.updatedAt = e.createdAt
  }
  event({
    kind: 'CREATED',
    from: null,
    to: 'DRAFT',
    actorId: officerId,
    reason: null,
    details: { principal: loan.principal, termCount: loan.termCount, loanType: product.name },
    createdAt,
  })
  const cat = setup.category
  if (cat === 'DRAFT') return loan
  if (cat === 'CANCELED' && rng.chance(0.3)) {
    const closedAt = clock.tick(addDays(setup.createdOn, rng.int(0, 3)))
    const reason = rng.pick(WITHDRAW_REASONS)
    Object.assign(loan, { status: 'CANCELED', closedReason: reason, closedBy: officerId, closedAt })
    event({
      kind: 'WITHDRAWN',
      from: 'DRAFT',
      to: 'CANCELED',
      actorId: officerId,
      reason,
      createdAt: closedAt,
    })
    return loan
  }
  const submittedOn = minDate(addDays(setup.createdOn, rng.int(0, 1)), setup.disbursedOn ?? ctx.today)
  loan.submittedAt = clock.tick(submittedOn)
  loan.status = 'PENDING_APPROVAL'
  event({
    kind: 'SUBMITTED',
    from: 'DRAFT',
    to: 'PENDING_APPROVAL',
    actorId: officerId,
    reason: null,
    createdAt: loan.submittedAt,
  })
  if (cat === 'PENDING_APPROVAL') return loan
  const decidedOn = minDate(addDays(submittedOn, rng.int(0, 2)), setup.disbursedOn ?? ctx.today)
  loan.decidedAt = clock.tick(decidedOn)
  loan.decidedBy = supervisorId
  if (cat === 'CANCELED') {
    const reason = rng.pick(REJECT_REASONS)
    Object.assign(loan, {
      status: 'CANCELED',
      closedReason: reason,
      closedBy: supervisorId,
      closedAt: loan.decidedAt,
    })
    event({
      kind: 'REJECTED',
      from: 'PENDING_APPROVAL',
      to: 'CANCELED',
      actorId: supervisorId,
      reason,
      createdAt: loan.decidedAt,
    })
    return loan
  }
  loan.status = 'APPROVED'
  event({
    kind: 'APPROVED',
    from: 'PENDING_APPROVAL',
    to: 'APPROVED',
    actorId: supervisorId,
    reason: null,
    createdAt: loan.decidedAt,
  })
  if (cat === 'APPROVED' || setup.disbursedOn === null) return loan

  // Disbursement: the schedule is fixed from the booked terms (services/loan-workflow.ts disburse()).
  const disbursedOn = setup.disbursedOn
  loan.disbursedOn = disbursedOn
  loan.disbursedBy = rng.chance(0.8) ? supervisorId : ctx.adminId
  loan.disbursedAt = clock.tick(disbursedOn)
  loan.installments = schedule.installments
  loan.status = 'ACTIVE'
  event({
    kind: 'DISBURSED',
    from: 'APPROVED',
    to: 'ACTIVE',
    actorId: loan.disbursedBy,
    reason: null,
    details: {
      disbursedOn,
      startDate: setup.startDate,
      processingFee: schedule.processingFee,
      total: schedule.total,
      installments: schedule.installments.length,
    },
    createdAt: loan.disbursedAt,
  })

  const sim = new LoanSimulator(
    ctx,
    rng,
    product,
    schedule.installments,
    disbursedOn,
    product.termUnit === 'WEEK',
  )
  const profile = profileFor(rng, cat)
  const today = ctx.today
  const lastDue = schedule.installments[schedule.installments.length - 1]?.dueDate ?? disbursedOn
  let writeOff: WriteOff | null = null
  switch (cat) {
    case 'COMPLETED': {
      const finishBy = minDate(setup.finishBy ?? today, today)
      const isEarly = rng.chance(0.1)
      const seq = schedule.installments[Math.floor(schedule.installments.length * (0.3 + 0.5 * rng.next()))]
      let payoffOn = isEarly && seq ? seq.dueDate : addDays(lastDue, rng.int(-3, 12))
      payoffOn = maxDate(minDate(payoffOn, finishBy), disbursedOn)
      const intents = sim.intents(profile, payoffOn, payoffOn)
      intents.push({ date: payoffOn, kind: 'PAYOFF', sequence: 0, isOnTime: false })
      sim.run(intents, true)
      break
    }
    case 'ACTIVE': {
      const intents = sim.intents(profile, addDays(today, 7), today)
      const caughtUp = [...schedule.installments].reverse().find((i) => i.dueDate <= today)
      if (caughtUp) {
        const last = intents.reduce((d, i) => maxDate(d, i.date), caughtUp.dueDate)
        intents.push({ date: last, kind: 'CATCHUP', sequence: caughtUp.sequence, isOnTime: false })
      }
      sim.run(intents, false)
      break
    }
    case 'ARREARS':
    case 'DEFAULTED':
    case 'WRITTEN_OFF': {
      const cutoff = schedule.installments[(setup.firstUnpaid ?? 1) - 1]?.dueDate ?? today
      const latest = addDays(cutoff, -1)
      const intents = latest >= disbursedOn ? sim.intents(profile, cutoff, latest) : []
      const caughtUp = [...schedule.installments].reverse().find((i) => i.dueDate < cutoff)
      if (caughtUp) {
        const last = intents.reduce((d, i) => maxDate(d, i.date), caughtUp.dueDate)
        intents.push({ date: last, kind: 'CATCHUP', sequence: caughtUp.sequence, isOnTime: false })
      }
      // A part-payment after the trouble starts that does not bring the loan current.
      if (cat === 'ARREARS' && rng.chance(0.4) && cutoff < today) {
        intents.push({
          date: addDays(cutoff, rng.int(1, daysBetween(cutoff, today))),
          kind: 'ARREARS_PARTIAL',
          sequence: 0,
          isOnTime: false,
        })
      }
      if (cat === 'DEFAULTED' && rng.chance(0.5) && daysBetween(cutoff, today) > 92) {
        intents.push({
          date: addDays(cutoff, rng.int(92, daysBetween(cutoff, today))),
          kind: 'ARREARS_PARTIAL',
          sequence: 0,
          isOnTime: false,
        })
      }
      sim.run(intents, false)
      if (cat === 'WRITTEN_OFF') {
        const on = minDate(addDays(cutoff, rng.int(181, 260)), addDays(today, -1))
        writeOff = { on, reason: rng.pick(WRITE_OFF_REASONS), position: sim.position(on) }
        if (rng.chance(0.25)) {
          const recoveries: Intent[] = []
          const count = rng.int(1, 2)
          for (let r = 0; r < count && on < today; r++) {
            recoveries.push({
              date: addDays(on, rng.int(1, daysBetween(on, today))),
              kind: 'RECOVERY',
              sequence: 0,
              isOnTime: false,
            })
          }
          sim.run(recoveries, false, { recovery: true })
        }
      }
      break
    }
    default:
      break
  }
  sim.backdate()

  const final = sim.position(today)
  if (final.creditBalance !== 0) throw new Error(`load generator bug: loan ${loan.id} has a credit balance`)
  const postings = sim.allPostings
  const standing = new Map(final.repayments.map((r) => [r.id, r]))
  for (const posting of postings) {
    for (const line of standing.get(posting.id)?.lines ?? []) {
      loan.allocations.push({
        repaymentId: posting.id,
        sequence: line.sequence,
        principal: line.principal,
        interest: line.interest,
        fee: line.fee,
        penalty: line.penalty,
      })
    }
  }

  // Written off or not is settled below, with the write-off's own day.
  loan.ledger = ledgerOf(
    { id: loan.id, createdAt: loan.createdAt, writtenOffOn: null },
    { penalty: product.penalty, rounding: product.rounding },
    final,
    postings.map((p, i) => ({
      id: p.id,
      paid_on: p.paidOn,
      amount: p.amount,
      posting_sequence: i + 1,
      reversed_on: p.reversal?.on ?? null,
    })),
  )

  // Status as the services store it: settleStatus() after each posting (as of the day it was entered);
  // a written-off loan stays written off whatever it receives.
  let lastEntry = ''
  for (const p of postings) {
    lastEntry = maxDate(lastEntry, maxDate(p.postedOn, p.reversal?.on ?? ''))
  }
  let stored: LoanStatus = 'ACTIVE'
  if (final.payoffAmount === 0 && final.completedOn !== null) {
    stored = 'COMPLETED'
    loan.completedOn = final.completedOn
  } else if (lastEntry !== '') {
    stored = sim.position(lastEntry).status
  }

  // The timeline, in the order things happened.
  const completing = stored === 'COMPLETED' ? [...postings].reverse().find((p) => !p.reversal) : undefined
  const writtenOff = (w: WriteOff) => {
    const closedAt = clock.tick(w.on)
    Object.assign(loan, { closedReason: w.reason, closedBy: ctx.adminId, closedAt })
    if (loan.ledger) loan.ledger.state.written_off_on = w.on
    event({
      kind: 'WRITTEN_OFF',
      from: w.position.status === 'COMPLETED' ? 'ACTIVE' : w.position.status,
      to: 'WRITTEN_OFF',
      actorId: ctx.adminId,
      reason: w.reason,
      details: {
        outstanding: w.position.payoffAmount,
        outstandingPrincipal: w.position.outstandingPrincipal,
      },
      createdAt: closedAt,
    })
  }
  // Recoveries come after the write-off on the timeline.
  let pendingWriteOff = writeOff
  for (const posting of postings) {
    if (pendingWriteOff !== null && posting.postedOn > pendingWriteOff.on) {
      writtenOff(pendingWriteOff)
      pendingWriteOff = null
    }
    posting.createdAt = clock.tick(posting.postedOn)
    event({
      kind: posting.isRecovery ? 'RECOVERY' : 'REPAYMENT',
      from: null,
      to: null,
      actorId: officerId,
      reason: null,
      details: {
        repaymentId: posting.id,
        amount: posting.amount,
        paidOn: posting.paidOn,
        method: posting.method,
      },
      receiptOf: posting,
      createdAt: posting.createdAt,
    })
    if (posting.reversal) {
      posting.reversedAt = clock.tick(posting.reversal.on)
      event({
        kind: 'REVERSAL',
        from: null,
        to: null,
        actorId: ctx.adminId,
        reason: posting.reversal.reason,
        details: { repaymentId: posting.id, amount: posting.amount },
        receiptOf: posting,
        createdAt: posting.reversedAt,
      })
    }
    if (posting === completing) {
      event({
        kind: 'COMPLETED',
        from: 'ACTIVE',
        to: 'COMPLETED',
        actorId: null,
        reason: '',
        receiptOf: posting,
        createdAt: clock.tick(posting.postedOn),
      })
    }
  }
  if (pendingWriteOff !== null) writtenOff(pendingWriteOff)
  if (stored === 'DEFAULTED' && !writeOff) {
    const last = postings[postings.length - 1]
    if (last) {
      event({
        kind: 'DEFAULTED',
        from: 'ACTIVE',
        to: 'DEFAULTED',
        actorId: null,
        reason: '',
        receiptOf: last,
        createdAt: clock.tick(last.postedOn),
      })
    }
  }
  loan.status = writeOff ? 'WRITTEN_OFF' : stored
  loan.postings = [...postings]
  return loan
}
