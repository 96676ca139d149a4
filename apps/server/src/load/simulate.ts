import { createHash } from 'node:crypto'
import { addDays, daysBetween } from '@mp/domain'
import { at, minDate } from './dates.js'
import { setupLoan, type LoanSetup } from './loan-setup.js'
import { simulateLoan, type SimLoan } from './loan-history.js'
import {
  FEMALE_FIRST_NAMES,
  LAST_NAMES,
  MALE_FIRST_NAMES,
  PROFESSIONS,
  RELATIONSHIPS,
  STREETS,
  identityNumber,
  phoneFor,
} from './names.js'
import type { Posting } from './payments.js'
import { LOAN_CATEGORIES, type LoanCategory, type SimulationContext, type UnionPlan } from './plan.js'
import { createRng, type Rng } from './prng.js'

/**
 * The histories of one chunk of unions: members, their loans one after another (loan-history.ts), and
 * the union meetings' collection sheets.
 *
 * Global numbers (receipts, posting sequences, timeline ids) depend on the chunks before this one, so a
 * chunk is simulated first (`simulateChunk`, which reports its counts) and turned into COPY text once
 * its bases are known (`chunkCopyText`).
 */
type SimMember = {
  id: string
  index: number
  union: UnionPlan
  values: (string | number | boolean | null)[]
  guarantor: (string | null)[] | null
}

type SimSheet = {
  id: string
  union: UnionPlan
  date: string
  key: string
  hash: string
  total: number
  rows: { loan: SimLoan; posting: Posting }[]
  createdAt: string
}

export type ChunkCounts = {
  members: number
  guarantors: number
  loans: number
  loanGuarantors: number
  installments: number
  states: number
  sheets: number
  repayments: number
  allocations: number
  events: number
}

export function emptyCounts(): ChunkCounts {
  return {
    members: 0,
    guarantors: 0,
    loans: 0,
    loanGuarantors: 0,
    installments: 0,
    states: 0,
    sheets: 0,
    repayments: 0,
    allocations: 0,
    events: 0,
  }
}

export type SimulatedChunk = {
  index: number
  members: SimMember[]
  loans: SimLoan[]
  sheets: SimSheet[]
  counts: ChunkCounts
}

/** Where a chunk's global numbers start (0-based counts of rows written by the chunks before it). */
export type ChunkBases = { repayments: number; events: number }

const category = (code: number | undefined): LoanCategory => LOAN_CATEGORIES[code ?? 0] ?? 'COMPLETED'

function requestHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex')
}

function memberRow(ctx: SimulationContext, rng: Rng, union: UnionPlan, index: number, createdOn: string) {
  const isFemale = rng.chance(0.7)
  const first = rng.pick(isFemale ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES)
  const middle = rng.chance(0.3) ? rng.pick(isFemale ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES) : null
  const last = rng.pick(LAST_NAMES)
  const isVerified = rng.chance(0.8)
  const createdAt = at(createdOn, rng.int(8 * 60, 17 * 60))
  const verifiedAt = isVerified ? at(addDays(createdOn, rng.int(0, 5)), rng.int(8 * 60, 17 * 60)) : null
  const id = rng.uuid()
  const values = [
    id,
    `MEM${String(index + 1).padStart(6, '0')}`,
    union.id,
    first,
    middle,
    last,
    phoneFor(index, rng),
    rng.chance(0.2)
      ? `${first}.${last}${rng.int(1, 99)}@example.com`.toLowerCase().replace(/[^a-z0-9.@-]/g, '')
      : null,
    `${rng.int(1, 200)} ${rng.pick(STREETS)}, ${union.city}`,
    addDays(ctx.today, -rng.int(20 * 365, 60 * 365)),
    isFemale ? 'FEMALE' : 'MALE',
    rng.weighted([
      ['MARRIED', 60],
      ['SINGLE', 25],
      ['WIDOWED', 8],
      ['DIVORCED', 4],
      ['SEPARATED', 3],
    ] as const),
    rng.pick(PROFESSIONS),
    union.city,
    union.state,
    rng.chance(0.7) ? identityNumber('2', index) : null,
    rng.chance(0.4) ? identityNumber('7', index) : null,
    isVerified,
    verifiedAt,
    isVerified ? union.officerId : null,
    union.officerId,
    createdAt,
    verifiedAt ?? createdAt,
  ]
  const guarantor = rng.chance(0.6)
    ? [
        rng.uuid(),
        id,
        rng.pick(rng.chance(0.5) ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES),
        rng.chance(0.5) ? last : rng.pick(LAST_NAMES),
        phoneFor(index + 5_000_000, rng),
        rng.pick(RELATIONSHIPS),
        union.officerId,
        createdAt,
        createdAt,
      ]
    : null
  return { id, values, guarantor }
}

/** One member's story: closed loans one after another, then the live (or written-off) one if any. */
function simulateMember(ctx: SimulationContext, union: UnionPlan, memberIndex: number, out: SimulatedChunk) {
  const rng = createRng(ctx.seed, 'member', memberIndex)
  const from = ctx.loanOffsets[memberIndex] ?? 0
  const to = ctx.loanOffsets[memberIndex + 1] ?? from
  const cats: LoanCategory[] = []
  for (let i = from; i < to; i++) cats.push(category(ctx.categories[i]))
  const last = cats[cats.length - 1]
  const hasCurrent = last !== undefined && last !== 'COMPLETED' && last !== 'CANCELED'
  const setups: LoanSetup[] = []
  let windowEnd = addDays(ctx.today, -rng.int(3, 30))
  if (hasCurrent) {
    const current = setupLoan(rng, ctx, union, last, null)
    windowEnd = addDays(current.createdOn, -rng.int(7, 30))
    setups[cats.length - 1] = current
  }
  const closedCount = hasCurrent ? cats.length - 1 : cats.length
  let windowStart = addDays(ctx.today, -rng.int(700, 740))
  if (closedCount > 0 && daysBetween(windowStart, windowEnd) < closedCount * 60) {
    windowStart = addDays(windowEnd, -closedCount * 90)
  }
  const slot = closedCount > 0 ? daysBetween(windowStart, windowEnd) / closedCount : 0
  for (let i = 0; i < closedCount; i++) {
    const slotFrom = addDays(windowStart, Math.floor(i * slot))
    const slotTo = addDays(windowStart, Math.floor((i + 1) * slot) - 3)
    setups[i] = setupLoan(rng, ctx, union, cats[i] ?? 'COMPLETED', { from: slotFrom, to: slotTo })
  }
  const firstCreated = setups[0]?.createdOn ?? addDays(ctx.today, -rng.int(10, 700))
  const memberCreated = minDate(
    addDays(union.createdOn, rng.int(1, 40)),
    addDays(firstCreated, -rng.int(1, 20)),
  )
  const member = memberRow(ctx, rng, union, memberIndex, memberCreated)
  out.members.push({
    id: member.id,
    index: memberIndex,
    union,
    values: member.values,
    guarantor: member.guarantor,
  })
  const guarantorId = typeof member.guarantor?.[0] === 'string' ? member.guarantor[0] : null
  setups.forEach((setup, offset) => {
    out.loans.push(simulateLoan(ctx, rng, union, { id: member.id, guarantorId }, from + offset, setup))
  })
}

/**
 * Union meetings: on-time cash payments of weekly loans made at the meeting are posted together on the
 * union's collection sheet for that day (one sheet, one key, up to 30 rows).
 */
function collectSheets(
  ctx: SimulationContext,
  union: UnionPlan,
  loans: readonly SimLoan[],
  out: SimulatedChunk,
) {
  const rng = createRng(ctx.seed, 'sheets', union.index)
  const byDate = new Map<string, { loan: SimLoan; posting: Posting }[]>()
  for (const loan of loans) {
    for (const posting of loan.postings) {
      if (!posting.isMeeting || posting.reversal) continue
      const rows = byDate.get(posting.paidOn) ?? []
      rows.push({ loan, posting })
      byDate.set(posting.paidOn, rows)
    }
  }
  for (const date of [...byDate.keys()].sort()) {
    const rows = byDate.get(date) ?? []
    for (let start = 0; start + 1 < rows.length; start += 30) {
      const part = rows.slice(start, start + 30)
      if (part.length < 2) break
      const sheet: SimSheet = {
        id: rng.uuid(),
        union,
        date,
        key: rng.uuid(),
        hash: requestHash({
          unionId: union.id,
          date,
          method: 'CASH',
          rows: part.map((r) => [r.loan.id, r.posting.amount, null, null]),
        }),
        total: part.reduce((sum, r) => sum + r.posting.amount, 0),
        rows: part,
        createdAt: part.reduce(
          (latest, r) => (r.posting.createdAt > latest ? r.posting.createdAt : latest),
          '',
        ),
      }
      for (const row of part) {
        row.posting.sheet = out.sheets.length
        row.posting.key = `sheet:${sheet.id}:${row.loan.id}`
        row.posting.hash = requestHash({
          loanId: row.loan.id,
          mode: 'AMOUNT',
          amount: row.posting.amount,
          paidOn: date,
          method: 'CASH',
          reference: null,
          notes: row.posting.notes,
          idempotencyKey: row.posting.key,
        })
      }
      out.sheets.push(sheet)
    }
  }
}

export function simulateChunk(
  ctx: SimulationContext,
  chunk: { index: number; unionFrom: number; unionTo: number },
): SimulatedChunk {
  const out: SimulatedChunk = {
    index: chunk.index,
    members: [],
    loans: [],
    sheets: [],
    counts: emptyCounts(),
  }
  for (let u = chunk.unionFrom; u < chunk.unionTo; u++) {
    const union = ctx.unions[u]
    if (!union) continue
    const firstLoan = out.loans.length
    for (let m = union.memberFrom; m < union.memberTo; m++) simulateMember(ctx, union, m, out)
    collectSheets(ctx, union, out.loans.slice(firstLoan), out)
  }
  let local = 0
  for (const loan of out.loans) {
    const keyRng = createRng(ctx.seed, 'keys', loan.index)
    for (const posting of loan.postings) {
      posting.local = local++
      if (posting.sheet !== null) continue
      // The web app makes one key per opened form (a UUID); the hash covers the payment's fields.
      posting.key = keyRng.uuid()
      posting.hash = requestHash({
        loanId: loan.id,
        mode: posting.mode,
        amount: posting.mode === 'AMOUNT' ? posting.amount : null,
        paidOn: posting.paidOn,
        method: posting.method,
        reference: posting.reference,
        notes: posting.notes,
      })
    }
  }
  const c = out.counts
  c.members = out.members.length
  c.guarantors = out.members.filter((m) => m.guarantor !== null).length
  c.loans = out.loans.length
  c.loanGuarantors = out.loans.filter((l) => l.guarantorId !== null).length
  c.installments = out.loans.reduce((sum, l) => sum + l.installments.length, 0)
  c.states = out.loans.filter((l) => l.ledger !== null).length
  c.sheets = out.sheets.length
  c.repayments = local
  c.allocations = out.loans.reduce((sum, l) => sum + l.allocations.length, 0)
  c.events = out.loans.reduce((sum, l) => sum + l.timeline.length, 0)
  return out
}
