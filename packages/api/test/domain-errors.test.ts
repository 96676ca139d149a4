import { DOMAIN_ERROR_CODES, DomainError } from '@mp/domain'
import { TRPCError } from '@trpc/server'
import { describe, expect, it } from 'vitest'
import { AppError, DOMAIN_ERROR_ANSWERS } from '../src/errors.js'
import { createCallerFactory, publicProcedure, router } from '../src/trpc.js'
import { openTestDatabase } from './staff-fixtures.js'
import { createInnerContext } from '../src/context.js'
import { activeLoan, addLoanWorld, newKey } from './loan-fixtures.js'

/**
 * Errors in one place (issue 14 item 4): a DomainError escaping any procedure, wrapped or not, is answered
 * by the error middleware from one table — its message, code and details kept — never a 500.
 */
describe('lending-engine errors through the error middleware', () => {
  it('every domain error code has an answer, and none of them is a 500', () => {
    expect(Object.keys(DOMAIN_ERROR_ANSWERS).sort()).toEqual([...DOMAIN_ERROR_CODES].sort())
    expect(Object.values(DOMAIN_ERROR_ANSWERS).every((code) => code !== 'SERVICE_UNAVAILABLE')).toBe(true)
  })

  it('a DomainError thrown by a procedure with no wrapping becomes its 4xx with the message and details', async () => {
    const t = await openTestDatabase()
    try {
      const probe = router({
        pay: publicProcedure.mutation(() => {
          throw new DomainError({
            code: 'OVERPAYMENT',
            message: 'Amount must be at most ₦1,000.00 (the payoff)',
            details: { maximum: 100_000 },
          })
        }),
      })
      const caller = createCallerFactory(probe)(createInnerContext({ db: t.db }))
      const error = await caller.pay().then(
        () => undefined,
        (caught: unknown) => caught,
      )
      expect(error).toBeInstanceOf(TRPCError)
      const trpcError = error as TRPCError
      expect(trpcError.code).toBe('BAD_REQUEST')
      expect(trpcError.message).toBe('Amount must be at most ₦1,000.00 (the payoff)')
      expect(trpcError.cause).toBeInstanceOf(AppError)
      expect((trpcError.cause as AppError).reason).toBe('OVERPAYMENT')
      expect((trpcError.cause as AppError).details).toEqual({ maximum: 100_000 })
    } finally {
      await t.close()
    }
  })

  it('a real service calling the engine unwrapped (repayment.record over the payoff) answers 400 OVERPAYMENT', async () => {
    const t = await openTestDatabase()
    try {
      const w = await addLoanWorld(t.db, '2025-01-06')
      const loan = await activeLoan(w)
      const error = await w.asCoA1.repayment
        .record({
          loanId: loan.id,
          paidOn: '2025-01-06',
          method: 'CASH',
          amount: 11_000_001,
          idempotencyKey: newKey(),
        })
        .then(
          () => undefined,
          (caught: unknown) => caught,
        )
      expect(error).toBeInstanceOf(TRPCError)
      const trpcError = error as TRPCError
      expect(trpcError.code).toBe(DOMAIN_ERROR_ANSWERS.OVERPAYMENT)
      expect(trpcError.message).toMatch(/the most that can be accepted is ₦110,000\.00/)
      expect((trpcError.cause as AppError).reason).toBe('OVERPAYMENT')
      expect((trpcError.cause as AppError).details).toMatchObject({ field: 'amount', maximum: 11_000_000 })
    } finally {
      await t.close()
    }
  })
})
