import { z } from 'zod'
import { cleanText } from './fields.js'
import { auditFacets, getAudit, listAudit } from '../services/audit.js'
import {
  DAY_RANGE_ORDER_ERROR,
  ZPage,
  ZPageSize,
  isDayRangeOrdered,
  zDayRange,
} from '../services/list-query.js'
import { router, supervisorProcedure } from '../trpc.js'

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

/** The audit trail (docs/product.md §8): admins see all of it, supervisors what they and their team did. */
export const auditRouter = router({
  list: supervisorProcedure.input(ZAuditListInput).query(({ ctx, input }) => listAudit(ctx, input)),
  get: supervisorProcedure.input(ZAuditGetInput).query(({ ctx, input }) => getAudit(ctx, input.id)),
  facets: supervisorProcedure.query(({ ctx }) => auditFacets(ctx)),
})
