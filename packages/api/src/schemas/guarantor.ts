import { z } from 'zod'
import { cleanText, zOptionalText, ZPersonName, ZPhone } from './fields.js'
import { ZMemberId } from './member.js'

const ZGuarantorId = z.uuid({ error: 'Guarantor id must be a valid id' })

/** A guarantor must be reachable: the phone is required (stored as +234…). */
const ZGuarantorPhone = ZPhone.pipe(z.string({ error: 'Phone is required' }))

const ZRelationship = z
  .string({ error: 'Relationship is required' })
  .trim()
  .min(1, { error: 'Relationship is required' })
  .max(60, { error: 'Relationship must be at most 60 characters' })
  .refine(...cleanText('Relationship'))

export const ZGuarantorListInput = z.object({ memberId: ZMemberId })
export type TGuarantorListInput = z.infer<typeof ZGuarantorListInput>

export const ZGuarantorCreateInput = z.object({
  memberId: ZMemberId,
  firstName: ZPersonName('First name'),
  lastName: ZPersonName('Last name'),
  phone: ZGuarantorPhone,
  address: zOptionalText('Address', 500, { multiline: true }).nullish(),
  relationship: ZRelationship,
})
export type TGuarantorCreateInput = z.infer<typeof ZGuarantorCreateInput>

export const ZGuarantorUpdateInput = z.object({
  id: ZGuarantorId,
  firstName: ZPersonName('First name').optional(),
  lastName: ZPersonName('Last name').optional(),
  phone: ZGuarantorPhone.optional(),
  address: zOptionalText('Address', 500, { multiline: true }).nullish(),
  relationship: ZRelationship.optional(),
})
export type TGuarantorUpdateInput = z.infer<typeof ZGuarantorUpdateInput>

export const ZGuarantorIdInput = z.object({ id: ZGuarantorId })
export type TGuarantorIdInput = z.infer<typeof ZGuarantorIdInput>
