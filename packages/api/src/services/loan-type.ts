import { inTransaction, type Database, type LoanType, type Transaction } from '@mp/db'
import {
  buildSchedule,
  formatNaira,
  isDomainError,
  type InterestTerms,
  type PenaltyRule,
  type ProcessingFeeRule,
} from '@mp/domain'
import { recordChange } from '../audit.js'
import type { AuthedContext, Context } from '../context.js'
import { AppError } from '../errors.js'
import { storedInterest, storedPenalty, storedProcessingFee, toStoredRule } from '../schemas/loan-rules.js'
import type { TLoanTypeInput } from '../schemas/loan-type.js'
import { found } from '../scope.js'

const LOAN_TYPE = 'Loan type'

export type LoanTypeView = {
  id: string
  name: string
  description: string | null
  minPrincipal: number
  maxPrincipal: number
  termUnit: LoanType['term_unit']
  minTerm: number
  maxTerm: number
  interest: InterestTerms
  processingFee: ProcessingFeeRule | null
  penalty: PenaltyRule | null
  allocationOrder: LoanType['allocation_order']
  rounding: LoanType['rounding']
  installmentMultiple: number | null
  /** Due dates on the union's meetings, the first at least `meetingMinGapDays` after disbursement. */
  followsMeetings: boolean
  meetingMinGapDays: number
  /** Where a due date on a non-working day goes. */
  nonWorkingDayRule: LoanType['non_working_day_rule']
  /** A loan of this product may pay off the member's running loan at disbursement (docs/lending.md "Top-ups"). */
  allowsTopUp: boolean
  isActive: boolean
  createdAt: Date
  updatedAt: Date
}

// The JSON columns are checked against the same schemas on the way out (schemas/loan-rules.ts).
function toView(row: LoanType): LoanTypeView {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    minPrincipal: row.min_principal,
    maxPrincipal: row.max_principal,
    termUnit: row.term_unit,
    minTerm: row.min_term,
    maxTerm: row.max_term,
    interest: storedInterest(row.interest),
    processingFee: storedProcessingFee(row.processing_fee),
    penalty: storedPenalty(row.penalty),
    allocationOrder: row.allocation_order,
    rounding: row.rounding,
    installmentMultiple: row.installment_multiple,
    followsMeetings: row.follows_meetings,
    meetingMinGapDays: row.meeting_min_gap_days,
    nonWorkingDayRule: row.non_working_day_rule,
    allowsTopUp: row.allows_top_up,
    isActive: row.is_active,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

/**
 * A product must be able to book its extreme loans: the engine builds the schedules of the smallest
 * and largest principal at the shortest and longest term, so an impossible combination (a rate the
 * engine refuses, an installment multiple larger than a whole loan) is refused now, not at booking.
 */
function assertBookable(input: TLoanTypeInput): void {
  for (const principal of [input.minPrincipal, input.maxPrincipal]) {
    for (const termCount of [input.minTerm, input.maxTerm]) {
      try {
        buildSchedule({
          principal,
          termCount,
          termUnit: input.termUnit,
          startDate: '2025-01-31',
          interest: input.interest,
          rounding: input.rounding,
          ...(input.installmentMultiple ? { installmentMultiple: input.installmentMultiple } : {}),
          ...(input.processingFee ? { processingFee: input.processingFee } : {}),
        })
      } catch (error) {
        if (isDomainError(error)) {
          throw new AppError(
            'BAD_REQUEST',
            `A loan of ${formatNaira(principal)} over ${termCount} terms cannot be booked: ${error.message}`,
            error.code,
          )
        }
        throw error
      }
    }
  }
}

function toRow(input: TLoanTypeInput) {
  return {
    name: input.name,
    description: input.description ?? null,
    min_principal: input.minPrincipal,
    max_principal: input.maxPrincipal,
    term_unit: input.termUnit,
    min_term: input.minTerm,
    max_term: input.maxTerm,
    interest: toStoredRule(input.interest),
    processing_fee: input.processingFee ? toStoredRule(input.processingFee) : null,
    penalty: input.penalty ? toStoredRule(input.penalty) : null,
    allocation_order: input.allocationOrder,
    rounding: input.rounding,
    installment_multiple: input.installmentMultiple,
    // Left out: the database default on create, the product's current value on update.
    ...(input.followsMeetings === undefined ? {} : { follows_meetings: input.followsMeetings }),
    ...(input.meetingMinGapDays === undefined ? {} : { meeting_min_gap_days: input.meetingMinGapDays }),
    ...(input.nonWorkingDayRule === undefined ? {} : { non_working_day_rule: input.nonWorkingDayRule }),
    ...(input.allowsTopUp === undefined ? {} : { allows_top_up: input.allowsTopUp }),
  }
}

/** The schema checks what was sent; this checks the product as it will be (an update may send less). */
function assertMeetingsFit(row: LoanType): void {
  if (row.follows_meetings && row.term_unit === 'DAY') {
    throw new AppError(
      'BAD_REQUEST',
      'A daily product (term unit DAY) cannot follow union meetings: choose WEEK or MONTH, or turn off "follows meetings"',
      'INVALID_OPTION',
      { field: 'followsMeetings' },
    )
  }
}

function isNameTaken(error: unknown): boolean {
  return (error as { code?: unknown }).code === '23505'
}

export async function listLoanTypes(
  ctx: AuthedContext,
  input: { includeInactive: boolean },
): Promise<LoanTypeView[]> {
  let query = ctx.db.selectFrom('loan_type').selectAll().orderBy('name')
  // Officers book only active products; admins manage the inactive ones too.
  if (!input.includeInactive || ctx.user.role !== 'ADMIN') query = query.where('is_active', '=', true)
  return (await query.execute()).map(toView)
}

export async function getLoanType(ctx: Pick<Context, 'db'>, id: string): Promise<LoanTypeView> {
  return toView(
    found(
      await ctx.db.selectFrom('loan_type').selectAll().where('id', '=', id).executeTakeFirst(),
      LOAN_TYPE,
    ),
  )
}

/** Saves a product in one transaction; a name already taken (the unique index decides) answers 409. */
async function saveLoanType(
  ctx: AuthedContext,
  input: TLoanTypeInput,
  save: (trx: Transaction<Database>) => Promise<LoanTypeView>,
): Promise<LoanTypeView> {
  assertBookable(input)
  try {
    return await inTransaction(ctx.db, save)
  } catch (error) {
    if (isNameTaken(error))
      throw new AppError('CONFLICT', `A loan type named "${input.name}" already exists`, 'NAME_TAKEN')
    throw error
  }
}

async function lockLoanType(trx: Transaction<Database>, id: string): Promise<LoanTypeView> {
  const row = await trx
    .selectFrom('loan_type')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst()
  return toView(found(row, LOAN_TYPE))
}

export async function createLoanType(ctx: AuthedContext, input: TLoanTypeInput): Promise<LoanTypeView> {
  return saveLoanType(ctx, input, async (trx) => {
    const row = await trx
      .insertInto('loan_type')
      .values(toRow(input))
      .returningAll()
      .executeTakeFirstOrThrow()
    return recordChange(trx, ctx, {
      action: 'LOAN_TYPE_CREATE',
      entityType: 'loan_type',
      after: toView(row),
      keep: (type) => type,
    })
  })
}

/** Changes the product for future loans only: booked loans keep the terms they were booked with. */
export async function updateLoanType(
  ctx: AuthedContext,
  id: string,
  input: TLoanTypeInput,
): Promise<LoanTypeView> {
  return saveLoanType(ctx, input, async (trx) => {
    const before = await lockLoanType(trx, id)
    const row = await trx
      .updateTable('loan_type')
      .set({ ...toRow(input), updated_at: ctx.now() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow()
    assertMeetingsFit(row)
    return recordChange(trx, ctx, {
      action: 'LOAN_TYPE_UPDATE',
      entityType: 'loan_type',
      before,
      after: toView(row),
      keep: (type) => type,
    })
  })
}

export async function setLoanTypeActive(
  ctx: AuthedContext,
  id: string,
  isActive: boolean,
): Promise<LoanTypeView> {
  return inTransaction(ctx.db, async (trx) => {
    const before = await lockLoanType(trx, id)
    const row = await trx
      .updateTable('loan_type')
      .set({ is_active: isActive, updated_at: ctx.now() })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow()
    return recordChange(trx, ctx, {
      action: isActive ? 'LOAN_TYPE_ACTIVATE' : 'LOAN_TYPE_DEACTIVATE',
      entityType: 'loan_type',
      before,
      after: toView(row),
      keep: (type) => ({ isActive: type.isActive }),
    })
  })
}

export async function previewLoanTypeSchedule(
  ctx: AuthedContext,
  input: { id: string; principal: number; termCount: number; startDate: string },
) {
  const type = await getLoanType(ctx, input.id)
  // The product's ranges are enforced by the server (docs/product.md §3), with the limit in the message.
  if (input.principal < type.minPrincipal || input.principal > type.maxPrincipal) {
    throw new AppError(
      'BAD_REQUEST',
      `Principal must be between ${formatNaira(type.minPrincipal)} and ${formatNaira(type.maxPrincipal)} for ${type.name}`,
      'PRINCIPAL_OUT_OF_RANGE',
    )
  }
  if (input.termCount < type.minTerm || input.termCount > type.maxTerm) {
    throw new AppError(
      'BAD_REQUEST',
      `Term must be between ${type.minTerm} and ${type.maxTerm} for ${type.name}`,
      'TERM_OUT_OF_RANGE',
    )
  }
  return buildSchedule({
    principal: input.principal,
    termCount: input.termCount,
    termUnit: type.termUnit,
    startDate: input.startDate,
    interest: type.interest,
    rounding: type.rounding,
    ...(type.installmentMultiple ? { installmentMultiple: type.installmentMultiple } : {}),
    ...(type.processingFee ? { processingFee: type.processingFee } : {}),
  })
}
