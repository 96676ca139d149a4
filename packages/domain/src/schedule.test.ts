import { describe, expect, it } from 'vitest'

import type { ScheduleInput } from './schedule.js'
import { buildSchedule, periodsPerYear } from './schedule.js'
import { domainError } from './testing/expect-error.js'

const flatA: ScheduleInput = {
  principal: 10_000_000,
  termCount: 12,
  termUnit: 'WEEK',
  startDate: '2025-01-06',
  interest: { method: 'FLAT', rate: '0.10', basis: 'PER_TERM' },
}

describe('buildSchedule', () => {
  it('NONE is the default: principal split evenly, the last installment absorbs the remainder', () => {
    const schedule = buildSchedule({
      principal: 1_000_000,
      termCount: 30,
      termUnit: 'DAY',
      startDate: '2025-01-01',
    })
    expect(schedule.installments[0]).toEqual({
      sequence: 1,
      dueDate: '2025-01-02',
      principal: 33333,
      interest: 0,
      fee: 0,
      total: 33333,
    })
    // The old system lost ₦0.10 here (30 × 333.33 = 9,999.90); the last installment now takes it.
    expect(schedule.installments[29]?.principal).toBe(33343)
    expect(schedule.totalPrincipal).toBe(1_000_000)
    expect(schedule.total).toBe(1_000_000)
  })
  it('FLAT PER_PERIOD charges the rate once per period', () => {
    const schedule = buildSchedule({
      ...flatA,
      interest: { method: 'FLAT', rate: '0.01', basis: 'PER_PERIOD' },
    })
    expect(schedule.totalInterest).toBe(1_200_000)
    expect(schedule.installments[0]?.interest).toBe(100_000)
  })
  it('HALF_UP is selectable for annuities too', () => {
    const input: ScheduleInput = {
      principal: 5_000_000,
      termCount: 6,
      termUnit: 'MONTH',
      startDate: '2025-01-06',
      interest: { method: 'DECLINING_ANNUITY', ratePerPeriod: '0.03' },
    }
    expect(buildSchedule({ ...input, rounding: 'HALF_UP' }).installments[0]?.total).toBe(922988)
  })
  it('a zero declining rate is an even split', () => {
    const schedule = buildSchedule({
      principal: 1_000_000,
      termCount: 3,
      termUnit: 'MONTH',
      startDate: '2025-01-06',
      interest: { method: 'DECLINING_ANNUITY', ratePerPeriod: '0' },
    })
    expect(schedule.installments.map((i) => i.total)).toEqual([333333, 333333, 333334])
  })
  it('rounds installments up to a multiple for declining methods, the last one smaller', () => {
    for (const method of ['DECLINING_ANNUITY', 'DECLINING_EQUAL_PRINCIPAL'] as const) {
      const schedule = buildSchedule({
        principal: 10_000_000,
        termCount: 6,
        termUnit: 'MONTH',
        startDate: '2025-01-06',
        interest: { method, ratePerPeriod: '0.03' },
        installmentMultiple: 5000,
      })
      const totals = schedule.installments.map((i) => i.total)
      for (const total of totals.slice(0, -1)) expect(total % 5000).toBe(0)
      expect(schedule.installments.reduce((s, i) => s + i.principal, 0)).toBe(10_000_000)
      if (method === 'DECLINING_ANNUITY') expect(totals.slice(0, -1).every((t) => t === 1_850_000)).toBe(true)
      expect(totals.at(-1)).toBeLessThanOrEqual(totals[0] ?? 0)
    }
  })
  it('reports the processing fee separately, collected at disbursement', () => {
    const percent = buildSchedule({
      ...flatA,
      processingFee: { kind: 'PERCENT_OF_PRINCIPAL', rate: '0.025' },
    })
    expect(percent.processingFee).toBe(250_000)
    expect(percent.total).toBe(11_000_000)
    expect(buildSchedule({ ...flatA, processingFee: { kind: 'FLAT', amount: 150_000 } }).processingFee).toBe(
      150_000,
    )
    expect(buildSchedule(flatA).processingFee).toBe(0)
  })
  it('never schedules a negative component for tiny loans at high rates', () => {
    const schedule = buildSchedule({
      principal: 1,
      termCount: 3,
      termUnit: 'WEEK',
      startDate: '2025-01-06',
      interest: { method: 'DECLINING_ANNUITY', ratePerPeriod: '0.5' },
    })
    expect(schedule.installments.every((i) => i.principal >= 0 && i.interest >= 0)).toBe(true)
    expect(schedule.totalPrincipal).toBe(1)
  })
  it('knows periods per year', () => {
    expect([periodsPerYear('DAY'), periodsPerYear('WEEK'), periodsPerYear('MONTH')]).toEqual([365, 52, 12])
  })
})

describe('buildSchedule refuses bad terms with a message a clerk can read', () => {
  it('principal: negative, fractional, zero', () => {
    expect(domainError(() => buildSchedule({ ...flatA, principal: -5 }), 'INVALID_AMOUNT').message).toBe(
      'Principal must be at least ₦0.01; got -₦0.05.',
    )
    expect(
      domainError(() => buildSchedule({ ...flatA, principal: 100.5 }), 'INVALID_AMOUNT').details,
    ).toMatchObject({
      field: 'principal',
    })
    domainError(() => buildSchedule({ ...flatA, principal: 0 }), 'INVALID_AMOUNT')
  })
  it('term count: zero, fractional, too many', () => {
    expect(domainError(() => buildSchedule({ ...flatA, termCount: 0 }), 'INVALID_TERM').message).toBe(
      'Term count must be a whole number of installments from 1 to 1200 (got 0).',
    )
    domainError(() => buildSchedule({ ...flatA, termCount: 2.5 }), 'INVALID_TERM')
    domainError(() => buildSchedule({ ...flatA, termCount: 1201 }), 'INVALID_TERM')
  })
  it('rate: not a decimal string, too high', () => {
    const error = domainError(
      () => buildSchedule({ ...flatA, interest: { method: 'FLAT', rate: '10%', basis: 'PER_TERM' } }),
      'INVALID_RATE',
    )
    expect(error.message).toBe('Interest rate must be a decimal string such as "0.10" (got "10%").')
    domainError(
      () => buildSchedule({ ...flatA, interest: { method: 'DECLINING_ANNUITY', ratePerPeriod: '11' } }),
      'INVALID_RATE',
    )
  })
  it('date: impossible', () => {
    expect(
      domainError(() => buildSchedule({ ...flatA, startDate: '2025-02-29' }), 'INVALID_DATE').details,
    ).toEqual({
      field: 'startDate',
    })
  })
  it('options: unknown unit, method, basis, rounding or a bad multiple', () => {
    const loose = flatA as unknown as Record<string, unknown>
    domainError(
      () => buildSchedule({ ...loose, termUnit: 'YEAR' } as unknown as ScheduleInput),
      'INVALID_OPTION',
    )
    domainError(
      () => buildSchedule({ ...loose, interest: { method: 'COMPOUND' } } as unknown as ScheduleInput),
      'INVALID_OPTION',
    )
    domainError(
      () =>
        buildSchedule({
          ...loose,
          interest: { method: 'FLAT', rate: '0.1', basis: 'YEARLY' },
        } as unknown as ScheduleInput),
      'INVALID_OPTION',
    )
    domainError(
      () => buildSchedule({ ...loose, rounding: 'CEIL' } as unknown as ScheduleInput),
      'INVALID_OPTION',
    )
    domainError(() => buildSchedule({ ...flatA, installmentMultiple: 0 }), 'INVALID_AMOUNT')
  })
  it('totals that would not fit a safe integer', () => {
    domainError(
      () =>
        buildSchedule({
          ...flatA,
          principal: 2 ** 52,
          termCount: 1200,
          interest: { method: 'FLAT', rate: '10', basis: 'PER_PERIOD' },
        }),
      'INVALID_AMOUNT',
    )
  })
})
