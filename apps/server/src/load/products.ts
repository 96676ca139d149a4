import type { LoanAllocationOrder, LoanRounding, LoanTermUnit } from '@mp/db'
import type { InterestTerms, PenaltyRule, ProcessingFeeRule } from '@mp/domain'

/**
 * The load portfolio's products: every interest method, flat and percentage processing fees, fixed and
 * percentage daily penalties (FORGIVE and BACKDATE, capped and not, one product without a penalty), and
 * every allocation order. Stored exactly as the loan-type service stores them (the rule objects as JSON)
 * and copied onto each loan as createLoan does.
 */
export type LoadProduct = {
  name: string
  description: string
  /** Kobo. */
  minPrincipal: number
  maxPrincipal: number
  termUnit: Extract<LoanTermUnit, 'WEEK' | 'MONTH'>
  minTerm: number
  maxTerm: number
  interest: InterestTerms
  processingFee: ProcessingFeeRule | null
  penalty: PenaltyRule | null
  allocationOrder: LoanAllocationOrder
  rounding: LoanRounding
  installmentMultiple: number | null
  /** Share of new loans booked on this product. */
  weight: number
}

export const LOAD_PRODUCTS: readonly LoadProduct[] = [
  {
    name: 'Weekly Union Loan',
    description: 'Principal in equal weekly parts, 2% processing fee, ₦50 a day late after 3 days.',
    minPrincipal: 2_000_000,
    maxPrincipal: 50_000_000,
    termUnit: 'WEEK',
    minTerm: 4,
    maxTerm: 26,
    interest: { method: 'NONE' },
    processingFee: { kind: 'PERCENT_OF_PRINCIPAL', rate: '0.02' },
    penalty: { kind: 'FIXED_PER_DAY', amountPerDay: 5_000, graceDays: 3, mode: 'FORGIVE', cap: 500_000 },
    allocationOrder: 'VERTICAL',
    rounding: 'HALF_EVEN',
    installmentMultiple: null,
    weight: 30,
  },
  {
    name: 'Trader Flat 10%',
    description: '10% flat for the whole term, weekly installments rounded up to ₦10.',
    minPrincipal: 5_000_000,
    maxPrincipal: 200_000_000,
    termUnit: 'WEEK',
    minTerm: 8,
    maxTerm: 40,
    interest: { method: 'FLAT', rate: '0.10', basis: 'PER_TERM' },
    processingFee: { kind: 'FLAT', amount: 100_000 },
    penalty: { kind: 'PERCENT_PER_DAY', ratePerDay: '0.001', graceDays: 3, mode: 'FORGIVE' },
    allocationOrder: 'VERTICAL',
    rounding: 'HALF_EVEN',
    installmentMultiple: 1_000,
    weight: 22,
  },
  {
    name: 'Market Women Weekly',
    description: '0.5% flat a week, fee 1.5% (₦500–₦5,000), ₦100 a day late from the due date.',
    minPrincipal: 3_000_000,
    maxPrincipal: 80_000_000,
    termUnit: 'WEEK',
    minTerm: 10,
    maxTerm: 30,
    interest: { method: 'FLAT', rate: '0.005', basis: 'PER_PERIOD' },
    processingFee: { kind: 'PERCENT_OF_PRINCIPAL', rate: '0.015', min: 50_000, max: 500_000 },
    penalty: { kind: 'FIXED_PER_DAY', amountPerDay: 10_000, graceDays: 0, mode: 'BACKDATE', cap: 1_000_000 },
    allocationOrder: 'HORIZONTAL',
    rounding: 'HALF_UP',
    installmentMultiple: null,
    weight: 12,
  },
  {
    name: 'Kiln Weekly Annuity',
    description: '0.8% a week on the declining balance, 1% fee, 0.2% a day of overdue principal.',
    minPrincipal: 10_000_000,
    maxPrincipal: 300_000_000,
    termUnit: 'WEEK',
    minTerm: 12,
    maxTerm: 40,
    interest: { method: 'DECLINING_ANNUITY', ratePerPeriod: '0.008' },
    processingFee: { kind: 'PERCENT_OF_PRINCIPAL', rate: '0.01' },
    penalty: {
      kind: 'PERCENT_PER_DAY',
      ratePerDay: '0.002',
      graceDays: 2,
      mode: 'BACKDATE',
      cap: 3_000_000,
      base: 'PRINCIPAL',
    },
    allocationOrder: 'VERTICAL',
    rounding: 'HALF_EVEN',
    installmentMultiple: null,
    weight: 8,
  },
  {
    name: 'SME Monthly Declining',
    description: '3.5% a month on the declining balance (annuity), 2.5% fee, 0.05% a day late after 5 days.',
    minPrincipal: 20_000_000,
    maxPrincipal: 500_000_000,
    termUnit: 'MONTH',
    minTerm: 3,
    maxTerm: 12,
    interest: { method: 'DECLINING_ANNUITY', ratePerPeriod: '0.035' },
    processingFee: { kind: 'PERCENT_OF_PRINCIPAL', rate: '0.025' },
    penalty: { kind: 'PERCENT_PER_DAY', ratePerDay: '0.0005', graceDays: 5, mode: 'BACKDATE' },
    allocationOrder: 'VERTICAL',
    rounding: 'HALF_UP',
    installmentMultiple: null,
    weight: 10,
  },
  {
    name: 'Equipment Loan',
    description: 'Equal principal each month plus 3% a month on the balance, ₦2,500 fee, ₦200 a day late.',
    minPrincipal: 15_000_000,
    maxPrincipal: 400_000_000,
    termUnit: 'MONTH',
    minTerm: 3,
    maxTerm: 12,
    interest: { method: 'DECLINING_EQUAL_PRINCIPAL', ratePerPeriod: '0.03' },
    processingFee: { kind: 'FLAT', amount: 250_000 },
    penalty: { kind: 'FIXED_PER_DAY', amountPerDay: 20_000, graceDays: 7, mode: 'FORGIVE', cap: 2_000_000 },
    allocationOrder: 'PRINCIPAL_FIRST',
    rounding: 'HALF_EVEN',
    installmentMultiple: null,
    weight: 7,
  },
  {
    name: 'Festive Monthly Flat',
    description: '4% flat a month, ₦1,500 fee, ₦150 a day late after 3 days (from the due date).',
    minPrincipal: 5_000_000,
    maxPrincipal: 100_000_000,
    termUnit: 'MONTH',
    minTerm: 2,
    maxTerm: 6,
    interest: { method: 'FLAT', rate: '0.04', basis: 'PER_PERIOD' },
    processingFee: { kind: 'FLAT', amount: 150_000 },
    penalty: { kind: 'FIXED_PER_DAY', amountPerDay: 15_000, graceDays: 3, mode: 'BACKDATE' },
    allocationOrder: 'VERTICAL',
    rounding: 'HALF_EVEN',
    installmentMultiple: 10_000,
    weight: 6,
  },
  {
    name: 'Interest-free Welfare Loan',
    description: 'No interest, no fee and no penalty: welfare support repaid monthly.',
    minPrincipal: 1_000_000,
    maxPrincipal: 30_000_000,
    termUnit: 'MONTH',
    minTerm: 2,
    maxTerm: 6,
    interest: { method: 'NONE' },
    processingFee: null,
    penalty: null,
    allocationOrder: 'VERTICAL',
    rounding: 'HALF_EVEN',
    installmentMultiple: null,
    weight: 5,
  },
]

/** Days one period lasts, roughly (for placing loans in time; due dates come from @mp/domain). */
export function periodDays(unit: LoadProduct['termUnit']): number {
  return unit === 'WEEK' ? 7 : 30
}
