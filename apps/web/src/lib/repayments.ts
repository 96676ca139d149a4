// Repayment labels and links shared by the repayments list, the collection sheet and loan pages.
import type { TReceiptFormat } from '@mp/api/schemas'
import type { RouterInputs } from './trpc'

export type RepaymentMethod = NonNullable<RouterInputs['repayment']['list']['method']>
export type RepaymentSort = NonNullable<RouterInputs['repayment']['list']['sort']>

/** docs/product.md §5's methods, in the order an office meets them. */
const REPAYMENT_METHODS: readonly RepaymentMethod[] = ['CASH', 'TRANSFER', 'POS', 'MOBILE', 'USSD', 'OTHER']

const METHOD_LABELS: Record<RepaymentMethod, string> = {
  CASH: 'Cash',
  TRANSFER: 'Bank transfer',
  POS: 'POS',
  MOBILE: 'Mobile money',
  USSD: 'USSD',
  OTHER: 'Other',
}

export function methodLabel(method: RepaymentMethod): string {
  return METHOD_LABELS[method]
}

export const REPAYMENT_METHOD_OPTIONS = REPAYMENT_METHODS.map((value) => ({
  value,
  label: methodLabel(value),
}))

export function isRepaymentMethod(value: string | null): value is RepaymentMethod {
  return value !== null && (REPAYMENT_METHODS as readonly string[]).includes(value)
}

/**
 * The receipt PDF, served by the server with the session cookie (a plain GET, so a link works): A4, or
 * a 58/80 mm thermal roll.
 */
export function receiptUrl(repaymentId: string, format: TReceiptFormat = 'a4'): string {
  const url = `/files/repayments/${encodeURIComponent(repaymentId)}/receipt.pdf`
  return format === 'a4' ? url : `${url}?format=${format}`
}
