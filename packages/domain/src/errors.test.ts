// Every DomainError code, each triggered the way a caller would meet it, with a message that names the field.
import { describe, expect, it } from 'vitest'

import { DOMAIN_ERROR_CODES, DomainError, fieldLabel, isDomainError } from './errors.js'
import type { DomainErrorCode } from './errors.js'
import {
  allocatePayment,
  applyTransition,
  buildSchedule,
  internalRateOfReturn,
  loanPosition,
  parseNaira,
  planRepayment,
  todayIn,
} from './index.js'
import { domainError } from '../test/support/expect-error.js'

const terms = {
  principal: 10_000_000,
  termCount: 12,
  termUnit: 'WEEK',
  startDate: '2025-01-06',
  interest: { method: 'FLAT', rate: '0.10', basis: 'PER_TERM' },
} as const

const cases: Record<DomainErrorCode, { run: () => unknown; mentions: string }> = {
  INVALID_AMOUNT: { run: () => buildSchedule({ ...terms, principal: 12.5 }), mentions: 'Principal' },
  INVALID_MONEY_TEXT: { run: () => parseNaira('12,34'), mentions: 'Amount' },
  INVALID_TERM: { run: () => buildSchedule({ ...terms, termCount: 0 }), mentions: 'Term count' },
  INVALID_RATE: {
    run: () => buildSchedule({ ...terms, interest: { method: 'FLAT', rate: '0.1.0', basis: 'PER_TERM' } }),
    mentions: 'Interest rate',
  },
  INVALID_DATE: { run: () => buildSchedule({ ...terms, startDate: '2025-04-31' }), mentions: 'Start date' },
  INVALID_TIMEZONE: { run: () => todayIn('Lagos'), mentions: 'Time zone' },
  INVALID_OPTION: {
    run: () => allocatePayment({ amount: 1, installments: [], componentOrder: ['fee'] }),
    mentions: 'Component order',
  },
  INVALID_EVENT: {
    run: () =>
      loanPosition({
        installments: buildSchedule(terms).installments,
        asOf: '2025-02-01',
        events: [{ type: 'REVERSAL', id: 'v1', date: '2025-01-20', repaymentId: 'r9' }],
      }),
    mentions: 'r9',
  },
  OVERPAYMENT: {
    run: () =>
      planRepayment({
        installments: buildSchedule(terms).installments,
        asOf: '2025-01-06',
        repayment: { id: 'r1', date: '2025-01-06', amount: 11_000_001 },
      }),
    mentions: '₦110,000.00',
  },
  TRANSITION_NOT_ALLOWED: {
    run: () =>
      applyTransition({
        actor: { kind: 'STAFF', id: 'co-1', role: 'CREDIT_OFFICER' },
        loan: { status: 'ACTIVE', officerId: 'co-1', officerSupervisorId: null, submittedById: 'co-1' },
        transition: 'WRITE_OFF',
        reason: 'gone',
      }),
    mentions: 'admin',
  },
  IRR_NOT_FOUND: { run: () => internalRateOfReturn([-100]), mentions: 'payment' },
}

describe('DomainError', () => {
  it('has a case here for every code', () => {
    expect(Object.keys(cases).sort()).toEqual([...DOMAIN_ERROR_CODES].sort())
  })
  for (const code of DOMAIN_ERROR_CODES) {
    it(`${code} is thrown with a readable message`, () => {
      const error = domainError(cases[code].run, code)
      expect(isDomainError(error)).toBe(true)
      expect(error).toBeInstanceOf(Error)
      expect(error.name).toBe('DomainError')
      expect(error.message).toContain(cases[code].mentions)
      expect(error.message).not.toMatch(/undefined|NaN|\[object/)
    })
  }
  it('labels fields for people', () => {
    expect(fieldLabel('termCount')).toBe('Term count')
    expect(fieldLabel('installments[3].dueDate')).toBe('Installments 3 due date')
    expect(new DomainError({ code: 'INVALID_AMOUNT', message: 'x' }).details).toEqual({})
  })
})
