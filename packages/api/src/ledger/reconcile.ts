import type { Database, Kysely } from '@mp/db'

export type AllocationReconciliation = {
  /** Σ principal + interest + fee + penalty of the allocations of standing (not reversed) repayments. */
  allocated: number
  /** Σ amount of the standing repayments. */
  paid: number
  /** Allocations still held by reversed repayments (a reversal removes them; must be 0). */
  reversedWithAllocations: number
}

/**
 * One loan's money reconciled: what its standing repayments paid against what was allocated from
 * them. `allocated` must equal `paid` and `reversedWithAllocations` must be 0 whatever happened
 * (retries, crashes, outages, reversals); tests assert it after every kind of disturbance.
 */
export async function reconcileAllocations(
  db: Kysely<Database>,
  loanId: string,
): Promise<AllocationReconciliation> {
  const allocated = await db
    .selectFrom('repayment_allocation as a')
    .innerJoin('repayment as r', 'r.id', 'a.repayment_id')
    .select((eb) =>
      eb.fn
        .coalesce(
          eb.fn.sum<string>(
            eb('a.principal', '+', eb('a.interest', '+', eb('a.fee', '+', eb.ref('a.penalty')))),
          ),
          eb.val('0'),
        )
        .as('sum'),
    )
    .where('a.loan_id', '=', loanId)
    .where('r.reversed_at', 'is', null)
    .executeTakeFirstOrThrow()
  const paid = await db
    .selectFrom('repayment')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<string>('amount'), eb.val('0')).as('sum'))
    .where('loan_id', '=', loanId)
    .where('reversed_at', 'is', null)
    .executeTakeFirstOrThrow()
  const orphan = await db
    .selectFrom('repayment_allocation as a')
    .innerJoin('repayment as r', 'r.id', 'a.repayment_id')
    .select('a.repayment_id')
    .where('a.loan_id', '=', loanId)
    .where('r.reversed_at', 'is not', null)
    .execute()
  return { allocated: Number(allocated.sum), paid: Number(paid.sum), reversedWithAllocations: orphan.length }
}
