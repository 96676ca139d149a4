import { availableParallelism } from 'node:os'
import { ledgerFacts, verifyLedger, type LedgerVerification } from '@mp/api'
import { hashPassword } from '@mp/auth'
import { sql, type Database, type Kysely } from '@mp/db'
import pg from 'pg'
import { COPY_ORDER, copyInto } from './copy.js'
import { buildPlan, WEEKDAYS, type SeedPlan, type SimulationContext } from './plan.js'
import { inlineProducer, workerProducer, type ChunkProducer, type ChunkText } from './producers.js'
import { LOAD_PRODUCTS } from './products.js'
import { emptyCounts, type ChunkBases, type ChunkCounts } from './simulate.js'
import { ensureCompanySettings } from '../seed.js'

/**
 * `pnpm mp seed-load`: a lender with N loans, for load tests and benchmarks (issue 11). Plans the
 * portfolio, simulates every loan's history with @mp/domain in worker threads, streams the rows into
 * PostgreSQL with COPY chunk by chunk (memory stays bounded), stores each loan's ledger as the API
 * would (`ledgerOf` from the same replay), and ends by verifying a sample against fresh replays.
 */
export type SeedLoadOptions = {
  loans: number
  seed: number
  password: string
  /** Replace whatever the database holds (staff, unions, members, loans). */
  isForced: boolean
  /** Worker threads; 0 simulates in the main thread. Default: one per core, none for small runs. */
  workers?: number
  /** Loans checked against replays at the end. */
  verifySample?: number
  log: (line: string) => void
}

export type SeedLoadSummary = {
  seconds: number
  counts: Record<string, number>
  verification: LedgerVerification
  today: string
}

export const DEFAULT_LOAD_PASSWORD = 'LoadTest-2026!'
/** The audit action that marks a database as seeded (the bench skips re-seeding when it matches). */
const LOAD_SEED_ACTION = 'LOAD_SEED'

export class LoadRefusedError extends Error {}

/** What the summary counts: the organisation the load writes first, then every table it copies. */
const TABLES_TO_COUNT = ['staff_user', 'union', 'loan_type', ...COPY_ORDER] as const

async function refuseUnlessEmpty(db: Kysely<Database>, isForced: boolean, log: (line: string) => void) {
  const [loans, staff] = await Promise.all([
    db
      .selectFrom('loan')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('staff_user')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow(),
  ])
  const loanCount = Number(loans.n)
  const staffCount = Number(staff.n)
  if (loanCount === 0 && staffCount === 0) return
  const what = `This database already has ${loanCount.toLocaleString('en')} loans and ${staffCount.toLocaleString('en')} staff`
  if (!isForced) {
    throw new LoadRefusedError(
      `${what}. seed-load fills an empty database; run it again with --force to DELETE every staff member, union, member and loan in it first.`,
    )
  }
  log(`${what}: --force given, deleting them.`)
  // Everything hanging off staff, products, unions and members goes with them (sessions, audit, sheets…).
  await sql`truncate table staff_user, loan_type, "union", member, loan cascade`.execute(db)
}

async function writeOrganisation(db: Kysely<Database>, plan: SeedPlan, passwordHash: string) {
  const created = `${plan.unions[0]?.createdOn ?? plan.today} 08:00:00+01`
  await db
    .insertInto('staff_user')
    .values(
      plan.staff.map((s) => ({
        id: s.id,
        email: s.email,
        first_name: s.firstName,
        last_name: s.lastName,
        phone: s.phone,
        role: s.role,
        supervisor_id: s.supervisorId,
        // Hashed once and shared: argon2id takes ~100 ms a hash, and every account has the same password.
        password_hash: passwordHash,
        must_change_password: false,
        created_at: created,
        updated_at: created,
      })),
    )
    .execute()
  await db
    .insertInto('loan_type')
    .values(
      LOAD_PRODUCTS.map((p, index) => ({
        id: plan.productIds[index] ?? '',
        name: p.name,
        description: p.description,
        min_principal: p.minPrincipal,
        max_principal: p.maxPrincipal,
        term_unit: p.termUnit,
        min_term: p.minTerm,
        max_term: p.maxTerm,
        // Stored as the loan-type service stores them (routers/loan-rules.ts shapes).
        interest: JSON.stringify(p.interest),
        processing_fee: p.processingFee ? JSON.stringify(p.processingFee) : null,
        penalty: p.penalty ? JSON.stringify(p.penalty) : null,
        allocation_order: p.allocationOrder,
        rounding: p.rounding,
        installment_multiple: p.installmentMultiple,
        created_at: created,
        updated_at: created,
      })),
    )
    .execute()
  for (let start = 0; start < plan.unions.length; start += 1000) {
    await db
      .insertInto('union')
      .values(
        plan.unions.slice(start, start + 1000).map((u) => ({
          id: u.id,
          name: u.name,
          location: u.location,
          address: u.address,
          meeting_day: WEEKDAYS[u.meetingWeekday - 1] ?? null,
          credit_officer_id: u.officerId,
          created_by: u.supervisorId,
          created_at: `${u.createdOn} 09:00:00+01`,
          updated_at: `${u.createdOn} 09:00:00+01`,
        })),
      )
      .execute()
  }
}

function addCounts(a: ChunkCounts, b: ChunkCounts): ChunkCounts {
  return {
    members: a.members + b.members,
    guarantors: a.guarantors + b.guarantors,
    loans: a.loans + b.loans,
    loanGuarantors: a.loanGuarantors + b.loanGuarantors,
    installments: a.installments + b.installments,
    states: a.states + b.states,
    sheets: a.sheets + b.sheets,
    repayments: a.repayments + b.repayments,
    allocations: a.allocations + b.allocations,
    events: a.events + b.events,
  }
}

/** Sets the app's sequences past the numbers the load used, so the app's next numbers follow on. */
async function advanceSequences(db: Kysely<Database>, totals: ChunkCounts, members: number) {
  const sequences = [
    [sql`'loan_number_seq'`, totals.loans],
    [sql`'member_code_seq'`, members],
    [sql`'receipt_number_seq'`, totals.repayments],
    [sql`pg_get_serial_sequence('repayment', 'posting_sequence')`, totals.repayments],
    [sql`pg_get_serial_sequence('loan_event', 'id')`, totals.events],
  ] as const
  for (const [sequence, used] of sequences) {
    await sql`select setval(${sequence}, ${Math.max(used, 1)}, ${used > 0})`.execute(db)
  }
}

async function countRows(db: Kysely<Database>): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  for (const table of TABLES_TO_COUNT) {
    const row = await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(db)
    counts[table] = Number(row.rows[0]?.n ?? 0)
  }
  return counts
}

const seconds = (since: number) => Math.round((performance.now() - since) / 100) / 10

export async function seedLoad(
  handle: { db: Kysely<Database>; url: string },
  options: SeedLoadOptions,
): Promise<SeedLoadSummary> {
  const { db } = handle
  const log = options.log
  const started = performance.now()
  await refuseUnlessEmpty(db, options.isForced, log)
  await ensureCompanySettings(db)
  const facts = await ledgerFacts(db)
  const plan = buildPlan({ seed: options.seed, loans: options.loans, today: facts.today })
  log(
    `seed-load: ${plan.loans.toLocaleString('en')} loans, ${plan.members.toLocaleString('en')} members, ` +
      `${plan.unions.length.toLocaleString('en')} unions, seed ${plan.seed}, today ${plan.today} (${facts.timeZone})`,
  )
  await writeOrganisation(db, plan, await hashPassword(options.password))

  const ctx: SimulationContext = {
    seed: plan.seed,
    today: plan.today,
    adminId: plan.adminId,
    staff: plan.staff,
    productIds: plan.productIds,
    unions: plan.unions,
    loanOffsets: plan.loanOffsets,
    categories: plan.categories,
    defaultAfterDays: facts.defaultAfterDays,
  }
  const workers = options.workers ?? (plan.loans < 5000 ? 0 : Math.min(2, availableParallelism()))
  const producer: ChunkProducer = workers === 0 ? inlineProducer(ctx) : workerProducer(ctx, workers)
  const client = new pg.Client({ connectionString: handle.url })
  await client.connect()
  let totals = emptyCounts()
  try {
    const copyStarted = performance.now()
    const write = async (text: ChunkText) => {
      for (const table of COPY_ORDER) await copyInto(client, table, text[table])
    }
    const lookahead = Math.max(2, workers * 2)
    const simulated: Promise<ChunkCounts>[] = []
    const dispatch = (index: number) => {
      const chunk = plan.chunks[index]
      if (!chunk || simulated[index]) return
      const pending = producer.simulate(chunk)
      // Awaited in order below; a failure is reported there, not as an unhandled rejection.
      pending.catch(() => undefined)
      simulated[index] = pending
    }
    for (let i = 0; i < lookahead; i++) dispatch(i)
    let bases: ChunkBases = { repayments: 0, events: 0 }
    let previous: Promise<ChunkText> | null = null
    let lastLog = performance.now()
    for (let i = 0; i < plan.chunks.length; i++) {
      const counts = await (simulated[i] ?? Promise.reject(new Error(`chunk ${i} was not dispatched`)))
      const text = producer.serialize(i, bases)
      text.catch(() => undefined)
      bases = { repayments: bases.repayments + counts.repayments, events: bases.events + counts.events }
      totals = addCounts(totals, counts)
      dispatch(i + lookahead)
      if (previous) await write(await previous)
      previous = text
      if (performance.now() - lastLog > 10_000 || i === plan.chunks.length - 1) {
        lastLog = performance.now()
        log(
          `  ${totals.loans.toLocaleString('en')} / ${plan.loans.toLocaleString('en')} loans simulated, ` +
            `${totals.repayments.toLocaleString('en')} repayments (${seconds(copyStarted)} s)`,
        )
      }
    }
    if (previous) await write(await previous)
    log(`  written with COPY in ${seconds(copyStarted)} s (${workers} worker threads)`)
  } finally {
    await producer.close()
    await client.end()
  }
  await advanceSequences(db, totals, plan.members)
  const analyzeStarted = performance.now()
  await sql`analyze`.execute(db)
  log(`  analyzed in ${seconds(analyzeStarted)} s`)

  const verifyStarted = performance.now()
  const verification = await verifyLedger(db, {
    today: facts.today,
    defaultAfterDays: facts.defaultAfterDays,
    sample: options.verifySample ?? 500,
  })
  for (const d of verification.differences.slice(0, 20)) {
    log(`  ${d.loanNumber} ${d.field}: stored ${String(d.stored)}, replay ${String(d.expected)}`)
  }
  log(
    `ledger verified: ${verification.checked} loans, ${verification.differences.length} differences (${seconds(verifyStarted)} s)`,
  )
  const total = seconds(started)
  await db
    .insertInto('audit_log')
    .values({
      action: LOAD_SEED_ACTION,
      entity_type: 'database',
      after: JSON.stringify({ loans: plan.loans, seed: plan.seed, today: plan.today, seconds: total }),
    })
    .execute()
  const counts = await countRows(db)
  return { seconds: total, counts, verification, today: plan.today }
}
