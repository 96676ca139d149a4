import { sql } from '@mp/db'
import type { RawBuilder } from 'kysely'

/**
 * Date-dependent figures computed in SQL from the stored ledger (ADR 0004): days past due, status,
 * penalties accrued, overdue and outstanding amounts on any date on or after the loan's last event.
 * Each function is the SQL twin of an @mp/domain rule; `pnpm mp ledger verify` and the ledger property
 * test hold them to the domain's replay, kobo for kobo.
 *
 * Aliases: `ls` = loan_state, `i` = loan_installment, `loan` = loan, unless given.
 */
type Aliases = { state?: string; installment?: string; loan?: string }

const ref = (alias: string, column: string) => sql.ref(`${alias}.${column}`)

function date(asOf: string): RawBuilder<string> {
  return sql<string>`cast(${asOf} as date)`
}

/**
 * Days past due on `asOf`: days since the oldest installment whose principal + interest is not fully
 * paid, when that installment fell due before `asOf`; else 0 (@mp/domain `daysPastDue`, no tolerance).
 */
export function daysPastDueSql(asOf: string, aliases: Aliases = {}): RawBuilder<number> {
  const from = ref(aliases.state ?? 'ls', 'arrears_from')
  return sql<number>`(case when ${from} < ${date(asOf)} then (${date(asOf)} - ${from}) else 0 end)`
}

/** True when the loan is past due on `asOf`. Index-friendly (`loan_state_arrears_idx`). */
export function isOverdueSql(asOf: string, aliases: Aliases = {}): RawBuilder<boolean> {
  return sql<boolean>`(${ref(aliases.state ?? 'ls', 'arrears_from')} < ${date(asOf)})`
}

/** More than `days` days past due on `asOf` (PAR_x for x ≥ 2; PAR1 is `isOverdueSql`). */
export function isPastDueMoreThanSql(asOf: string, days: number, aliases: Aliases = {}): RawBuilder<boolean> {
  return sql<boolean>`(${ref(aliases.state ?? 'ls', 'arrears_from')} < ${date(asOf)} - ${sql.lit(Math.trunc(days))}::int)`
}

/**
 * The status shown on `asOf`: stored for the workflow (DRAFT … CANCELED, WRITTEN_OFF), and for a
 * disbursed loan COMPLETED when paid off, DEFAULTED when more than `defaultAfterDays` days past due on
 * the date or earlier in the same delinquency episode (@mp/domain `loanPosition().status`), else ACTIVE.
 */
export function statusSql(asOf: string, defaultAfterDays: number, aliases: Aliases = {}): RawBuilder<string> {
  const loan = aliases.loan ?? 'loan'
  const state = aliases.state ?? 'ls'
  const n = sql.lit(Math.trunc(defaultAfterDays))
  return sql<string>`(case
    when ${ref(loan, 'status')} not in ('ACTIVE','DEFAULTED','COMPLETED') or ${ref(state, 'loan_id')} is null
      then ${ref(loan, 'status')}
    when ${ref(state, 'paid_off_on')} is not null then 'COMPLETED'
    when ${ref(state, 'episode_peak_dpd')} > ${n} or ${daysPastDueSql(asOf, aliases)} > ${n} then 'DEFAULTED'
    else 'ACTIVE' end)`
}

/**
 * x ÷ den rounded to a whole number, for x ≥ 0 and den > 0 (@mp/domain `roundDiv`, HALF_EVEN or HALF_UP).
 * Exact integer division with `mod` on numeric (PostgreSQL and CockroachDB both keep it exact); written
 * inline rather than as a subquery, which PostgreSQL would evaluate per installment.
 */
function roundDivSql(x: RawBuilder<unknown>, den: RawBuilder<unknown>, rounding: RawBuilder<unknown>) {
  const r = sql`mod(${x}, ${den})`
  const q = sql`((${x} - ${r}) / ${den})`
  return sql<string>`(${q} + case when 2 * ${r} > ${den} then 1
      when 2 * ${r} = ${den} and (${rounding} = 'HALF_UP' or mod(${q}, 2) = 1) then 1 else 0 end)`
}

/**
 * Penalty accrued on one installment through `asOf` (that day included), from its closed form: the
 * stretches of days already closed by payments (`penalty_closed`, with whether any of them breached the
 * grace period) and the open stretch since the latest base change (@mp/domain `penaltyFromClosedForm`,
 * itself held equal to `accruedPenaltyAmount`). A paid-off installment can accrue nothing more.
 */
export function penaltyAccruedSql(asOf: string, aliases: Aliases = {}): RawBuilder<number> {
  const s = aliases.state ?? 'ls'
  const i = aliases.installment ?? 'i'
  const late = sql`(${date(asOf)} - ${ref(i, 'due_date')})`
  const grace = ref(s, 'penalty_grace_days')
  const base = ref(i, 'penalty_open_base')
  const openFrom = ref(i, 'penalty_open_from')
  const breached = sql`(${late} > ${grace} and (${ref(i, 'penalty_closed_breached')} or ${base} > 0))`
  const openDays = sql`(case when ${base} <= 0 then 0
      when ${ref(s, 'penalty_mode')} = 'FORGIVE' then greatest(0, ${late} - greatest(${openFrom}, ${grace} + 1) + 1)
      when ${breached} then greatest(0, ${late} - ${openFrom} + 1)
      else 0 end)`
  const closed = sql`(case when ${ref(s, 'penalty_mode')} = 'FORGIVE' or ${breached} then ${ref(i, 'penalty_closed')} else 0 end)`
  const open = sql`(case when ${ref(s, 'penalty_kind')} = 'FIXED_PER_DAY'
      then ${ref(s, 'penalty_amount_per_day')}::numeric * ${openDays}
      else ${roundDivSql(sql`${base}::numeric * ${ref(s, 'penalty_rate_num')} * ${openDays}`, ref(s, 'penalty_rate_den'), ref(s, 'rounding'))} end)`
  return sql<number>`(case
    when ${ref(i, 'paid_off_on')} is not null then ${ref(i, 'paid_penalty')} + ${ref(i, 'settled_penalty')}
    when ${ref(s, 'penalty_kind')} is null or ${late} <= 0 then 0
    else least(coalesce(${ref(s, 'penalty_cap')}, 9007199254740991), ${closed} + ${open})::bigint end)`
}

/**
 * Everything still owed on one installment on `asOf`, penalties included (@mp/domain
 * `installments[].outstanding.total`): the ledger's principal, interest and fee are what is owed after
 * reschedules and waivers, and penalties waived or capitalised are settled without being paid.
 */
export function installmentOutstandingSql(asOf: string, aliases: Aliases = {}): RawBuilder<number> {
  const i = aliases.installment ?? 'i'
  return sql<number>`(${ref(i, 'principal')} - ${ref(i, 'paid_principal')} + ${ref(i, 'interest')} - ${ref(i, 'paid_interest')}
    + ${ref(i, 'fee')} - ${ref(i, 'paid_fee')} + ${penaltyAccruedSql(asOf, aliases)} - ${ref(i, 'paid_penalty')}
    - ${ref(i, 'settled_penalty')})`
}
