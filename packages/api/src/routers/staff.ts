import { z } from 'zod'
import { ZPage, ZPageSize } from '../services/list-query.js'
import { ZEmail, ZPersonName, ZPhone, cleanText, zSearch } from './fields.js'
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

const ZStaffRole = z.enum(['ADMIN', 'SUPERVISOR', 'CREDIT_OFFICER'], {
  error: 'Role must be ADMIN, SUPERVISOR or CREDIT_OFFICER',
})

const ZStaffId = z.uuid({ error: 'Staff id must be a valid id' })
const ZSupervisorId = z.uuid({ error: 'Supervisor id must be a valid id' })

const ZStaffEmail = ZEmail
const zName = ZPersonName
const ZStaffPhone = ZPhone

export const ZStaffListInput = z
  .object({
    search: zSearch(),
    role: ZStaffRole.optional(),
    isActive: z.boolean().optional(),
    supervisorId: ZSupervisorId.optional(),
    page: ZPage,
    pageSize: ZPageSize,
    sort: z
      .enum(['name', 'email', 'role', 'lastLoginAt', 'createdAt'], {
        error: 'Sort must be one of name, email, role, lastLoginAt, createdAt',
      })
      .default('name'),
    direction: z.enum(['asc', 'desc'], { error: 'Direction must be asc or desc' }).default('asc'),
  })
  .prefault({})
export type TStaffListInput = z.infer<typeof ZStaffListInput>

export const ZStaffIdInput = z.object({ id: ZStaffId })
export type TStaffIdInput = z.infer<typeof ZStaffIdInput>

export const ZStaffCreateInput = z.object({
  email: ZStaffEmail,
  firstName: zName('First name'),
  lastName: zName('Last name'),
  phone: ZStaffPhone.optional(),
  role: ZStaffRole,
  supervisorId: ZSupervisorId.nullish(),
})
export type TStaffCreateInput = z.infer<typeof ZStaffCreateInput>

export const ZStaffUpdateInput = z.object({
  id: ZStaffId,
  email: ZStaffEmail.optional(),
  firstName: zName('First name').optional(),
  lastName: zName('Last name').optional(),
  phone: ZStaffPhone.nullable().optional(),
  role: ZStaffRole.optional(),
})
export type TStaffUpdateInput = z.infer<typeof ZStaffUpdateInput>

export const ZStaffSetActiveInput = z
  .object({
    id: ZStaffId,
    isActive: z.boolean({ error: 'isActive must be true or false' }),
    reason: z
      .string()
      .trim()
      .max(500, { error: 'Reason must be at most 500 characters' })
      .refine(...cleanText('Reason', { multiline: true }))
      .optional(),
  })
  .refine((input) => input.isActive || (input.reason !== undefined && input.reason.length >= 3), {
    error: 'Give a reason of at least 3 characters for deactivating',
    path: ['reason'],
  })
export type TStaffSetActiveInput = z.infer<typeof ZStaffSetActiveInput>

export const ZStaffAssignSupervisorInput = z.object({
  id: ZStaffId,
  supervisorId: ZSupervisorId.nullable(),
})
export type TStaffAssignSupervisorInput = z.infer<typeof ZStaffAssignSupervisorInput>

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
