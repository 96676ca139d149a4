import type pg from 'pg'

/**
 * The SQL floor: the plain SQL that produces the same page (or figures) as each measured request, run with
 * EXPLAIN (ANALYZE, BUFFERS) straight on the database. What the API takes beyond it is the cost of
 * everything else (scope checks, several round trips, JSON, the event loop); the ratio says how close to
 * the database the endpoint is. Best of three runs, so caches are warm as they are for the API.
 */
export type FloorResult = {
  /** The measurement it is compared with (its name in the results table). */
  name: string
  ms: number
  plans: string[]
  statements: string[]
}

type Floor = { name: string; statements: string[] }

const LOAN_COLUMNS = `l.id, l.loan_number, l.principal, l.term_count, l.term_unit, l.start_date, l.disbursed_on,
  l.status, l.created_at, m.code, m.first_name || ' ' || m.last_name as member_name, m.phone,
  u.name as union_name, o.first_name || ' ' || o.last_name as officer_name, ls.arrears_from`
const LOAN_JOINS = `loan l join member m on m.id = l.member_id join "union" u on u.id = m.union_id
  join staff_user o on o.id = u.credit_officer_id left join loan_state ls on ls.loan_id = l.id`
const RUNNING = `l.status in ('ACTIVE','DEFAULTED')`

/** Portfolio figures over the stored state: outstanding, PAR1/30/60/90 numerators, counts by state. */
const PORTFOLIO = (where: string) => `select count(*) as running,
    coalesce(sum(ls.principal_outstanding), 0) as outstanding,
    coalesce(sum(ls.principal_outstanding) filter (where ls.arrears_from < $1::date), 0) as par1,
    coalesce(sum(ls.principal_outstanding) filter (where ls.arrears_from < $1::date - 30), 0) as par30,
    coalesce(sum(ls.principal_outstanding) filter (where ls.arrears_from < $1::date - 60), 0) as par60,
    coalesce(sum(ls.principal_outstanding) filter (where ls.arrears_from < $1::date - 90), 0) as par90,
    count(*) filter (where ls.arrears_from < $1::date - 90 or ls.episode_peak_dpd > 90) as defaulted
  from loan l join loan_state ls on ls.loan_id = l.id ${where}`

const FLOW = (where: string) => `select date_trunc('month', r.paid_on) as month, sum(r.amount) as collected
  from repayment r join loan l on l.id = r.loan_id ${where}
  and r.paid_on > $1::date - 365 and r.reversed_at is null group by 1 order by 1`

const DISBURSED = (
  where: string,
) => `select date_trunc('month', l.disbursed_on) as month, sum(l.principal) as disbursed
  from loan l ${where} and l.disbursed_on > $1::date - 365 group by 1 order by 1`

const OFFICER_LOANS = `join member m on m.id = l.member_id join "union" u on u.id = m.union_id
  where u.credit_officer_id = $2`

function floors(): Floor[] {
  return [
    {
      name: 'Loan list, first page',
      statements: [
        `select ${LOAN_COLUMNS} from ${LOAN_JOINS} order by l.created_at desc, l.id desc limit 51`,
      ],
    },
    {
      name: 'Loan list OVERDUE',
      statements: [
        `select ${LOAN_COLUMNS} from ${LOAN_JOINS} where ${RUNNING} and ls.arrears_from < $1::date
         order by l.created_at desc, l.id desc limit 51`,
      ],
    },
    {
      name: 'Loan list search',
      statements: [
        `select ${LOAN_COLUMNS} from ${LOAN_JOINS} where m.search_text like $3
         order by l.created_at desc, l.id desc limit 51`,
      ],
    },
    {
      name: 'Member search',
      statements: [
        `select m.id, m.code, m.first_name, m.last_name, m.phone, u.name as union_name
         from member m join "union" u on u.id = m.union_id
         where m.deleted_at is null and m.search_text like $3
         order by lower(m.last_name), lower(m.first_name), m.id limit 51`,
      ],
    },
    {
      name: 'Loan detail',
      statements: [
        `select l.*, m.code, m.first_name, m.last_name, u.name, o.first_name as officer from loan l
         join member m on m.id = l.member_id join "union" u on u.id = m.union_id
         join staff_user o on o.id = u.credit_officer_id where l.id = $4`,
        `select * from loan_installment where loan_id = $4 order by sequence`,
        `select * from repayment where loan_id = $4 order by posting_sequence`,
        `select * from repayment_allocation where loan_id = $4`,
        `select * from loan_event where loan_id = $4 order by id`,
        `select * from loan_state where loan_id = $4`,
      ],
    },
    {
      name: 'Dashboard (admin)',
      statements: [
        PORTFOLIO(`where ${RUNNING}`),
        FLOW(`where true`),
        DISBURSED(`where l.disbursed_on is not null`),
      ],
    },
    {
      name: 'Dashboard (officer)',
      statements: [
        PORTFOLIO(`${OFFICER_LOANS} and ${RUNNING}`),
        FLOW(OFFICER_LOANS),
        DISBURSED(`${OFFICER_LOANS} and l.disbursed_on is not null`),
      ],
    },
    {
      name: 'PAR/portfolio report, first page',
      statements: [
        PORTFOLIO(`where ${RUNNING}`),
        `select ${LOAN_COLUMNS}, ls.principal_outstanding from ${LOAN_JOINS} where ${RUNNING}
         order by ls.arrears_from asc nulls last, l.id limit 51`,
      ],
    },
    {
      name: 'Due list, first page',
      statements: [
        `select ${LOAN_COLUMNS}, ls.next_due_date, ls.next_due_amount from ${LOAN_JOINS}
         where ${RUNNING} and (ls.arrears_from < $1::date or exists (
           select 1 from loan_installment i where i.loan_id = l.id and i.due_date = $1::date and i.paid_off_on is null))
         order by u.name, m.last_name, m.first_name, l.id limit 51`,
      ],
    },
    {
      name: 'Loan changes of a loan',
      statements: [
        `select c.*, r.first_name as requested_by, d.first_name as decided_by from loan_change c
         join staff_user r on r.id = c.requested_by left join staff_user d on d.id = c.decided_by
         where c.loan_id = (select loan_id from loan_change where status = 'APPROVED' order by loan_id limit 1)
         order by c.requested_at desc limit 200`,
      ],
    },
    {
      name: 'Pending changes, first page',
      statements: [
        `select c.id, c.kind, c.requested_at, l.loan_number, m.first_name, m.last_name from loan_change c
         join loan l on l.id = c.loan_id join member m on m.id = l.member_id
         where c.status = 'PENDING' order by c.requested_at, c.id limit 50`,
        `select count(*) from loan_change where status = 'PENDING'`,
      ],
    },
    {
      name: 'Waiver report over a year, first page',
      statements: [
        `select c.id, c.kind, c.effective_on, c.amount, l.loan_number, m.first_name, u.name, o.first_name
         from loan_change c join loan l on l.id = c.loan_id join member m on m.id = l.member_id
         join "union" u on u.id = m.union_id join staff_user o on o.id = u.credit_officer_id
         where c.status = 'APPROVED' and c.amount > 0 and c.effective_on between $1::date - 365 and $1::date
         order by c.effective_on desc, c.id limit 50`,
        `select count(*), sum(c.amount) from loan_change c
         where c.status = 'APPROVED' and c.amount > 0 and c.effective_on between $1::date - 365 and $1::date`,
      ],
    },
    {
      name: 'CSV export of every loan',
      statements: [`select ${LOAN_COLUMNS} from ${LOAN_JOINS} order by l.created_at desc, l.id desc`],
    },
  ]
}

const timing = (plan: string, label: string) =>
  Number(new RegExp(`${label}: ([\\d.]+) ms`).exec(plan)?.[1] ?? 0)

/** Only the parameters a statement uses ($1 today, $2 officer, $3 search pattern, $4 loan). */
function parametersFor(statement: string, all: readonly unknown[]): { text: string; values: unknown[] } {
  const used = [1, 2, 3, 4].filter((n) => statement.includes(`$${n}`))
  let text = statement
  used.forEach((n, index) => {
    text = text.replaceAll(`$${n}`, `$${index + 1}`)
  })
  return { text, values: used.map((n) => all[n - 1]) }
}

export async function measureFloors(
  pool: pg.Pool,
  inputs: { today: string; officerId: string; search: string; detailLoanId: string },
): Promise<FloorResult[]> {
  const all = [inputs.today, inputs.officerId, `%${inputs.search.toLowerCase()}%`, inputs.detailLoanId]
  const results: FloorResult[] = []
  for (const floor of floors()) {
    let best = Number.POSITIVE_INFINITY
    let bestPlans: string[] = []
    for (let attempt = 0; attempt < 3; attempt++) {
      let total = 0
      const plans: string[] = []
      for (const statement of floor.statements) {
        const { text, values } = parametersFor(statement, all)
        const result = await pool.query<{ 'QUERY PLAN': string }>(
          `explain (analyze, buffers) ${text}`,
          values,
        )
        const plan = result.rows.map((r) => r['QUERY PLAN']).join('\n')
        total += timing(plan, 'Planning Time') + timing(plan, 'Execution Time')
        plans.push(plan)
      }
      if (total < best) {
        best = total
        bestPlans = plans
      }
    }
    results.push({ name: floor.name, ms: best, plans: bestPlans, statements: floor.statements })
  }
  return results
}
