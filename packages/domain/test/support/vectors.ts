// Test-only loader for the golden vectors committed in packages/domain/test/vectors (docs/product.md §3).
// It lives outside src (it needs node:fs), so it is never built or bundled into the web app.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import type { AllocationOrder } from '../../src/allocation.js'
import type { TermUnit } from '../../src/calendar.js'
import type { RoundingMode } from '../../src/rational.js'
import type { InterestTerms } from '../../src/schedule.js'
import type { MeetingRule } from '../../src/meetings.js'
import type { PenaltyRule } from '../../src/penalties.js'
import type { LoanEvent, PenaltyTreatment, ScheduledInstallment } from '../../src/position.js'
import type { RescheduleTerms } from '../../src/reschedule.js'
import type { NonWorkingDayRule } from '../../src/working-days.js'

export const VECTOR_FILES = ['schedules.json', 'penalties.json', 'allocation.json', 'portfolio.json'] as const
export type VectorFile = (typeof VECTOR_FILES)[number]

export const VECTORS_DIR = fileURLToPath(new URL('../../test/vectors/', import.meta.url))

export function readVectorText(file: VectorFile): string {
  return readFileSync(`${VECTORS_DIR}${file}`, 'utf8')
}

function load(file: VectorFile): unknown {
  return JSON.parse(readVectorText(file))
}

export type ScheduleVector = {
  id: string
  principal: number
  termCount: number
  termUnit: TermUnit
  startDate: string
  rounding?: RoundingMode
  installmentMultiple?: number
  interest?: InterestTerms
  expect: {
    installments: { sequence: number; dueDate: string; principal: number; interest: number; total: number }[]
  }
}

export type PenaltyVector = {
  id: string
  base: number
  ratePerDay?: string
  amountPerDay?: number
  graceDays: number
  dueDate: string
  expect: { asOf: string; FORGIVE: number; BACKDATE: number; dailyPostingsForgive?: number[] }[]
}

export type AllocationVectors = {
  about: string
  state: {
    sequence: number
    dueDate: string
    penalty: number
    fee: number
    interest: number
    principal: number
  }[]
  cases: {
    payment: number
    order: AllocationOrder
    expect: { sequence: number; penalty?: number; fee?: number; interest?: number; principal?: number }[]
  }[]
}

export type PortfolioVectors = {
  about: string
  loans: {
    id: string
    outstandingPrincipal: number
    daysPastDue: number
    overduePrincipal: number
    restructured: boolean
  }[]
  expect: {
    portfolio: number
    arrearsRate: string
    agingBuckets: Record<string, number>
  } & Record<'PAR1' | 'PAR30' | 'PAR90', { atRisk: number; ratio: string; withRestructured: string }>
}

export const scheduleVectors = (): ScheduleVector[] =>
  (load('schedules.json') as { cases: ScheduleVector[] }).cases
export const penaltyVectors = (): PenaltyVector[] =>
  (load('penalties.json') as { cases: PenaltyVector[] }).cases
export const allocationVectors = (): AllocationVectors => load('allocation.json') as AllocationVectors
export const portfolioVectors = (): PortfolioVectors => load('portfolio.json') as PortfolioVectors

// Our own vectors for calendars, meetings, rescheduling, restructuring, waivers and payoffs (issue 16).
export const OPERATION_VECTOR_FILES = ['calendars.json', 'reschedules.json'] as const
export type OperationVectorFile = (typeof OPERATION_VECTOR_FILES)[number]

function loadOperation(file: OperationVectorFile): unknown {
  return JSON.parse(readFileSync(`${VECTORS_DIR}${file}`, 'utf8'))
}

type VectorInstallment = {
  sequence: number
  dueDate: string
  principal: number
  interest: number
  total: number
}

export type CalendarVectors = {
  about: string
  cases: (Omit<ScheduleVector, 'expect'> & {
    why: string
    meeting?: { rule: MeetingRule; minGapDays: number; repaymentEvery?: number }
    calendar: { weekendDays: number[]; nigerianFixedHolidays: boolean; holidays?: string[] }
    nonWorkingDayRule: NonWorkingDayRule
    expect: { nominalDueDates: string[]; installments: VectorInstallment[] }
  })[]
  errors: {
    id: string
    meeting: MeetingRule
    termUnit: TermUnit
    repaymentEvery: number
    expect: { code: string; field: string }
  }[]
}

type Outstanding = {
  principal: number
  interest: number
  penalty: number
  total: number
  daysPastDue: number
  status: string
}

export type RescheduleVectors = {
  about: string
  loan: {
    schedule: Omit<ScheduleVector, 'id' | 'expect'>
    penalty: PenaltyRule
    events: LoanEvent[]
  }
  cases: (
    | {
        id: string
        kind: 'RESCHEDULE'
        why: string
        terms: RescheduleTerms
        expect: {
          before: Outstanding
          after: Outstanding
          newPrincipal: number
          carriedInterest: number
          droppedInterest: number
          keptInterest: number
          kept: ScheduledInstallment[]
          newInstallments: VectorInstallment[]
          moves: { sequence: number; from: string; to: string }[]
        }
      }
    | {
        id: string
        kind: 'RESTRUCTURE'
        why: string
        terms: RescheduleTerms & { penalties: PenaltyTreatment }
        expect: {
          before: Outstanding
          after: Outstanding
          newPrincipal: number
          capitalised: { interest: number; penalty: number }
          waivedPenalty: number
          keptInterest: number
          restructuredOn: string
          newInstallments: VectorInstallment[]
        }
      }
    | {
        id: string
        kind: 'WAIVER'
        why: string
        waiver: { id: string; date: string; penalty?: number; interest?: number }
        expect: {
          before: Outstanding
          after: Outstanding
          lines: { sequence: number; penalty: number; interest: number }[]
        }
      }
    | {
        id: string
        kind: 'PAYOFF'
        why: string
        date: string
        topUpPrincipal: number
        expect: {
          amount: number
          principal: number
          interest: number
          penalty: number
          cashToMember: number
          lines: {
            sequence: number
            penalty: number
            fee: number
            interest: number
            principal: number
            total: number
          }[]
        }
      }
  )[]
}

export const calendarVectors = (): CalendarVectors => loadOperation('calendars.json') as CalendarVectors
export const rescheduleVectors = (): RescheduleVectors =>
  loadOperation('reschedules.json') as RescheduleVectors
