import type { SessionUser } from '@mp/auth'
import { loanPosition, type InterestTerms } from '@mp/domain'
import type { Context } from '../context.js'
import { renderReceiptPdf, renderStatementPdf } from '../pdf/render.js'
import { renderThermalReceiptPdf } from '../pdf/thermal.js'
import type { CompanyHeader, ReceiptData, StatementData, StatementSplit } from '../pdf/types.js'
import type { TReceiptFormat } from '../schemas/print.js'
import { isInScope, notFound, staffScope } from '../scope.js'
import {
  REPAYMENT,
  companyFacts,
  effectiveStatus,
  loadHistory,
  loadLoan,
  positionInput,
  termsOf,
  type Db,
  type ScopedLoan,
} from './loan-core.js'
import { changeStatementLines } from './loan-change-history.js'
import { statementLedger } from './statement-ledger.js'

// Printable documents (docs/product.md §5: a receipt per repayment, a statement per loan), generated on the server
// from the same stored rows and @mp/domain positions the screens show. Scope-checked like every read.

export type PrintContext = Pick<Context, 'db' | 'now'> & { user: Pick<SessionUser, 'id' | 'role'> }

export type PrintedFile = { fileName: string; bytes: Uint8Array }

async function companyHeader(db: Db, timeZone: string): Promise<CompanyHeader> {
  const row = await db
    .selectFrom('company_settings')
    .select(['name', 'address', 'contact_phone', 'contact_email', 'date_format'])
    .where('id', '=', 'default')
    .executeTakeFirst()
  return {
    name: row?.name ?? 'Millennium Potters',
    address: row?.address ?? null,
    phone: row?.contact_phone ?? null,
    email: row?.contact_email ?? null,
    dateFormat: row?.date_format ?? 'DD/MM/YYYY',
    timeZone,
  }
}

type Line = { sequence: number; principal: number; interest: number; fee: number; penalty: number }

function isLine(value: unknown): value is Line {
  if (typeof value !== 'object' || value === null) return false
  const record = value as Record<string, unknown>
  return ['sequence', 'principal', 'interest', 'fee', 'penalty'].every(
    (key) => typeof record[key] === 'number',
  )
}

/** The allocation a reversed payment had (stored with the reversal), summed over its installments. */
function splitOf(stored: unknown): StatementSplit | null {
  if (!Array.isArray(stored)) return null
  const lines = stored.filter(isLine)
  const sum = (key: keyof StatementSplit) => lines.reduce((total, line) => total + line[key], 0)
  return { principal: sum('principal'), interest: sum('interest'), fee: sum('fee'), penalty: sum('penalty') }
}

/**
 * The receipt of one repayment, on A4 or on a 58/80 mm thermal roll (the same data, another layout).
 */
export async function repaymentReceipt(
  ctx: PrintContext,
  repaymentId: string,
  format: TReceiptFormat = 'a4',
): Promise<PrintedFile> {
  const row = await ctx.db
    .selectFrom('repayment as r')
    .innerJoin('loan as l', 'l.id', 'r.loan_id')
    .innerJoin('member as m', 'm.id', 'l.member_id')
    .innerJoin('union as u', 'u.id', 'm.union_id')
    .leftJoin('staff_user as s', 's.id', 'r.received_by')
    .selectAll('r')
    .select([
      'l.loan_number',
      'm.code as member_code',
      'm.first_name',
      'm.last_name',
      'u.name as union_name',
      'u.credit_officer_id',
      's.first_name as receiver_first',
      's.last_name as receiver_last',
    ])
    .where('r.id', '=', repaymentId)
    .executeTakeFirst()
  if (!row || !isInScope(await staffScope(ctx.db, ctx.user), row.credit_officer_id)) throw notFound(REPAYMENT)
  const facts = await companyFacts(ctx.db, ctx)
  const loan = await loadLoan(ctx.db, ctx.user, row.loan_id)
  const history = await loadHistory(ctx.db, row.loan_id)
  const stored =
    row.reversed_at === null
      ? await ctx.db
          .selectFrom('repayment_allocation')
          .select(['sequence', 'principal', 'interest', 'fee', 'penalty'])
          .where('repayment_id', '=', repaymentId)
          .orderBy('sequence')
          .execute()
      : (Array.isArray(row.reversed_allocation) ? row.reversed_allocation : []).filter(isLine)
  const dueDates = new Map(history.installments.map((i) => [i.sequence, i.dueDate]))
  // The balance right after this payment: everything posted up to it (reversed ones left out, except
  // this one when it is the reversed payment being reprinted), as of its date.
  const upTo = history.repayments.filter(
    (r) =>
      r.id === repaymentId ||
      (r.reversed_on === null &&
        (r.paid_on < row.paid_on ||
          (r.paid_on === row.paid_on && r.posting_sequence < row.posting_sequence))),
  )
  const after = loanPosition(
    positionInput(
      termsOf(loan),
      {
        installments: history.installments,
        repayments: upTo.map((r) => ({ ...r, reversed_on: null })),
        changes: history.changes.filter((c) => (c.sequence ?? 0) < row.posting_sequence),
      },
      row.paid_on,
      facts.defaultAfterDays,
    ),
  )
  const data: ReceiptData = {
    company: await companyHeader(ctx.db, facts.timeZone),
    receiptNumber: row.receipt_number,
    loanNumber: row.loan_number,
    memberName: `${row.first_name} ${row.last_name}`,
    memberCode: row.member_code,
    unionName: row.union_name,
    paidOn: row.paid_on,
    amount: row.amount,
    method: row.method,
    reference: row.reference,
    notes: row.notes,
    receivedBy: row.receiver_first === null ? '—' : `${row.receiver_first} ${row.receiver_last ?? ''}`.trim(),
    postedAt: row.created_at,
    lines: stored.map((line) => ({
      sequence: line.sequence,
      dueDate: dueDates.get(line.sequence) ?? '',
      principal: line.principal,
      interest: line.interest,
      fee: line.fee,
      penalty: line.penalty,
      total: line.principal + line.interest + line.fee + line.penalty,
    })),
    balanceAfter: after.payoffAmount,
    reversal:
      row.reversed_on === null ? null : { reversedOn: row.reversed_on, reason: row.reversal_reason ?? '' },
    printedAt: ctx.now(),
  }
  if (format === 'a4') {
    return { fileName: `receipt-${row.receipt_number}.pdf`, bytes: await renderReceiptPdf(data) }
  }
  return {
    fileName: `receipt-${row.receipt_number}-${format === 'thermal58' ? '58' : '80'}mm.pdf`,
    bytes: await renderThermalReceiptPdf(data, format),
  }
}

function describeInterest(terms: InterestTerms, unit: string): string {
  const percent = (rate: string) => `${String(Number(rate) * 100)}%`
  switch (terms.method) {
    case 'NONE':
      return 'No interest (principal in equal parts)'
    case 'FLAT':
      return terms.basis === 'PER_TERM'
        ? `Flat ${percent(terms.rate)} for the whole term`
        : `Flat ${percent(terms.rate)} per ${unit.toLowerCase()}`
    case 'DECLINING_ANNUITY':
      return `Declining balance, equal installments, ${percent(terms.ratePerPeriod)} per ${unit.toLowerCase()}`
    case 'DECLINING_EQUAL_PRINCIPAL':
      return `Declining balance, equal principal, ${percent(terms.ratePerPeriod)} per ${unit.toLowerCase()}`
  }
}

export async function loanStatement(ctx: PrintContext, loanId: string): Promise<PrintedFile> {
  const loan = await loadLoan(ctx.db, ctx.user, loanId)
  const facts = await companyFacts(ctx.db, ctx)
  const history = await loadHistory(ctx.db, loanId)
  const terms = termsOf(loan)
  const position =
    history.installments.length === 0
      ? null
      : loanPosition(positionInput(terms, history, facts.today, facts.defaultAfterDays))
  const repayments = await ctx.db
    .selectFrom('repayment')
    .select([
      'id',
      'receipt_number',
      'paid_on',
      'amount',
      'method',
      'created_at',
      'reversed_at',
      'reversed_on',
      'reversal_reason',
      'reversed_allocation',
    ])
    .where('loan_id', '=', loanId)
    .orderBy('paid_on')
    .orderBy('posting_sequence')
    .execute()
  const topUps = await topUpFacts(ctx.db, loan)
  const data: StatementData = {
    company: await companyHeader(ctx.db, facts.timeZone),
    loanNumber: loan.loan_number,
    status: effectiveStatus(loan.status, position),
    memberName: loan.memberName,
    memberCode: loan.memberCode,
    unionName: loan.unionName,
    officerName: loan.officerName,
    loanTypeName: loan.loan_type_name,
    principal: loan.principal,
    termCount: loan.term_count,
    termUnit: loan.term_unit,
    interestDescription: describeInterest(terms.interest, loan.term_unit),
    processingFee: loan.processing_fee,
    disbursedOn: loan.disbursed_on,
    topUp: topUps.topUp,
    paidOffBy: topUps.paidOffBy,
    asOf: facts.today,
    installments: (position?.installments ?? []).map((i) => ({
      sequence: i.sequence,
      dueDate: i.dueDate,
      due: i.due,
      paid: i.paid,
      outstanding: i.outstanding.total,
      state: i.state,
    })),
    ...statementLedger({
      repayments: repayments.map((r) => ({
        ...r,
        // The payoff of a top-up says so on its line, not just "OTHER" (docs/lending.md "Top-ups").
        method: topUps.payoffs.get(r.id) ?? r.method,
        reversedSplit: splitOf(r.reversed_allocation),
      })),
      position,
      // Waivers, reschedules and restructures as lines of their own; what they took off moves the balance.
      changes: (position === null ? [] : changeStatementLines(position)).map((change) => ({
        date: change.date,
        description: change.description,
        effect: change.waived,
      })),
      asOf: facts.today,
    }),
    totals: {
      due: position?.totals.due.total ?? 0,
      paid: position?.totals.paid.total ?? 0,
      outstanding: position?.payoffAmount ?? 0,
      penaltiesAccrued: position?.penaltiesAccrued ?? 0,
    },
    daysPastDue: position?.daysPastDue ?? 0,
    printedAt: ctx.now(),
  }
  return { fileName: `statement-${loan.loan_number}.pdf`, bytes: await renderStatementPdf(data) }
}

/**
 * A statement's top-up facts (docs/lending.md "Top-ups"): for a top-up, the loan it paid off and the split
 * fixed at disbursement; for a loan paid off by one, that loan and the payment's line words.
 */
async function topUpFacts(db: Db, loan: ScopedLoan) {
  const [old, payers] = await Promise.all([
    loan.top_up_of_loan_id === null
      ? undefined
      : db
          .selectFrom('loan')
          .select('loan_number')
          .where('id', '=', loan.top_up_of_loan_id)
          .executeTakeFirst(),
    db
      .selectFrom('loan as t')
      .innerJoin('repayment as r', 'r.id', 't.top_up_repayment_id')
      .select(['t.loan_number', 'r.id', 'r.paid_on', 'r.reversed_at'])
      .where('t.top_up_of_loan_id', '=', loan.id)
      .where('r.loan_id', '=', loan.id)
      .execute(),
  ])
  const standing = payers.find((p) => p.reversed_at === null)
  return {
    topUp: old
      ? { loanNumber: old.loan_number, payoff: loan.top_up_payoff, cashToMember: loan.top_up_cash_to_member }
      : null,
    paidOffBy: standing ? { loanNumber: standing.loan_number, date: standing.paid_on } : null,
    payoffs: new Map(payers.map((p) => [p.id, `Paid off by top-up ${p.loan_number}`])),
  }
}
