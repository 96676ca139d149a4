import { describe, expect, it } from 'vitest'
import { asOfProgress } from './as-of-run'

describe('asOfProgress', () => {
  it('says what is happening at each stage, never 100% before the end', () => {
    expect(asOfProgress(null)).toEqual({ percent: null, label: 'Starting…' })
    expect(asOfProgress({ state: 'RUNNING', loansDone: 0, loansTotal: null, error: null })).toEqual({
      percent: null,
      label: 'Preparing…',
    })
    expect(asOfProgress({ state: 'RUNNING', loansDone: 19_999, loansTotal: 20_000, error: null })).toEqual({
      percent: 99,
      label: '19,999 of 20,000 loans (99%)',
    })
    expect(asOfProgress({ state: 'RUNNING', loansDone: 0, loansTotal: 0, error: null }).label).toBe(
      'No loans on that date',
    )
    expect(asOfProgress({ state: 'DONE', loansDone: 1, loansTotal: 1, error: null })).toEqual({
      percent: 100,
      label: 'Done: 1 loan',
    })
    expect(asOfProgress({ state: 'FAILED', loansDone: 5, loansTotal: 10, error: 'Stopped' }).label).toBe(
      'Stopped',
    )
  })
})
