import { describe, expect, it } from 'vitest'
import {
  bvnProblem,
  dateOfBirthProblem,
  formatPhone,
  identifierHint,
  memberName,
  ninProblem,
  phoneProblem,
  todayIn,
} from './member-rules'

// The messages the server answers with (the rules come from @mp/api/schemas, one place for both).
const AGE_ERROR = 'Date of birth: the member must be at least 16 years old'
const FUTURE_BIRTH_ERROR = 'Date of birth cannot be in the future'
const BVN_ERROR = 'BVN must be exactly 11 digits'
const NIN_ERROR = 'NIN must be exactly 11 digits'
const PHONE_ERROR = 'Phone must be a Nigerian number such as 08031234567 or +2348031234567'

describe('dateOfBirthProblem', () => {
  it('refuses members under 16 with the server message, and future dates', () => {
    expect(dateOfBirthProblem('2010-11-27', '2026-11-26')).toBe(AGE_ERROR)
    expect(dateOfBirthProblem('2010-11-26', '2026-11-26')).toBeUndefined()
    expect(dateOfBirthProblem('2027-01-01', '2026-11-26')).toBe(FUTURE_BIRTH_ERROR)
  })

  it('lets someone born on 29 February turn 16 on 28 February in a common year, as the server does', () => {
    expect(dateOfBirthProblem('2009-02-28', '2025-02-27')).toBe(AGE_ERROR)
    expect(dateOfBirthProblem('2009-02-28', '2025-02-28')).toBeUndefined()
    expect(dateOfBirthProblem('2008-02-29', '2024-02-28')).toBe(AGE_ERROR)
    expect(dateOfBirthProblem('2008-02-29', '2024-02-29')).toBeUndefined()
    expect(dateOfBirthProblem('2009-02-28', '2025-02-28')).toBeUndefined()
  })

  it('allows no date of birth, and refuses what the server refuses before any age rule', () => {
    expect(dateOfBirthProblem('', '2026-11-26')).toBeUndefined()
    expect(dateOfBirthProblem('26/11/2000', '2026-11-26')).toBe(
      'Date of birth must be a date in YYYY-MM-DD format',
    )
    expect(dateOfBirthProblem('1899-12-31', '2026-11-26')).toBe(
      'Date of birth must be on or after 1900-01-01',
    )
  })
})

describe('todayIn', () => {
  it('is the calendar day in the company timezone', () => {
    const lateUtc = new Date('2026-03-31T23:30:00Z')
    expect(todayIn('Africa/Lagos', lateUtc)).toBe('2026-04-01')
    expect(todayIn('UTC', lateUtc)).toBe('2026-03-31')
  })
})

describe('BVN and NIN', () => {
  it('need exactly 11 digits; spaces between groups are fine; empty is allowed', () => {
    expect(bvnProblem('22212345678')).toBeUndefined()
    expect(bvnProblem('222 1234 5678')).toBeUndefined()
    expect(bvnProblem('222-1234-5678')).toBeUndefined()
    expect(bvnProblem('')).toBeUndefined()
    expect(bvnProblem('2221234567')).toBe(BVN_ERROR)
    expect(bvnProblem('2221234567a')).toBe(BVN_ERROR)
    expect(ninProblem('123456789012')).toBe(NIN_ERROR)
    expect(ninProblem('12345678901')).toBeUndefined()
  })

  it('tell the officer how far along they are', () => {
    expect(identifierHint('')).toBe('11 digits')
    expect(identifierHint('2221')).toBe('4 of 11 digits')
    expect(identifierHint('222 1234 5678')).toBe('11 digits ✓')
    expect(identifierHint('222123456789')).toBe('12 digits: 11 expected')
  })
})

describe('phoneProblem', () => {
  it('accepts the Nigerian forms the server accepts', () => {
    expect(phoneProblem('08031234567')).toBeUndefined()
    expect(phoneProblem('0803 123 4567')).toBeUndefined()
    expect(phoneProblem('+2348031234567')).toBeUndefined()
    expect(phoneProblem('2348031234567')).toBeUndefined()
    expect(phoneProblem('+234 0803 123 4567')).toBeUndefined()
    expect(phoneProblem('')).toBeUndefined()
  })

  it('refuses short, foreign or lettered numbers', () => {
    expect(phoneProblem('0803123456')).toBe(PHONE_ERROR)
    expect(phoneProblem('+447911123456')).toBe(PHONE_ERROR)
    expect(phoneProblem('0803-CALL-ME')).toBe(PHONE_ERROR)
  })
})

describe('display', () => {
  it('writes stored phones the local way', () => {
    expect(formatPhone('+2348031234567')).toBe('0803 123 4567')
    expect(formatPhone(null)).toBe('—')
  })

  it('joins names, skipping a missing middle name', () => {
    expect(memberName({ firstName: 'Ada', middleName: null, lastName: 'Obi' })).toBe('Ada Obi')
    expect(memberName({ firstName: 'Ada', middleName: 'Ngozi', lastName: 'Obi' })).toBe('Ada Ngozi Obi')
  })
})
