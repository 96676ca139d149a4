import { sql, type Database, type Kysely, type Transaction } from '@mp/db'
import type { LoanLedger } from './state.js'

type Db = Kysely<Database> | Transaction<Database>

/** Rows per statement: keeps every statement well under PostgreSQL's 65,535 parameters. */
const STATE_CHUNK = 1000
const INSTALLMENT_CHUNK = 4000

/**
 * Stores ledgers (ADR 0004): upserts each loan's state and updates its installments' ledger columns.
 * Callers hold the loans' row locks (the write path runs inside the posting's transaction; a rebuild
 * locks its batch), so a ledger is never written from a stale replay.
 */
export async function writeLedgers(db: Db, ledgers: readonly LoanLedger[]): Promise<void> {
  if (ledgers.length === 0) return
  const now = new Date()
  for (let start = 0; start < ledgers.length; start += STATE_CHUNK) {
    const rows = ledgers.slice(start, start + STATE_CHUNK).map((l) => ({ ...l.state, updated_at: now }))
    await db
      .insertInto('loan_state')
      .values(rows)
      .onConflict((oc) =>
        oc.column('loan_id').doUpdateSet((eb) => ({
          principal_due: eb.ref('excluded.principal_due'),
          interest_due: eb.ref('excluded.interest_due'),
          fee_due: eb.ref('excluded.fee_due'),
          principal_paid: eb.ref('excluded.principal_paid'),
          interest_paid: eb.ref('excluded.interest_paid'),
          fee_paid: eb.ref('excluded.fee_paid'),
          penalty_paid: eb.ref('excluded.penalty_paid'),
          principal_outstanding: eb.ref('excluded.principal_outstanding'),
          arrears_from: eb.ref('excluded.arrears_from'),
          next_due_date: eb.ref('excluded.next_due_date'),
          next_due_amount: eb.ref('excluded.next_due_amount'),
          last_payment_on: eb.ref('excluded.last_payment_on'),
          last_payment_amount: eb.ref('excluded.last_payment_amount'),
          last_event_on: eb.ref('excluded.last_event_on'),
          repayment_count: eb.ref('excluded.repayment_count'),
          episode_peak_dpd: eb.ref('excluded.episode_peak_dpd'),
          paid_off_on: eb.ref('excluded.paid_off_on'),
          credit_balance: eb.ref('excluded.credit_balance'),
          penalty_kind: eb.ref('excluded.penalty_kind'),
          penalty_rate_num: eb.ref('excluded.penalty_rate_num'),
          penalty_rate_den: eb.ref('excluded.penalty_rate_den'),
          penalty_amount_per_day: eb.ref('excluded.penalty_amount_per_day'),
          penalty_grace_days: eb.ref('excluded.penalty_grace_days'),
          penalty_mode: eb.ref('excluded.penalty_mode'),
          penalty_cap: eb.ref('excluded.penalty_cap'),
          rounding: eb.ref('excluded.rounding'),
          written_off_on: eb.ref('excluded.written_off_on'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute()
  }
  const installments = ledgers.flatMap((l) => l.installments.map((i) => ({ loanId: l.state.loan_id, ...i })))
  for (let start = 0; start < installments.length; start += INSTALLMENT_CHUNK) {
    const chunk = installments.slice(start, start + INSTALLMENT_CHUNK)
    const values = sql.join(
      chunk.map(
        (i) =>
          sql`(${i.loanId}::uuid, ${i.sequence}::int, ${i.principal}::bigint, ${i.interest}::bigint,
            ${i.fee}::bigint, ${i.settled_penalty}::bigint, ${i.paid_principal}::bigint, ${i.paid_interest}::bigint,
            ${i.paid_fee}::bigint, ${i.paid_penalty}::bigint, ${i.paid_on_time}::bigint, ${i.paid_off_on}::date,
            ${i.penalty_closed}::bigint, ${i.penalty_closed_breached}::boolean, ${i.penalty_open_from}::int,
            ${i.penalty_open_base}::bigint)`,
      ),
    )
    // A change (reschedule, waiver) alters what a booked installment is owed: its booked amounts are kept
    // in original_* the first time, so the replay still starts from the schedule booked at disbursement.
    await sql`update loan_installment as t set
        original_principal = coalesce(t.original_principal,
          case when t.change_id is null and t.principal <> v.principal then t.principal end),
        original_interest = coalesce(t.original_interest,
          case when t.change_id is null and t.interest <> v.interest then t.interest end),
        original_fee = coalesce(t.original_fee, case when t.change_id is null and t.fee <> v.fee then t.fee end),
        principal = v.principal, interest = v.interest, fee = v.fee, settled_penalty = v.settled_penalty,
        paid_principal = v.paid_principal, paid_interest = v.paid_interest, paid_fee = v.paid_fee,
        paid_penalty = v.paid_penalty, paid_on_time = v.paid_on_time, paid_off_on = v.paid_off_on,
        penalty_closed = v.penalty_closed, penalty_closed_breached = v.penalty_closed_breached,
        penalty_open_from = v.penalty_open_from, penalty_open_base = v.penalty_open_base
      from (values ${values}) as v(loan_id, sequence, principal, interest, fee, settled_penalty, paid_principal, paid_interest, paid_fee, paid_penalty,
        paid_on_time, paid_off_on, penalty_closed, penalty_closed_breached, penalty_open_from, penalty_open_base)
      where t.loan_id = v.loan_id and t.sequence = v.sequence
        and (t.principal, t.interest, t.fee, t.settled_penalty,
             t.paid_principal, t.paid_interest, t.paid_fee, t.paid_penalty, t.paid_on_time, t.paid_off_on,
             t.penalty_closed, t.penalty_closed_breached, t.penalty_open_from, t.penalty_open_base)
          is distinct from
            (v.principal, v.interest, v.fee, v.settled_penalty, v.paid_principal, v.paid_interest, v.paid_fee, v.paid_penalty, v.paid_on_time, v.paid_off_on,
             v.penalty_closed, v.penalty_closed_breached, v.penalty_open_from, v.penalty_open_base)`.execute(
      db,
    )
  }
}
