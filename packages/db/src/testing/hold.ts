import type { Kysely, Transaction } from 'kysely'

/**
 * Opens a transaction on `db`, runs `hold` in it (take a row or table lock, or just keep one of the
 * pool's connections busy) and keeps the transaction open: resolves once `hold` has run, with a
 * `release` that ends the transaction and waits for it. Tests use it to make the app wait as real
 * contention would, without sleeping.
 */
export async function holdInTransaction<DB>(
  db: Kysely<DB>,
  hold: (trx: Transaction<DB>) => Promise<unknown>,
): Promise<() => Promise<void>> {
  let release: () => void = () => undefined
  const releasing = new Promise<void>((resolve) => {
    release = resolve
  })
  let markHeld: () => void = () => undefined
  const isHeld = new Promise<void>((resolve) => {
    markHeld = resolve
  })
  const held = db.transaction().execute(async (trx) => {
    await hold(trx)
    markHeld()
    await releasing
  })
  // A hold that fails ends the wait with its error instead of hanging.
  await Promise.race([isHeld, held])
  return async () => {
    release()
    await held
  }
}
