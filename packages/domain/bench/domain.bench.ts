// Throughput on 52-installment loans (a year of weekly union meetings): `pnpm --filter @mp/domain bench`.
import { bench, describe } from 'vitest'

import type { LoanEvent, PenaltyRule, ScheduleInput } from '../src/index.js'
import { addDays, buildSchedule, loanPosition } from '../src/index.js'

const flat: ScheduleInput = {
  principal: 25_000_000,
  termCount: 52,
  termUnit: 'WEEK',
  startDate: '2025-01-06',
  interest: { method: 'FLAT', rate: '0.25', basis: 'PER_TERM' },
}
const annuity: ScheduleInput = { ...flat, interest: { method: 'DECLINING_ANNUITY', ratePerPeriod: '0.006' } }
const penalty: PenaltyRule = { kind: 'PERCENT_PER_DAY', ratePerDay: '0.005', graceDays: 3, mode: 'FORGIVE' }

const schedule = buildSchedule(flat)
// 52 weekly payments: most on time, every fifth one 10 days late and short by ₦500, so penalties accrue
// and segments split; plus a reversal.
const events: LoanEvent[] = schedule.installments.map((inst, index) => {
  const isLate = index % 5 === 4
  return {
    type: 'REPAYMENT',
    id: `r${String(index).padStart(2, '0')}`,
    date: isLate ? addDays(inst.dueDate, 10) : inst.dueDate,
    amount: isLate ? inst.total - 50_000 : inst.total,
  }
})
events.push({ type: 'REVERSAL', id: 'v1', date: '2025-03-01', repaymentId: 'r03' })
const asOf = '2026-01-31'
// Longer runs than vitest's default 500 ms so JIT warm-up and GC pauses do not dominate the figures.
const options = { time: 3000, warmupTime: 1000 }

describe('schedules (52 weekly installments)', () => {
  bench(
    'buildSchedule FLAT',
    () => {
      buildSchedule(flat)
    },
    options,
  )
  bench(
    'buildSchedule DECLINING_ANNUITY',
    () => {
      buildSchedule(annuity)
    },
    options,
  )
})

describe('positions (52 installments, 52 repayments + 1 reversal, per-day penalties)', () => {
  bench(
    'loanPosition replay',
    () => {
      loanPosition({ installments: schedule.installments, events, asOf, penalty })
    },
    options,
  )
  bench(
    'loanPosition replay, no penalty rule',
    () => {
      loanPosition({ installments: schedule.installments, events, asOf })
    },
    options,
  )
})
