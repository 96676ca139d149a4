import type { RepaymentMethod } from '@mp/db'
import { addDays, loanPosition, type Installment, type LoanEvent, type LoanPosition } from '@mp/domain'
import { maxDate, minDate } from './dates.js'
import { REVERSAL_REASONS } from './names.js'
import type { LoanCategory, SimulationContext } from './plan.js'
import type { LoadProduct } from './products.js'
import type { Rng } from './prng.js'

// A loan's repayments, made one at a time the way staff would enter them: each amount is decided from the
// loan's position on its date (`loanPosition`), so none is ever above the payoff the API would allow.

export type Line = { sequence: number; principal: number; interest: number; fee: number; penalty: number }

export type Posting = {
  id: string
  amount: number
  paidOn: string
  /** The day it was entered (later than paidOn for backdated entries). */
  postedOn: string
  mode: 'AMOUNT' | 'DUE_NOW'
  method: RepaymentMethod
  reference: string | null
  notes: string | null
  isRecovery: boolean
  /** Candidate for the union meeting's collection sheet. */
  isMeeting: boolean
  reversal: { on: string; reason: string; lines: Line[] } | null
  // Filled when the chunk is finished:
  local: number
  createdAt: string
  reversedAt: string | null
  key: string
  hash: string
  sheet: number | null
}

export type Profile = {
  miss: number
  early: number
  late: number
  veryLate: number
  partial: number
  extra: number
}
const GOOD: Profile = { miss: 0.01, early: 0.15, late: 0.12, veryLate: 0.02, partial: 0.05, extra: 0.05 }
const AVERAGE: Profile = { miss: 0.05, early: 0.08, late: 0.3, veryLate: 0.08, partial: 0.15, extra: 0.04 }
const POOR: Profile = { miss: 0.15, early: 0.03, late: 0.4, veryLate: 0.2, partial: 0.25, extra: 0.02 }

type IntentKind = 'DUE' | 'PARTIAL' | 'EXTRA' | 'CATCHUP' | 'PAYOFF' | 'ARREARS_PARTIAL' | 'RECOVERY'
export type Intent = { date: string; kind: IntentKind; sequence: number; isOnTime: boolean }

const METHODS: readonly (readonly [RepaymentMethod, number])[] = [
  ['CASH', 55],
  ['TRANSFER', 25],
  ['POS', 8],
  ['MOBILE', 6],
  ['USSD', 5],
  ['OTHER', 1],
]

function referenceFor(method: RepaymentMethod, rng: Rng): string | null {
  const digits = String(rng.int(10_000_000, 99_999_999))
  switch (method) {
    case 'TRANSFER':
      return `TRF/${digits}`
    case 'POS':
      return `POS-${digits.slice(0, 6)}`
    case 'MOBILE':
      return `OPAY ${digits}`
    case 'USSD':
      return `*737*${digits.slice(0, 6)}`
    case 'CASH':
    case 'OTHER':
      return null
  }
}

export class LoanSimulator {
  private readonly events: LoanEvent[] = []
  private readonly postings: Posting[] = []
  private sequence = 0

  constructor(
    private readonly ctx: SimulationContext,
    private readonly rng: Rng,
    private readonly product: LoadProduct,
    private readonly installments: readonly Installment[],
    private readonly disbursedOn: string,
    private readonly isMeetingUnion: boolean,
  ) {}

  position(asOf: string, events: readonly LoanEvent[] = this.events): LoanPosition {
    return loanPosition({
      installments: this.installments,
      events,
      asOf,
      order: this.product.allocationOrder,
      rounding: this.product.rounding,
      defaultAfterDays: this.ctx.defaultAfterDays,
      ...(this.product.penalty ? { penalty: this.product.penalty } : {}),
    })
  }

  private post(date: string, amount: number, mode: Posting['mode'], options: Partial<Posting> = {}): Posting {
    const method = options.method ?? this.rng.weighted(METHODS)
    const posting: Posting = {
      id: this.rng.uuid(),
      amount,
      paidOn: date,
      postedOn: date,
      mode,
      method,
      reference: options.reference === undefined ? referenceFor(method, this.rng) : options.reference,
      notes: !options.isMeeting && this.rng.chance(0.02) ? 'Paid by spouse at the office' : null,
      isRecovery: options.isRecovery ?? false,
      isMeeting: options.isMeeting ?? false,
      reversal: null,
      local: 0,
      createdAt: '',
      reversedAt: null,
      key: '',
      hash: '',
      sheet: null,
    }
    this.sequence += 1
    this.events.push({ type: 'REPAYMENT', id: posting.id, date, amount, sequence: this.sequence })
    this.postings.push(posting)
    return posting
  }

  /** Regular payments for installments due before `until`, dated no later than `latest`. */
  intents(profile: Profile, until: string, latest: string): Intent[] {
    const intents: Intent[] = []
    for (const inst of this.installments) {
      if (inst.dueDate >= until) break
      if (this.rng.chance(profile.miss)) continue
      const roll = this.rng.next()
      let offset = 0
      if (roll < profile.early) offset = -this.rng.int(1, 6)
      else if (roll < profile.early + profile.late) offset = this.rng.int(1, 10)
      else if (roll < profile.early + profile.late + profile.veryLate) offset = this.rng.int(11, 45)
      const date = minDate(maxDate(addDays(inst.dueDate, offset), this.disbursedOn), latest)
      const kind: IntentKind = this.rng.chance(profile.partial)
        ? 'PARTIAL'
        : this.rng.chance(profile.extra)
          ? 'EXTRA'
          : 'DUE'
      intents.push({ date, kind, sequence: inst.sequence, isOnTime: offset === 0 && date === inst.dueDate })
    }
    return intents
  }

  /**
   * Posts the intents in date order, each amount decided from the position on its date. `mayFinish`:
   * a payment may pay the loan off (else amounts stop short of the payoff). Some payments are first
   * posted wrongly and reversed (the right one is entered after the reversal).
   */
  run(intents: Intent[], mayFinish: boolean, options: { recovery?: boolean } = {}): void {
    const ordered = intents
      .map((intent, order) => ({ intent, order }))
      .sort((a, b) =>
        a.intent.date < b.intent.date ? -1 : a.intent.date > b.intent.date ? 1 : a.order - b.order,
      )
      .map((entry) => entry.intent)
    const mistakeAt = ordered.length >= 2 && this.rng.chance(0.05) ? this.rng.int(0, ordered.length - 1) : -1
    ordered.forEach((intent, index) => {
      const position = this.position(intent.date)
      const payoff = position.payoffAmount
      if (payoff === 0) return
      const wrong = index === mistakeAt ? this.mistake(intent, position, ordered[index + 1]?.date) : null
      // The right payment is entered after the reversal, as if the wrong one had never been posted.
      const after =
        wrong === null
          ? position
          : this.position(
              intent.date,
              this.events.filter((e) => e.id !== wrong.id && e.id !== `reversal:${wrong.id}`),
            )
      const decided = this.amountFor(intent, after, mayFinish)
      if (decided === null) return
      const isMeeting =
        this.isMeetingUnion && intent.isOnTime && intent.kind === 'DUE' && this.rng.chance(0.6)
      const posting = this.post(
        intent.date,
        decided.amount,
        decided.mode,
        isMeeting
          ? { method: 'CASH', reference: null, isMeeting: true }
          : { isRecovery: options.recovery ?? false },
      )
      if (wrong?.reversal) {
        posting.postedOn = wrong.reversal.on
        posting.isMeeting = false
      }
    })
  }

  private amountFor(
    intent: Intent,
    position: LoanPosition,
    mayFinish: boolean,
  ): { amount: number; mode: Posting['mode'] } | null {
    const payoff = position.payoffAmount
    const installment = position.installments.find((i) => i.sequence === intent.sequence)
    const due = position.dueNow > 0 ? position.dueNow : (installment?.outstanding.total ?? 0)
    let amount = 0
    let mode: Posting['mode'] = 'AMOUNT'
    switch (intent.kind) {
      case 'DUE':
        amount = due
        if (position.dueNow > 0) mode = 'DUE_NOW'
        // Cash is often rounded up to the next ₦100.
        if (mode === 'DUE_NOW' && this.rng.chance(0.2)) {
          amount = Math.ceil(amount / 10_000) * 10_000
          mode = 'AMOUNT'
        }
        break
      case 'PARTIAL':
        amount = Math.floor((due * (0.3 + 0.6 * this.rng.next())) / 100) * 100
        break
      case 'EXTRA':
        amount =
          Math.ceil((due + (installment?.due.total ?? 0) * (0.2 + 0.8 * this.rng.next())) / 50_000) * 50_000
        break
      case 'CATCHUP':
        amount = position.dueNow
        mode = 'DUE_NOW'
        break
      case 'PAYOFF':
        amount = payoff
        break
      case 'ARREARS_PARTIAL': {
        const oldest = position.installments.find(
          (i) => i.dueDate < intent.date && i.outstanding.principal + i.outstanding.interest > 0,
        )
        amount = oldest ? Math.floor((oldest.outstanding.principal + oldest.outstanding.interest) / 2) : 0
        break
      }
      case 'RECOVERY':
        amount = Math.floor((payoff * (0.05 + 0.25 * this.rng.next())) / 100) * 100
        break
    }
    if (amount > payoff) {
      amount = payoff
      mode = 'AMOUNT'
    }
    if (!mayFinish && amount >= payoff) {
      // A running loan is never paid off by accident: fall back to what is due, or skip.
      amount = position.dueNow < payoff ? position.dueNow : 0
      mode = 'DUE_NOW'
    }
    if (amount < 1) return null
    return { amount, mode }
  }

  /** A payment entered wrongly (wrong amount, duplicate, bounced transfer) and reversed by an admin. */
  private mistake(intent: Intent, position: LoanPosition, nextDate: string | undefined): Posting | null {
    const guess = position.dueNow > 0 ? position.dueNow : Math.floor(position.payoffAmount / 3)
    const amount = Math.min(guess + 100 * this.rng.int(0, 500), position.payoffAmount - 1)
    if (amount < 1) return null
    const posting = this.post(intent.date, amount, 'AMOUNT')
    const lines = this.position(intent.date).repayments.find((r) => r.id === posting.id)?.lines ?? []
    const latest = minDate(nextDate ?? this.ctx.today, this.ctx.today)
    const on = minDate(addDays(intent.date, this.rng.int(0, 3)), maxDate(latest, intent.date))
    posting.reversal = {
      on,
      reason: this.rng.pick(REVERSAL_REASONS),
      lines: lines.map((l) => ({
        sequence: l.sequence,
        principal: l.principal,
        interest: l.interest,
        fee: l.fee,
        penalty: l.penalty,
      })),
    }
    this.events.push({
      type: 'REVERSAL',
      id: `reversal:${posting.id}`,
      date: on,
      repaymentId: posting.id,
      sequence: this.sequence,
    })
    return posting
  }

  /**
   * Some payments are entered late, after a later-dated one (a receipt found in the officer's bag): the
   * posting order differs from the date order. The replay is by date, so allocations do not change.
   */
  backdate(): void {
    if (!this.rng.chance(0.04)) return
    const candidates: number[] = []
    for (let i = 0; i + 1 < this.postings.length; i++) {
      const a = this.postings[i]
      const b = this.postings[i + 1]
      if (!a || !b || a.reversal || b.reversal || a.isMeeting || b.isMeeting) continue
      if (a.paidOn < b.paidOn && a.postedOn === a.paidOn) candidates.push(i)
    }
    if (candidates.length === 0) return
    const i = this.rng.pick(candidates)
    const a = this.postings[i]
    const b = this.postings[i + 1]
    if (!a || !b) return
    this.postings[i] = b
    this.postings[i + 1] = a
    a.postedOn = b.postedOn
    a.notes = 'Receipt entered late'
    // Posting sequences follow the entry order; reversals keep their repayment's sequence.
    const order = new Map(this.postings.map((p, index) => [p.id, index + 1]))
    for (const event of this.events) {
      const id = event.type === 'REPAYMENT' ? event.id : event.repaymentId
      event.sequence = order.get(id) ?? event.sequence
    }
  }

  get allPostings(): readonly Posting[] {
    return this.postings
  }

  get allEvents(): readonly LoanEvent[] {
    return this.events
  }
}

export function profileFor(rng: Rng, category: LoanCategory): Profile {
  switch (category) {
    case 'COMPLETED':
      return rng.weighted([
        [GOOD, 55],
        [AVERAGE, 35],
        [POOR, 10],
      ])
    case 'ACTIVE':
      return rng.weighted([
        [GOOD, 70],
        [AVERAGE, 30],
      ])
    case 'ARREARS':
      return rng.weighted([
        [AVERAGE, 60],
        [POOR, 40],
      ])
    case 'DEFAULTED':
    case 'WRITTEN_OFF':
      return POOR
    case 'CANCELED':
    case 'DRAFT':
    case 'PENDING_APPROVAL':
    case 'APPROVED':
      // Never disbursed: no repayments to make.
      return GOOD
  }
}
