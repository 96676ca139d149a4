import { z } from 'zod'
import { cleanText } from './fields.js'
import { listLoginHistory } from '../services/login-history.js'
import {
  DAY_RANGE_ORDER_ERROR,
  ZPage,
  ZPageSize,
  isDayRangeOrdered,
  zDayRange,
} from '../services/list-query.js'
import { protectedProcedure, router } from '../trpc.js'

export const ZLoginHistoryListInput = z
  .object({
    userId: z.uuid({ error: 'User id must be a valid id' }).optional(),
    email: z
      .string()
      .trim()
      .max(254, { error: 'Email must be at most 254 characters' })
      .refine(...cleanText('Email'))
      .optional(),
    isSuccess: z.boolean({ error: 'isSuccess must be true or false' }).optional(),
    ...zDayRange(),
    page: ZPage,
    pageSize: ZPageSize,
  })
  .refine(isDayRangeOrdered, DAY_RANGE_ORDER_ERROR)
  .prefault({})
export type TLoginHistoryListInput = z.infer<typeof ZLoginHistoryListInput>

/** Sign-in attempts, scoped like everything else (docs/product.md §1). Dates are days in the company timezone. */
export const loginHistoryRouter = router({
  list: protectedProcedure
    .input(ZLoginHistoryListInput)
    .query(({ ctx, input }) => listLoginHistory(ctx, input)),
})
