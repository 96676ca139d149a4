import type { Database, Kysely } from '@mp/db'
import { CompiledQuery, type Compilable } from 'kysely'

/** Rows fetched per round trip: big enough to amortise the trip, small enough to stay a few MB. */
const STREAM_BATCH = 2000

/**
 * Every row of one query, read through a server-side cursor (DECLARE … FETCH, which PostgreSQL and
 * CockroachDB both run) inside one read-only REPEATABLE READ transaction: the database plans and runs
 * the query once, the rows arrive `batch` at a time as the consumer takes them (a slow file write holds
 * the cursor, not memory), and the file is one consistent snapshot. Linear in its rows, unlike OFFSET
 * paging with a count per page. Stopping early (an error in the writer) closes the transaction.
 */
export async function* streamQuery<Row>(
  db: Kysely<Database>,
  query: Compilable<Row>,
  batch = STREAM_BATCH,
): AsyncGenerator<Row> {
  const compiled = query.compile()
  const trx = await db
    .startTransaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute()
  let isDone = false
  try {
    await trx.executeQuery(
      CompiledQuery.raw(`declare export_rows no scroll cursor for ${compiled.sql}`, [...compiled.parameters]),
    )
    const fetch = CompiledQuery.raw(`fetch ${String(Math.max(1, Math.trunc(batch)))} from export_rows`)
    for (;;) {
      const { rows } = await trx.executeQuery<Row>(fetch)
      for (const row of rows) yield row
      if (rows.length < batch) break
    }
    await trx.commit().execute()
    isDone = true
  } finally {
    if (!isDone) await trx.rollback().execute()
  }
}
