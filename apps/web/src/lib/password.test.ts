import { describe, expect, it } from 'vitest'
import { passwordStrength } from './password'

describe('passwordStrength', () => {
  it('flags passwords under 8 characters, as the server refuses them', () => {
    expect(passwordStrength('Ab1!xyz')).toMatchObject({ score: 0, problem: 'Use at least 8 characters' })
  })

  it('flags a password containing the email or its name part', () => {
    expect(passwordStrength('ada.obi@example.com1', { email: 'ada.obi@example.com' }).problem).toMatch(
      /email/,
    )
    expect(passwordStrength('my-ada.obi-2026', { email: 'Ada.Obi@example.com' }).problem).toMatch(/email/)
  })

  it('grades longer, more varied passwords higher', () => {
    const weak = passwordStrength('abcdefgh').score
    const fair = passwordStrength('abcdefgh12').score
    const strong = passwordStrength('Kola-nut Tuesday 42').score
    expect(weak).toBe(1)
    expect(fair).toBeGreaterThan(weak)
    expect(strong).toBe(4)
    expect(passwordStrength('Kola-nut Tuesday 42').problem).toBeUndefined()
  })

  it('does not praise a long run of one character', () => {
    expect(passwordStrength('aaaaaaaaaaaaaaaaaaaa').score).toBe(1)
  })
})
