import { describe, expect, it } from 'vitest'

import { explainInstallment, explainPenalty, explainSchedule } from './explain.js'
import type { ScheduleInput } from './schedule.js'
import { domainError } from '../test/support/expect-error.js'

const flatA: ScheduleInput = {
  principal: 10_000_000,
  termCount: 12,
  termUnit: 'WEEK',
  startDate: '2025-01-06',
  interest: { method: 'FLAT', rate: '0.10', basis: 'PER_TERM' },
}

describe('explanations', () => {
  it('shows the rounding and the remainder placement of a flat schedule', () => {
    const first = explainInstallment(flatA, 1)
    expect(first.principal).toBe(
      'Principal ₦8,333.33: ₦100,000.00 ÷ 12 = ₦8,333.3333… → ₦8,333.33 (HALF_EVEN).',
    )
    expect(first.interest).toBe(
      'Interest ₦833.33: total interest ₦100,000.00 × 0.1 = ₦10,000.00; ÷ 12 = ₦833.3333… → ₦833.33 (HALF_EVEN).',
    )
    const last = explainInstallment(flatA, 12)
    expect(last.principal).toBe(
      'Principal ₦8,333.37: ₦100,000.00 − ₦91,666.63 in installments 1–11 = ₦8,333.37 (the last installment absorbs the remainder).',
    )
    expect(last.total).toBe(
      'Installment 12 due 2025-03-31: principal ₦8,333.37 + interest ₦833.37 + fee ₦0.00 = ₦9,166.74.',
    )
  })
  it('shows the EMI formula for annuities', () => {
    const explanation = explainSchedule({
      principal: 5_000_000,
      termCount: 6,
      termUnit: 'MONTH',
      startDate: '2025-01-06',
      interest: { method: 'DECLINING_ANNUITY', ratePerPeriod: '0.03' },
      processingFee: { kind: 'PERCENT_OF_PRINCIPAL', rate: '0.02', max: 50_000 },
    })
    expect(explanation.installments[0]?.principal).toContain('= ₦9,229.8750… → ₦9,229.88 (HALF_EVEN)')
    expect(explanation.installments[5]?.interest).toBe(
      'Interest ₦268.83: balance ₦8,961.01 × 0.03 = ₦268.8303 → ₦268.83 (HALF_EVEN).',
    )
    expect(explanation.processingFee).toBe(
      '₦50,000.00 × 0.02 = ₦1,000.00 (HALF_EVEN), limited to the maximum ₦500.00.',
    )
  })
  it('explains a penalty segment by segment', () => {
    expect(
      explainPenalty({
        rule: { kind: 'PERCENT_PER_DAY', ratePerDay: '0.005', graceDays: 3, mode: 'FORGIVE' },
        dueDate: '2025-01-13',
        asOf: '2025-01-23',
        base: 916666,
      }),
    ).toBe(
      'Installment due 2025-01-13, as of 2025-01-23: 10 days late, 3 grace days, FORGIVE. 2025-01-14–2025-01-23: ₦9,166.66 × 0.005 × 7 days = ₦320.8331 → ₦320.83 (HALF_EVEN). Penalty ₦320.83.',
    )
    expect(
      explainPenalty({
        rule: { kind: 'FIXED_PER_DAY', amountPerDay: 20_000, graceDays: 2, mode: 'BACKDATE', cap: 100_000 },
        dueDate: '2025-01-13',
        asOf: '2025-01-20',
        base: 916666,
      }),
    ).toBe(
      'Installment due 2025-01-13, as of 2025-01-20: 7 days late, 2 grace days, BACKDATE. 2025-01-14–2025-01-20: ₦200.00 × 7 days = ₦1,400.00. Penalty ₦1,000.00; capped at ₦1,000.00.',
    )
  })
  it('refuses an installment that does not exist', () => {
    expect(domainError(() => explainInstallment(flatA, 13), 'INVALID_OPTION').message).toBe(
      'Installment 13 does not exist; this schedule has installments 1 to 12.',
    )
  })
})
