import type * as Auth from '@mp/auth'
import { verifyAgainstDummy } from '@mp/auth'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { IP_FAILURE_LIMIT, PAIR_FAILURE_LIMIT } from '../src/services/auth.js'
import {
  TEST_PASSWORD,
  anonymousCaller,
  insertStaff,
  openTestDb,
  rejection,
  type TestDb,
} from './support/db.js'

// Counts the dummy-hash verifications, to show unknown and locked accounts spend a real argon2id check.
vi.mock('@mp/auth', async (importOriginal) => {
  const actual = await importOriginal<typeof Auth>()
  return { ...actual, verifyAgainstDummy: vi.fn(actual.verifyAgainstDummy) }
})
const dummyChecks = vi.mocked(verifyAgainstDummy)

let t: TestDb
beforeAll(async () => {
  t = await openTestDb()
})
afterAll(async () => {
  await t.close()
})
beforeEach(() => {
  dummyChecks.mockClear()
})

const signIn = (ip: string, email: string, password: string) =>
  anonymousCaller(t.db, { request: { ip } }).caller.auth.signIn({ email, password, rememberMe: false })

describe('sign-in answers say nothing about which emails have accounts', () => {
  it('answers a locked account, a wrong password and an unknown email the same way, with the same work', async () => {
    await insertStaff(t.db, { email: 'locked@example.com', role: 'CREDIT_OFFICER' })
    await insertStaff(t.db, { email: 'typo@example.com', role: 'CREDIT_OFFICER' })
    // Lock the account from several addresses (no address reaches its own limit).
    for (let attempt = 0; attempt < 5; attempt++) {
      await rejection(signIn(`198.51.100.${attempt + 1}`, 'locked@example.com', 'wrong-password-1'))
    }
    const locked = await t.db
      .selectFrom('staff_user')
      .select('locked_until')
      .where('email', '=', 'locked@example.com')
      .executeTakeFirstOrThrow()
    expect(locked.locked_until).not.toBeNull()

    dummyChecks.mockClear()
    const lockedWrong = await rejection(signIn('192.0.2.1', 'locked@example.com', 'wrong-password-2'))
    const lockedRight = await rejection(signIn('192.0.2.2', 'locked@example.com', TEST_PASSWORD))
    expect(dummyChecks).toHaveBeenCalledTimes(2)
    const knownWrong = await rejection(signIn('192.0.2.3', 'typo@example.com', 'wrong-password-3'))
    expect(dummyChecks).toHaveBeenCalledTimes(2) // the real hash was checked instead
    const unknown = await rejection(signIn('192.0.2.4', 'nobody@example.com', 'wrong-password-4'))
    expect(dummyChecks).toHaveBeenCalledTimes(3)

    const expected = {
      code: 'UNAUTHORIZED',
      reason: 'INVALID_CREDENTIALS',
      message: 'Email or password is incorrect',
    }
    expect({ lockedWrong, lockedRight, knownWrong, unknown }).toEqual({
      lockedWrong: expected,
      lockedRight: expected,
      knownWrong: expected,
      unknown: expected,
    })
  })
})

describe('sign-in throttling per address and email', () => {
  it('lets a colleague sign in from an address where someone else made 20 typos', async () => {
    await insertStaff(t.db, { email: 'alice@example.com', role: 'CREDIT_OFFICER' })
    await insertStaff(t.db, { email: 'bob@example.com', role: 'ADMIN' })
    const office = '203.0.113.50'
    const aliceAnswers = []
    for (let attempt = 0; attempt < 20; attempt++) {
      aliceAnswers.push(await rejection(signIn(office, 'alice@example.com', `typo-${attempt}-password`)))
    }
    await expect(signIn(office, 'bob@example.com', TEST_PASSWORD)).resolves.toMatchObject({
      email: 'bob@example.com',
    })

    // Alice's own pair is refused after the limit, without checking a password.
    const wrong = {
      code: 'UNAUTHORIZED',
      reason: 'INVALID_CREDENTIALS',
      message: 'Email or password is incorrect',
    }
    const throttled = {
      code: 'TOO_MANY_REQUESTS',
      reason: 'THROTTLED',
      message: 'Too many failed sign-in attempts. Try again in 15 minutes.',
    }
    expect(aliceAnswers).toEqual([
      ...Array.from({ length: PAIR_FAILURE_LIMIT }, () => wrong),
      ...Array.from({ length: 20 - PAIR_FAILURE_LIMIT }, () => throttled),
    ])

    // An unknown email from the same address counts and answers exactly the same way.
    const ghostAnswers = []
    for (let attempt = 0; attempt < 20; attempt++) {
      ghostAnswers.push(await rejection(signIn(office, 'ghost@example.com', `typo-${attempt}-password`)))
    }
    expect(ghostAnswers).toEqual(aliceAnswers)
  })

  it('refuses a throttled pair even the right password, and forgives typos followed by a success', async () => {
    await insertStaff(t.db, { email: 'carol@example.com', role: 'CREDIT_OFFICER' })
    const home = '203.0.113.60'
    for (let attempt = 0; attempt < PAIR_FAILURE_LIMIT - 1; attempt++) {
      await rejection(signIn(home, 'carol@example.com', 'not-her-password'))
    }
    await expect(signIn(home, 'carol@example.com', TEST_PASSWORD)).resolves.toMatchObject({
      email: 'carol@example.com',
    })
    // The earlier typos no longer count: four more are answered as wrong passwords.
    for (let attempt = 0; attempt < PAIR_FAILURE_LIMIT - 1; attempt++) {
      expect(await rejection(signIn(home, 'carol@example.com', 'not-her-password'))).toMatchObject({
        reason: 'INVALID_CREDENTIALS',
      })
    }
    await rejection(signIn(home, 'carol@example.com', 'not-her-password'))
    expect(await rejection(signIn(home, 'carol@example.com', TEST_PASSWORD))).toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      reason: 'THROTTLED',
    })
    const rows = await t.db
      .selectFrom('login_history')
      .select('failure_reason')
      .where('email', '=', 'carol@example.com')
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow()
    expect(rows.failure_reason).toBe('THROTTLED')
  })

  it('stops credential stuffing from one address, but not colleagues who signed in from it before', async () => {
    await insertStaff(t.db, { email: 'dave@example.com', role: 'CREDIT_OFFICER' })
    await insertStaff(t.db, { email: 'erin@example.com', role: 'CREDIT_OFFICER' })
    const attacker = '203.0.113.70'
    await signIn(attacker, 'dave@example.com', TEST_PASSWORD)
    // The history of a stuffing run: one failure per guessed email, as many as the ceiling.
    await t.db
      .insertInto('login_history')
      .values(
        Array.from({ length: IP_FAILURE_LIMIT }, (_, index) => ({
          email: `stuffed${index}@example.com`,
          is_success: false,
          failure_reason: 'UNKNOWN_EMAIL',
          ip: attacker,
        })),
      )
      .execute()

    expect(await rejection(signIn(attacker, 'erin@example.com', TEST_PASSWORD))).toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      reason: 'IP_THROTTLED',
    })
    expect(await rejection(signIn(attacker, 'nobody-here@example.com', TEST_PASSWORD))).toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      reason: 'IP_THROTTLED',
    })
    await expect(signIn(attacker, 'dave@example.com', TEST_PASSWORD)).resolves.toMatchObject({
      email: 'dave@example.com',
    })
    await expect(signIn('198.51.100.80', 'erin@example.com', TEST_PASSWORD)).resolves.toMatchObject({
      email: 'erin@example.com',
    })
  })
})
