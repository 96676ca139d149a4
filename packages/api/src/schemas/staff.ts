import { z } from 'zod'
import { ZPage, ZPageSize } from './list.js'
import { ZEmail, ZPersonName, ZPhone, cleanText, zSearch } from './fields.js'

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
