import { randomUUID } from 'node:crypto'
import type { HeavyWorkLimiter } from '@mp/api'
import { Redis } from 'ioredis'
import type { Logger } from 'pino'

/**
 * Limits shared by every instance (docs/reliability.md "Two instances"), kept in Redis when REDIS_URL is
 * set: the per-IP request limit (through @fastify/rate-limit's Redis store) and each user's heavy reports
 * in flight. Sessions, idempotency keys, sign-in throttling and export limits need no Redis: they live in
 * PostgreSQL already.
 *
 * Redis is a helper here, not a dependency of correctness: when it cannot answer quickly the limits are
 * skipped (logged) rather than refusing the office's work.
 */
export function connectRedis(url: string, logger: Logger): Redis {
  const redis = new Redis(url, {
    // A command waits at most this long; no queueing while disconnected (the limit is skipped instead).
    commandTimeout: 1_000,
    connectTimeout: 2_000,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    lazyConnect: false,
  })
  let isDown = false
  redis.on('error', (error) => {
    if (!isDown) logger.warn({ err: error }, 'Redis unavailable: shared limits are skipped until it is back')
    isDown = true
  })
  redis.on('ready', () => {
    if (isDown) logger.info('Redis is back: shared limits apply again')
    isDown = false
  })
  return redis
}

// Each user's slots are one sorted set: member = slot token, score = when it lapses (ms, Redis's clock).
// Lapsed slots (an instance that died holding one) are dropped before counting, so none is lost for good.
const ACQUIRE = `
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', nowMs)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], nowMs + tonumber(ARGV[2]), ARGV[3])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
return 1
`

/** How long a heavy-report slot may be held before it lapses by itself (longer than any report runs). */
const SLOT_MS = 10 * 60 * 1000

/** The per-user heavy-report limit, counted in Redis across instances. */
export function redisHeavyWorkLimiter(redis: Redis, limit: number, logger: Logger): HeavyWorkLimiter {
  const key = (userId: string) => `mp:heavy:${userId}`
  return {
    limit,
    async acquire(userId) {
      const token = randomUUID()
      let taken: unknown
      try {
        taken = await redis.eval(ACQUIRE, 1, key(userId), String(limit), String(SLOT_MS), token)
      } catch (error) {
        logger.warn({ err: error }, 'heavy-report limit skipped: Redis did not answer')
        return () => Promise.resolve()
      }
      if (taken !== 1) return undefined
      return async () => {
        await redis.zrem(key(userId), token).catch(() => undefined)
      }
    },
  }
}
