import { describe, expect, it } from 'vitest'

import type { InstallmentDue } from './kpi.js'
import {
  agingBucket,
  agingBuckets,
  collectionEfficiency,
  installmentDues,
  onTimeRate,
  portfolioAtRisk,
  provisioning,
  ratioString,
} from './kpi.js'
import { loanPosition } from './position.js'
import { buildSchedule } from './schedule.js'
import { domainError } from '../test/support/expect-error.js'
import { portfolioVectors } from '../test/support/vectors.js'

describe('PAR and buckets', () => {
  it('PAR1 means DPD ≥ 1, PAR_x means DPD > x', () => {
    const loans = [
      { outstandingPrincipal: 100, daysPastDue: 1 },
      { outstandingPrincipal: 100, daysPastDue: 30 },
      { outstandingPrincipal: 200, daysPastDue: 31 },
    ]
    expect(portfolioAtRisk(loans, 1)).toEqual({ atRisk: 400, portfolio: 400, ratio: '1' })
    expect(portfolioAtRisk(loans, 30)).toEqual({ atRisk: 200, portfolio: 400, ratio: '0.5' })
    expect(portfolioAtRisk([], 30)).toEqual({ atRisk: 0, portfolio: 0, ratio: '0' })
    expect(
      portfolioAtRisk(
        [
          { outstandingPrincipal: 1, daysPastDue: 40 },
          { outstandingPrincipal: 2, daysPastDue: 0 },
        ],
        30,
      ).ratio,
    ).toBe('0.3333333333')
    domainError(() => portfolioAtRisk(loans, -1), 'INVALID_OPTION')
    domainError(() => portfolioAtRisk([{ outstandingPrincipal: 1, daysPastDue: 1.5 }], 30), 'INVALID_OPTION')
  })
  it('buckets: 1–30, 31–60, 61–90, over 90', () => {
    expect([0, 1, 30, 31, 60, 61, 90, 91].map(agingBucket)).toEqual([
      'current',
      '1-30',
      '1-30',
      '31-60',
      '31-60',
      '61-90',
      '61-90',
      '90+',
    ])
  })
  it('refuses portfolios whose sums would leave the safe-integer range instead of rounding them', () => {
    // Two loans of 2^53 − 1 kobo summed to 18014398509481982 as a float and a ratio of "0.5" was reported.
    const huge = [
      { outstandingPrincipal: Number.MAX_SAFE_INTEGER, daysPastDue: 31 },
      { outstandingPrincipal: Number.MAX_SAFE_INTEGER, daysPastDue: 0 },
    ]
    expect(domainError(() => portfolioAtRisk(huge, 30), 'INVALID_AMOUNT').details).toMatchObject({
      field: 'portfolio',
    })
    domainError(() => agingBuckets([...huge, { outstandingPrincipal: 1, daysPastDue: 0 }]), 'INVALID_AMOUNT')
    domainError(() => provisioning([huge[1]!, huge[1]!]), 'INVALID_AMOUNT')
  })
  it('ratio strings', () => {
    expect(ratioString(1, 8)).toBe('0.125')
    expect(ratioString(5, 0)).toBe('0')
  })
})

describe('CBN provisioning', () => {
  it('gives ₦31,400.00 on vector F (reference §2.6)', () => {
    const result = provisioning(portfolioVectors().loans)
    expect(result.total).toBe(3_140_000)
    expect(result.byClass.map((c) => [c.class, c.provision])).toEqual([
      ['PERFORMING', 90_000],
      ['PASS_AND_WATCH', 250_000],
      ['SUBSTANDARD', 800_000],
      ['DOUBTFUL', 0],
      ['LOST', 2_000_000],
    ])
  })
})

describe('collection efficiency and on-time rate', () => {
  const dues: InstallmentDue[] = [
    // Due in the period, paid early (before the period): on time, but a prepayment for collection efficiency.
    { dueDate: '2025-02-03', amountDue: 1000, payments: [{ date: '2025-01-20', amount: 1000 }] },
    // Due in the period, half on time, half late but inside the period.
    {
      dueDate: '2025-02-10',
      amountDue: 1000,
      payments: [
        { date: '2025-02-10', amount: 500 },
        { date: '2025-02-20', amount: 500 },
      ],
    },
    // Due in the period, paid after the period ends.
    { dueDate: '2025-02-17', amountDue: 1000, payments: [{ date: '2025-03-05', amount: 1000 }] },
    // Not due in the period.
    { dueDate: '2025-03-03', amountDue: 1000, payments: [{ date: '2025-02-15', amount: 1000 }] },
  ]
  const february = { from: '2025-02-01', to: '2025-02-28' }
  it('collection efficiency = collected in the period against its dues ÷ due in the period', () => {
    expect(collectionEfficiency(dues, february)).toEqual({
      numerator: 1000,
      denominator: 3000,
      ratio: '0.3333333333',
    })
  })
  it('on-time rate = paid on or before the due date ÷ due in the period', () => {
    expect(onTimeRate(dues, february)).toEqual({ numerator: 1500, denominator: 3000, ratio: '0.5' })
  })
  it('works from a loan position', () => {
    const schedule = buildSchedule({
      principal: 1_000_000,
      termCount: 4,
      termUnit: 'WEEK',
      startDate: '2025-01-06',
    })
    const position = loanPosition({
      installments: schedule.installments,
      asOf: '2025-02-28',
      events: [
        { type: 'REPAYMENT', id: 'r1', date: '2025-01-13', amount: 250_000 },
        { type: 'REPAYMENT', id: 'r2', date: '2025-01-25', amount: 500_000 },
      ],
    })
    const january = { from: '2025-01-01', to: '2025-01-31' }
    expect(onTimeRate(installmentDues(position), january)).toMatchObject({
      numerator: 500_000,
      denominator: 750_000,
    })
    expect(collectionEfficiency(installmentDues(position), january)).toMatchObject({
      numerator: 750_000,
      denominator: 750_000,
      ratio: '1',
    })
  })
  it('refuses a period that ends before it starts', () => {
    domainError(() => onTimeRate(dues, { from: '2025-02-28', to: '2025-02-01' }), 'INVALID_DATE')
  })
})
