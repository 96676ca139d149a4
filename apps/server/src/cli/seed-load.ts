// `pnpm mp seed-load --loans N [--seed S] [--password P] [--force]`: a lender with N loans for load tests
// and `pnpm bench:load` (issue 11). See src/load/seed-load.ts.
import type { Database, Kysely } from '@mp/db'
import { z } from 'zod'
import { DEFAULT_LOAD_PASSWORD, LoadRefusedError, seedLoad } from '../load/seed-load.js'
import { parseCommandArgs, print, printUsage } from './args.js'

export const SEED_LOAD_USAGE =
  'pnpm mp seed-load --loans <N> [--seed <S>] [--password <P>] [--force]   (a load-test portfolio; --force replaces the data)'

const ZWhole = (label: string, min: number, max: number) =>
  z.coerce
    .number({ error: `${label} must be a whole number` })
    .int({ error: `${label} must be a whole number` })
    .min(min, { error: `${label} must be at least ${min}` })
    .max(max, { error: `${label} must be at most ${max.toLocaleString('en')}` })

const ZSeedLoad = z.object({
  loans: ZWhole('--loans', 1, 2_000_000),
  seed: ZWhole('--seed', 0, 2 ** 32 - 1).default(1),
  password: z
    .string()
    .min(8, { error: '--password must be at least 8 characters' })
    .default(DEFAULT_LOAD_PASSWORD),
  force: z.boolean().default(false),
  workers: ZWhole('--workers', 0, 16).optional(),
})

/** Parses the arguments; returns the exit code. `open` opens the database only once they are valid. */
export async function seedLoadCommand(
  args: readonly string[],
  open: () => Promise<{ db: Kysely<Database>; url: string; close: () => Promise<void> }>,
): Promise<number> {
  const read = parseCommandArgs(
    args,
    {
      options: {
        loans: { type: 'string' },
        seed: { type: 'string' },
        password: { type: 'string' },
        force: { type: 'boolean' },
        workers: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    },
    SEED_LOAD_USAGE,
    ['Writes N generated loans with their members, schedules and repayments (deterministic per --seed).'],
  )
  if (typeof read === 'number') return read
  if (read.values.loans === undefined) {
    printUsage(SEED_LOAD_USAGE)
    return 2
  }
  const parsed = ZSeedLoad.safeParse(read.values)
  if (!parsed.success) {
    for (const issue of parsed.error.issues) print(issue.message)
    return 2
  }
  const handle = await open()
  try {
    const summary = await seedLoad(handle, {
      loans: parsed.data.loans,
      seed: parsed.data.seed,
      password: parsed.data.password,
      isForced: parsed.data.force,
      ...(parsed.data.workers === undefined ? {} : { workers: parsed.data.workers }),
      log: print,
    })
    print('')
    for (const [table, count] of Object.entries(summary.counts)) {
      print(`  ${table.padEnd(22)} ${count.toLocaleString('en').padStart(12)}`)
    }
    print(`seed-load done in ${summary.seconds} s (today ${summary.today}).`)
    print(
      `Staff: admin@load.test, supervisor1…10@load.test, officer1…60@load.test, password ${parsed.data.password === DEFAULT_LOAD_PASSWORD ? DEFAULT_LOAD_PASSWORD : '(as given)'}`,
    )
    return summary.verification.differences.length === 0 ? 0 : 1
  } catch (error) {
    if (error instanceof LoadRefusedError) {
      print(error.message)
      return 3
    }
    throw error
  } finally {
    await handle.close()
  }
}
