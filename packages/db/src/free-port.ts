import net from 'node:net'

/** Asks the OS for a free TCP port on localhost. Never returns 5432 (the machine's own PostgreSQL). */
export async function findFreePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = net.createServer()
      server.unref()
      server.on('error', reject)
      server.listen(0, '127.0.0.1', () => {
        const address = server.address()
        const found = typeof address === 'object' && address ? address.port : 0
        server.close(() => {
          resolve(found)
        })
      })
    })
    if (port !== 0 && port !== 5432) return port
  }
}
