import { INSTALLMENT_LEDGER_FIELDS, LEDGER_STATE_FIELDS } from '@mp/api'
import type pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'

/**
 * PostgreSQL COPY … FROM STDIN in text format: the fastest way to load millions of rows. Values are
 * written as text with the format's escapes; `null` and `undefined` become \N.
 */
export type CopyValue = string | number | boolean | null | undefined

const SPECIAL = /[\\\t\n\r]/

function escapeText(text: string): string {
  if (!SPECIAL.test(text)) return text
  return text.replace(/[\\\t\n\r]/g, (ch) => {
    switch (ch) {
      case '\\':
        return '\\\\'
      case '\t':
        return '\\t'
      case '\n':
        return '\\n'
      default:
        return '\\r'
    }
  })
}

function copyField(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N'
  if (typeof value === 'string') return escapeText(value)
  if (typeof value === 'boolean') return value ? 't' : 'f'
  return String(value)
}

/** One COPY line (with its newline) from the values in column order. */
export function copyLine(values: readonly CopyValue[]): string {
  let line = ''
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += '\t'
    line += copyField(values[i])
  }
  return `${line}\n`
}

/** Columns of each table the generator loads, in the order its lines carry them. */
const COPY_COLUMNS = {
  member: [
    'id',
    'code',
    'union_id',
    'first_name',
    'middle_name',
    'last_name',
    'phone',
    'email',
    'address',
    'date_of_birth',
    'gender',
    'marital_status',
    'profession',
    'city',
    'state',
    'bvn',
    'nin',
    'is_verified',
    'verified_at',
    'verified_by',
    'created_by',
    'created_at',
    'updated_at',
  ],
  guarantor: [
    'id',
    'member_id',
    'first_name',
    'last_name',
    'phone',
    'relationship',
    'created_by',
    'created_at',
    'updated_at',
  ],
  loan: [
    'id',
    'loan_number',
    'member_id',
    'loan_type_id',
    'loan_type_name',
    'principal',
    'term_count',
    'term_unit',
    'start_date',
    'purpose',
    'interest',
    'processing_fee_rule',
    'penalty',
    'allocation_order',
    'rounding',
    'installment_multiple',
    'processing_fee',
    'status',
    'created_by',
    'submitted_by',
    'submitted_at',
    'decided_by',
    'decided_at',
    'disbursed_by',
    'disbursed_at',
    'disbursed_on',
    'closed_reason',
    'closed_by',
    'closed_at',
    'completed_on',
    'created_at',
    'updated_at',
  ],
  loan_guarantor: ['loan_id', 'guarantor_id'],
  loan_installment: ['loan_id', 'sequence', 'due_date', ...INSTALLMENT_LEDGER_FIELDS],
  loan_state: ['loan_id', ...LEDGER_STATE_FIELDS, 'loan_created_at'],
  collection_sheet: [
    'id',
    'union_id',
    'sheet_date',
    'idempotency_key',
    'request_hash',
    'posted_by',
    'total',
    'payment_count',
    'created_at',
  ],
  repayment: [
    'id',
    'receipt_number',
    'loan_id',
    'posting_sequence',
    'amount',
    'paid_on',
    'method',
    'reference',
    'notes',
    'received_by',
    'idempotency_key',
    'request_hash',
    'collection_sheet_id',
    'created_at',
    'reversed_at',
    'reversed_on',
    'reversed_by',
    'reversal_reason',
    'reversed_allocation',
  ],
  repayment_allocation: ['repayment_id', 'loan_id', 'sequence', 'principal', 'interest', 'fee', 'penalty'],
  loan_event: [
    'id',
    'loan_id',
    'kind',
    'from_status',
    'to_status',
    'actor_id',
    'reason',
    'details',
    'created_at',
  ],
} as const

export type CopyTable = keyof typeof COPY_COLUMNS

/** Tables in an order that satisfies their foreign keys. */
export const COPY_ORDER: readonly CopyTable[] = [
  'member',
  'guarantor',
  'loan',
  'loan_guarantor',
  'loan_installment',
  'loan_state',
  'collection_sheet',
  'repayment',
  'repayment_allocation',
  'loan_event',
]

/** Streams `text` (COPY lines) into `table` over `client`; resolves when PostgreSQL has taken it all. */
export async function copyInto(client: pg.ClientBase, table: CopyTable, text: string): Promise<void> {
  if (text.length === 0) return
  const columns = COPY_COLUMNS[table].map((c) => `"${c}"`).join(', ')
  const stream = client.query(copyFrom(`copy "${table}" (${columns}) from stdin`))
  await new Promise<void>((resolve, reject) => {
    stream.on('error', reject)
    stream.on('finish', resolve)
    // Large chunks are written in slices so the socket's buffer stays small.
    const slice = 1 << 20
    let at = 0
    const pump = () => {
      while (at < text.length) {
        const part = text.slice(at, at + slice)
        at += slice
        if (!stream.write(part)) {
          stream.once('drain', pump)
          return
        }
      }
      stream.end()
    }
    pump()
  })
}
