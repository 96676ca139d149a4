import { TRPCClientError } from '@trpc/react-query'
import { describe, expect, it } from 'vitest'
import {
  newIdempotencyKey,
  overpaymentMaximum,
  toRepaymentInput,
  type RepaymentFormValues,
} from './repayment-form'

const CONTEXT = { loanId: 'loan-1', idempotencyKey: 'repayment:abc', today: '2025-03-10', dueNow: 916_666 }
const VALUES: RepaymentFormValues = {
  mode: 'AMOUNT',
  amount: '5,000.50',
  method: 'CASH',
  paidOn: '2025-03-10',
  reference: '  ',
  notes: ' Paid at the meeting ',
}

function serverError(message: string, data: Record<string, unknown>) {
  return new TRPCClientError(message, {
    result: {
      error: { code: -32600, message, data: { code: 'BAD_REQUEST', httpStatus: 400, path: 'x', ...data } },
    },
  })
}

describe('toRepaymentInput', () => {
  it('sends a custom amount as exact kobo with the key of this dialog', () => {
    expect(toRepaymentInput(VALUES, CONTEXT)).toEqual({
      input: {
        loanId: 'loan-1',
        mode: 'AMOUNT',
        amount: 500_050,
        paidOn: '2025-03-10',
        method: 'CASH',
        reference: null,
        notes: 'Paid at the meeting',
        idempotencyKey: 'repayment:abc',
      },
      errors: null,
    })
  })

  it('sends no amount for "due now": the server works it out for the date paid', () => {
    const { input } = toRepaymentInput({ ...VALUES, mode: 'DUE_NOW', amount: 'ignored' }, CONTEXT)
    expect(input).toMatchObject({ mode: 'DUE_NOW' })
    expect(input && 'amount' in input).toBe(false)
  })

  it('refuses a future date, a missing method and an amount that is not naira', () => {
    const { errors } = toRepaymentInput(
      { ...VALUES, paidOn: '2025-03-11', method: '', amount: '5.555' },
      CONTEXT,
    )
    expect(errors).toEqual({
      paidOn: 'Date paid cannot be in the future',
      method: 'Choose how the money was paid',
      amount: 'Amount must be an amount in naira such as 50,000.00',
    })
  })

  it('does not offer "due now" today when nothing is due', () => {
    const { errors } = toRepaymentInput({ ...VALUES, mode: 'DUE_NOW' }, { ...CONTEXT, dueNow: 0 })
    expect(errors?.mode).toMatch(/Nothing is due today/)
  })
})

describe('overpaymentMaximum', () => {
  it("reads the server's maximum from an OVERPAYMENT answer", () => {
    const error = serverError('The payment of ₦2.00 is more … at most ₦1.50.', {
      reason: 'OVERPAYMENT',
      details: { field: 'amount', maximum: 150, maximumFormatted: '₦1.50', amount: 200 },
    })
    expect(overpaymentMaximum(error)).toBe(150)
  })
  it('is null for anything else', () => {
    expect(overpaymentMaximum(serverError('No', { reason: 'NOTHING_DUE', details: null }))).toBeNull()
    expect(
      overpaymentMaximum(serverError('No', { reason: 'OVERPAYMENT', details: { maximum: '150' } })),
    ).toBeNull()
    expect(overpaymentMaximum(new Error('network'))).toBeNull()
    expect(overpaymentMaximum(null)).toBeNull()
  })
})

describe('newIdempotencyKey', () => {
  it('makes a key the server accepts, new each time', () => {
    const key = newIdempotencyKey()
    expect(key).toMatch(/^[A-Za-z0-9:_-]{8,100}$/)
    expect(newIdempotencyKey()).not.toBe(key)
    expect(newIdempotencyKey(() => 'fixed')).toBe('repayment:fixed')
  })
})
