import { describe, expect, it } from 'vitest'
import { parseTypedDay } from './day-input'

const today = new Date('2026-11-26T12:00:00Z')

describe('parseTypedDay', () => {
  it('reads the company format and ISO alike', () => {
    expect(parseTypedDay('15/05/1990', 'DD/MM/YYYY', today)).toBe('1990-05-15')
    expect(parseTypedDay('1990-05-15', 'DD/MM/YYYY', today)).toBe('1990-05-15')
    expect(parseTypedDay('05/15/1990', 'MM/DD/YYYY', today)).toBe('1990-05-15')
    expect(parseTypedDay('15 May 1990', 'DD MMM YYYY', today)).toBe('1990-05-15')
  })

  it('accepts other separators and single digits', () => {
    expect(parseTypedDay('5.6.1990', 'DD/MM/YYYY', today)).toBe('1990-06-05')
    expect(parseTypedDay('05-06-1990', 'DD/MM/YYYY', today)).toBe('1990-06-05')
  })

  it('reads two-digit years as the latest year not in the future', () => {
    expect(parseTypedDay('01/01/90', 'DD/MM/YY', today)).toBe('1990-01-01')
    expect(parseTypedDay('01/01/05', 'DD/MM/YY', today)).toBe('2005-01-01')
  })

  it('refuses impossible days and stray text', () => {
    expect(parseTypedDay('31/02/1990', 'DD/MM/YYYY', today)).toBeNull()
    expect(parseTypedDay('1990-02-30', 'DD/MM/YYYY', today)).toBeNull()
    expect(parseTypedDay('next tuesday', 'DD/MM/YYYY', today)).toBeNull()
    expect(parseTypedDay('15/13/1990', 'DD/MM/YYYY', today)).toBeNull()
  })
})
