import { describe, expect, it } from 'vitest'
import {
  choosePreset,
  defaultSnapshotTitle,
  periodOf,
  periodText,
  presetPeriod,
  snapshotTypeFor,
} from './report-period'

const today = '2026-03-15'

describe('presetPeriod', () => {
  it('counts the last days with today included', () => {
    expect(presetPeriod('last7', today)).toEqual({ from: '2026-03-09', to: today })
    expect(presetPeriod('last30', today)).toEqual({ from: '2026-02-14', to: today })
    expect(presetPeriod('last90', today)).toEqual({ from: '2025-12-16', to: today })
  })

  it('takes this month so far and the whole of last month', () => {
    expect(presetPeriod('thisMonth', today)).toEqual({ from: '2026-03-01', to: today })
    expect(presetPeriod('lastMonth', today)).toEqual({ from: '2026-02-01', to: '2026-02-28' })
    expect(presetPeriod('lastMonth', '2026-01-31')).toEqual({ from: '2025-12-01', to: '2025-12-31' })
    expect(presetPeriod('lastMonth', '2024-03-01')).toEqual({ from: '2024-02-01', to: '2024-02-29' })
  })
})

describe('periodOf', () => {
  it('resolves a preset against today', () => {
    expect(periodOf({ preset: 'last7', from: '', to: '' }, today)).toEqual({
      ok: true,
      value: { from: '2026-03-09', to: today },
    })
  })

  it('checks a custom period', () => {
    expect(periodOf({ preset: 'custom', from: '2026-01-01', to: '2026-01-31' }, today)).toEqual({
      ok: true,
      value: { from: '2026-01-01', to: '2026-01-31' },
    })
    expect(periodOf({ preset: 'custom', from: '', to: '2026-01-31' }, today)).toEqual({
      ok: false,
      error: 'Choose the first and last day',
    })
    expect(periodOf({ preset: 'custom', from: '2026-02-01', to: '2026-01-31' }, today)).toEqual({
      ok: false,
      error: 'The last day must be on or after the first day',
    })
    expect(periodOf({ preset: 'custom', from: '2026-03-01', to: '2026-03-16' }, today)).toEqual({
      ok: false,
      error: 'The last day cannot be after today',
    })
    expect(periodOf({ preset: 'custom', from: '2010-01-01', to: today }, today)).toMatchObject({ ok: false })
  })
})

describe('choosePreset', () => {
  it('starts a custom period from the period shown until now', () => {
    expect(choosePreset({ preset: 'lastMonth', from: '', to: '' }, 'custom', today)).toEqual({
      preset: 'custom',
      from: '2026-02-01',
      to: '2026-02-28',
    })
  })

  it('keeps custom dates already typed', () => {
    const typed = { preset: 'last7' as const, from: '2026-01-05', to: '2026-01-09' }
    expect(choosePreset(typed, 'custom', today)).toEqual({ ...typed, preset: 'custom' })
    expect(choosePreset(typed, 'last30', today)).toEqual({ ...typed, preset: 'last30' })
  })
})

describe('snapshotTypeFor', () => {
  it('names a period by its shape', () => {
    expect(snapshotTypeFor('custom', { from: today, to: today })).toBe('DAILY')
    expect(snapshotTypeFor('custom', { from: '2026-03-02', to: '2026-03-08' })).toBe('WEEKLY')
    expect(snapshotTypeFor('custom', { from: '2026-02-01', to: '2026-02-28' })).toBe('MONTHLY')
    expect(snapshotTypeFor('custom', { from: '2026-01-01', to: '2026-03-31' })).toBe('QUARTERLY')
    expect(snapshotTypeFor('custom', { from: '2026-02-01', to: '2026-04-30' })).toBe('CUSTOM')
    expect(snapshotTypeFor('custom', { from: '2026-01-05', to: '2026-01-20' })).toBe('CUSTOM')
  })

  it('falls back on the preset for rolling periods', () => {
    expect(snapshotTypeFor('last30', presetPeriod('last30', today))).toBe('MONTHLY')
    expect(snapshotTypeFor('thisMonth', presetPeriod('thisMonth', today))).toBe('MONTHLY')
    expect(snapshotTypeFor('last90', presetPeriod('last90', today))).toBe('QUARTERLY')
    expect(snapshotTypeFor('last7', presetPeriod('last7', today))).toBe('WEEKLY')
    expect(snapshotTypeFor('lastMonth', presetPeriod('lastMonth', today))).toBe('MONTHLY')
  })
})

describe('titles and text', () => {
  const formatDate = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`

  it('suggests a title naming the kind and the days', () => {
    expect(defaultSnapshotTitle('MONTHLY', { from: '2026-02-01', to: '2026-02-28' }, formatDate)).toBe(
      'Monthly team report, 01/02/2026 – 28/02/2026',
    )
    expect(defaultSnapshotTitle('DAILY', { from: today, to: today }, formatDate)).toBe(
      'Daily team report, 15/03/2026',
    )
  })

  it('writes a period in words', () => {
    expect(periodText({ from: '2026-02-01', to: '2026-02-28' }, formatDate)).toBe('01/02/2026 to 28/02/2026')
    expect(periodText({ from: today, to: today }, formatDate)).toBe('15/03/2026')
  })
})
