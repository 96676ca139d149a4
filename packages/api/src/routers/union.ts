import { z } from 'zod'
import { ZPage, ZPageSize } from '../services/list-query.js'
import {
  createUnion,
  deleteUnion,
  getUnion,
  listAssignableOfficers,
  listUnions,
  updateUnion,
} from '../services/union.js'
import { adminProcedure, protectedProcedure, router, supervisorProcedure } from '../trpc.js'

/** PostgreSQL text cannot hold NUL (U+0000): such input would fail in the database as a 500. */
const hasNoNul = (value: string) => !value.includes('\u0000')

/** Optional free text: trimmed; an empty string means "none" and is stored as null. */
export function zOptionalText(label: string, max: number) {
  return z
    .string({ error: `${label} must be text` })
    .trim()
    .max(max, { error: `${label} must be at most ${max} characters` })
    .refine(hasNoNul, { error: `${label} cannot contain NUL characters` })
    .transform((value) => (value === '' ? null : value))
}

/** Why a union or member was moved; kept in the history (the database allows 3–500 characters). */
export function zReason(label = 'Reason') {
  return z
    .string({ error: `${label} is required` })
    .trim()
    .min(3, { error: `${label} must be at least 3 characters` })
    .max(500, { error: `${label} must be at most 500 characters` })
    .refine(hasNoNul, { error: `${label} cannot contain NUL characters` })
}

export function zSearch() {
  return (
    z
      .string({ error: 'Search must be text' })
      .trim()
      .max(100, { error: 'Search must be at most 100 characters' })
      // Tabs and line breaks (pasted text) count as spaces; other control characters match nothing and
      // NUL cannot even reach PostgreSQL.
      // eslint-disable-next-line no-control-regex -- finding control characters is the point
      .refine((value) => !/[\u0000-\u0008\u000e-\u001f\u007f]/.test(value), {
        error: 'Search cannot contain control characters',
      })
      .optional()
      .transform((value) => (value === '' ? undefined : value))
  )
}

export const ZDirection = z.enum(['asc', 'desc'], { error: 'Direction must be asc or desc' }).default('asc')

export const ZUnionId = z.uuid({ error: 'Union id must be a valid id' })
export const ZCreditOfficerId = z.uuid({ error: 'Credit officer id must be a valid id' })

export const ZMeetingDay = z.enum(
  ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'],
  { error: 'Meeting day must be a day of the week, MONDAY to SUNDAY' },
)

const ZUnionName = z
  .string({ error: 'Union name is required' })
  .trim()
  .min(1, { error: 'Union name is required' })
  .max(120, { error: 'Union name must be at most 120 characters' })

const ZLocation = zOptionalText('Location', 200)
const ZAddress = zOptionalText('Address', 500)

export const ZUnionListInput = z
  .object({
    search: zSearch(),
    creditOfficerId: ZCreditOfficerId.optional(),
    page: ZPage,
    pageSize: ZPageSize,
    sort: z
      .enum(['name', 'createdAt', 'memberCount'], {
        error: 'Sort must be one of name, createdAt, memberCount',
      })
      .default('name'),
    direction: ZDirection,
  })
  .prefault({})
export type TUnionListInput = z.infer<typeof ZUnionListInput>

export const ZUnionIdInput = z.object({ id: ZUnionId })
export type TUnionIdInput = z.infer<typeof ZUnionIdInput>

export const ZUnionCreateInput = z.object({
  name: ZUnionName,
  location: ZLocation.nullish(),
  address: ZAddress.nullish(),
  meetingDay: ZMeetingDay.nullish(),
  creditOfficerId: ZCreditOfficerId,
})
export type TUnionCreateInput = z.infer<typeof ZUnionCreateInput>

export const ZUnionUpdateInput = z.object({
  id: ZUnionId,
  name: ZUnionName.optional(),
  location: ZLocation.nullish(),
  address: ZAddress.nullish(),
  meetingDay: ZMeetingDay.nullish(),
})
export type TUnionUpdateInput = z.infer<typeof ZUnionUpdateInput>

/**
 * Unions, the borrower groups (SPEC §6). Everyone sees the unions in their scope (a union belongs to
 * its credit officer, and so to that officer's supervisor); admins and supervisors create and edit
 * them; only an admin deletes one, and only when it is empty. Reassignment lives in `assignment`.
 */
export const unionRouter = router({
  list: protectedProcedure.input(ZUnionListInput).query(({ ctx, input }) => listUnions(ctx, input)),
  get: protectedProcedure.input(ZUnionIdInput).query(({ ctx, input }) => getUnion(ctx, input.id)),
  create: supervisorProcedure.input(ZUnionCreateInput).mutation(({ ctx, input }) => createUnion(ctx, input)),
  update: supervisorProcedure.input(ZUnionUpdateInput).mutation(({ ctx, input }) => updateUnion(ctx, input)),
  delete: adminProcedure.input(ZUnionIdInput).mutation(({ ctx, input }) => deleteUnion(ctx, input.id)),
  officers: protectedProcedure.query(({ ctx }) => listAssignableOfficers(ctx)),
})
