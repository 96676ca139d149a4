// Test-only loader for the golden vectors committed in packages/domain/test/vectors (docs/product.md §3).
// It lives outside src (it needs node:fs), so it is never built or bundled into the web app.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import type { AllocationOrder } from '../../src/allocation.js'
import type { TermUnit } from '../../src/calendar.js'
import type { RoundingMode } from '../../src/rational.js'
import type { InterestTerms } from '../../src/schedule.js'

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
