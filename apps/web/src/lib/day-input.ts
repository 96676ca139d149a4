// Typed dates for Mantine's DateInput: the company date format (DD/MM/YYYY by default) or ISO
// (YYYY-MM-DD) both work, so staff can type what is printed on an ID card.

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
const TOKENS = /YYYY|YY|MMM|MM|M|DD|D/g
const ISO_DAY = /^(\d{4})-(\d{1,2})-(\d{1,2})$/

type Field = 'year' | 'shortYear' | 'monthName' | 'month' | 'day'

function fieldOf(token: string): Field {
  switch (token) {
    case 'YYYY':
      return 'year'
    case 'YY':
      return 'shortYear'
    case 'MMM':
      return 'monthName'
    case 'MM':
    case 'M':
      return 'month'
    default:
      return 'day'
  }
}

const PATTERNS: Record<Field, string> = {
  year: '(\\d{4})',
  shortYear: '(\\d{2})',
  monthName: '([A-Za-z]{3})',
  month: '(\\d{1,2})',
  day: '(\\d{1,2})',
}

function toIso(year: number, month: number, day: number): string | null {
  const check = new Date(Date.UTC(year, month - 1, day))
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return null
  }
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/**
 * `'15/05/1990'` with `'DD/MM/YYYY'` → `'1990-05-15'`; ISO input is always accepted; impossible days
 * (31/02) and anything else → null. Separators may be any of `/ . - space`. Two-digit years are read as
 * the most recent such year not in the future (fit for dates of birth and issue dates).
 */
export function parseTypedDay(text: string, dateFormat: string, today: Date = new Date()): string | null {
  const value = text.trim()
  const iso = ISO_DAY.exec(value)
  if (iso) return toIso(Number(iso[1]), Number(iso[2]), Number(iso[3]))

  const fields: Field[] = []
  let pattern = ''
  let last = 0
  for (const match of dateFormat.matchAll(TOKENS)) {
    if (match.index > last) pattern += '[\\s/.\\-]+'
    const field = fieldOf(match[0])
    fields.push(field)
    pattern += PATTERNS[field]
    last = match.index + match[0].length
  }
  const found = new RegExp(`^${pattern}$`).exec(value)
  if (!found) return null

  let year = Number.NaN
  let month = Number.NaN
  let day = Number.NaN
  fields.forEach((field, index) => {
    const raw = found[index + 1] ?? ''
    switch (field) {
      case 'year':
        year = Number(raw)
        break
      case 'shortYear': {
        const century = Math.floor(today.getFullYear() / 100) * 100
        const candidate = century + Number(raw)
        year = candidate > today.getFullYear() ? candidate - 100 : candidate
        break
      }
      case 'monthName':
        month = MONTHS.indexOf(raw.toLowerCase()) + 1
        break
      case 'month':
        month = Number(raw)
        break
      case 'day':
        day = Number(raw)
        break
    }
  })
  if (Number.isNaN(year) || Number.isNaN(month) || Number.isNaN(day) || month < 1) return null
  return toIso(year, month, day)
}
