import { addDays } from '@mp/domain'
import { CRAFTS, FEMALE_FIRST_NAMES, GROUP_WORDS, LAST_NAMES, MALE_FIRST_NAMES, PLACES } from './names.js'
import { LOAD_PRODUCTS } from './products.js'
import { createRng, type Rng } from './prng.js'

/**
 * The shape of the load portfolio, decided up front in the main thread: staff, unions, which member
 * has which loans and in what state. The expensive part (schedules and repayment histories) is done
 * per union chunk by `simulate.ts`, in worker threads.
 *
 * Shares of loans (issue 11): 60 % closed (COMPLETED, plus a few CANCELED applications), 35 % running
 * (a fifth of them in arrears), the rest defaulted (more than 90 days past due) or written off, and a
 * handful of applications still in the workflow. At most one live loan per member: a member's closed
 * loans come first in time, and a live or written-off loan, if any, is their last.
 */
export const LOAN_CATEGORIES = [
  'COMPLETED',
  'CANCELED',
  'ACTIVE',
  'ARREARS',
  'DEFAULTED',
  'WRITTEN_OFF',
  'DRAFT',
  'PENDING_APPROVAL',
  'APPROVED',
] as const
export type LoanCategory = (typeof LOAN_CATEGORIES)[number]

const SHARES: Record<Exclude<LoanCategory, 'COMPLETED'>, number> = {
  CANCELED: 0.004,
  ACTIVE: 0.28,
  ARREARS: 0.07,
  DEFAULTED: 0.025,
  WRITTEN_OFF: 0.015,
  DRAFT: 0.002,
  PENDING_APPROVAL: 0.002,
  APPROVED: 0.002,
}

// Live, written-off and in-workflow loans: at most one per member, and it is their last.
const LAST_ONLY: readonly LoanCategory[] = LOAN_CATEGORIES.filter(
  (category) => category !== 'COMPLETED' && category !== 'CANCELED',
)

const SUPERVISOR_COUNT = 10
const OFFICER_COUNT = 60
/** A member never has more than this many closed loans before the current one. */
const MAX_CLOSED_PER_MEMBER = 4
/** Target loans per chunk of unions (the unit of work for a worker thread). */
const CHUNK_LOANS = 1000

type StaffPlan = {
  id: string
  email: string
  firstName: string
  lastName: string
  phone: string
  role: 'ADMIN' | 'SUPERVISOR' | 'CREDIT_OFFICER'
  supervisorId: string | null
}

export type UnionPlan = {
  index: number
  id: string
  name: string
  location: string
  address: string
  city: string
  state: string
  /** ISO weekday of the meeting, 1 = Monday. Weekly loans fall due on it. */
  meetingWeekday: number
  officerId: string
  supervisorId: string
  createdOn: string
  memberFrom: number
  memberTo: number
}

export type ChunkPlan = {
  index: number
  unionFrom: number
  unionTo: number
  loanFrom: number
  loanCount: number
}

export type SeedPlan = {
  seed: number
  loans: number
  members: number
  today: string
  adminId: string
  staff: StaffPlan[]
  productIds: string[]
  unions: UnionPlan[]
  /** Member m's loans are categories[loanOffsets[m] … loanOffsets[m+1]), oldest first (codes into LOAN_CATEGORIES). */
  loanOffsets: Int32Array
  categories: Uint8Array
  chunks: ChunkPlan[]
}

/** What the simulation of a chunk needs of the plan (sent once to each worker thread). */
export type SimulationContext = Pick<
  SeedPlan,
  'seed' | 'today' | 'adminId' | 'staff' | 'productIds' | 'unions' | 'loanOffsets' | 'categories'
> & { defaultAfterDays: number }

export const WEEKDAYS = [
  'MONDAY',
  'TUESDAY',
  'WEDNESDAY',
  'THURSDAY',
  'FRIDAY',
  'SATURDAY',
  'SUNDAY',
] as const

function shuffle<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1))
    const a = items[i]
    const b = items[j]
    if (a === undefined || b === undefined) continue
    items[i] = b
    items[j] = a
  }
  return items
}

function staffPlan(seed: number): StaffPlan[] {
  const rng = createRng(seed, 'staff')
  const person = (index: number) => {
    const isFemale = rng.chance(0.5)
    return {
      firstName: rng.pick(isFemale ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES),
      lastName: rng.pick(LAST_NAMES),
      phone: `+234803${String(9_000_000 + index).padStart(7, '0')}`,
    }
  }
  const staff: StaffPlan[] = [
    { id: rng.uuid(), email: 'admin@load.test', role: 'ADMIN', supervisorId: null, ...person(0) },
  ]
  for (let s = 1; s <= SUPERVISOR_COUNT; s++) {
    staff.push({
      id: rng.uuid(),
      email: `supervisor${s}@load.test`,
      role: 'SUPERVISOR',
      supervisorId: null,
      ...person(s),
    })
  }
  for (let o = 1; o <= OFFICER_COUNT; o++) {
    const supervisor = staff[1 + ((o - 1) % SUPERVISOR_COUNT)]
    staff.push({
      id: rng.uuid(),
      email: `officer${o}@load.test`,
      role: 'CREDIT_OFFICER',
      supervisorId: supervisor?.id ?? null,
      ...person(100 + o),
    })
  }
  return staff
}

function unionPlans(seed: number, count: number, members: number, staff: StaffPlan[], today: string) {
  const rng = createRng(seed, 'unions')
  const officers = staff.filter((s) => s.role === 'CREDIT_OFFICER')
  const names = new Set<string>()
  const unions: UnionPlan[] = []
  // Unions differ in size (a few large markets, many small groups): weights 0.5–3, so the largest have
  // more than 30 running loans and fill a whole collection sheet.
  const weights = Array.from({ length: count }, () => 0.5 + 2.5 * rng.next() ** 3)
  const totalWeight = weights.reduce((sum, w) => sum + w, 0)
  let cumulative = 0
  const bounds = weights.map((w) => {
    const from = Math.round((cumulative / totalWeight) * members)
    cumulative += w
    return { from, to: Math.round((cumulative / totalWeight) * members) }
  })
  for (let u = 0; u < count; u++) {
    const [area, city, state] = rng.pick(PLACES)
    let name = `${area} ${rng.pick(CRAFTS)} ${rng.pick(GROUP_WORDS)}`
    // Names are unique among live unions, whatever their case (the union_name_live_idx index).
    for (let n = 2; names.has(name.toLowerCase()); n++) name = `${name.replace(/ \d+$/, '')} ${n}`
    names.add(name.toLowerCase())
    const officer = officers[u % officers.length]
    if (!officer) throw new Error('no credit officers planned')
    unions.push({
      index: u,
      id: rng.uuid(),
      name,
      location: `${area}, ${city}`,
      address: `${rng.int(1, 120)} ${area} Market Road, ${city}`,
      city,
      state,
      meetingWeekday: rng.int(1, 6),
      officerId: officer.id,
      supervisorId: officer.supervisorId ?? '',
      createdOn: addDays(today, -rng.int(760, 820)),
      memberFrom: bounds[u]?.from ?? 0,
      memberTo: bounds[u]?.to ?? 0,
    })
  }
  return unions
}

/** Which member gets which loans (see the shares above), deterministic from the seed. */
function assignLoans(seed: number, loans: number, members: number) {
  const rng = createRng(seed, 'loans')
  const code = (category: LoanCategory) => LOAN_CATEGORIES.indexOf(category)
  const special: number[] = []
  const closed: number[] = []
  let assigned = 0
  for (const [category, share] of Object.entries(SHARES) as [LoanCategory, number][]) {
    const count = Math.round(share * loans)
    assigned += count
    for (let i = 0; i < count; i++) (LAST_ONLY.includes(category) ? special : closed).push(code(category))
  }
  for (let i = assigned; i < loans; i++) closed.push(code('COMPLETED'))
  shuffle(special, rng)
  shuffle(closed, rng)

  const borrowers = shuffle(
    Array.from({ length: members }, (_, i) => i),
    rng,
  ).slice(0, Math.min(members, Math.round(members * 0.95)))
  if (special.length > borrowers.length) throw new Error('more live loans than members')
  const perMember: number[][] = Array.from({ length: members }, () => [])
  const last = new Map<number, number>()
  borrowers.forEach((member, index) => {
    const category = special[index]
    if (category !== undefined) last.set(member, category)
  })
  // Every borrower without a live loan has at least one closed loan; the rest of the closed loans go to
  // borrowers at random (not before a default or write-off: those are a member's whole story).
  const canTakeMore = borrowers.filter((member) => {
    const category = last.get(member)
    return category === undefined || category === code('ACTIVE') || category === code('ARREARS')
  })
  let next = 0
  for (const member of borrowers) {
    if (last.has(member)) continue
    const category = closed[next]
    if (category === undefined) break
    perMember[member]?.push(category)
    next += 1
  }
  let retries = 0
  while (next < closed.length) {
    const member = rng.pick(canTakeMore.length > 0 ? canTakeMore : borrowers)
    const list = perMember[member]
    const category = closed[next]
    if (list === undefined || category === undefined) break
    if (list.length >= MAX_CLOSED_PER_MEMBER && retries < 20) {
      retries += 1
      continue
    }
    retries = 0
    list.push(category)
    next += 1
  }
  for (const [member, category] of last) perMember[member]?.push(category)

  const loanOffsets = new Int32Array(members + 1)
  const categories = new Uint8Array(loans)
  let at = 0
  for (let m = 0; m < members; m++) {
    loanOffsets[m] = at
    for (const category of perMember[m] ?? []) categories[at++] = category
  }
  loanOffsets[members] = at
  if (at !== loans) throw new Error(`planned ${at} loans instead of ${loans}`)
  return { loanOffsets, categories }
}

export function buildPlan(options: { seed: number; loans: number; today: string }): SeedPlan {
  const { seed, loans, today } = options
  const members = Math.max(1, Math.round(loans * 0.6))
  const unionCount = Math.max(1, Math.round(loans * 0.015))
  const staff = staffPlan(seed)
  const productRng = createRng(seed, 'products')
  const productIds = LOAD_PRODUCTS.map(() => productRng.uuid())
  const unions = unionPlans(seed, unionCount, members, staff, today)
  const { loanOffsets, categories } = assignLoans(seed, loans, members)
  const chunks: ChunkPlan[] = []
  let start = 0
  for (let u = 0; u < unions.length; u++) {
    const union = unions[u]
    const first = unions[start]
    if (!union || !first) continue
    const loanFrom = loanOffsets[first.memberFrom] ?? 0
    const loanTo = loanOffsets[union.memberTo] ?? 0
    if (loanTo - loanFrom >= CHUNK_LOANS || u === unions.length - 1) {
      chunks.push({
        index: chunks.length,
        unionFrom: start,
        unionTo: u + 1,
        loanFrom,
        loanCount: loanTo - loanFrom,
      })
      start = u + 1
    }
  }
  const admin = staff[0]
  if (!admin) throw new Error('no admin planned')
  return {
    seed,
    loans,
    members,
    today,
    adminId: admin.id,
    staff,
    productIds,
    unions,
    loanOffsets,
    categories,
    chunks,
  }
}
