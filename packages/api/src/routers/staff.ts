import {
  assignSupervisor,
  createStaff,
  getStaff,
  getStaffActivity,
  listStaff,
  listSupervisors,
  resetStaffPassword,
  revokeStaffSessions,
  setStaffActive,
  updateStaff,
} from '../services/staff.js'
import { adminProcedure, router, supervisorProcedure } from '../trpc.js'
import {
  ZStaffListInput,
  ZStaffIdInput,
  ZStaffCreateInput,
  ZStaffUpdateInput,
  ZStaffSetActiveInput,
  ZStaffAssignSupervisorInput,
} from '../schemas/staff.js'

/**
 * Staff management (docs/product.md §1): admins manage everyone; supervisors see themselves and their credit
 * officers, create credit officers under themselves and keep their team's details current.
 */
export const staffRouter = router({
  list: supervisorProcedure.input(ZStaffListInput).query(({ ctx, input }) => listStaff(ctx, input)),
  get: supervisorProcedure.input(ZStaffIdInput).query(({ ctx, input }) => getStaff(ctx, input.id)),
  create: supervisorProcedure.input(ZStaffCreateInput).mutation(({ ctx, input }) => createStaff(ctx, input)),
  update: supervisorProcedure.input(ZStaffUpdateInput).mutation(({ ctx, input }) => updateStaff(ctx, input)),
  setActive: supervisorProcedure
    .input(ZStaffSetActiveInput)
    .mutation(({ ctx, input }) => setStaffActive(ctx, input)),
  assignSupervisor: adminProcedure
    .input(ZStaffAssignSupervisorInput)
    .mutation(({ ctx, input }) => assignSupervisor(ctx, input)),
  resetPassword: supervisorProcedure
    .input(ZStaffIdInput)
    .mutation(({ ctx, input }) => resetStaffPassword(ctx, input.id)),
  revokeSessions: adminProcedure
    .input(ZStaffIdInput)
    .mutation(({ ctx, input }) => revokeStaffSessions(ctx, input.id)),
  activity: supervisorProcedure
    .input(ZStaffIdInput)
    .query(({ ctx, input }) => getStaffActivity(ctx, input.id)),
  supervisors: supervisorProcedure.query(({ ctx }) => listSupervisors(ctx)),
})
