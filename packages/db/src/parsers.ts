import pg from 'pg'

/**
 * Type parsers installed once, process-wide, before any pool is created.
 *
 * - int8 (bigint): money in kobo and counts. Arrives as a checked JS number; a value outside
 *   Number.MAX_SAFE_INTEGER (≈ ₦90 trillion) is refused loudly instead of being silently rounded.
 * - numeric: rates stay exact decimal strings (never floats).
 * - date: stays 'YYYY-MM-DD' so a due date never shifts with the server's timezone.
 * - timestamptz: the default parser (a JS Date) is kept.
 */

export class UnsafeIntegerError extends Error {
  constructor(readonly raw: string) {
    super(`Database returned the integer ${raw}, which is outside the safe integer range`)
    this.name = 'UnsafeIntegerError'
  }
}

export function parseInt8(raw: string): number {
  const value = Number(raw)
  if (!Number.isSafeInteger(value)) throw new UnsafeIntegerError(raw)
  return value
}

let installed = false

export function installTypeParsers(): void {
  if (installed) return
  pg.types.setTypeParser(pg.types.builtins.INT8, parseInt8)
  pg.types.setTypeParser(pg.types.builtins.NUMERIC, (raw: string) => raw)
  pg.types.setTypeParser(pg.types.builtins.DATE, (raw: string) => raw)
  installed = true
}
