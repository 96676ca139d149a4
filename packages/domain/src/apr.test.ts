import { describe, expect, it } from 'vitest'

import { costOfCredit, formatPercent, internalRateOfReturn } from './apr.js'
import { buildSchedule } from './schedule.js'
import { domainError } from '../test/support/expect-error.js'

// Reference §2.8, tolerance ±0.01 percentage point.
const within = (actual: number, expectedPercent: number): void => {
  expect(Math.abs(actual * 100 - expectedPercent)).toBeLessThanOrEqual(0.01)
}

describe('cost of credit', () => {
  it('10% flat for 12 weeks is about 78% APR (vector A)', () => {
    const schedule = buildSchedule({
      principal: 10_000_000,
      termCount: 12,
      termUnit: 'WEEK',
      startDate: '2025-01-06',
      interest: { method: 'FLAT', rate: '0.10', basis: 'PER_TERM' },
    })
    const cost = costOfCredit({
      principal: 10_000_000,
      installments: schedule.installments,
      termUnit: 'WEEK',
    })
    within(cost.periodicRate, 1.49767)
    within(cost.apr, 77.88)
    within(cost.effectiveAnnualRate, 116.63)
    expect(formatPercent(cost.apr)).toBe('77.88%')
  })
  it('3% a month annuity is 36% APR, 42.58% effective (vector B)', () => {
    const schedule = buildSchedule({
      principal: 10_000_000,
      termCount: 6,
      termUnit: 'MONTH',
      startDate: '2025-01-06',
      interest: { method: 'DECLINING_ANNUITY', ratePerPeriod: '0.03' },
    })
    const cost = costOfCredit({
      principal: 10_000_000,
      installments: schedule.installments,
      termUnit: 'MONTH',
    })
    within(cost.apr, 36)
    within(cost.effectiveAnnualRate, 42.58)
  })
  it('a fee collected at disbursement raises the cost', () => {
    const installments = [{ total: 5_500_000 }, { total: 5_500_000 }]
    const plain = costOfCredit({ principal: 10_000_000, installments, termUnit: 'MONTH' })
    const withFee = costOfCredit({
      principal: 10_000_000,
      installments,
      termUnit: 'MONTH',
      processingFee: 200_000,
    })
    expect(withFee.apr).toBeGreaterThan(plain.apr)
  })
  it('solves a zero rate and refuses flows without a return', () => {
    expect(Math.abs(internalRateOfReturn([-100, 50, 50]))).toBeLessThan(1e-12)
    domainError(() => internalRateOfReturn([100, 50]), 'IRR_NOT_FOUND')
    domainError(() => internalRateOfReturn([-100, 0, 0]), 'IRR_NOT_FOUND')
  })
})
