import { describe, expect, it } from 'vitest'
import { isTransientStatus, queryRetryDelay, RECOVERY_POLL_MS, shouldRetryQuery } from './query-client'

describe('lists recover by themselves after an outage', () => {
  it('treats no answer and 502/503/504 as transient, never a 4xx or a plain 500', () => {
    expect([undefined, 502, 503, 504].map(isTransientStatus)).toEqual([true, true, true, true])
    expect([400, 401, 404, 500].map(isTransientStatus)).toEqual([false, false, false, false])
  })

  it('asks again a few times on a transient failure, twice on a 500, never on a 4xx', () => {
    expect(shouldRetryQuery(3, undefined)).toBe(true)
    expect(shouldRetryQuery(4, 503)).toBe(false)
    expect(shouldRetryQuery(1, 500)).toBe(true)
    expect(shouldRetryQuery(2, 500)).toBe(false)
    expect(shouldRetryQuery(0, 404)).toBe(false)
    expect(shouldRetryQuery(0, 429)).toBe(false)
  })

  it('backs off 1 s, 2 s, 4 s, 8 s, then at most the recovery interval', () => {
    expect([0, 1, 2, 3, 4, 10].map(queryRetryDelay)).toEqual([
      1000,
      2000,
      4000,
      8000,
      15_000,
      RECOVERY_POLL_MS,
    ])
  })
})
