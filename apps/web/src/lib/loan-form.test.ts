import { buildSchedule } from '@mp/domain'
import { describe, expect, it } from 'vitest'
import {
  amountFilter,
  interestText,
  loanPreview,
  rateWithApr,
  reasonProblem,
  termRangeText,
  toLoanInput,
  type LoanFormValues,
  type LoanProduct,
} from './loan-form'

const TRADER: LoanProduct = {
  name: 'Trader loan',
  minPrincipal: 5_000_000,
  maxPrincipal: 50_000_000,
  termUnit: 'WEEK',
  minTerm: 4,
  maxTerm: 24,
  interest: { method: 'FLAT', rate: '0.10', basis: 'PER_TERM' },
  processingFee: null,
  rounding: 'HALF_EVEN',
  installmentMultiple: null,
}

const VALUES: LoanFormValues = {
  unionId: 'u1',
  memberId: 'm1',
  loanTypeId: 't1',
  principal: '100,000',
  termCount: '12',
  startDate: '2025-01-06',
  purpose: '  Stock for the shop  ',
  guarantorIds: ['g1'],
  overrideReason: '',
}

describe('toLoanInput', () => {
  it('turns the typed naira into exact kobo and the term into a whole number', () => {
    expect(toLoanInput({ ...VALUES, principal: '₦123,456.78' }, TRADER)).toEqual({
      input: {
        memberId: 'm1',
        loanTypeId: 't1',
        principal: 12_345_678,
        termCount: 12,
        startDate: '2025-01-06',
        purpose: 'Stock for the shop',
        guarantorIds: ['g1'],
        overrideReason: null,
        topUpOfLoanId: null,
      },
      errors: null,
    })
  })

  it("checks the loan type's ranges with the limits in the message", () => {
    const result = toLoanInput({ ...VALUES, principal: '10,000', termCount: '30' }, TRADER)
    expect(result.errors).toEqual({
      principal: 'Amount must be between ₦50,000.00 and ₦500,000.00 for Trader loan',
      termCount: 'Term must be between 4 and 24 weeks for Trader loan',
    })
  })

  it('asks for every required field', () => {
    const empty: LoanFormValues = {
      ...VALUES,
      unionId: '',
      memberId: '',
      loanTypeId: '',
      principal: '',
      termCount: '',
      startDate: '',
    }
    const { errors } = toLoanInput(empty, undefined)
    expect(Object.keys(errors ?? {}).sort()).toEqual(
      ['loanTypeId', 'memberId', 'principal', 'startDate', 'termCount', 'unionId'].sort(),
    )
    expect(toLoanInput({ ...VALUES, principal: '12.345' }, TRADER).errors?.principal).toMatch(/naira/)
    expect(toLoanInput({ ...VALUES, termCount: '6.5' }, TRADER).errors?.termCount).toBe(
      'Term must be a whole number',
    )
  })

  it('sends an override reason only when one is typed, and at least 3 characters', () => {
    expect(toLoanInput({ ...VALUES, overrideReason: ' ok ' }, TRADER).errors?.overrideReason).toBeDefined()
    expect(toLoanInput({ ...VALUES, overrideReason: ' Top-up agreed ' }, TRADER).input?.overrideReason).toBe(
      'Top-up agreed',
    )
  })
})

describe('loanPreview', () => {
  it('builds the very schedule the server books, with the fee and the APR', () => {
    const product: LoanProduct = {
      ...TRADER,
      processingFee: { kind: 'PERCENT_OF_PRINCIPAL', rate: '0.02' },
      installmentMultiple: 1000,
    }
    const preview = loanPreview(product, VALUES)
    if (preview.kind !== 'ok') throw new Error(preview.message)
    expect(preview.schedule).toEqual(
      buildSchedule({
        principal: 10_000_000,
        termCount: 12,
        termUnit: 'WEEK',
        startDate: '2025-01-06',
        interest: product.interest,
        rounding: 'HALF_EVEN',
        installmentMultiple: 1000,
        processingFee: { kind: 'PERCENT_OF_PRINCIPAL', rate: '0.02' },
      }),
    )
    expect(preview.processingFee).toBe(200_000)
    expect(preview.schedule.totalPrincipal).toBe(10_000_000)
    expect(preview.schedule.installments[0]?.dueDate).toBe('2025-01-13')
  })

  it('shows the cost of credit next to the flat rate', () => {
    const preview = loanPreview(TRADER, VALUES)
    if (preview.kind !== 'ok') throw new Error(preview.message)
    expect(preview.schedule.total).toBe(11_000_000)
    expect(rateWithApr(TRADER.interest, 'WEEK', preview.apr)).toBe('10% flat per term ≈ 77.88% APR')
  })

  it('says what is missing or wrong instead of a schedule', () => {
    expect(loanPreview(undefined, VALUES).kind).toBe('incomplete')
    expect(loanPreview(TRADER, { ...VALUES, principal: '' }).kind).toBe('incomplete')
    expect(loanPreview(TRADER, { ...VALUES, principal: 'abc' })).toMatchObject({ kind: 'error' })
    expect(loanPreview(TRADER, { ...VALUES, termCount: '2' })).toEqual({
      kind: 'error',
      message: 'Term must be between 4 and 24 weeks for Trader loan',
    })
    const greedy: LoanProduct = {
      ...TRADER,
      processingFee: { kind: 'FLAT', amount: 20_000_000 },
      maxPrincipal: 90_000_000,
    }
    expect(loanPreview(greedy, { ...VALUES, principal: '100,000' })).toEqual({
      kind: 'error',
      message: 'The processing fee (₦200,000.00) must be less than the principal (₦100,000.00)',
    })
  })
})

describe('wording', () => {
  it('describes rates and ranges as the officer reads them', () => {
    expect(interestText({ method: 'NONE' }, 'MONTH')).toBe('No interest')
    expect(interestText({ method: 'FLAT', rate: '0.025', basis: 'PER_PERIOD' }, 'WEEK')).toBe(
      '2.5% flat per week',
    )
    expect(interestText({ method: 'DECLINING_ANNUITY', ratePerPeriod: '0.04' }, 'MONTH')).toBe(
      '4% per month, declining (equal installments)',
    )
    expect(rateWithApr({ method: 'NONE' }, 'WEEK', null)).toBe('No interest')
    expect(termRangeText(TRADER)).toBe('4 – 24 weeks')
    expect(termRangeText({ minTerm: 1, maxTerm: 1, termUnit: 'MONTH' })).toBe('1 month')
  })

  it('wants a reason of 3 to 500 characters', () => {
    expect(reasonProblem('  no ')).toBe('Reason must be at least 3 characters')
    expect(reasonProblem('x'.repeat(501), 'Override reason')).toBe(
      'Override reason must be at most 500 characters',
    )
    expect(reasonProblem('Member moved away')).toBeUndefined()
  })
})

describe('amountFilter', () => {
  it('is open when empty, kobo when naira, a message otherwise', () => {
    expect(amountFilter(' ', 'From')).toEqual({ kobo: undefined, error: undefined })
    expect(amountFilter('50,000', 'From')).toEqual({ kobo: 5_000_000, error: undefined })
    expect(amountFilter('fifty', 'From').error).toBe('From must be an amount in naira such as 50,000.00')
  })
})
