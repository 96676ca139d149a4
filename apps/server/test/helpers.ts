import net from 'node:net'
import { Writable } from 'node:stream'
import { createCaller, createInnerContext } from '@mp/api'
import { createSession, validateSessionToken } from '@mp/auth'
import { createKysely, createPool, type Database, type Kysely } from '@mp/db'
import { createTestDatabase, type TestDatabase } from '@mp/db/testing'
import { inject } from 'vitest'
import { pino, type Logger } from 'pino'
import { loggerOptions } from '../src/logger.js'

/** A signed-in staff member: the session cookie for HTTP, and a tRPC caller acting as them. */
export async function signedIn(db: Kysely<Database>, userId: string) {
  const { token } = await createSession(db, { userId, isPersistent: false })
  const validated = await validateSessionToken(db, token)
  if (!validated) throw new Error('no session')
  return {
    cookie: `mp_session=${token}`,
    caller: createCaller(createInnerContext({ db, session: validated.session, user: validated.user })),
  }
}

/** A plain weekly product: ₦10,000–₦500,000 over 4–12 weeks, 10% flat for the term, a ₦500 fee. */
export const WEEKLY_FLAT_TYPE = {
  name: 'Weekly flat',
  description: null,
  minPrincipal: 1_000_000,
  maxPrincipal: 50_000_000,
  termUnit: 'WEEK',
  minTerm: 4,
  maxTerm: 12,
  interest: { method: 'FLAT', rate: '0.10', basis: 'PER_TERM' },
  processingFee: { kind: 'FLAT', amount: 50_000 },
  penalty: null,
  allocationOrder: 'VERTICAL',
  rounding: 'HALF_EVEN',
  installmentMultiple: null,
} as const satisfies Parameters<ReturnType<typeof createCaller>['loanType']['create']>[0]

export type TestDb = { database: TestDatabase; db: Kysely<Database>; close: () => Promise<void> }

export async function openTestDb(): Promise<TestDb> {
  const database = await createTestDatabase(inject('mpTestDb'))
  const db = createKysely(createPool(database.url, { max: 5 }))
  return {
    database,
    db,
    close: async () => {
      await db.destroy()
      await database.drop()
    },
  }
}

/** A pino logger with the server's options that keeps every line in memory. */
export function memoryLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = []
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString('utf8'))
      callback()
    },
  })
  return { logger: pino(loggerOptions('trace'), stream), lines }
}

/**
 * A TCP proxy in front of the real database, so a test can cut the connection (as if the database
 * died) and restore it, without stopping a shared server.
 */
export async function startTcpProxy(target: { host: string; port: number }) {
  const sockets = new Set<net.Socket>()
  let server: net.Server | undefined
  let port = 0
  const listen = () =>
    new Promise<void>((resolve) => {
      server = net.createServer((client) => {
        const upstream = net.connect(target.port, target.host)
        sockets.add(client)
        sockets.add(upstream)
        const drop = () => {
          client.destroy()
          upstream.destroy()
          sockets.delete(client)
          sockets.delete(upstream)
        }
        client.on('error', drop).on('close', drop)
        upstream.on('error', drop).on('close', drop)
        client.pipe(upstream).pipe(client)
      })
      server.listen(port, '127.0.0.1', () => {
        const address = server?.address()
        if (address && typeof address === 'object') port = address.port
        resolve()
      })
    })
  await listen()
  return {
    get port() {
      return port
    },
    /** Refuses new connections and cuts the open ones. */
    cut: async () => {
      for (const socket of sockets) socket.destroy()
      sockets.clear()
      const current = server
      server = undefined
      if (!current?.listening) return
      await new Promise<void>((resolve) => {
        current.close(() => {
          resolve()
        })
      })
    },
    restore: listen,
  }
}
