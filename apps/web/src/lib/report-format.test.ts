import { describe, expect, it } from 'vitest'
import {
  agingBucketLabel,
  chartNaira,
  compactNaira,
  countText,
  kpiInputText,
  provisionClassDays,
  provisionClassLabel,
  ratioPercent,
} from './report-format'

describe('ratioPercent', () => {
  it('shows an exact ratio as a percentage with two decimals', () => {
    expect(ratioPercent('0.1234')).toBe('12.34%')
    expect(ratioPercent('0.3')).toBe('30.00%')
    expect(ratioPercent('1')).toBe('100.00%')
    expect(ratioPercent('0')).toBe('0.00%')
    expect(ratioPercent('0.0001')).toBe('0.01%')
  })

  it('rounds half up on the digits, not through a float', () => {
    expect(ratioPercent('0.12345')).toBe('12.35%')
    expect(ratioPercent('0.123449999999')).toBe('12.34%')
    expect(ratioPercent('0.3333333333')).toBe('33.33%')
    expect(ratioPercent('0.6666666667')).toBe('66.67%')
    // 0.00125 × 100 is 0.12500000000000003 in floating point; the digits say exactly half.
    expect(ratioPercent('0.00125')).toBe('0.13%')
    expect(ratioPercent('0.99999')).toBe('100.00%')
    expect(ratioPercent('0.00004')).toBe('0.00%')
  })

  it('keeps a ratio above one and the sign of a negative one', () => {
    expect(ratioPercent('1.5')).toBe('150.00%')
    expect(ratioPercent('-0.25')).toBe('-25.00%')
    expect(ratioPercent('-0.00001')).toBe('0.00%')
  })

  it('takes other precisions', () => {
    expect(ratioPercent('0.05', 0)).toBe('5%')
    expect(ratioPercent('0.2', 0)).toBe('20%')
    expect(ratioPercent('0.123456', 3)).toBe('12.346%')
  })

  it('shows a dash for no ratio or an unreadable one', () => {
    expect(ratioPercent(null)).toBe('—')
    expect(ratioPercent(undefined)).toBe('—')
    expect(ratioPercent('abc')).toBe('—')
    expect(ratioPercent('1e-3')).toBe('—')
  })
})

describe('labels', () => {
  it('names aging buckets', () => {
    expect(agingBucketLabel('current')).toBe('Current')
    expect(agingBucketLabel('31-60')).toBe('31–60 days')
    expect(agingBucketLabel('90+')).toBe('Over 90 days')
  })

  it('names CBN provisioning classes with the days they cover', () => {
    expect(provisionClassLabel('PASS_AND_WATCH')).toBe('Pass and watch')
    expect(provisionClassDays('PERFORMING')).toBe('0 days')
    expect(provisionClassDays('SUBSTANDARD')).toBe('31–60 days')
    expect(provisionClassDays('LOST')).toBe('91+ days')
  })
})

describe('figures', () => {
  it('shows KPI inputs as naira or counts', () => {
    expect(kpiInputText({ value: 123456, unit: 'KOBO' })).toBe('₦1,234.56')
    expect(kpiInputText({ value: 1234567, unit: 'COUNT' })).toBe('1,234,567')
    expect(countText(999)).toBe('999')
  })

  it('rounds chart values to whole kobo before formatting', () => {
    expect(chartNaira(2500.4)).toBe('₦25.00')
    expect(chartNaira(Number.NaN)).toBe('—')
  })
})

describe('compactNaira', () => {
  it('shortens naira for chart axes', () => {
    expect(compactNaira(0)).toBe('₦0')
    expect(compactNaira(95_000)).toBe('₦950')
    expect(compactNaira(1_250_000)).toBe('₦12.5K')
    expect(compactNaira(320_000_000)).toBe('₦3.2M')
    expect(compactNaira(100_000_000)).toBe('₦1M')
    expect(compactNaira(110_000_000_000)).toBe('₦1.1B')
    expect(compactNaira(-250_000)).toBe('-₦2.5K')
  })
})
