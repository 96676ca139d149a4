// The golden vectors (test/vectors/*.json) are the minimum bar: every case, to the kobo, read from the files.
import { describe, expect, it } from 'vitest'

import { allocatePayment } from './allocation.js'
import { agingBuckets, arrearsRate, portfolioAtRisk } from './kpi.js'
import type { PenaltyRule } from './penalties.js'
import { penaltyAsOf, penaltyDailyPostings } from './penalties.js'
import { rational, compare } from './rational.js'
import { parseDecimal } from './rational.js'
import { buildSchedule } from './schedule.js'
import {
  VECTOR_FILES,
  allocationVectors,
  penaltyVectors,
  portfolioVectors,
  readVectorText,
  scheduleVectors,
} from '../test/support/vectors.js'

function sameRatio(actual: string, expected: string): boolean {
  return (
    compare(parseDecimal(actual, { field: 'actual' }), parseDecimal(expected, { field: 'expected' })) === 0
  )
}

describe('vector files', () => {
  it('are all present and parse as JSON', () => {
    for (const file of VECTOR_FILES)
      expect(() => JSON.parse(readVectorText(file)) as unknown, file).not.toThrow()
  })
})

describe('schedules.json', () => {
  for (const vector of scheduleVectors()) {
    it(vector.id, () => {
      const { expect: expected, id: _id, ...input } = vector
      const schedule = buildSchedule(input)
      expect(schedule.installments.map(({ fee: _fee, ...rest }) => rest)).toEqual(expected.installments)
      expect(schedule.installments.every((i) => i.fee === 0)).toBe(true)
      expect(schedule.totalPrincipal).toBe(vector.principal)
      expect(schedule.totalInterest).toBe(expected.installments.reduce((s, i) => s + i.interest, 0))
      expect(schedule.total).toBe(expected.installments.reduce((s, i) => s + i.total, 0))
    })
  }
})

describe('penalties.json', () => {
  for (const vector of penaltyVectors()) {
    for (const mode of ['FORGIVE', 'BACKDATE'] as const) {
      const rule: PenaltyRule =
        vector.ratePerDay !== undefined
          ? { kind: 'PERCENT_PER_DAY', ratePerDay: vector.ratePerDay, graceDays: vector.graceDays, mode }
          : {
              kind: 'FIXED_PER_DAY',
              amountPerDay: vector.amountPerDay ?? 0,
              graceDays: vector.graceDays,
              mode,
            }
      for (const point of vector.expect) {
        it(`${vector.id} ${mode} as of ${point.asOf}`, () => {
          const input = { rule, dueDate: vector.dueDate, asOf: point.asOf, base: vector.base }
          expect(penaltyAsOf(input)).toBe(point[mode])
          const postings = penaltyDailyPostings(input)
          expect(postings.reduce((s, p) => s + p.amount, 0)).toBe(point[mode])
          if (mode === 'FORGIVE' && point.dailyPostingsForgive !== undefined) {
            expect(postings.slice(vector.graceDays).map((p) => p.amount)).toEqual(point.dailyPostingsForgive)
          }
        })
      }
    }
  }
})

describe('allocation.json', () => {
  const vectors = allocationVectors()
  for (const testCase of vectors.cases) {
    it(`${testCase.order} ${testCase.payment}`, () => {
      const allocation = allocatePayment({
        amount: testCase.payment,
        installments: vectors.state,
        order: testCase.order,
        asOf: '2025-01-23',
      })
      const full = testCase.expect.map((e) => ({
        sequence: e.sequence,
        penalty: e.penalty ?? 0,
        fee: e.fee ?? 0,
        interest: e.interest ?? 0,
        principal: e.principal ?? 0,
      }))
      expect(allocation.lines.map(({ total: _total, ...rest }) => rest)).toEqual(full)
      expect(allocation.lines.reduce((s, l) => s + l.total, 0)).toBe(testCase.payment)
    })
  }
})

describe('portfolio.json', () => {
  const vectors = portfolioVectors()
  const loans = vectors.loans
  for (const days of [1, 30, 90] as const) {
    it(`PAR${days}`, () => {
      const expected = vectors.expect[`PAR${days}`]
      const plain = portfolioAtRisk(loans, days, { includeRestructured: false })
      expect(plain.atRisk).toBe(expected.atRisk)
      expect(plain.portfolio).toBe(vectors.expect.portfolio)
      expect(sameRatio(plain.ratio, expected.ratio)).toBe(true)
      const withRestructured = portfolioAtRisk(loans, days, { includeRestructured: true })
      expect(sameRatio(withRestructured.ratio, expected.withRestructured)).toBe(true)
    })
  }
  it('ratios are exact minimal decimal strings', () => {
    expect(portfolioAtRisk(loans, 30).ratio).toBe('0.3')
    expect(portfolioAtRisk(loans, 1).ratio).toBe('0.55')
  })
  it('arrears rate', () => {
    const result = arrearsRate(loans)
    expect(sameRatio(result.ratio, vectors.expect.arrearsRate)).toBe(true)
    expect(compare(rational(BigInt(result.overdue), BigInt(result.portfolio)), rational(22n, 100n))).toBe(0)
  })
  it('aging buckets', () => {
    expect(agingBuckets(loans).amounts).toEqual(vectors.expect.agingBuckets)
  })
})
