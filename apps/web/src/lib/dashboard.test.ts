import { describe, expect, it } from 'vitest'
import {
  compactNaira,
  axisTicks,
  formatCount,
  formatRatio,
  hasNoLoans,
  kpiInputText,
  kpiLink,
  kpiTiming,
  kpiValueText,
  monthLabel,
  monthlyChartData,
  parTrendData,
  periodInput,
  statusMixData,
} from './dashboard'

const today = '2026-03-15'
const open = [null, null] as const

describe('periodInput', () => {
  it('leaves "This month" to the server', () => {
    expect(periodInput('thisMonth', today, open)).toEqual({ ok: true, value: {} })
  })

  it('counts the last days back from today, today included', () => {
    expect(periodInput('last7', today, open)).toEqual({ ok: true, value: { from: '2026-03-09', to: today } })
    expect(periodInput('last30', today, open)).toEqual({ ok: true, value: { from: '2026-02-14', to: today } })
    expect(periodInput('last90', today, open)).toEqual({ ok: true, value: { from: '2025-12-16', to: today } })
  })

  it('takes the whole previous calendar month, across a year end too', () => {
    expect(periodInput('lastMonth', today, open)).toEqual({
      ok: true,
      value: { from: '2026-02-01', to: '2026-02-28' },
    })
    expect(periodInput('lastMonth', '2026-01-31', open)).toEqual({
      ok: true,
      value: { from: '2025-12-01', to: '2025-12-31' },
    })
  })

  it('needs both ends of a custom range, in order', () => {
    expect(periodInput('custom', today, ['2026-01-01', '2026-01-31'])).toEqual({
      ok: true,
      value: { from: '2026-01-01', to: '2026-01-31' },
    })
    expect(periodInput('custom', today, ['2026-01-01', null])).toEqual({
      ok: false,
      error: 'Choose the first and last day',
    })
    expect(periodInput('custom', today, ['2026-02-01', '2026-01-31'])).toEqual({
      ok: false,
      error: 'The last day must be on or after the first day',
    })
  })
})

describe('numbers', () => {
  it('shows exact ratios as percentages with two decimals, rounding half up on the digits', () => {
    expect(formatRatio('0')).toBe('0.00%')
    expect(formatRatio('1')).toBe('100.00%')
    expect(formatRatio('0.125')).toBe('12.50%')
    expect(formatRatio('0.123449999')).toBe('12.34%')
    expect(formatRatio('0.12345')).toBe('12.35%')
    expect(formatRatio('0.9999500000')).toBe('100.00%')
    expect(formatRatio('0.3333333333')).toBe('33.33%')
    expect(formatRatio('12.5')).toBe('1,250.00%')
    expect(formatRatio('not a number')).toBe('—')
  })

  it('formats each KPI by its unit', () => {
    expect(kpiValueText({ unit: 'KOBO', value: 123456789, ratio: null })).toBe('₦1,234,567.89')
    expect(kpiValueText({ unit: 'COUNT', value: 1234, ratio: null })).toBe('1,234')
    expect(kpiValueText({ unit: 'RATIO', value: 0.0421, ratio: '0.0421052631' })).toBe('4.21%')
    expect(kpiValueText({ unit: 'RATIO', value: 0.5, ratio: null })).toBe('50.00%')
    expect(kpiInputText({ unit: 'KOBO', value: 50000 })).toBe('₦500.00')
    expect(kpiInputText({ unit: 'COUNT', value: 12 })).toBe('12')
    expect(formatCount(0)).toBe('0')
    expect(formatCount(-1500)).toBe('-1,500')
  })

  it('shortens naira on chart axes and gives exact naira in tooltips', () => {
    expect(compactNaira(0)).toBe('₦0')
    expect(compactNaira(950)).toBe('₦950')
    expect(compactNaira(12_500)).toBe('₦12.5k')
    expect(compactNaira(1_000_000)).toBe('₦1M')
    expect(compactNaira(1_250_000)).toBe('₦1.3M')
    expect(compactNaira(250_000_000)).toBe('₦250M')
    expect(compactNaira(3_000_000_000)).toBe('₦3B')
  })
})

describe('cards', () => {
  it('links every KPI to the list behind it', () => {
    expect(kpiLink('portfolio')?.to).toBe('/loans?status=ACTIVE')
    expect(kpiLink('activeLoans')?.to).toBe('/loans?status=ACTIVE')
    expect(kpiLink('par30')?.to).toBe('/loans?status=OVERDUE')
    expect(kpiLink('disbursed')?.to).toBe('/reports?tab=disbursements')
    expect(kpiLink('collected')?.to).toBe('/repayments')
    expect(kpiLink('dueToday')?.to).toBe('/due-list')
    expect(kpiLink('approvalsWaiting')?.to).toBe('/loans?status=PENDING_APPROVAL')
    expect(kpiLink('collectionEfficiency')?.to).toBe('/reports?tab=performance')
    expect(kpiLink('onTimeRate')?.to).toBe('/reports?tab=performance')
    expect(kpiLink('somethingNew')).toBeUndefined()
  })

  it('says which figures are for the period and which are as of today', () => {
    expect(kpiTiming('disbursed')).toBe('In the period')
    expect(kpiTiming('onTimeRate')).toBe('In the period')
    expect(kpiTiming('portfolio')).toBe('Today')
    expect(kpiTiming('par30')).toBe('Today')
  })
})

describe('charts', () => {
  it('labels months and keeps money in exact kobo', () => {
    expect(monthLabel('2026-01')).toBe('Jan 2026')
    expect(monthLabel('2025-12')).toBe('Dec 2025')
    expect(monthlyChartData([{ month: '2026-02', disbursed: 5_000_000, collected: 123_45 }])).toEqual([
      { month: 'Feb 2026', disbursed: 5_000_000, collected: 123_45 },
    ])
  })

  it('gives PAR30 as a percentage per date in the company format, with its exact text', () => {
    expect(
      parTrendData([{ date: '2026-02-28', ratio: '0.125', atRisk: 1, portfolio: 8 }], (day) => `[${day}]`),
    ).toEqual([{ date: '[2026-02-28]', par30: 12.5, text: '12.50%' }])
  })

  it('steps value axes by 1, 2, 2.5 or 5 times a power of ten, up to at least the largest value', () => {
    expect(axisTicks(83_000)).toEqual([0, 25_000, 50_000, 75_000, 100_000])
    expect(axisTicks(100)).toEqual([0, 25, 50, 75, 100])
    expect(axisTicks(7.5)).toEqual([0, 2, 4, 6, 8])
    expect(axisTicks(0.3)).toEqual([0, 0.1, 0.2, 0.3])
    expect(axisTicks(0)).toEqual([0, 1])
  })

  it('names statuses in words and colours, dropping empty ones', () => {
    expect(
      statusMixData([
        { status: 'ACTIVE', count: 3 },
        { status: 'PENDING_APPROVAL', count: 1 },
        { status: 'DRAFT', count: 0 },
        { status: 'SOMETHING_NEW', count: 2 },
      ]),
    ).toEqual([
      { name: 'Active', value: 3, color: 'blue' },
      { name: 'Pending approval', value: 1, color: 'yellow' },
      { name: 'Something new', value: 2, color: 'gray' },
    ])
  })

  it('knows a company with no loans yet', () => {
    expect(hasNoLoans({ charts: { monthly: [], parTrend: [], statusMix: [] } })).toBe(true)
    expect(
      hasNoLoans({ charts: { monthly: [], parTrend: [], statusMix: [{ status: 'DRAFT', count: 1 }] } }),
    ).toBe(false)
  })
})
