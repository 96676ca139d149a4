import { describe, expect, it } from 'vitest'
import { REPAYMENT_METHOD_OPTIONS, isRepaymentMethod, methodLabel, receiptUrl } from './repayments'

describe('repayment labels', () => {
  it('offers every method the server takes, in words', () => {
    expect(REPAYMENT_METHOD_OPTIONS.map((option) => option.value)).toEqual([
      'CASH',
      'TRANSFER',
      'POS',
      'MOBILE',
      'USSD',
      'OTHER',
    ])
    expect(methodLabel('MOBILE')).toBe('Mobile money')
    expect(isRepaymentMethod('POS')).toBe(true)
    expect(isRepaymentMethod('CHEQUE')).toBe(false)
    expect(isRepaymentMethod(null)).toBe(false)
  })

  it('links to the receipt PDF the server serves', () => {
    expect(receiptUrl('3f1c6a2e-0000-4000-8000-000000000001')).toBe(
      '/files/repayments/3f1c6a2e-0000-4000-8000-000000000001/receipt.pdf',
    )
    expect(receiptUrl('3f1c6a2e-0000-4000-8000-000000000001', 'thermal58')).toBe(
      '/files/repayments/3f1c6a2e-0000-4000-8000-000000000001/receipt.pdf?format=thermal58',
    )
  })
})
