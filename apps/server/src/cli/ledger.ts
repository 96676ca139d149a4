// `pnpm mp ledger verify|rebuild`: the stored loan ledger against @mp/domain's replay (ADR 0004).
//
//   pnpm mp ledger verify [--sample N] [--loan LN00000001 ...]   compare the ledger with replays
//   pnpm mp ledger rebuild [--allocations]                      rewrite it from history
import { ledgerFacts, rebuildLedger, verifyLedger } from '@mp/api'
import type { Database, Kysely } from '@mp/db'
import { CLOSE_USAGE, closeCommand } from './close.js'
import { parseCommandArgs, print, printUsage } from './args.js'
import { createProgress } from './progress.js'

export const LEDGER_USAGE = [
  'pnpm mp ledger verify [--sample N] [--loan LN00000001 ...]',
  'pnpm mp ledger rebuild [--allocations]',
  CLOSE_USAGE,
]

/** Runs a ledger subcommand on an open database; returns the exit code (1 when verify finds differences). */
export async function ledgerCommand(db: Kysely<Database>, args: readonly string[]): Promise<number> {
  const [sub, ...rest] = args
  if (sub === 'close') return closeCommand(db, rest)
  const parsed = parseCommandArgs(
    rest,
    {
      options: {
        sample: { type: 'string' },
        loan: { type: 'string', multiple: true },
        allocations: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    },
    LEDGER_USAGE,
  )
  if (typeof parsed === 'number') return parsed
  const { values } = parsed
  if (sub !== 'verify' && sub !== 'rebuild') {
    printUsage(LEDGER_USAGE)
    return 2
  }
  const facts = await ledgerFacts(db)
  const { loanCount } = await db
    .selectFrom('loan_state')
    .select((eb) => eb.fn.countAll<number>().as('loanCount'))
    .executeTakeFirstOrThrow()
  const requested = values.loan?.length ?? (values.sample === undefined ? undefined : Number(values.sample))
  const progress = createProgress({
    label: sub === 'verify' ? 'verifying' : 'rebuilding',
    unit: 'loans',
    total:
      requested !== undefined && Number.isInteger(requested) ? Math.min(requested, loanCount) : loanCount,
  })
  const onProgress = (done: number) => {
    progress.update(done)
  }
  if (sub === 'verify') {
    const sample = values.sample === undefined ? undefined : Number(values.sample)
    if (sample !== undefined && (!Number.isInteger(sample) || sample < 1)) {
      print('--sample must be a whole number of loans, at least 1')
      return 2
    }
    const loanIds =
      values.loan === undefined
        ? undefined
        : (await db.selectFrom('loan').select('id').where('loan_number', 'in', values.loan).execute()).map(
            (r) => r.id,
          )
    const started = Date.now()
    const result = await verifyLedger(db, {
      today: facts.today,
      defaultAfterDays: facts.defaultAfterDays,
      ...(sample === undefined ? {} : { sample }),
      ...(loanIds === undefined ? {} : { loanIds }),
      onProgress,
    })
    progress.finish()
    for (const d of result.differences.slice(0, 50)) {
      print(`  ${d.loanNumber} ${d.field}: stored ${String(d.stored)}, replay ${String(d.expected)}`)
    }
    if (result.differences.length > 50) print(`  … and ${String(result.differences.length - 50)} more`)
    const loans = new Set(result.differences.map((d) => d.loanId)).size
    print(
      `ledger verified: ${String(result.checked)} loans as of ${facts.today}, ${String(result.differences.length)} differences on ${String(loans)} loans` +
        `${result.skipped > 0 ? `, ${String(result.skipped)} skipped (events after today)` : ''} (${String(Math.round((Date.now() - started) / 1000))} s)`,
    )
    return result.differences.length === 0 ? 0 : 1
  }
  // rebuild
  const started = Date.now()
  const result = await rebuildLedger(db, {
    today: facts.today,
    defaultAfterDays: facts.defaultAfterDays,
    allocations: values.allocations === true,
    onProgress,
  })
  progress.finish()
  print(
    `ledger rebuilt: ${String(result.loans)} loans${values.allocations ? ' (allocations rewritten)' : ''} (${String(Math.round((Date.now() - started) / 1000))} s)`,
  )
  return 0
}
