import { describe, expect, it } from 'vitest'
import { defaultRange, dueRangeOf } from './due-list'

const today = '2026-11-26'
const blank = { day: '', from: '', to: '' }

describe('dueRangeOf', () => {
  it('is today alone for "Today"', () => {
    expect(dueRangeOf({ ...blank, mode: 'today' }, today)).toEqual({
      ok: true,
      value: { from: today, to: today },
    })
  })

  it('is the chosen day for "A day"', () => {
    expect(dueRangeOf({ ...blank, mode: 'day', day: '2026-12-01' }, today)).toEqual({
      ok: true,
      value: { from: '2026-12-01', to: '2026-12-01' },
    })
    expect(dueRangeOf({ ...blank, mode: 'day' }, today)).toEqual({ ok: false, error: 'Choose a day' })
  })

  it('checks a range the way the server does', () => {
    expect(dueRangeOf({ ...blank, mode: 'range', from: '2026-11-01', to: '2026-11-30' }, today)).toEqual({
      ok: true,
      value: { from: '2026-11-01', to: '2026-11-30' },
    })
    expect(
      dueRangeOf({ ...blank, mode: 'range', from: '2026-11-30', to: '2026-11-01' }, today),
    ).toMatchObject({
      ok: false,
    })
    expect(
      dueRangeOf({ ...blank, mode: 'range', from: '2026-01-01', to: '2027-01-02' }, today),
    ).toMatchObject({
      ok: true,
    })
    expect(dueRangeOf({ ...blank, mode: 'range', from: '2026-01-01', to: '2027-01-03' }, today)).toEqual({
      ok: false,
      error: 'A due list covers at most 366 days',
    })
    expect(dueRangeOf({ ...blank, mode: 'range', from: '2026-01-01' }, today)).toMatchObject({ ok: false })
  })
})

describe('defaultRange', () => {
  it('is the coming week, today included', () => {
    expect(defaultRange('2026-12-28')).toEqual({ from: '2026-12-28', to: '2027-01-03' })
  })
})
