import { describe, expect, it } from 'vitest'
import {
  EXPORT_FORMATS,
  exportFileUrl,
  exportProgress,
  exportTitle,
  isExportPending,
} from './export-progress'

const running = { state: 'RUNNING' as const, error: null }

describe('exportProgress', () => {
  it('is indeterminate until the server answers and until it knows the total', () => {
    expect(exportProgress(null)).toEqual({ percent: null, label: 'Starting…' })
    const queued = { state: 'QUEUED' as const, error: null, rowsDone: 0, rowsTotal: null }
    expect(exportProgress(queued)).toEqual({ percent: null, label: 'Waiting to start…' })
    expect(isExportPending(queued)).toBe(true)
    expect(isExportPending({ state: 'RUNNING' })).toBe(true)
    expect(isExportPending({ state: 'DONE' })).toBe(false)
    expect(isExportPending({ state: 'FAILED' })).toBe(false)
    expect(exportProgress({ ...running, rowsDone: 0, rowsTotal: null })).toEqual({
      percent: null,
      label: 'Preparing…',
    })
    expect(exportProgress({ ...running, rowsDone: 1200, rowsTotal: null })).toEqual({
      percent: null,
      label: '1,200 rows so far',
    })
  })

  it('counts rows against the total, rounding down and never reaching 100% while running', () => {
    expect(exportProgress({ ...running, rowsDone: 1, rowsTotal: 3 })).toEqual({
      percent: 33,
      label: '1 of 3 rows (33%)',
    })
    expect(exportProgress({ ...running, rowsDone: 2500, rowsTotal: 2500 })).toEqual({
      percent: 99,
      label: '2,500 of 2,500 rows (99%)',
    })
    // More rows than announced (a record added meanwhile) does not overflow the bar.
    expect(exportProgress({ ...running, rowsDone: 11, rowsTotal: 10 }).percent).toBe(99)
    expect(exportProgress({ ...running, rowsDone: 0, rowsTotal: 1 })).toEqual({
      percent: 0,
      label: '0 of 1 row (0%)',
    })
    expect(exportProgress({ ...running, rowsDone: 0, rowsTotal: 0 })).toEqual({
      percent: 0,
      label: 'No rows to write',
    })
  })

  it('is full when done and says why when it failed', () => {
    expect(exportProgress({ state: 'DONE', rowsDone: 1, rowsTotal: 1, error: null })).toEqual({
      percent: 100,
      label: 'Done: 1 row',
    })
    expect(exportProgress({ state: 'FAILED', rowsDone: 5, rowsTotal: 10, error: 'Union not found' })).toEqual(
      { percent: null, label: 'Union not found' },
    )
    expect(exportProgress({ state: 'FAILED', rowsDone: 0, rowsTotal: null, error: null }).label).toBe(
      'The export failed; try again',
    )
  })
})

describe('export wording and address', () => {
  it('offers CSV, Excel and PDF in that order', () => {
    expect(EXPORT_FORMATS.map((choice) => choice.label)).toEqual(['CSV', 'Excel (XLSX)', 'PDF'])
  })

  it('names the list and the format', () => {
    expect(exportTitle('loginHistory', 'xlsx')).toBe('Exporting login history as Excel (XLSX)')
    expect(exportTitle('dueList', 'pdf')).toBe('Exporting due list as PDF')
  })

  it('downloads from the job’s file address, escaped', () => {
    expect(exportFileUrl('7d0e2a4c-1111-4222-8333-944455556666')).toBe(
      '/exports/7d0e2a4c-1111-4222-8333-944455556666/file',
    )
    expect(exportFileUrl('a/b')).toBe('/exports/a%2Fb/file')
  })
})
