// `pnpm mp ledger close`: the daily close by hand (docs/reports.md "The close").
//
//   pnpm mp ledger close                 close every day owed (catch up), as the server does
//   pnpm mp ledger close --date D        close D again (replaces its snapshot)
//   pnpm mp ledger close --from D        close every day from D to yesterday again
import { closeDay, closeDue, type CloseResult } from '@mp/api'
import type { Database, Kysely } from '@mp/db'
import { addDays, todayIn } from '@mp/domain'
import { parseCommandArgs, print } from './args.js'

export const CLOSE_USAGE = 'pnpm mp ledger close [--date YYYY-MM-DD | --from YYYY-MM-DD]'

const DAY = /^\d{4}-\d{2}-\d{2}$/

function printed(result: CloseResult): void {
  print(
    result.state === 'CLOSED'
      ? `  ${result.day}: ${String(result.loans)} loans (${String(result.replayed)} replayed as of the day)`
      : `  ${result.day}: skipped (another closer has it)`,
  )
}

export async function closeCommand(db: Kysely<Database>, args: readonly string[]): Promise<number> {
  const parsed = parseCommandArgs(
    args,
    { options: { date: { type: 'string' }, from: { type: 'string' } } },
    CLOSE_USAGE,
  )
  if (typeof parsed === 'number') return parsed
  const { values } = parsed
  const started = Date.now()
  const settings = await db
    .selectFrom('company_settings')
    .select('timezone')
    .where('id', '=', 'default')
    .executeTakeFirst()
  const today = todayIn(settings?.timezone ?? 'Africa/Lagos', new Date())
  const first = values.date ?? values.from
  if (first !== undefined) {
    if (!DAY.test(first) || first >= today) {
      print(`--date/--from must be a past day (YYYY-MM-DD, before ${today})`)
      return 2
    }
    const last = values.date ?? addDays(today, -1)
    for (let day = first; day <= last; day = addDays(day, 1))
      printed(await closeDay(db, day, { isForced: true }))
  } else {
    const results = await closeDue(db)
    for (const result of results) printed(result)
    if (results.length === 0) print('  nothing owed: every day up to yesterday is closed')
  }
  print(`close finished (${String(Math.round((Date.now() - started) / 1000))} s)`)
  return 0
}
