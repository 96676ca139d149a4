import { describe, expect, it } from 'vitest'
import { waiverLimitsInput, waiverLimitTexts } from './waiver-limits'

describe('waiverLimitsInput', () => {
  it('reads naira exactly into kobo and leaves an empty role out', () => {
    expect(waiverLimitsInput({ SUPERVISOR: '1,000.50', ADMIN: '' }, {})).toEqual({
      input: { SUPERVISOR: 100_050 },
      errors: {},
    })
    expect(waiverLimitsInput({ SUPERVISOR: ' ₦0.01 ', ADMIN: '50000000' }, {})).toEqual({
      input: { SUPERVISOR: 1, ADMIN: 5_000_000_000 },
      errors: {},
    })
  })

  it("keeps the credit officers' stored limit, which the form does not show", () => {
    expect(waiverLimitsInput({ SUPERVISOR: '', ADMIN: '10' }, { CREDIT_OFFICER: 500 }).input).toEqual({
      CREDIT_OFFICER: 500,
      ADMIN: 1_000,
    })
  })

  it("says what is wrong in the server's or the domain's words", () => {
    expect(waiverLimitsInput({ SUPERVISOR: '0', ADMIN: '' }, {}).errors).toEqual({
      SUPERVISOR: 'Supervisor waiver limit must be at least 1 kobo',
    })
    expect(waiverLimitsInput({ SUPERVISOR: '', ADMIN: '-5' }, {}).errors).toEqual({
      ADMIN: 'Admin waiver limit must be at least 1 kobo',
    })
    const errors = waiverLimitsInput({ SUPERVISOR: '10.005', ADMIN: 'ten' }, {}).errors
    expect(errors.SUPERVISOR).toMatch(/at most 2 decimal places/)
    expect(errors.ADMIN).toMatch(/must be an amount in naira/)
    expect(
      waiverLimitsInput({ SUPERVISOR: '999,999,999,999,999,999', ADMIN: '' }, {}).errors.SUPERVISOR,
    ).toMatch(/larger than the largest amount this system can hold/)
  })
})

describe('waiverLimitTexts', () => {
  it('shows stored kobo as naira text, and nothing for a role that may not approve', () => {
    expect(waiverLimitTexts({ SUPERVISOR: 100_050 })).toEqual({ SUPERVISOR: '1,000.50', ADMIN: '' })
  })
})
