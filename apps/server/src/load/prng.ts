import { createHash } from 'node:crypto'

/**
 * Seeded randomness (sfc32, 128 bits of state) so the load data is the same for the same seed on every
 * machine and in every run (`Math.random` never appears in the generator). Each member and each union
 * gets its own stream, keyed by the seed and its index through SHA-256, so the data does not depend on
 * how the work is split between worker threads, and streams never overlap in practice (a 32-bit
 * generator such as mulberry32 repeats UUIDs across 60,000 streams).
 */
export type Rng = {
  /** Uniform in [0, 1). */
  next(): number
  /** Uniform integer in [min, max] (both included). */
  int(min: number, max: number): number
  chance(probability: number): boolean
  pick<T>(items: readonly T[]): T
  /** An item chosen by weight: `[[item, weight], …]`. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T
  /** A version-4-shaped UUID made from the stream (deterministic, never from the system's randomness). */
  uuid(): string
}

const hex = (value: number, width: number) =>
  (value >>> 0)
    .toString(16)
    .padStart(8, '0')
    .slice(8 - width)

export function createRng(...stream: readonly (string | number)[]): Rng {
  const digest = createHash('sha256').update(stream.join('\u0000')).digest()
  let a = digest.readUInt32LE(0)
  let b = digest.readUInt32LE(4)
  let c = digest.readUInt32LE(8)
  let d = digest.readUInt32LE(12)
  const step = () => {
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return t >>> 0
  }
  for (let i = 0; i < 12; i++) step()
  const next = () => step() / 4294967296
  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (probability) => next() < probability,
    pick: <T>(items: readonly T[]): T => {
      const item = items[Math.floor(next() * items.length)]
      if (item === undefined) throw new Error('pick from an empty list')
      return item
    },
    weighted: <T>(choices: readonly (readonly [T, number])[]): T => {
      const total = choices.reduce((sum, [, weight]) => sum + weight, 0)
      let roll = next() * total
      for (const [item, weight] of choices) {
        roll -= weight
        if (roll < 0) return item
      }
      const last = choices[choices.length - 1]
      if (last === undefined) throw new Error('weighted pick from an empty list')
      return last[0]
    },
    uuid: () => {
      const w1 = step()
      const w2 = step()
      const w3 = step()
      const w4 = step()
      const variant = (8 + (w3 >>> 30)).toString(16)
      return `${hex(w1, 8)}-${hex(w2 >>> 16, 4)}-4${hex(w2, 3)}-${variant}${hex(w3, 3)}-${hex(w3 >>> 12, 4)}${hex(w4, 8)}`
    },
  }
  return rng
}
