/**
 * A small HTTP client for the load bench, speaking tRPC the way the web app does (superjson envelope,
 * GET for queries, POST for mutations) with a real session cookie and the Origin header the CSRF check
 * wants. Node's fetch (undici) keeps connections alive, so 20 clients reuse their sockets.
 */
export class TrpcError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message)
  }
}

const TIMEOUT_MS = 600_000

type Envelope = { result?: { data?: { json?: unknown } }; error?: { json?: { message?: string } } }

function isEnvelope(value: unknown): value is Envelope {
  return typeof value === 'object' && value !== null
}

export class Session {
  private constructor(
    readonly base: string,
    private readonly cookie: string,
    readonly email: string,
  ) {}

  /** Signs in through `auth.signIn`, as the sign-in page does, and keeps the session cookie. */
  static async signIn(base: string, email: string, password: string): Promise<Session> {
    const response = await fetch(`${base}/trpc/auth.signIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: JSON.stringify({ json: { email, password, rememberMe: false } }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    })
    await read(response, 'auth.signIn')
    const cookie = response.headers
      .getSetCookie()
      .map((c) => c.split(';')[0] ?? '')
      .find((c) => c.includes('='))
    if (!cookie) throw new Error(`sign-in of ${email} set no session cookie`)
    return new Session(base, cookie, email)
  }

  async query<T = unknown>(path: string, input?: unknown): Promise<T> {
    const query = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`
    const response = await fetch(`${this.base}/trpc/${path}${query}`, {
      headers: { cookie: this.cookie },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    })
    return (await read(response, path)) as T
  }

  async mutate<T = unknown>(path: string, input: unknown): Promise<T> {
    const response = await fetch(`${this.base}/trpc/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: this.cookie, origin: this.base },
      body: JSON.stringify({ json: input }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    })
    return (await read(response, path)) as T
  }

  /** Downloads a file route with the session; returns its size and line count without keeping it. */
  async download(path: string): Promise<{ bytes: number; lines: number }> {
    const response = await fetch(`${this.base}${path}`, {
      headers: { cookie: this.cookie },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    })
    if (!response.ok || !response.body)
      throw new TrpcError(`${path}: HTTP ${response.status}`, response.status)
    // Read chunk by chunk, counting with Buffer.indexOf: a whole-body byte loop held this process's event
    // loop for tens of milliseconds and showed up as /health latency the server never had.
    let bytes = 0
    let lines = 0
    for await (const chunk of response.body) {
      const buffer = Buffer.from(chunk)
      bytes += buffer.length
      for (let at = buffer.indexOf(10); at !== -1; at = buffer.indexOf(10, at + 1)) lines += 1
    }
    return { bytes, lines }
  }
}

async function read(response: Response, path: string): Promise<unknown> {
  const text = await response.text()
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw new TrpcError(`${path}: HTTP ${response.status} ${text.slice(0, 200)}`, response.status)
  }
  if (!response.ok || !isEnvelope(body) || body.error) {
    const message = isEnvelope(body) ? (body.error?.json?.message ?? text.slice(0, 200)) : text.slice(0, 200)
    throw new TrpcError(`${path}: HTTP ${response.status} ${message}`, response.status)
  }
  return body.result?.data?.json
}

export type Measurement = {
  name: string
  clients: number
  requests: number
  errors: number
  firstError: string | null
  p50: number
  p99: number
  max: number
  /** Completed requests per second over the whole run (wall clock). */
  rate: number
  seconds: number
  /** Peak server RSS during the run, MB (VmHWM after a reset, else the highest sample). */
  rssPeakMb: number | null
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[index] ?? Number.NaN
}

/**
 * Runs `requests` calls over `clients` concurrent loops; `call(i, client)` makes request i. Latency is
 * per request; errors are counted, not thrown.
 */
export async function measure(
  name: string,
  options: { clients: number; requests: number; rss?: RssProbe },
  call: (index: number, client: number) => Promise<unknown>,
): Promise<Measurement> {
  const latencies: number[] = []
  let errors = 0
  let firstError: string | null = null
  let next = 0
  options.rss?.reset()
  const started = performance.now()
  await Promise.all(
    Array.from({ length: options.clients }, async (_, client) => {
      for (;;) {
        const index = next++
        if (index >= options.requests) return
        const t0 = performance.now()
        try {
          await call(index, client)
          latencies.push(performance.now() - t0)
        } catch (error) {
          errors += 1
          firstError ??= error instanceof Error ? error.message : String(error)
        }
      }
    }),
  )
  const seconds = (performance.now() - started) / 1000
  latencies.sort((a, b) => a - b)
  return {
    name,
    clients: options.clients,
    requests: options.requests,
    errors,
    firstError,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1] ?? Number.NaN,
    rate: latencies.length / seconds,
    seconds,
    rssPeakMb: options.rss?.peakMb() ?? null,
  }
}

/** Server memory from /proc: the peak since `reset` (VmHWM, reset through clear_refs), sampled too. */
export type RssProbe = { reset(): void; peakMb(): number | null; currentMb(): number | null }
