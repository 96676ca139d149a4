import { z } from 'zod'
import {
  createLoanType,
  getLoanType,
  listLoanTypes,
  previewLoanTypeSchedule,
  setLoanTypeActive,
  updateLoanType,
} from '../services/loan-type.js'
import { adminProcedure, protectedProcedure, router } from '../trpc.js'
import { zKobo } from '../schemas/loan-rules.js'
import { zTerm, ZLoanTypeInput, ZLoanTypeUpdateInput, ZLoanTypeIdInput } from '../schemas/loan-type.js'

export const loanTypeRouter = router({
  list: protectedProcedure
    .input(z.object({ includeInactive: z.boolean().default(false) }).default({ includeInactive: false }))
    .query(({ ctx, input }) => listLoanTypes(ctx, input)),
  get: protectedProcedure.input(ZLoanTypeIdInput).query(({ ctx, input }) => getLoanType(ctx, input.id)),
  create: adminProcedure.input(ZLoanTypeInput).mutation(({ ctx, input }) => createLoanType(ctx, input)),
  update: adminProcedure.input(ZLoanTypeUpdateInput).mutation(({ ctx, input }) => {
    const { id, ...values } = input
    return updateLoanType(ctx, id, values)
  }),
  setActive: adminProcedure
    .input(z.object({ id: z.uuid({ error: 'Loan type id must be a UUID' }), isActive: z.boolean() }))
    .mutation(({ ctx, input }) => setLoanTypeActive(ctx, input.id, input.isActive)),
  /** The schedule a loan of this type would get (the web app computes the same in the browser). */
  previewSchedule: protectedProcedure
    .input(
      z.object({
        id: z.uuid({ error: 'Loan type id must be a UUID' }),
        principal: zKobo('Principal'),
        termCount: zTerm('Term'),
        startDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Start date must look like 2025-01-31' }),
      }),
    )
    .query(({ ctx, input }) => previewLoanTypeSchedule(ctx, input)),
})
