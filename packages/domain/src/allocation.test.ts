import { describe, expect, it } from 'vitest'

import type { OwedInstallment } from './allocation.js'
import { allocatePayment } from './allocation.js'
import { domainError } from '../test/support/expect-error.js'

const owed: OwedInstallment[] = [
  { sequence: 1, dueDate: '2025-01-13', penalty: 32083, fee: 0, interest: 83333, principal: 833333 },
  { sequence: 2, dueDate: '2025-01-20', penalty: 0, fee: 0, interest: 83333, principal: 833333 },
  { sequence: 3, dueDate: '2025-01-27', penalty: 0, fee: 0, interest: 83333, principal: 833333 },
  { sequence: 4, dueDate: '2025-02-03', penalty: 0, fee: 0, interest: 83333, principal: 833333 },
]
const payoff = 32083 + 4 * 916666

describe('allocatePayment', () => {
  it('sends what exceeds the amounts due now to future installments, oldest first', () => {
    const { lines } = allocatePayment({
      amount: 1_865_415 + 100_000,
      installments: owed,
      asOf: '2025-01-23',
      order: 'HORIZONTAL',
    })
    expect(lines.map((l) => [l.sequence, l.total])).toEqual([
      [1, 948749],
      [2, 916666],
      [3, 100000],
    ])
    expect(lines[2]).toMatchObject({ interest: 83333, principal: 16667 })
  })
  it('follows a configured component order', () => {
    const { lines } = allocatePayment({
      amount: 100_000,
      installments: owed,
      asOf: '2025-01-23',
      componentOrder: ['interest', 'principal', 'fee', 'penalty'],
    })
    expect(lines).toEqual([
      { sequence: 1, penalty: 0, fee: 0, interest: 83333, principal: 16667, total: 100_000 },
    ])
  })
  it('treats every installment as due without a date and reports what remains', () => {
    const result = allocatePayment({ amount: payoff, installments: owed })
    expect(result.payoff).toBe(payoff)
    expect(result.remaining.every((r) => r.penalty + r.fee + r.interest + r.principal === 0)).toBe(true)
  })
  it('refuses an amount above the payoff, stating the maximum', () => {
    const error = domainError(
      () => allocatePayment({ amount: payoff + 1, installments: owed }),
      'OVERPAYMENT',
    )
    expect(error.message).toBe(
      "The payment of ₦36,987.48 is more than this loan's payoff amount; the most that can be accepted is ₦36,987.47.",
    )
    expect(error.details).toMatchObject({
      maximum: payoff,
      maximumFormatted: '₦36,987.47',
      amount: payoff + 1,
    })
  })
  it('refuses installments that share a sequence number instead of paying one of them twice', () => {
    // Lines and "remaining" are matched by sequence: two installments numbered 1 each showed the other's
    // payment, so ₦1.00 paid on ₦2.00 owed reported nothing remaining.
    const twins: OwedInstallment[] = [
      { sequence: 1, dueDate: '2025-01-13', penalty: 0, fee: 0, interest: 0, principal: 100 },
      { sequence: 1, dueDate: '2025-01-20', penalty: 0, fee: 0, interest: 0, principal: 100 },
    ]
    const error = domainError(() => allocatePayment({ amount: 100, installments: twins }), 'INVALID_OPTION')
    expect(error.details).toMatchObject({ field: 'installments[1].sequence' })
    expect(error.message).toBe(
      'Installment 2 in the list has sequence number 1, which another installment already uses; each installment needs its own whole sequence number.',
    )
  })
  it('refuses bad input', () => {
    domainError(() => allocatePayment({ amount: 0, installments: owed }), 'INVALID_AMOUNT')
    expect(
      domainError(() => allocatePayment({ amount: -500, installments: owed }), 'INVALID_AMOUNT').message,
    ).toBe('Amount must be at least ₦0.01; got -₦5.00.')
    domainError(() => allocatePayment({ amount: 10.5, installments: owed }), 'INVALID_AMOUNT')
    domainError(
      () =>
        allocatePayment({
          amount: 100,
          installments: owed,
          componentOrder: ['principal', 'principal', 'fee', 'penalty'],
        }),
      'INVALID_OPTION',
    )
    domainError(
      () => allocatePayment({ amount: 100, installments: owed, order: 'RANDOM' as unknown as 'VERTICAL' }),
      'INVALID_OPTION',
    )
    domainError(
      () => allocatePayment({ amount: 100, installments: [...owed, { ...owed[0]!, dueDate: '2025-02-31' }] }),
      'INVALID_DATE',
    )
    domainError(
      () => allocatePayment({ amount: 100, installments: [{ ...owed[0]!, interest: -1 }] }),
      'INVALID_AMOUNT',
    )
  })
})
