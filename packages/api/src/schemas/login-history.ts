import { z } from 'zod'
import { cleanText } from './fields.js'
import { DAY_RANGE_ORDER_ERROR, ZPage, ZPageSize, isDayRangeOrdered, zDayRange } from './list.js'

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
