import { MAX_TERM_COUNT } from '@mp/domain'
import { describe, expect, it } from 'vitest'
import { initialValues, toInput, type Values } from './loan-type-values'

const filled: Values = {
  ...initialValues(undefined),
  name: '12-week trader loan',
  minPrincipal: '50,000',
  maxPrincipal: '500,000',
  minTerm: '4',
  maxTerm: '12',
  interestRate: '10',
  penaltyKind: 'PERCENT_PER_DAY',
  penaltyRate: '0.5',
  penaltyGraceDays: '3',
}

describe('loan type form → loanType.create input', () => {
  it('turns naira, percentages and terms into the API input', () => {
    const { input, errors } = toInput(filled, undefined)
    expect(errors).toBeNull()
    expect(input).toMatchObject({
      name: '12-week trader loan',
      minPrincipal: 5_000_000,
      maxPrincipal: 50_000_000,
      minTerm: 4,
      maxTerm: 12,
      interest: { method: 'FLAT', rate: '0.10', basis: 'PER_TERM' },
      penalty: { kind: 'PERCENT_PER_DAY', ratePerDay: '0.005', graceDays: 3, mode: 'FORGIVE' },
      processingFee: null,
    })
  })

  it("shows the server schema's rules with its messages under the form's fields", () => {
    const { errors } = toInput(
      {
        ...filled,
        name: '  ',
        maxPrincipal: '40,000',
        minTerm: '0',
        maxTerm: String(MAX_TERM_COUNT + 1),
        penaltyGraceDays: '400',
      },
      undefined,
    )
    expect(errors).toEqual({
      name: 'Name is required',
      maxPrincipal: 'Maximum principal must be at least the minimum principal',
      minTerm: 'Minimum term must be at least 1',
      maxTerm: `Maximum term must be at most ${MAX_TERM_COUNT}`,
      penaltyGraceDays: 'Grace days must be between 0 and 365',
    })
  })

  it('keeps the message for text that is not a number at all', () => {
    const { errors } = toInput({ ...filled, minPrincipal: 'lots', interestRate: 'ten' }, undefined)
    expect(errors).toEqual({
      minPrincipal: 'Minimum principal must be an amount in naira such as 50,000.00',
      interestRate: 'Interest rate must be a percentage such as 10 or 2.5',
    })
  })
})
