import { parentPort, workerData } from 'node:worker_threads'
import { chunkCopyText } from './chunk-text.js'
import type { SimulationContext } from './plan.js'
import { simulateChunk, type ChunkBases, type SimulatedChunk } from './simulate.js'

/**
 * A worker thread of `pnpm mp seed-load`: simulates chunks of unions as the main thread asks, keeps each
 * one until its global numbers are known, then hands back its COPY text. Messages are handled in order.
 */
export type WorkerRequest =
  | { type: 'simulate'; chunk: { index: number; unionFrom: number; unionTo: number } }
  | { type: 'serialize'; index: number; bases: ChunkBases }

export type WorkerReply =
  | { type: 'simulated'; index: number; counts: SimulatedChunk['counts'] }
  | { type: 'serialized'; index: number; text: ReturnType<typeof chunkCopyText> }
  | { type: 'failed'; message: string }

const port = parentPort
if (port) {
  // The main thread sends its own SimulationContext (see generate.ts); structured clone keeps its shape.
  const ctx = workerData as SimulationContext
  const held = new Map<number, SimulatedChunk>()
  const reply = (message: WorkerReply) => {
    port.postMessage(message)
  }
  port.on('message', (request: WorkerRequest) => {
    try {
      if (request.type === 'simulate') {
        const chunk = simulateChunk(ctx, request.chunk)
        held.set(chunk.index, chunk)
        reply({ type: 'simulated', index: chunk.index, counts: chunk.counts })
        return
      }
      const chunk = held.get(request.index)
      if (!chunk) throw new Error(`chunk ${request.index} was not simulated here`)
      held.delete(request.index)
      reply({ type: 'serialized', index: request.index, text: chunkCopyText(ctx, chunk, request.bases) })
    } catch (error) {
      reply({
        type: 'failed',
        message: error instanceof Error ? (error.stack ?? error.message) : String(error),
      })
    }
  })
}
