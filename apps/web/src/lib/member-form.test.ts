import { describe, expect, it } from 'vitest'
import {
  EMPTY_MEMBER,
  hasProblems,
  identityProblems,
  isMaskedIdentifier,
  personalProblems,
  toCreateInput,
  toUpdateInput,
  type MemberFormValues,
} from './member-form'

const AGE_ERROR = 'Date of birth: the member must be at least 16 years old'
const BVN_ERROR = 'BVN must be exactly 11 digits'
const PHONE_ERROR = 'Phone must be a Nigerian number such as 08031234567 or +2348031234567'

const ada: MemberFormValues = {
  ...EMPTY_MEMBER,
  unionId: 'union-1',
  firstName: ' Ada ',
  lastName: 'Obi',
  phone: '0803 123 4567',
  bvn: '222 1234 5678',
}

describe('personalProblems', () => {
  it('needs a union and both names', () => {
    const problems = personalProblems(EMPTY_MEMBER, '2026-11-26')
    expect(problems.unionId).toBeDefined()
    expect(problems.firstName).toBe('First name is required')
    expect(problems.lastName).toBe('Last name is required')
    expect(hasProblems(personalProblems(ada, '2026-11-26'))).toBe(false)
  })

  it('checks phone, email and age with the server messages', () => {
    const problems = personalProblems(
      { ...ada, phone: '12345', email: 'ada@', dateOfBirth: '2015-01-01' },
      '2026-11-26',
    )
    expect(problems.phone).toBe(PHONE_ERROR)
    expect(problems.email).toBe('Enter a valid email address')
    expect(problems.dateOfBirth).toBe(AGE_ERROR)
  })

  it('does not ask for a union on the edit page', () => {
    expect(
      personalProblems({ ...ada, unionId: '' }, '2026-11-26', { withUnion: false }).unionId,
    ).toBeUndefined()
  })
})

describe('identityProblems', () => {
  it('flags a short BVN', () => {
    expect(identityProblems({ ...ada, bvn: '1234' }).bvn).toBe(BVN_ERROR)
    expect(hasProblems(identityProblems(ada))).toBe(false)
  })
})

describe('toCreateInput', () => {
  it('trims names, leaves empty fields out and drops the spaces in identifiers', () => {
    const input = toCreateInput(ada, false)
    expect(input).toMatchObject({
      unionId: 'union-1',
      firstName: 'Ada',
      lastName: 'Obi',
      phone: '0803 123 4567',
      bvn: '22212345678',
      acknowledgeDuplicates: false,
    })
    expect(input.email).toBeUndefined()
    expect(input.nin).toBeUndefined()
    expect(input.gender).toBeUndefined()
  })
})

describe('toUpdateInput', () => {
  it('sends emptied fields so the server clears them, and never the union', () => {
    const input = toUpdateInput('member-1', { ...ada, email: '', gender: '', dateOfBirth: '' }, true)
    expect(input).toMatchObject({ id: 'member-1', email: '', gender: null, dateOfBirth: null })
    expect('unionId' in input).toBe(false)
    expect(input.acknowledgeDuplicates).toBe(true)
  })
})

describe('masked BVN and NIN in the edit form', () => {
  it('neither checks nor sends a number left as the server masked it, and sends a retyped one', () => {
    const masked = { ...ada, bvn: '•••••••5678', nin: '•••••••8901' }
    expect(isMaskedIdentifier(masked.bvn)).toBe(true)
    expect(hasProblems(identityProblems(masked))).toBe(false)
    const untouched = toUpdateInput('member-1', masked, false)
    expect(untouched.bvn).toBeUndefined()
    expect(untouched.nin).toBeUndefined()
    const retyped = toUpdateInput('member-1', { ...masked, bvn: '222-1234-5679' }, false)
    expect(retyped.bvn).toBe('22212345679')
    expect(identityProblems({ ...masked, nin: '•••1' }).nin).toBeDefined()
  })
})
