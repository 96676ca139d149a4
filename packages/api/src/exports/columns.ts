import { formatNaira } from '@mp/domain'

/**
 * One column of an export. Values stay typed until the writer: money is integer kobo (written as an exact
 * naira amount: CSV "1234.56", XLSX a number cell formatted #,##0.00, PDF "₦1,234.56"), dates are
 * 'YYYY-MM-DD' (a real date cell in XLSX), ratios are exact decimal strings (a percentage).
 */
export type ColumnType = 'text' | 'money' | 'count' | 'date' | 'datetime' | 'ratio'

export type ExportColumn<Row> = {
  header: string
  type: ColumnType
  value: (row: Row) => string | number | boolean | Date | null | undefined
  /** Relative width in the PDF (default 1). */
  width?: number
}

export type CellValue = string | number | boolean | Date | null | undefined

/** Naira with exactly two decimals from kobo, no symbol or grouping (what a spreadsheet reads as a number). */
export function nairaPlain(kobo: number): string {
  return formatNaira(kobo, { symbol: false, grouping: false })
}

/**
 * A ratio string '0.12345…' as a percentage with two decimals, '12.35%', rounded half up on the decimal
 * digits themselves (never through a float), so it matches the screen to the last digit.
 */
export function percent(ratio: string): string {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(ratio)
  if (!match) return ratio
  const whole = match[1] ?? '0'
  const fraction = (match[2] ?? '').padEnd(5, '0')
  // Basis points of a percent: ratio × 10,000, plus the next digit for rounding.
  const scaled = BigInt(whole + fraction.slice(0, 4))
  const rounded = scaled + (Number(fraction.charAt(4)) >= 5 ? 1n : 0n)
  const text = rounded.toString().padStart(3, '0')
  return `${text.slice(0, -2)}.${text.slice(-2)}%`
}

export function textOf(
  type: ColumnType,
  value: CellValue,
  options: { money: (kobo: number) => string },
): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return type === 'date' ? value.toISOString().slice(0, 10) : value.toISOString()
  if (typeof value === 'boolean') return value ? 'Yes' : 'No'
  if (type === 'money' && typeof value === 'number') return options.money(value)
  if (type === 'ratio' && typeof value === 'string') return percent(value)
  return String(value)
}
