import { describe, expect, it } from 'vitest'

import { meetingDates, meetingDueDates, nextMeeting } from './meetings.js'
import { buildSchedule } from './schedule.js'
import { NIGERIAN_FIXED_HOLIDAYS } from './working-days.js'
import { domainError } from '../test/support/expect-error.js'

const nigeria = { weekendDays: [6, 7], annualHolidays: NIGERIAN_FIXED_HOLIDAYS }

describe('meeting calendars', () => {
  it('weekly, every two weeks from an anchor, monthly on a weekday or a date', () => {
    expect(meetingDates({ frequency: 'WEEKLY', weekday: 4 }, '2025-12-15', 3)).toEqual([
      '2025-12-18',
      '2025-12-25',
      '2026-01-01',
    ])
    expect(
      meetingDates({ frequency: 'BIWEEKLY', weekday: 3, anchorDate: '2026-01-07' }, '2025-12-20', 3),
    ).toEqual(['2025-12-24', '2026-01-07', '2026-01-21'])
    expect(meetingDates({ frequency: 'MONTHLY_WEEKDAY', weekday: 5, week: 'LAST' }, '2026-01-01', 3)).toEqual(
      ['2026-01-30', '2026-02-27', '2026-03-27'],
    )
    expect(meetingDates({ frequency: 'MONTHLY_WEEKDAY', weekday: 1, week: 2 }, '2026-01-13', 2)).toEqual([
      '2026-02-09',
      '2026-03-09',
    ])
    expect(meetingDates({ frequency: 'MONTHLY_DATE', dayOfMonth: 'LAST' }, '2024-01-31', 3)).toEqual([
      '2024-01-31',
      '2024-02-29',
      '2024-03-31',
    ])
    expect(meetingDates({ frequency: 'MONTHLY_DATE', dayOfMonth: 15 }, '2025-01-16', 1)).toEqual([
      '2025-02-15',
    ])
  })

  it('next meeting, moved like an installment when it falls on a holiday', () => {
    const weekly = { frequency: 'WEEKLY', weekday: 4 } as const
    expect(nextMeeting(weekly, '2025-12-19')).toBe('2025-12-25')
    expect(nextMeeting(weekly, '2025-12-19', { calendar: nigeria })).toBe('2025-12-29')
    expect(nextMeeting(weekly, '2025-12-18', { calendar: nigeria })).toBe('2025-12-18')
  })

  it('a follow-meetings loan: first meeting at least the gap after disbursement, then every meeting', () => {
    const dates = meetingDueDates({
      meeting: { frequency: 'WEEKLY', weekday: 4 },
      disbursementDate: '2025-12-08',
      minGapDays: 7,
      termUnit: 'WEEK',
      termCount: 4,
    })
    expect(dates).toEqual(['2025-12-18', '2025-12-25', '2026-01-01', '2026-01-08'])
    const schedule = buildSchedule({
      principal: 4_000_000,
      termCount: 4,
      termUnit: 'WEEK',
      startDate: '2025-12-08',
      dueDates: dates,
      calendar: nigeria,
    })
    expect(schedule.installments.map((i) => i.dueDate)).toEqual([
      '2025-12-18',
      '2025-12-29',
      '2026-01-02',
      '2026-01-08',
    ])
    // Never on the disbursement day itself, even with no gap.
    expect(
      meetingDueDates({
        meeting: { frequency: 'WEEKLY', weekday: 1 },
        disbursementDate: '2025-01-06',
        minGapDays: 0,
        termUnit: 'WEEK',
        termCount: 1,
      }),
    ).toEqual(['2025-01-13'])
  })

  it('a fortnightly loan follows every second weekly meeting or every fortnightly one', () => {
    expect(
      meetingDueDates({
        meeting: { frequency: 'WEEKLY', weekday: 2 },
        disbursementDate: '2025-01-01',
        minGapDays: 3,
        termUnit: 'WEEK',
        repaymentEvery: 2,
        termCount: 3,
      }),
    ).toEqual(['2025-01-07', '2025-01-21', '2025-02-04'])
    expect(
      meetingDueDates({
        meeting: { frequency: 'BIWEEKLY', weekday: 2, anchorDate: '2025-01-14' },
        disbursementDate: '2025-01-01',
        minGapDays: 3,
        termUnit: 'WEEK',
        repaymentEvery: 2,
        termCount: 2,
      }),
    ).toEqual(['2025-01-14', '2025-01-28'])
    expect(
      meetingDueDates({
        meeting: { frequency: 'MONTHLY_DATE', dayOfMonth: 'LAST' },
        disbursementDate: '2025-01-10',
        minGapDays: 14,
        termUnit: 'MONTH',
        termCount: 3,
      }),
    ).toEqual(['2025-01-31', '2025-02-28', '2025-03-31'])
  })

  it('refuses incompatible frequencies, naming both', () => {
    const error = domainError(
      () =>
        meetingDueDates({
          meeting: { frequency: 'BIWEEKLY', weekday: 2, anchorDate: '2025-01-14' },
          disbursementDate: '2025-01-01',
          minGapDays: 0,
          termUnit: 'WEEK',
          termCount: 4,
        }),
      'INVALID_OPTION',
    )
    expect(error.message).toContain('A loan repaid every week (WEEK)')
    expect(error.message).toContain('every two weeks (BIWEEKLY)')
    expect(error.details).toMatchObject({ field: 'termUnit', meetingFrequency: 'BIWEEKLY' })
    for (const termUnit of ['DAY', 'MONTH'] as const) {
      expect(
        domainError(
          () =>
            meetingDueDates({
              meeting: { frequency: 'WEEKLY', weekday: 2 },
              disbursementDate: '2025-01-01',
              minGapDays: 0,
              termUnit,
              termCount: 4,
            }),
          'INVALID_OPTION',
        ).details.termUnit,
      ).toBe(termUnit)
    }
  })

  it('refuses bad rules', () => {
    expect(
      domainError(() => meetingDates({ frequency: 'WEEKLY', weekday: 8 }, '2025-01-01', 1), 'INVALID_OPTION')
        .details.field,
    ).toBe('meeting.weekday')
    expect(
      domainError(
        () => meetingDates({ frequency: 'BIWEEKLY', weekday: 1, anchorDate: '2025-01-07' }, '2025-01-01', 1),
        'INVALID_OPTION',
      ).message,
    ).toContain('is a Tuesday, not a Monday')
    expect(
      domainError(
        () => meetingDates({ frequency: 'MONTHLY_DATE', dayOfMonth: 31 }, '2025-01-01', 1),
        'INVALID_OPTION',
      ).message,
    ).toContain('1 to 28 or LAST')
    expect(
      domainError(
        () =>
          meetingDueDates({
            meeting: { frequency: 'WEEKLY', weekday: 1 },
            disbursementDate: '2025-01-01',
            minGapDays: 400,
            termUnit: 'WEEK',
            termCount: 1,
          }),
        'INVALID_OPTION',
      ).details.field,
    ).toBe('minGapDays')
  })
})
