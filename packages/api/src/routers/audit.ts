import { auditFacets, getAudit, listAudit } from '../services/audit.js'
import { router, supervisorProcedure } from '../trpc.js'
import { ZAuditListInput, ZAuditGetInput } from '../schemas/audit.js'

/** The audit trail (docs/product.md §8): admins see all of it, supervisors what they and their team did. */
export const auditRouter = router({
  list: supervisorProcedure.input(ZAuditListInput).query(({ ctx, input }) => listAudit(ctx, input)),
  get: supervisorProcedure.input(ZAuditGetInput).query(({ ctx, input }) => getAudit(ctx, input.id)),
  facets: supervisorProcedure.query(({ ctx }) => auditFacets(ctx)),
})
