// The "record repayment" form's rules: the two ways to pay (docs/product.md §5), the checks the server makes again,
// the idempotency key that makes a retried submission harmless, and the overpayment answer's maximum.
import { ZRepaymentInput } from '@mp/api/schemas'
import { TRPCClientError } from '@trpc/react-query'
import { isIsoDate } from '@mp/domain'
import { nairaToKobo } from './loan-type-form'
import type { RepaymentMethod } from './repayments'
import { schemaProblem } from './schema-problem'

type RepaymentMode = 'DUE_NOW' | 'AMOUNT'

/** Keys match repayment.record's input fields, so server field errors land under the right control. */
export type RepaymentFormValues = {
  mode: RepaymentMode
  /** Naira as typed; used in AMOUNT mode only. */
  amount: string
  method: RepaymentMethod | ''
  paidOn: string
  reference: string
  notes: string
}

export type RepaymentInput = {
  loanId: string
  mode: RepaymentMode
  amount?: number
  paidOn: string
  method: RepaymentMethod
  reference: string | null
  notes: string | null
  idempotencyKey: string
}

/** Server refusals that belong under one field (packages/api services/repayment.ts, @mp/domain). */
export const REPAYMENT_REASON_FIELDS: Partial<Record<string, keyof RepaymentFormValues>> = {
  OVERPAYMENT: 'amount',
  AMOUNT_TOO_SMALL: 'amount',
  NOTHING_DUE: 'mode',
  DATE_IN_FUTURE: 'paidOn',
  DATE_BEFORE_DISBURSEMENT: 'paidOn',
}

/**
 * A fresh key for one payment (docs/product.md §5): the dialog keeps it across retries of the same submission, so a
 * double click or a retry after a lost response is answered with the first posting, never a second one.
 */
export function newIdempotencyKey(randomUUID: () => string = () => crypto.randomUUID()): string {
  return `repayment:${randomUUID()}`
}

/**
 * The form as repayment.record's input, or the message under each field that is not right yet. An amount
 * above the payoff is left to the server: its answer states the maximum for the date paid, penalties and
 * backdating included.
 */
export function toRepaymentInput(
  values: RepaymentFormValues,
  context: { loanId: string; idempotencyKey: string; today: string; dueNow: number },
):
  | { input: RepaymentInput; errors: null }
  | { input: null; errors: Partial<Record<keyof RepaymentFormValues, string>> } {
  const errors: Partial<Record<keyof RepaymentFormValues, string>> = {}
  let amount: number | undefined
  if (values.mode === 'AMOUNT') {
    const parsed = nairaToKobo(values.amount, 'Amount')
    if (!parsed.ok) errors.amount = parsed.error
    else amount = parsed.value
  } else if (context.dueNow < 1 && values.paidOn === context.today) {
    errors.mode = 'Nothing is due today; enter a custom amount to pay ahead'
  }
  if (values.method === '') errors.method = 'Choose how the money was paid'
  if (!isIsoDate(values.paidOn)) errors.paidOn = 'Choose the date the money was paid'
  else if (values.paidOn > context.today) errors.paidOn = 'Date paid cannot be in the future'
  const referenceProblem = schemaProblem(ZRepaymentInput.shape.reference, values.reference)
  if (referenceProblem !== undefined) errors.reference = referenceProblem
  const notesProblem = schemaProblem(ZRepaymentInput.shape.notes, values.notes)
  if (notesProblem !== undefined) errors.notes = notesProblem
  if (Object.keys(errors).length > 0 || values.method === '') return { input: null, errors }
  return {
    input: {
      loanId: context.loanId,
      mode: values.mode,
      ...(amount === undefined ? {} : { amount }),
      paidOn: values.paidOn,
      method: values.method,
      reference: values.reference.trim() || null,
      notes: values.notes.trim() || null,
      idempotencyKey: context.idempotencyKey,
    },
    errors: null,
  }
}

/**
 * The largest payment the server accepts, from its OVERPAYMENT answer (`error.data.details.maximum`, in
 * kobo), or null for any other error.
 */
export function overpaymentMaximum(error: unknown): number | null {
  if (!(error instanceof TRPCClientError)) return null
  const data: unknown = error.data
  if (typeof data !== 'object' || data === null) return null
  if (!('reason' in data) || data.reason !== 'OVERPAYMENT') return null
  if (!('details' in data) || typeof data.details !== 'object' || data.details === null) return null
  const details = data.details
  if (!('maximum' in details)) return null
  const maximum = details.maximum
  return typeof maximum === 'number' && Number.isSafeInteger(maximum) && maximum > 0 ? maximum : null
}
