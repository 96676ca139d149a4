import type { RescheduleEvent, WaiverEvent } from '@mp/domain'
import { z } from 'zod'
import { zReason } from './fields.js'
import { ZPage, ZPageSize, zBoundedDay, zDay } from './list.js'
import { ZLoanId } from './loan.js'
import { zKobo } from './loan-rules.js'
import { parseStored } from './stored.js'

// Reschedules, restructures and waivers of a running loan (docs/lending.md "Rescheduling",
// "Restructuring", "Waivers"): what a form sends, what the server keeps (versioned JSON), and the
// decision inputs. Every number is checked here and again by @mp/domain.

/** New installments at most (the engine's limit too: `MAX_TERM_COUNT`). */
const MAX_NEW_INSTALLMENTS = 1200

const zCount = (label: string, min: number, max: number) =>
  z
    .number({ error: `${label} must be a whole number` })
    .int({ error: `${label} must be a whole number` })
    .min(min, { error: `${label} must be at least ${min}` })
    .max(max, { error: `${label} must be at most ${max}` })

/** A waiver amount: 0 (nothing of that kind) up to JavaScript's exact range. */
const zWaived = (label: string) =>
  z
    .number({ error: `${label} must be an amount in kobo` })
    .int({ error: `${label} must be a whole number of kobo` })
    .min(0, { error: `${label} cannot be negative` })
    .max(Number.MAX_SAFE_INTEGER, { error: `${label} is too large` })

const scheduleFields = {
  date: zDay('Effective date'),
  installmentCount: zCount('Number of new installments', 1, MAX_NEW_INSTALLMENTS),
  graceOnPrincipal: zCount('Grace on principal', 0, MAX_NEW_INSTALLMENTS - 1).optional(),
  firstDueDate: zBoundedDay('First due date'),
  termUnit: z.enum(['DAY', 'WEEK', 'MONTH'], { error: 'Repayment frequency must be DAY, WEEK or MONTH' }),
  repaymentEvery: zCount('Repay every', 1, 12).optional(),
}

const ZRescheduleTermsV1 = z.strictObject({
  kind: z.literal('RESCHEDULE'),
  ...scheduleFields,
  penalties: z.enum(['KEEP', 'WAIVE'], { error: 'Penalties must be KEEP or WAIVE' }).optional(),
})

const ZRestructureTermsV1 = z.strictObject({
  kind: z.literal('RESTRUCTURE'),
  ...scheduleFields,
  penalties: z.enum(['KEEP', 'WAIVE', 'CAPITALISE'], {
    error: 'Penalties must be CAPITALISE, WAIVE or KEEP',
  }),
})

const ZWaiverTermsV1 = z
  .strictObject({
    kind: z.literal('WAIVER'),
    date: zDay('Waiver date'),
    penalty: zWaived('Penalty waived').optional(),
    interest: zWaived('Interest waived').optional(),
  })
  .refine((w) => (w.penalty ?? 0) + (w.interest ?? 0) > 0, {
    error: 'A waiver must waive some penalty or interest',
    path: ['penalty'],
  })
  .refine((w) => (w.penalty ?? 0) + (w.interest ?? 0) <= Number.MAX_SAFE_INTEGER, {
    error: 'Penalty and interest waived together are too large',
    path: ['interest'],
  })

const ZLoanChangeTerms = z.discriminatedUnion(
  'kind',
  [ZRescheduleTermsV1, ZRestructureTermsV1, ZWaiverTermsV1],
  { error: 'Kind must be RESCHEDULE, RESTRUCTURE or WAIVER' },
)
export type TLoanChangeTerms = z.infer<typeof ZLoanChangeTerms>

export const ZLoanChangePreviewInput = z.strictObject({ loanId: ZLoanId, terms: ZLoanChangeTerms })
export type TLoanChangePreviewInput = z.infer<typeof ZLoanChangePreviewInput>

export const ZLoanChangeRequestInput = z.strictObject({
  loanId: ZLoanId,
  terms: ZLoanChangeTerms,
  reason: zReason(),
})
export type TLoanChangeRequestInput = z.infer<typeof ZLoanChangeRequestInput>

export const ZLoanChangeDecideInput = z.strictObject({
  id: z.uuid({ error: 'Change id must be a valid id' }).toLowerCase(),
  note: z
    .string({ error: 'Note must be text' })
    .trim()
    .max(500, { error: 'Note must be at most 500 characters' })
    .optional(),
})
export type TLoanChangeDecideInput = z.infer<typeof ZLoanChangeDecideInput>

export const ZLoanChangeHistoryInput = z.strictObject({ loanId: ZLoanId })

export const ZLoanChangePendingInput = z.strictObject({ page: ZPage, pageSize: ZPageSize })
export type TLoanChangePendingInput = z.infer<typeof ZLoanChangePendingInput>

/** Waiver limits per role, kobo (company settings); a role left out may not approve waivers. */
export const ZWaiverLimitsInput = z.strictObject({
  ADMIN: zKobo('Admin waiver limit').optional(),
  SUPERVISOR: zKobo('Supervisor waiver limit').optional(),
  CREDIT_OFFICER: zKobo('Credit officer waiver limit').optional(),
})
export type TWaiverLimitsInput = z.infer<typeof ZWaiverLimitsInput>

// ---------------------------------------------------------------------------------------------
// Stored: loan_change.terms and loan_change.event (jsonb), written with `version` (schemas/stored.ts).

export const LOAN_CHANGE_VERSION = 1

/** The terms as asked for; read back at approval and in the history. */
export function storedChangeTerms(value: unknown): TLoanChangeTerms {
  return parseStored('loan change', value, {
    1: z.preprocess((v) => {
      if (typeof v !== 'object' || v === null) return v
      const { version: _version, ...rest } = v as Record<string, unknown>
      return rest
    }, ZLoanChangeTerms),
  })
}

const zStoredKobo = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)

const ZStoredWaiverEventV1 = z.object({
  type: z.literal('WAIVER'),
  id: z.string().min(1),
  date: z.string(),
  penalty: zStoredKobo.optional(),
  interest: zStoredKobo.optional(),
})

const ZStoredRescheduleEventV1 = z.object({
  type: z.literal('RESCHEDULE'),
  id: z.string().min(1),
  date: z.string(),
  installments: z.array(
    z.object({
      sequence: z.number().int(),
      dueDate: z.string(),
      principal: zStoredKobo,
      interest: zStoredKobo,
      fee: zStoredKobo.optional(),
    }),
  ),
  penalties: z.enum(['KEEP', 'CAPITALISE', 'WAIVE']).optional(),
  overdueInterest: z.enum(['CARRY', 'CAPITALISE']).optional(),
  isRestructure: z.boolean().optional(),
})

const ZStoredChangeEventV1 = z.discriminatedUnion('type', [ZStoredWaiverEventV1, ZStoredRescheduleEventV1])

/** The history event kept with an approved change: what the replay reads. */
export function storedChangeEvent(value: unknown): WaiverEvent | RescheduleEvent {
  return parseStored<WaiverEvent | RescheduleEvent>('loan change event', value, { 1: ZStoredChangeEventV1 })
}
