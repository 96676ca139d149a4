import { inTransaction, sql, type Database, type Kysely } from '@mp/db'
import type { Period } from '@mp/domain'
import type { Db, LoanIdFilter } from './portfolio.js'

/**
 * Collection efficiency and on-time rate at scale (docs/reports.md). Both look at every installment due
 * in a period and what standing repayments allocated to it: @mp/domain `collectionEfficiency` /
 * `onTimeRate` over `installmentDues` — amount due = principal + interest + fee; counted = allocations
 * (penalties left out) dated in the period / on or before the due date, capped per installment at the
 * amount due.
 *
 * The close copies those inputs into `due_fact` and `allocation_fact`, narrow and ordered by due date.
 * A report reads the copy for loans unchanged since it was taken and the live tables for loans changed
 * since: every event that changes a loan's installments or allocations rewrites its `loan_state` row
 * (`updated_at`), so the answer is exact. Loans written in the few minutes before the copy count as
 * changed too (a transaction that began before the copy may commit after it).
 */
const MARGIN_MS = 10 * 60 * 1000

type Figures = { due: number; onTime: number; collected: number }

/** Loans copied per statement: each stays far below the 30 s limit every statement has (docs/benchmarks.md). */
const REFRESH_CHUNK = 2_000

/**
 * Copies the facts of every loan changed since the last copy (all of them the first time), in one
 * transaction that holds the `fact_refresh` row: several instances refresh one after another. The copy is
 * made a few thousand loans per statement: the first one (a new deployment, an import or a restore of a
 * large portfolio) is 1.4 M allocations at 100,000 loans, which as one statement took longer than the
 * statement limit on a busy machine — and a close that fails the same way every night never closes.
 */
export async function refreshCollectionFacts(
  db: Kysely<Database>,
  options: { chunk?: number } = {},
): Promise<{ loans: number | null }> {
  await db
    .insertInto('fact_refresh')
    .values({ id: 'default', refreshed_at: new Date(0) })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute()
  return inTransaction(db, async (trx) => {
    const row = await trx
      .selectFrom('fact_refresh')
      .select(['refreshed_at', sql<Date>`now()`.as('now')])
      .where('id', '=', 'default')
      .forUpdate()
      .executeTakeFirstOrThrow()
    const isFirst = row.refreshed_at.getTime() === 0
    const since = new Date(row.refreshed_at.getTime() - MARGIN_MS)
    let ids = trx.selectFrom('loan_state').select('loan_id').orderBy('loan_id')
    if (isFirst) {
      await sql`delete from due_fact`.execute(trx)
      await sql`delete from allocation_fact`.execute(trx)
    } else {
      ids = ids.where('updated_at', '>', since)
    }
    const loanIds = (await ids.execute()).map((r) => r.loan_id)
    const chunk = options.chunk ?? REFRESH_CHUNK
    for (let start = 0; start < loanIds.length; start += chunk) {
      const some = sql`${loanIds.slice(start, start + chunk)}::uuid[]`
      if (!isFirst) {
        await sql`delete from due_fact where loan_id = any(${some})`.execute(trx)
        await sql`delete from allocation_fact where loan_id = any(${some})`.execute(trx)
      }
      await sql`insert into due_fact (loan_id, sequence, due_date, amount_due, paid_on_time)
        select i.loan_id, i.sequence, i.due_date, i.principal + i.interest + i.fee, i.paid_on_time
        from loan_installment i where i.loan_id = any(${some})`.execute(trx)
      await sql`insert into allocation_fact (loan_id, sequence, due_date, paid_on, amount, amount_due)
        select ra.loan_id, ra.sequence, min(i.due_date), r.paid_on, sum(ra.principal + ra.interest + ra.fee),
          min(i.principal + i.interest + i.fee)
        from repayment_allocation ra
        join repayment r on r.id = ra.repayment_id
        join loan_installment i on i.loan_id = ra.loan_id and i.sequence = ra.sequence
        where r.reversed_at is null and ra.loan_id = any(${some})
        group by ra.loan_id, ra.sequence, r.paid_on`.execute(trx)
    }
    await trx.updateTable('fact_refresh').set({ refreshed_at: row.now }).where('id', '=', 'default').execute()
    return { loans: isFirst ? null : loanIds.length }
  })
}

const day = (value: string) => sql<string>`cast(${value} as date)`

/** `and <column> in (…)` for each id filter given. */
function inAll(column: string, filters: readonly (LoanIdFilter | ReturnType<typeof sql>)[]) {
  return sql.join(
    filters.filter((f) => f !== undefined).map((f) => sql`and ${sql.ref(column)} in (${f})`),
    sql` `,
  )
}

function officerParts(byOfficer: boolean) {
  return byOfficer
    ? {
        join: (column: string) =>
          sql`join loan l on l.id = ${sql.ref(column)} join member m on m.id = l.member_id join "union" u on u.id = m.union_id`,
        key: sql`u.credit_officer_id`,
      }
    : { join: () => sql``, key: sql`''` }
}

/** The live computation (every loan, or only `only`), straight from the ledger tables. */
async function liveFigures(
  db: Db,
  filters: { loanIds: LoanIdFilter; only?: ReturnType<typeof sql> },
  period: Period,
  byOfficer: boolean,
) {
  const officer = officerParts(byOfficer)
  const ids = [filters.loanIds, filters.only]
  const [dues, collected] = await Promise.all([
    sql<{ officer: string; due: number; on_time: number }>`
      select ${officer.key} as officer,
        coalesce(sum(i.principal + i.interest + i.fee), 0)::bigint as due,
        coalesce(sum(least(i.paid_on_time, i.principal + i.interest + i.fee)), 0)::bigint as on_time
      from loan_installment i ${officer.join('i.loan_id')}
      where i.due_date between ${day(period.from)} and ${day(period.to)} ${inAll('i.loan_id', ids)}
      group by 1`.execute(db),
    sql<{ officer: string; collected: number }>`
      select x.officer, coalesce(sum(least(x.counted, x.due)), 0)::bigint as collected
      from (
        select ${officer.key} as officer, sum(ra.principal + ra.interest + ra.fee) as counted,
          min(i.principal + i.interest + i.fee) as due
        from loan_installment i
        join repayment_allocation ra on ra.loan_id = i.loan_id and ra.sequence = i.sequence
        join repayment r on r.id = ra.repayment_id
        ${officer.join('i.loan_id')}
        where r.paid_on between ${day(period.from)} and ${day(period.to)} and r.reversed_at is null
          and i.due_date between ${day(period.from)} and ${day(period.to)} ${inAll('i.loan_id', ids)}
        group by 1, i.loan_id, i.sequence) x
      group by 1`.execute(db),
  ])
  return { dues: dues.rows, collected: collected.rows }
}

/** The copied facts of loans unchanged since the copy. */
async function factFigures(
  db: Db,
  filters: { loanIds: LoanIdFilter; changed: ReturnType<typeof sql> },
  period: Period,
  byOfficer: boolean,
) {
  const officer = officerParts(byOfficer)
  const [dues, collected] = await Promise.all([
    sql<{ officer: string; due: number; on_time: number }>`
      select ${officer.key} as officer, coalesce(sum(f.amount_due), 0)::bigint as due,
        coalesce(sum(least(f.paid_on_time, f.amount_due)), 0)::bigint as on_time
      from due_fact f ${officer.join('f.loan_id')}
      where f.due_date between ${day(period.from)} and ${day(period.to)}
        and f.loan_id not in (${filters.changed}) ${inAll('f.loan_id', [filters.loanIds])}
      group by 1`.execute(db),
    sql<{ officer: string; collected: number }>`
      select x.officer, coalesce(sum(least(x.counted, x.due)), 0)::bigint as collected
      from (
        select ${officer.key} as officer, sum(f.amount) as counted, min(f.amount_due) as due
        from allocation_fact f ${officer.join('f.loan_id')}
        where f.due_date between ${day(period.from)} and ${day(period.to)}
          and f.paid_on between ${day(period.from)} and ${day(period.to)}
          and f.loan_id not in (${filters.changed}) ${inAll('f.loan_id', [filters.loanIds])}
        group by 1, f.due_date, f.loan_id, f.sequence) x
      group by 1`.execute(db),
  ])
  return { dues: dues.rows, collected: collected.rows }
}

/**
 * Amount due, paid on time and collected against the period's dues, per officer of the union now
 * (`byOfficer`) or in total (key ''), for the loans in `loanIds` (every loan when undefined).
 */
export async function periodKpiFigures(
  db: Db,
  loanIds: LoanIdFilter,
  period: Period,
  options: { byOfficer: boolean },
): Promise<Map<string, Figures>> {
  const refresh = await db
    .selectFrom('fact_refresh')
    .select('refreshed_at')
    .where('id', '=', 'default')
    .executeTakeFirst()
  const parts: {
    dues: { officer: string; due: number; on_time: number }[]
    collected: { officer: string; collected: number }[]
  }[] = []
  if (!refresh || refresh.refreshed_at.getTime() === 0) {
    parts.push(await liveFigures(db, { loanIds }, period, options.byOfficer))
  } else {
    const since = new Date(refresh.refreshed_at.getTime() - MARGIN_MS)
    const changed = sql`select loan_id from loan_state where updated_at > ${since}`
    parts.push(
      ...(await Promise.all([
        factFigures(db, { loanIds, changed }, period, options.byOfficer),
        liveFigures(db, { loanIds, only: changed }, period, options.byOfficer),
      ])),
    )
  }
  const figures = new Map<string, Figures>()
  const entry = (officer: string) => {
    const found = figures.get(officer) ?? { due: 0, onTime: 0, collected: 0 }
    figures.set(officer, found)
    return found
  }
  for (const part of parts) {
    for (const row of part.dues) {
      const e = entry(row.officer)
      e.due += row.due
      e.onTime += row.on_time
    }
    for (const row of part.collected) entry(row.officer).collected += row.collected
  }
  return figures
}
