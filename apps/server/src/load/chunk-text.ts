import { copyLine, type CopyTable } from './copy.js'
import { LOAD_PRODUCTS } from './products.js'
import type { SimulationContext } from './plan.js'
import type { ChunkBases, SimulatedChunk } from './simulate.js'

const receipt = (n: number) => `RCP${String(n).padStart(8, '0')}`

/**
 * A simulated chunk as COPY text per table, with its global numbers: receipts and posting sequences
 * continue from `bases.repayments` (both come from one insert each, so they advance together, as in the
 * app), timeline ids from `bases.events`. Loan numbers and member codes were fixed by the plan.
 */
export function chunkCopyText(
  ctx: SimulationContext,
  chunk: SimulatedChunk,
  bases: ChunkBases,
): Record<CopyTable, string> {
  const parts: Record<CopyTable, string[]> = {
    member: [],
    guarantor: [],
    loan: [],
    loan_guarantor: [],
    loan_installment: [],
    loan_state: [],
    collection_sheet: [],
    repayment: [],
    repayment_allocation: [],
    loan_event: [],
  }
  for (const member of chunk.members) {
    parts.member.push(copyLine(member.values))
    if (member.guarantor) parts.guarantor.push(copyLine(member.guarantor))
  }
  const sheetIds = chunk.sheets.map((sheet) => sheet.id)
  for (const sheet of chunk.sheets) {
    parts.collection_sheet.push(
      copyLine([
        sheet.id,
        sheet.union.id,
        sheet.date,
        sheet.key,
        sheet.hash,
        sheet.union.officerId,
        sheet.total,
        sheet.rows.length,
        sheet.createdAt,
      ]),
    )
  }
  const numberOf = (local: number) => bases.repayments + local + 1
  let eventId = bases.events
  for (const loan of chunk.loans) {
    const product = LOAD_PRODUCTS[loan.product]
    const productId = ctx.productIds[loan.product]
    if (!product || !productId) throw new Error(`unknown product ${loan.product}`)
    // The product's terms copied onto the loan exactly as createLoan stores them.
    parts.loan.push(
      copyLine([
        loan.id,
        `LN${String(loan.index + 1).padStart(8, '0')}`,
        loan.memberId,
        productId,
        product.name,
        loan.principal,
        loan.termCount,
        product.termUnit,
        loan.startDate,
        loan.purpose,
        JSON.stringify(product.interest),
        product.processingFee ? JSON.stringify(product.processingFee) : null,
        product.penalty ? JSON.stringify(product.penalty) : null,
        product.allocationOrder,
        product.rounding,
        product.installmentMultiple,
        loan.processingFee,
        loan.status,
        loan.createdBy,
        loan.submittedAt === null ? null : loan.createdBy,
        loan.submittedAt,
        loan.decidedBy,
        loan.decidedAt,
        loan.disbursedBy,
        loan.disbursedAt,
        loan.disbursedOn,
        loan.closedReason,
        loan.closedBy,
        loan.closedAt,
        loan.completedOn,
        loan.createdAt,
        loan.updatedAt,
      ]),
    )
    if (loan.guarantorId !== null) parts.loan_guarantor.push(copyLine([loan.id, loan.guarantorId]))
    const paid = new Map(loan.ledger?.installments.map((i) => [i.sequence, i]))
    for (const i of loan.installments) {
      const l = paid.get(i.sequence)
      parts.loan_installment.push(
        copyLine([
          loan.id,
          i.sequence,
          i.dueDate,
          i.principal,
          i.interest,
          i.fee,
          l?.settled_penalty ?? 0,
          l?.paid_principal ?? 0,
          l?.paid_interest ?? 0,
          l?.paid_fee ?? 0,
          l?.paid_penalty ?? 0,
          l?.paid_on_time ?? 0,
          l?.paid_off_on ?? null,
          l?.penalty_closed ?? 0,
          l?.penalty_closed_breached ?? false,
          l?.penalty_open_from ?? 1,
          l?.penalty_open_base ?? 0,
        ]),
      )
    }
    if (loan.ledger) {
      const s = loan.ledger.state
      parts.loan_state.push(
        copyLine([
          s.loan_id,
          s.principal_due,
          s.interest_due,
          s.fee_due,
          s.principal_paid,
          s.interest_paid,
          s.fee_paid,
          s.penalty_paid,
          s.principal_outstanding,
          s.arrears_from,
          s.next_due_date,
          s.next_due_amount,
          s.last_payment_on,
          s.last_payment_amount,
          s.last_event_on,
          s.repayment_count,
          s.episode_peak_dpd,
          s.paid_off_on,
          s.credit_balance,
          s.penalty_kind,
          s.penalty_rate_num,
          s.penalty_rate_den,
          s.penalty_amount_per_day,
          s.penalty_grace_days,
          s.penalty_mode,
          s.penalty_cap,
          s.rounding,
          s.written_off_on,
          typeof s.loan_created_at === 'string' ? s.loan_created_at : s.loan_created_at.toISOString(),
        ]),
      )
    }
    for (const p of loan.postings) {
      const n = numberOf(p.local)
      const sheetId = p.sheet === null ? null : (sheetIds[p.sheet] ?? null)
      parts.repayment.push(
        copyLine([
          p.id,
          receipt(n),
          loan.id,
          n,
          p.amount,
          p.paidOn,
          p.method,
          p.reference,
          p.notes,
          loan.createdBy,
          p.key,
          p.hash,
          sheetId,
          p.createdAt,
          p.reversedAt,
          p.reversal?.on ?? null,
          p.reversal ? ctx.adminId : null,
          p.reversal?.reason ?? null,
          p.reversal
            ? JSON.stringify(
                p.reversal.lines.map((l) => ({ ...l, total: l.principal + l.interest + l.fee + l.penalty })),
              )
            : null,
        ]),
      )
    }
    for (const a of loan.allocations) {
      parts.repayment_allocation.push(
        copyLine([a.repaymentId, loan.id, a.sequence, a.principal, a.interest, a.fee, a.penalty]),
      )
    }
    for (const e of loan.timeline) {
      eventId += 1
      const number = e.receiptOf ? receipt(numberOf(e.receiptOf.local)) : null
      let reason = e.reason
      let details = e.details
      if (number !== null) {
        if (e.kind === 'COMPLETED' || e.kind === 'DEFAULTED') reason = `Repayment ${number}`
        else details = { ...details, receiptNumber: number }
      }
      parts.loan_event.push(
        copyLine([
          eventId,
          loan.id,
          e.kind,
          e.from,
          e.to,
          e.actorId,
          reason,
          details === null ? null : JSON.stringify(details),
          e.createdAt,
        ]),
      )
    }
  }
  const join = (table: CopyTable) => parts[table].join('')
  return {
    member: join('member'),
    guarantor: join('guarantor'),
    loan: join('loan'),
    loan_guarantor: join('loan_guarantor'),
    loan_installment: join('loan_installment'),
    loan_state: join('loan_state'),
    collection_sheet: join('collection_sheet'),
    repayment: join('repayment'),
    repayment_allocation: join('repayment_allocation'),
    loan_event: join('loan_event'),
  }
}
