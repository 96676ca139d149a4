import { Worker } from 'node:worker_threads'
import { chunkCopyText } from './chunk-text.js'
import type { CopyTable } from './copy.js'
import type { ChunkPlan, SimulationContext } from './plan.js'
import { simulateChunk, type ChunkBases, type ChunkCounts, type SimulatedChunk } from './simulate.js'
import type { WorkerReply, WorkerRequest } from './worker.js'

export type ChunkText = Record<CopyTable, string>

/** Simulates chunks and turns them into COPY text once their bases are known (see simulate.ts). */
export type ChunkProducer = {
  simulate(chunk: ChunkPlan): Promise<ChunkCounts>
  serialize(index: number, bases: ChunkBases): Promise<ChunkText>
  close(): Promise<void>
}

/** In the main thread: for small portfolios, where starting workers costs more than it saves. */
export function inlineProducer(ctx: SimulationContext): ChunkProducer {
  const held = new Map<number, SimulatedChunk>()
  return {
    simulate: (chunk) => {
      const simulated = simulateChunk(ctx, chunk)
      held.set(chunk.index, simulated)
      return Promise.resolve(simulated.counts)
    },
    serialize: (index, bases) => {
      const chunk = held.get(index)
      if (!chunk) return Promise.reject(new Error(`chunk ${index} was not simulated`))
      held.delete(index)
      return Promise.resolve(chunkCopyText(ctx, chunk, bases))
    },
    close: () => Promise.resolve(),
  }
}

/**
 * The worker's entry: the compiled worker.js in the production build. Under tsx (development, tests) the
 * source is TypeScript and Node 20 does not hand tsx's loader to worker threads, so a one-line module
 * registers tsx in the worker first and then imports worker.ts.
 */
function workerEntry(): URL {
  if (!import.meta.url.endsWith('.ts')) return new URL('./worker.js', import.meta.url)
  const target = new URL('./worker.ts', import.meta.url).href
  const tsx = import.meta.resolve('tsx/esm/api')
  const boot = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(target)});`
  return new URL(`data:text/javascript,${encodeURIComponent(boot)}`)
}

type Waiter = { resolve: (value: WorkerReply) => void; reject: (error: Error) => void }

/**
 * Worker threads (the replays are CPU-bound): chunk i goes to worker i mod n, and its COPY text is asked
 * of the same worker, which kept the simulated chunk.
 */
export function workerProducer(ctx: SimulationContext, count: number): ChunkProducer {
  const file = workerEntry()
  const waiting = new Map<string, Waiter>()
  let failure: Error | null = null
  const failAll = (error: Error) => {
    failure = error
    for (const waiter of waiting.values()) waiter.reject(error)
    waiting.clear()
  }
  const workers = Array.from({ length: count }, () => {
    const worker = new Worker(file, { workerData: ctx })
    worker.on('message', (reply: WorkerReply) => {
      if (reply.type === 'failed') {
        failAll(new Error(`load worker failed: ${reply.message}`))
        return
      }
      const key = `${reply.type}:${reply.index}`
      const waiter = waiting.get(key)
      waiting.delete(key)
      waiter?.resolve(reply)
    })
    worker.on('error', failAll)
    return worker
  })
  const ask = (index: number, request: WorkerRequest, expect: WorkerReply['type']) =>
    new Promise<WorkerReply>((resolve, reject) => {
      if (failure) {
        reject(failure)
        return
      }
      const worker = workers[index % workers.length]
      if (!worker) {
        reject(new Error('no load workers'))
        return
      }
      waiting.set(`${expect}:${index}`, { resolve, reject })
      worker.postMessage(request)
    })
  return {
    simulate: async (chunk) => {
      const reply = await ask(chunk.index, { type: 'simulate', chunk }, 'simulated')
      if (reply.type !== 'simulated') throw new Error('unexpected reply from a load worker')
      return reply.counts
    },
    serialize: async (index, bases) => {
      const reply = await ask(index, { type: 'serialize', index, bases }, 'serialized')
      if (reply.type !== 'serialized') throw new Error('unexpected reply from a load worker')
      return reply.text
    },
    close: async () => {
      await Promise.all(workers.map((worker) => worker.terminate()))
    },
  }
}
