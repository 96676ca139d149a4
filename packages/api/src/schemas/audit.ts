import { z } from 'zod'
import { cleanText } from './fields.js'
import { DAY_RANGE_ORDER_ERROR, ZPage, ZPageSize, isDayRangeOrdered, zDayRange } from './list.js'

function zFilter(label: string, max: number) {
  return z
    .string()
    .trim()
    .max(max, { error: `${label} must be at most ${max} characters` })
    .refine(...cleanText(label))
    .optional()
    .transform((value) => (value === '' ? undefined : value))
}

export const ZAuditListInput = z
  .object({
    actorId: z.uuid({ error: 'Actor id must be a valid id' }).optional(),
    action: zFilter('Action', 100),
    entityType: zFilter('Entity type', 100),
    entityId: zFilter('Entity id', 200),
    ...zDayRange(),
    page: ZPage,
    pageSize: ZPageSize,
  })
  .refine(isDayRangeOrdered, DAY_RANGE_ORDER_ERROR)
  .prefault({})
export type TAuditListInput = z.infer<typeof ZAuditListInput>

export const ZAuditGetInput = z.object({ id: z.uuid({ error: 'Audit entry id must be a valid id' }) })
export type TAuditGetInput = z.infer<typeof ZAuditGetInput>
