import { describe, expect, it } from 'vitest'

import type { PenaltyRule } from './penalties.js'
import { penaltyAsOf, penaltyDailyPostings } from './penalties.js'
import { domainError } from '../test/support/expect-error.js'

const percent: PenaltyRule = { kind: 'PERCENT_PER_DAY', ratePerDay: '0.005', graceDays: 3, mode: 'FORGIVE' }
const base = { dueDate: '2025-01-13', base: 916666 }

describe('penaltyAsOf', () => {
  it('is zero on or before the due date', () => {
    expect(penaltyAsOf({ ...base, rule: percent, asOf: '2025-01-13' })).toBe(0)
    expect(penaltyAsOf({ ...base, rule: percent, asOf: '2025-01-01' })).toBe(0)
  })
  it('closes a segment when a partial payment lowers the base', () => {
    // Days 4–5 on 9,166.66, then days 6–10 on 4,000.00 (payment on day 5, 2025-01-18).
    const amount = penaltyAsOf({
      ...base,
      rule: percent,
      asOf: '2025-01-23',
      baseChanges: [{ date: '2025-01-18', base: 400000 }],
    })
    expect(amount).toBe(Math.round(916666 * 0.005 * 2) + 400000 * 0.005 * 5)
  })
  it('stops when the installment is paid and BACKDATE never charges one paid within grace', () => {
    const paidDay2 = [{ date: '2025-01-15', base: 0 }]
    expect(
      penaltyAsOf({
        ...base,
        rule: { ...percent, mode: 'BACKDATE' },
        asOf: '2025-01-30',
        baseChanges: paidDay2,
      }),
    ).toBe(0)
    const paidDay5 = [{ date: '2025-01-18', base: 0 }]
    expect(penaltyAsOf({ ...base, rule: percent, asOf: '2025-01-30', baseChanges: paidDay5 })).toBe(9167)
    expect(
      penaltyAsOf({
        ...base,
        rule: { ...percent, mode: 'BACKDATE' },
        asOf: '2025-01-30',
        baseChanges: paidDay5,
      }),
    ).toBe(22917)
  })
  it('BACKDATE charges grace days too once a partial payment left it overdue past grace', () => {
    const rule: PenaltyRule = { ...percent, mode: 'BACKDATE' }
    const amount = penaltyAsOf({
      ...base,
      rule,
      asOf: '2025-01-18',
      baseChanges: [{ date: '2025-01-14', base: 400000 }],
    })
    expect(amount).toBe(4583 + 400000 * 0.005 * 4)
  })
  it('respects the cap per installment', () => {
    expect(penaltyAsOf({ ...base, rule: { ...percent, cap: 10_000 }, asOf: '2025-02-28' })).toBe(10_000)
    const fixed: PenaltyRule = {
      kind: 'FIXED_PER_DAY',
      amountPerDay: 20_000,
      graceDays: 0,
      mode: 'FORGIVE',
      cap: 50_000,
    }
    expect(penaltyAsOf({ ...base, rule: fixed, asOf: '2025-01-20' })).toBe(50_000)
  })
  it('uses the rounding mode on ties', () => {
    const rule: PenaltyRule = { kind: 'PERCENT_PER_DAY', ratePerDay: '0.5', graceDays: 0, mode: 'FORGIVE' }
    expect(penaltyAsOf({ dueDate: '2025-01-13', asOf: '2025-01-14', base: 5, rule })).toBe(2)
    expect(
      penaltyAsOf({ dueDate: '2025-01-13', asOf: '2025-01-14', base: 5, rule, rounding: 'HALF_UP' }),
    ).toBe(3)
  })
})

describe('penaltyDailyPostings', () => {
  it('posts round(cum_t) − round(cum_t−1), so the days add up to the total', () => {
    const postings = penaltyDailyPostings({ ...base, rule: percent, asOf: '2025-01-23' })
    expect(postings).toHaveLength(10)
    expect(postings.slice(0, 3).every((p) => p.amount === 0)).toBe(true)
    expect(postings.at(-1)).toEqual({ date: '2025-01-23', amount: 4583, cumulative: 32083 })
  })
  it('BACKDATE posts the grace days on the day grace is breached', () => {
    const postings = penaltyDailyPostings({
      ...base,
      rule: { ...percent, mode: 'BACKDATE' },
      asOf: '2025-01-17',
    })
    expect(postings.map((p) => p.amount)).toEqual([0, 0, 0, 18333])
  })
})

describe('penalty rule validation', () => {
  const at = { ...base, asOf: '2025-01-23' }
  it('refuses bad rules', () => {
    expect(
      domainError(() => penaltyAsOf({ ...at, rule: { ...percent, graceDays: -1 } }), 'INVALID_OPTION')
        .message,
    ).toBe('Penalty grace days must be a whole number from 0 to 3650 (got -1).')
    domainError(() => penaltyAsOf({ ...at, rule: { ...percent, ratePerDay: '0.5%' } }), 'INVALID_RATE')
    domainError(() => penaltyAsOf({ ...at, rule: { ...percent, ratePerDay: '2' } }), 'INVALID_RATE')
    domainError(
      () => penaltyAsOf({ ...at, rule: { ...percent, mode: 'LATER' } as unknown as PenaltyRule }),
      'INVALID_OPTION',
    )
    domainError(
      () => penaltyAsOf({ ...at, rule: { ...percent, base: 'ALL' } as unknown as PenaltyRule }),
      'INVALID_OPTION',
    )
    domainError(
      () => penaltyAsOf({ ...at, rule: { ...percent, kind: 'WEEKLY' } as unknown as PenaltyRule }),
      'INVALID_OPTION',
    )
    domainError(
      () =>
        penaltyAsOf({
          ...at,
          rule: { kind: 'FIXED_PER_DAY', amountPerDay: -1, graceDays: 0, mode: 'FORGIVE' },
        }),
      'INVALID_AMOUNT',
    )
    domainError(() => penaltyAsOf({ ...at, rule: { ...percent, cap: 1.5 } }), 'INVALID_AMOUNT')
    domainError(() => penaltyAsOf({ ...at, rule: percent, asOf: '2025-01-32' }), 'INVALID_DATE')
  })
})
