// The collection sheet's grid state and what it posts (docs/product.md §5: a union meeting's payments posted at once,
// all or nothing, under one idempotency key). Pure functions, so the rules are tested without a browser.
import { formatNaira, isDomainError, parseNaira } from '@mp/domain'
import { TRPCClientError } from '@trpc/react-query'
import type { Parsed } from './loan-type-form'

/** What the grid needs of a sheet row (collectionSheet.get's rows). */
export type SheetRow = {
  loanId: string
  loanNumber: string
  memberName: string
  dueNow: number
  payoffAmount: number
}

/** What the officer typed on one row. The amount is kept as integer kobo next to the text it came from. */
export type SheetEntry = {
  amountText: string
  /** Kobo parsed exactly from `amountText`; null when empty or not an amount. */
  amount: number | null
  /** Why `amountText` is not an amount, if it is not. */
  amountError: string | null
  reference: string
}

/** Entries by loan id; a row with no entry has nothing typed. */
export type SheetEntries = Readonly<Record<string, SheetEntry>>

export const EMPTY_ENTRY: SheetEntry = { amountText: '', amount: null, amountError: null, reference: '' }

/** The server's limit on a row's reference. */
export const MAX_REFERENCE_LENGTH = 100

/**
 * "5,000" → 500000 kobo, "" → null (nothing paid), "0" → 0 (nothing paid either). String arithmetic via
 * the domain's parseNaira: never a float between the keyboard and the ledger.
 */
export function parseSheetAmount(text: string): Parsed<number | null> {
  const trimmed = text.trim()
  if (trimmed === '') return { ok: true, value: null }
  try {
    const kobo = parseNaira(trimmed, { field: 'amount' })
    if (kobo < 0) return { ok: false, error: 'Amount cannot be negative' }
    return { ok: true, value: kobo }
  } catch (error) {
    if (!isDomainError(error)) throw error
    return {
      ok: false,
      error:
        error.code === 'INVALID_AMOUNT' ? 'Amount is too large' : 'Enter an amount in naira such as 5,000.00',
    }
  }
}

/** The entry after the amount field changed. */
export function withAmountText(entry: SheetEntry | undefined, amountText: string): SheetEntry {
  const parsed = parseSheetAmount(amountText)
  return {
    ...(entry ?? EMPTY_ENTRY),
    amountText,
    amount: parsed.ok ? parsed.value : null,
    amountError: parsed.ok ? null : parsed.error,
  }
}

/** The entry with an exact kobo amount, written the way a person would type it ("5,000.00"). */
export function withAmount(entry: SheetEntry | undefined, kobo: number): SheetEntry {
  return withAmountText(entry, formatNaira(kobo, { symbol: false }))
}

/**
 * "Fill due amounts": every row with something due now gets that amount, unless the officer already typed
 * something there (a partial payment must not be overwritten by a click meant for the rest).
 */
export function fillDueAmounts(rows: readonly SheetRow[], entries: SheetEntries): Record<string, SheetEntry> {
  const next: Record<string, SheetEntry> = { ...entries }
  for (const row of rows) {
    const entry = entries[row.loanId]
    if (row.dueNow > 0 && (entry === undefined || entry.amountText.trim() === '')) {
      next[row.loanId] = withAmount(entry, row.dueNow)
    }
  }
  return next
}

export type SheetTotals = {
  /** Sum of the valid amounts typed, in kobo. */
  entered: number
  /** Rows that will be posted (amount above zero). */
  count: number
  /** Sum of what is due now on every row, in kobo. */
  due: number
  /** Rows whose amount text is not an amount. */
  invalidCount: number
}

/** The live figures under the grid. */
export function sheetTotals(rows: readonly SheetRow[], entries: SheetEntries): SheetTotals {
  let entered = 0
  let count = 0
  let due = 0
  let invalidCount = 0
  for (const row of rows) {
    due += row.dueNow
    const entry = entries[row.loanId]
    if (entry?.amountError) invalidCount += 1
    if (entry?.amount) {
      entered += entry.amount
      count += 1
    }
  }
  return { entered, count, due, invalidCount }
}

/** Why a row cannot be posted as typed, or null. */
export function rowProblem(row: SheetRow, entry: SheetEntry | undefined): string | null {
  if (entry === undefined) return null
  if (entry.amountError) return entry.amountError
  if (entry.reference.trim().length > MAX_REFERENCE_LENGTH) {
    return `Reference can be at most ${MAX_REFERENCE_LENGTH} characters`
  }
  // The server refuses this too, with the same maximum (owner: no overpayment, docs/product.md §5).
  if (entry.amount !== null && entry.amount > row.payoffAmount) {
    return `More than the ${formatNaira(row.payoffAmount)} that pays this loan off`
  }
  return null
}

export type SheetPostRow = { loanId: string; amount: number; reference?: string }

export type SheetPlan =
  | {
      ok: true
      /** Only rows with an amount above zero, in grid order. */
      rows: SheetPostRow[]
      /** For each posted row, its index in the grid: the server's 1-based `row` maps back through this. */
      gridIndexes: number[]
      total: number
    }
  | { ok: false; problems: Record<string, string> }

/** The rows to post, or the problems (by loan id) to fix first. */
export function planSheetPost(rows: readonly SheetRow[], entries: SheetEntries): SheetPlan {
  const problems: Record<string, string> = {}
  const posted: SheetPostRow[] = []
  const gridIndexes: number[] = []
  let total = 0
  rows.forEach((row, index) => {
    const entry = entries[row.loanId]
    const problem = rowProblem(row, entry)
    if (problem !== null) {
      problems[row.loanId] = problem
      return
    }
    if (!entry?.amount) return
    const reference = entry.reference.trim()
    posted.push({ loanId: row.loanId, amount: entry.amount, ...(reference ? { reference } : {}) })
    gridIndexes.push(index)
    total += entry.amount
  })
  if (Object.keys(problems).length > 0) return { ok: false, problems }
  return { ok: true, rows: posted, gridIndexes, total }
}

/**
 * The 1-based row (in the posted order) a failed post names: `details.row` from the server, else the
 * "Row 3: …" its message starts with (a duplicate row has no details).
 */
export function failedRowOf(error: unknown): number | undefined {
  if (!(error instanceof TRPCClientError)) return undefined
  const data: unknown = error.data
  if (typeof data === 'object' && data !== null && 'details' in data) {
    const details: unknown = data.details
    if (typeof details === 'object' && details !== null && 'row' in details) {
      const row = details.row
      if (typeof row === 'number' && Number.isInteger(row) && row >= 1) return row
    }
  }
  const match = /^Row (\d+)\b/.exec(error.message)
  return match ? Number(match[1]) : undefined
}

/** The grid index of the posted row the server named, if it is one of ours. */
export function gridIndexOfFailedRow(
  gridIndexes: readonly number[],
  row: number | undefined,
): number | undefined {
  return row === undefined ? undefined : gridIndexes[row - 1]
}

/**
 * A fresh idempotency key. crypto.randomUUID exists only in secure contexts (HTTPS, localhost); an office
 * server reached over plain HTTP on the LAN gets 128 random bits from getRandomValues instead.
 */
export function newIdempotencyKey(): string {
  const webCrypto: Partial<Pick<Crypto, 'randomUUID'>> = crypto
  if (webCrypto.randomUUID !== undefined) return crypto.randomUUID()
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')
}

export type Submission = { key: string; signature: string }

/**
 * The key for this submission: the same key while the payload is the same (a double click or a retry
 * after a lost answer is then recognised by the server and never posts twice), a new one once anything
 * changed (the server refuses a reused key with a different payload). `previous` is cleared after success.
 */
export function submissionFor(
  previous: Submission | null,
  signature: string,
  makeKey: () => string = newIdempotencyKey,
): Submission {
  if (previous !== null && previous.signature === signature) return previous
  return { key: makeKey(), signature }
}

/** What makes two submissions the same one: everything posted except the key. */
export function sheetSignature(payload: {
  unionId: string
  date: string
  method: string
  rows: readonly SheetPostRow[]
}): string {
  return JSON.stringify([
    payload.unionId,
    payload.date,
    payload.method,
    payload.rows.map((row) => [row.loanId, row.amount, row.reference ?? null]),
  ])
}
