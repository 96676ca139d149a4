// What every `pnpm mp` command shares: results printed on stdout, and its options read with
// node:util parseArgs, where a mistyped option is a usage error (exit 2), never a crash.
import { parseArgs, type ParseArgsConfig } from 'node:util'

/** One line of a command's result, on stdout (progress goes to stderr, see ./progress.ts). */
export const print = (text: string) => process.stdout.write(`${text}\n`)

/** Prints each line of a command's usage as `usage: …`. */
export function printUsage(usage: string | readonly string[]): void {
  for (const line of typeof usage === 'string' ? [usage] : usage) print(`usage: ${line}`)
}

/** The usage error: what was wrong, then the usage; the exit code 2. */
export function usageError(message: string, usage: string | readonly string[]): 2 {
  print(message)
  printUsage(usage)
  return 2
}

export type ParsedArgs<T extends Omit<ParseArgsConfig, 'args'>> = ReturnType<
  typeof parseArgs<T & { args: string[] }>
>

/**
 * A command's arguments read by `parseArgs`, or the exit code to answer at once: 2 after printing an
 * unknown or malformed option with the usage; 0 after printing the usage and `help` for `--help`
 * (when the command declares a `help` option).
 */
export function parseCommandArgs<T extends Omit<ParseArgsConfig, 'args'>>(
  args: readonly string[],
  config: T,
  usage: string | readonly string[],
  help: readonly string[] = [],
): ParsedArgs<T> | number {
  let parsed: ParsedArgs<T>
  try {
    parsed = parseArgs({ ...config, args: [...args] })
  } catch (error) {
    return usageError(error instanceof Error ? error.message : String(error), usage)
  }
  if ((parsed.values as { help?: unknown }).help === true) {
    printUsage(usage)
    for (const line of help) print(line)
    return 0
  }
  return parsed
}
