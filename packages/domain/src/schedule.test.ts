import { describe, expect, it } from 'vitest'

import type { ScheduleInput } from './schedule.js'
import { buildSchedule, periodsPerYear } from './schedule.js'
import { domainError } from '../test/support/expect-error.js'

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
  it('installments in multiples: the installment is rounded up from its exact value, so the last is never larger', () => {
    // ₦120,000.01 over 12: the exact installment ₦10,000.0008… rounds up to ₦10,010. Rounding the kobo
    // components first (₦10,000.00, already a multiple) made the last installment ₦10,000.01, larger than
    // the rest and not a multiple (reference §2.0 rule 4: "never a surprise larger final payment").
    const schedule = buildSchedule({
      principal: 12_000_001,
      termCount: 12,
      termUnit: 'WEEK',
      startDate: '2025-01-06',
      installmentMultiple: 1000,
    })
    const totals = schedule.installments.map((i) => i.total)
    expect(totals.slice(0, -1).every((t) => t === 1_001_000)).toBe(true)
    expect(totals.at(-1)).toBe(12_000_001 - 11 * 1_001_000)
    expect(schedule.totalPrincipal).toBe(12_000_001)
  })
  it('refuses a multiple so large that the loan would be repaid before its last installment', () => {
    // ₦1.00 over 12 weeks in multiples of ₦10: installment 1 took everything and 2–12 were ₦0.00.
    const tiny = domainError(
      () =>
        buildSchedule({
          principal: 100,
          termCount: 12,
          termUnit: 'WEEK',
          startDate: '2025-01-06',
          installmentMultiple: 1000,
        }),
      'INVALID_OPTION',
    )
    expect(tiny.details).toMatchObject({ field: 'installmentMultiple', limit: 100 })
    expect(tiny.message).toBe(
      'Installment multiple ₦10.00 is too large for this loan: installments rounded up to ₦10.00 would repay the whole ₦1.00 principal before installment 12. Use a smaller multiple or none.',
    )
    // Vector A in multiples of ₦1,000: 11 × ₦10,000 already repay ₦110,000, leaving installment 12 with
    // no principal and installment 11 not a multiple.
    expect(
      domainError(() => buildSchedule({ ...flatA, installmentMultiple: 100_000 }), 'INVALID_OPTION').message,
    ).toContain('before installment 12')
    for (const method of ['DECLINING_ANNUITY', 'DECLINING_EQUAL_PRINCIPAL'] as const) {
      domainError(
        () =>
          buildSchedule({
            principal: 10_000,
            termCount: 12,
            termUnit: 'WEEK',
            startDate: '2025-01-06',
            interest: { method, ratePerPeriod: '0.03' },
            installmentMultiple: 5000,
          }),
        'INVALID_OPTION',
      )
    }
    // A multiple that leaves principal for the last installment is fine, even when it is large.
    const ok = buildSchedule({ ...flatA, installmentMultiple: 50_000 })
    expect(ok.installments.slice(0, -1).every((i) => i.total === 950_000)).toBe(true)
    expect(ok.installments.at(-1)?.principal).toBeGreaterThan(0)
  })
  it('months are counted from the start date, with leap years', () => {
    const dates = (startDate: string, termCount: number): string[] =>
      buildSchedule({ principal: 100_000, termCount, termUnit: 'MONTH', startDate }).installments.map(
        (i) => i.dueDate,
      )
    expect(dates('2024-01-31', 4)).toEqual(['2024-02-29', '2024-03-31', '2024-04-30', '2024-05-31'])
    expect(dates('2024-02-29', 13).slice(-2)).toEqual(['2025-02-28', '2025-03-29'])
    expect(dates('2023-12-31', 3)).toEqual(['2024-01-31', '2024-02-29', '2024-03-31'])
    expect(
      buildSchedule({
        principal: 100_000,
        termCount: 3,
        termUnit: 'DAY',
        startDate: '2024-02-27',
      }).installments.map((i) => i.dueDate),
    ).toEqual(['2024-02-28', '2024-02-29', '2024-03-01'])
  })
  it('is exact for principals near the largest safe integer (bigint arithmetic, no float drift)', () => {
    // 9e15 × 0.000001 = 9,000,000,000 exactly; P/7 in floats would already lose kobo.
    const schedule = buildSchedule({
      principal: 9_000_000_000_000_003,
      termCount: 7,
      termUnit: 'WEEK',
      startDate: '2025-01-06',
      interest: { method: 'FLAT', rate: '0.000001', basis: 'PER_TERM' },
    })
    expect(schedule.totalInterest).toBe(9_000_000_000)
    expect(schedule.installments[0]?.principal).toBe(1_285_714_285_714_286)
    expect(schedule.installments.at(-1)?.principal).toBe(9_000_000_000_000_003 - 6 * 1_285_714_285_714_286)
    expect(schedule.total).toBe(9_000_009_000_000_003)
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
  it('rate: the same strict decimal rule for every near miss', () => {
    for (const rate of ['.5', '1e-2', ' 0.1', '0.1 ', '0.10%', '-0.1', '5.', '0,1', '']) {
      const error = domainError(
        () => buildSchedule({ ...flatA, interest: { method: 'FLAT', rate, basis: 'PER_TERM' } }),
        'INVALID_RATE',
      )
      expect(error.details).toMatchObject({ field: 'interest.rate' })
      expect(error.message).toMatch(/^Interest rate must be a decimal string such as "0.10"/)
    }
    expect(
      buildSchedule({ ...flatA, interest: { method: 'FLAT', rate: '0', basis: 'PER_TERM' } }).totalInterest,
    ).toBe(0)
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
