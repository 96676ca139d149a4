// The closed form a stored ledger keeps per installment (ADR 0004) must give exactly the penalty the
// replay accrues, on every day on or after the latest base change, for every rule shape.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import type { DayBaseChange, PenaltyRule } from './penalties.js'
import {
  accruedPenaltyAmount,
  normalizePenaltyRule,
  penaltyClosedForm,
  penaltyFromClosedForm,
} from './penalties.js'

const ruleArb: fc.Arbitrary<PenaltyRule> = fc.oneof(
  fc.record({
    kind: fc.constant('PERCENT_PER_DAY' as const),
    ratePerDay: fc.integer({ min: 0, max: 5000 }).map((n) => (n / 100_000).toFixed(5)),
    graceDays: fc.integer({ min: 0, max: 30 }),
    mode: fc.constantFrom('FORGIVE' as const, 'BACKDATE' as const),
    cap: fc.option(fc.integer({ min: 0, max: 500_000 }), { nil: undefined }),
  }),
  fc.record({
    kind: fc.constant('FIXED_PER_DAY' as const),
    amountPerDay: fc.integer({ min: 0, max: 100_000 }),
    graceDays: fc.integer({ min: 0, max: 30 }),
    mode: fc.constantFrom('FORGIVE' as const, 'BACKDATE' as const),
    cap: fc.option(fc.integer({ min: 0, max: 500_000 }), { nil: undefined }),
  }),
)

// Payments lower the base over time (never raise it); some land before the due date (afterDay ≤ 0),
// some on the same day as another.
const historyArb = fc
  .record({
    initialBase: fc.integer({ min: 0, max: 50_000_000 }),
    steps: fc.array(
      fc.record({ gap: fc.integer({ min: -5, max: 40 }), cut: fc.integer({ min: 0, max: 100 }) }),
      {
        maxLength: 6,
      },
    ),
  })
  .map(({ initialBase, steps }) => {
    const changes: DayBaseChange[] = []
    let day = -10
    let base = initialBase
    for (const step of steps) {
      day = Math.max(day, day + step.gap)
      base = Math.floor((base * step.cut) / 100)
      changes.push({ afterDay: day, base })
    }
    return { initialBase, changes }
  })

describe('penalty closed form', () => {
  it('equals the accrual on every day on or after the latest base change', () => {
    fc.assert(
      fc.property(
        ruleArb,
        historyArb,
        fc.constantFrom('HALF_EVEN' as const, 'HALF_UP' as const),
        fc.integer({ min: 0, max: 120 }),
        (rule, history, rounding, extra) => {
          const normalized = normalizePenaltyRule(rule)
          const form = penaltyClosedForm(normalized, history.initialBase, history.changes, rounding)
          const last = history.changes.at(-1)?.afterDay ?? 0
          for (const daysLate of [
            last,
            last + 1,
            last + extra,
            normalized.graceDays,
            normalized.graceDays + 1,
          ]) {
            if (daysLate < last) continue
            expect(penaltyFromClosedForm(normalized, form, daysLate, rounding)).toBe(
              accruedPenaltyAmount(normalized, history.initialBase, history.changes, daysLate, rounding),
            )
          }
        },
      ),
      { numRuns: 5000 },
    )
  })
})
