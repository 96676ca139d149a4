// `pnpm mp ledger verify|rebuild`: the stored loan ledger against @mp/domain's replay (ADR 0004).
//
//   pnpm mp ledger verify [--sample N] [--loan LN00000001 ...]   compare the ledger with replays
//   pnpm mp ledger rebuild [--allocations]                      rewrite it from history
import { parseArgs } from 'node:util'
import { ledgerFacts, rebuildLedger, verifyLedger } from '@mp/api'
import type { Database, Kysely } from '@mp/db'
import { CLOSE_USAGE, closeCommand } from './close.js'

const print = (text: string) => process.stdout.write(`${text}\n`)

export const LEDGER_USAGE = [
  'pnpm mp ledger verify [--sample N] [--loan LN00000001 ...]',
  'pnpm mp ledger rebuild [--allocations]',
  CLOSE_USAGE,
]

/** Runs a ledger subcommand on an open database; returns the exit code (1 when verify finds differences). */
export async function ledgerCommand(db: Kysely<Database>, args: readonly string[]): Promise<number> {
  const [sub, ...rest] = args
  if (sub === 'close') return closeCommand(db, rest)
  const { values } = parseArgs({
    args: rest,
    options: {
      sample: { type: 'string' },
      loan: { type: 'string', multiple: true },
      allocations: { type: 'boolean' },
    },
  })
  const facts = await ledgerFacts(db)
  let lastPrinted = 0
  const onProgress = (done: number) => {
    if (done - lastPrinted >= 5000) {
      lastPrinted = done
      print(`  ${String(done)} loans…`)
    }
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
  if (sub === 'rebuild') {
    const started = Date.now()
    const result = await rebuildLedger(db, {
      today: facts.today,
      defaultAfterDays: facts.defaultAfterDays,
      allocations: values.allocations === true,
      onProgress,
    })
    print(
      `ledger rebuilt: ${String(result.loans)} loans${values.allocations ? ' (allocations rewritten)' : ''} (${String(Math.round((Date.now() - started) / 1000))} s)`,
    )
    return 0
  }
  for (const line of LEDGER_USAGE) print(`usage: ${line}`)
  return 2
}
