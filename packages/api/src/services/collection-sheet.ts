import { inTransaction, sql } from '@mp/db'
import { recordAudit } from '../audit.js'
import type { AuthedContext } from '../context.js'
import { AppError, refusalOf } from '../errors.js'
import type { TCollectionSheetGetInput, TCollectionSheetPost } from '../schemas/collection-sheet.js'
import { isInScope, notFound, staffScope } from '../scope.js'
import { companyFacts, effectiveStatus, loadLoan, scopedLoanQuery } from './loan-core.js'
import { replayBatch } from '../ledger/replay.js'
import { postRepayment, requestHash } from './repayment.js'
import { UNION, uniqueViolation } from './union.js'
import { unionNextMeetingOn } from './union-meetings.js'

// Collection sheet (docs/product.md §5): for a union meeting, every member's amount due; the officer enters what each
// paid and posts the sheet once — one transaction (all or nothing) under one idempotency key.

async function unionInScope(ctx: AuthedContext, unionId: string) {
  const union = await ctx.db
    .selectFrom('union')
    .select(['id', 'name', 'credit_officer_id', 'meeting_day'])
    .where('id', '=', unionId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst()
  if (!union || !isInScope(await staffScope(ctx.db, ctx.user), union.credit_officer_id)) throw notFound(UNION)
  return union
}

export async function getCollectionSheet(ctx: AuthedContext, input: TCollectionSheetGetInput) {
  const union = await unionInScope(ctx, input.unionId)
  const facts = await companyFacts(ctx.db, ctx)
  // The union repays at its meetings: the sheet opens on the next one (docs/lending.md "Union meetings").
  const nextMeeting = await unionNextMeetingOn(ctx.db, union.id, facts.today)
  const date = input.date ?? nextMeeting ?? facts.today
  const loans = await scopedLoanQuery(ctx.db)
    .where('u.id', '=', input.unionId)
    .where('m.deleted_at', 'is', null)
    .where('loan.status', 'in', ['ACTIVE', 'DEFAULTED'])
    .orderBy('m.last_name')
    .orderBy('m.first_name')
    .execute()
  // One batch replay as of the sheet's date (three queries whatever the union's size, never one per loan):
  // a sheet for a past meeting shows what was due then.
  const replayed = new Map(
    (
      await replayBatch(
        ctx.db,
        loans.map((loan) => loan.id),
        { asOf: date, defaultAfterDays: facts.defaultAfterDays },
      )
    ).map((r) => [r.id, r.position]),
  )
  const rows = []
  for (const loan of loans) {
    const position = replayed.get(loan.id)
    if (position === undefined) continue
    rows.push({
      loanId: loan.id,
      loanNumber: loan.loan_number,
      memberId: loan.member_id,
      memberCode: loan.memberCode,
      memberName: loan.memberName,
      status: effectiveStatus(loan.status, position),
      /** What is due on the date (arrears included, penalties too): the usual amount to collect. */
      dueNow: position.dueNow,
      overdue: position.overdue,
      daysPastDue: position.daysPastDue,
      nextDueDate: position.nextDueDate,
      nextDueAmount: position.nextDueAmount,
      payoffAmount: position.payoffAmount,
    })
  }
  const posted = await ctx.db
    .selectFrom('collection_sheet as c')
    .leftJoin('staff_user as s', 's.id', 'c.posted_by')
    .select([
      'c.id',
      'c.total',
      'c.payment_count',
      'c.created_at',
      sql<string | null>`s.first_name || ' ' || s.last_name`.as('postedBy'),
    ])
    .where('c.union_id', '=', input.unionId)
    .where('c.sheet_date', '=', date)
    .orderBy('c.created_at')
    .execute()
  return {
    union: { id: union.id, name: union.name, meetingDay: union.meeting_day },
    date,
    today: facts.today,
    /** The union's next meeting on or after today (moved off non-working days); null without a meeting day. */
    nextMeeting,
    isNextMeeting: date === nextMeeting,
    rows,
    totalDue: rows.reduce((sum, row) => sum + row.dueNow, 0),
    postedSheets: posted.map((p) => ({
      id: p.id,
      total: p.total,
      paymentCount: p.payment_count,
      postedAt: p.created_at,
      postedBy: p.postedBy,
    })),
  }
}

export type CollectionSheetSummary = {
  sheetId: string
  unionId: string
  date: string
  paymentCount: number
  total: number
  receipts: {
    repaymentId: string
    receiptNumber: string
    loanId: string
    loanNumber: string
    memberName: string
    amount: number
  }[]
  isReplay: boolean
}

async function summaryOf(
  ctx: AuthedContext,
  sheetId: string,
  isReplay: boolean,
): Promise<CollectionSheetSummary> {
  const sheet = await ctx.db
    .selectFrom('collection_sheet')
    .selectAll()
    .where('id', '=', sheetId)
    .executeTakeFirstOrThrow()
  const receipts = await ctx.db
    .selectFrom('repayment as r')
    .innerJoin('loan as l', 'l.id', 'r.loan_id')
    .innerJoin('member as m', 'm.id', 'l.member_id')
    .select([
      'r.id',
      'r.receipt_number',
      'r.loan_id',
      'l.loan_number',
      'r.amount',
      sql<string>`m.first_name || ' ' || m.last_name`.as('memberName'),
    ])
    .where('r.collection_sheet_id', '=', sheetId)
    .orderBy('r.posting_sequence')
    .execute()
  return {
    sheetId,
    unionId: sheet.union_id,
    date: sheet.sheet_date,
    paymentCount: sheet.payment_count,
    total: sheet.total,
    receipts: receipts.map((r) => ({
      repaymentId: r.id,
      receiptNumber: r.receipt_number,
      loanId: r.loan_id,
      loanNumber: r.loan_number,
      memberName: r.memberName,
      amount: r.amount,
    })),
    isReplay,
  }
}

export async function postCollectionSheet(
  ctx: AuthedContext,
  input: TCollectionSheetPost,
): Promise<CollectionSheetSummary> {
  const hash = requestHash({
    unionId: input.unionId,
    date: input.date,
    method: input.method,
    rows: input.rows.map((r) => [r.loanId, r.amount, r.reference ?? null, r.notes ?? null]),
  })
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await postOnce(ctx, input, hash)
    } catch (error) {
      // Two posts of one sheet at the same moment: the loser finds the winner's sheet and replays it.
      if (uniqueViolation(error)?.includes('idempotency_key') && attempt < 2) continue
      throw error
    }
  }
}

async function postOnce(ctx: AuthedContext, input: TCollectionSheetPost, hash: string) {
  const seen = await ctx.db
    .selectFrom('collection_sheet')
    .select(['id', 'request_hash'])
    .where('idempotency_key', '=', input.idempotencyKey)
    .executeTakeFirst()
  if (seen) return replay(ctx, seen, hash)
  const union = await unionInScope(ctx, input.unionId)
  const sheetId = await inTransaction(ctx.db, async (trx) => {
    const facts = await companyFacts(trx, ctx)
    if (input.date > facts.today) {
      throw new AppError(
        'BAD_REQUEST',
        `Sheet date cannot be in the future (today is ${facts.today})`,
        'DATE_IN_FUTURE',
      )
    }
    const loanIds = input.rows.map((r) => r.loanId)
    const duplicate = loanIds.find((id, index) => loanIds.indexOf(id) !== index)
    if (duplicate !== undefined) {
      const row = loanIds.lastIndexOf(duplicate) + 1
      throw new AppError('BAD_REQUEST', `Row ${row}: this loan appears twice on the sheet`, 'DUPLICATE_ROW')
    }
    const total = input.rows.reduce((sum, r) => sum + r.amount, 0)
    if (!Number.isSafeInteger(total))
      throw new AppError('BAD_REQUEST', 'The sheet total is too large', 'TOTAL_TOO_LARGE')
    const sheet = await trx
      .insertInto('collection_sheet')
      .values({
        union_id: union.id,
        sheet_date: input.date,
        idempotency_key: input.idempotencyKey,
        request_hash: hash,
        posted_by: ctx.user.id,
        total,
        payment_count: input.rows.length,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    // Lock the loans in one order (by id) so two sheets touching the same loans can never deadlock.
    const order = input.rows
      .map((row, index) => ({ row, index }))
      .sort((a, b) => (a.row.loanId < b.row.loanId ? -1 : 1))
    for (const { row, index } of order) {
      let label = `Row ${String(index + 1)}`
      try {
        const loan = await loadLoan(trx, ctx.user, row.loanId, { lock: true })
        label = `Row ${String(index + 1)} (${loan.loan_number}, ${loan.memberName})`
        if (loan.unionId !== union.id) {
          throw new AppError(
            'BAD_REQUEST',
            `loan ${loan.loan_number} does not belong to a member of ${union.name}`,
            'LOAN_NOT_IN_UNION',
          )
        }
        const payment = {
          loanId: row.loanId,
          mode: 'AMOUNT' as const,
          amount: row.amount,
          paidOn: input.date,
          method: input.method,
          reference: row.reference ?? null,
          notes: row.notes ?? null,
          // The sheet's key makes the sheet idempotent; each row's key is unique within it (79 characters).
          idempotencyKey: `sheet:${sheet.id}:${row.loanId}`,
        }
        await postRepayment(trx, ctx, loan, facts, payment, requestHash(payment), sheet.id)
      } catch (error) {
        // One bad row posts nothing (the transaction rolls back); the message names the row.
        // A refusal of the service or of the lending engine (an overpayment) alike.
        const refusal = refusalOf(error)
        if (refusal) {
          throw new AppError(refusal.code, `${label}: ${refusal.message}`, refusal.reason, {
            ...refusal.details,
            row: index + 1,
          })
        }
        throw error
      }
    }
    await recordAudit(trx, ctx, {
      action: 'COLLECTION_SHEET_POST',
      entityType: 'collection_sheet',
      entityId: sheet.id,
      after: { unionId: union.id, date: input.date, total, payments: input.rows.length },
    })
    return sheet.id
  })
  return summaryOf(ctx, sheetId, false)
}

async function replay(ctx: AuthedContext, seen: { id: string; request_hash: string }, hash: string) {
  const sheet = await ctx.db
    .selectFrom('collection_sheet')
    .select('union_id')
    .where('id', '=', seen.id)
    .executeTakeFirstOrThrow()
  await unionInScope(ctx, sheet.union_id)
  if (seen.request_hash !== hash) {
    throw new AppError(
      'CONFLICT',
      'This sheet key was already used for a different sheet; reload the sheet to post again',
      'IDEMPOTENCY_KEY_REUSED',
    )
  }
  return summaryOf(ctx, seen.id, true)
}
