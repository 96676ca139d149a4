import type { Redis } from 'ioredis'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectRedis, redisHeavyWorkLimiter } from '../src/shared-limits.js'
import { testRedis } from './redis.js'

/** The heavy-report limit shared through Redis (docs/reliability.md "Two instances"), on a real Redis. */
const silent = pino({ level: 'silent' })

const redis = await testRedis()

describe.skipIf(redis === undefined)('heavy reports counted in Redis', () => {
  let one: Redis
  let two: Redis
  beforeAll(async () => {
    const url = redis?.url ?? ''
    // Two clients stand for two instances.
    one = connectRedis(url, silent)
    two = connectRedis(url, silent)
    // Commands are not queued while connecting (the server skips limits then): wait until ready.
    await Promise.all([one, two].map((client) => new Promise((resolve) => client.once('ready', resolve))))
  })
  afterAll(async () => {
    one.disconnect()
    two.disconnect()
    await redis?.stop()
  })

  it('two slots per user across instances; a third waits for one to be given back; users are apart', async () => {
    const viaOne = redisHeavyWorkLimiter(one, 2, silent)
    const viaTwo = redisHeavyWorkLimiter(two, 2, silent)
    const first = await viaOne.acquire('user-a')
    const second = await viaTwo.acquire('user-a')
    expect(first).toBeTypeOf('function')
    expect(second).toBeTypeOf('function')
    expect(await viaOne.acquire('user-a')).toBeUndefined()
    expect(await viaTwo.acquire('user-a')).toBeUndefined()
    expect(await viaTwo.acquire('user-b')).toBeTypeOf('function')
    await first?.()
    const third = await viaTwo.acquire('user-a')
    expect(third).toBeTypeOf('function')
    await second?.()
    await third?.()
    expect(await one.zcard('mp:heavy:user-a')).toBe(0)
  })

  it('a slot left by an instance that died lapses by itself', async () => {
    const limiter = redisHeavyWorkLimiter(one, 1, silent)
    expect(await limiter.acquire('user-c')).toBeTypeOf('function')
    expect(await limiter.acquire('user-c')).toBeUndefined()
    // The dead instance never releases; its slot's lapse time is rewound to the past.
    await one.zadd('mp:heavy:user-c', 'XX', 0, (await one.zrange('mp:heavy:user-c', 0, 0))[0] ?? '')
    expect(await limiter.acquire('user-c')).toBeTypeOf('function')
  })

  it('with Redis unreachable the limit is skipped, never an error', async () => {
    const down = connectRedis('redis://127.0.0.1:1', silent)
    try {
      const limiter = redisHeavyWorkLimiter(down, 1, silent)
      const release = await limiter.acquire('user-d')
      expect(release).toBeTypeOf('function')
      await release?.()
    } finally {
      down.disconnect()
    }
  })
})
