import { Select, Stack, Text } from '@mantine/core'
import { DayInput } from '../../components/day-input'

/**
 * The union's meeting rule (docs/lending.md "Union meetings"): how often it meets, with the week of the
 * month, the date or the first fortnightly meeting as the frequency needs. The server checks the whole
 * rule and names the field at fault.
 */
export type MeetingRuleValues = {
  meetingFrequency: string
  meetingWeek: string
  meetingDayOfMonth: string
  meetingAnchorDate: string
}

type Frequency = 'WEEKLY' | 'BIWEEKLY' | 'MONTHLY_WEEKDAY' | 'MONTHLY_DATE'

const MEETING_RULE_NOTE = 'Changing the meeting rule affects new loans only.'

const FREQUENCY_OPTIONS = [
  { value: 'WEEKLY', label: 'Every week' },
  { value: 'BIWEEKLY', label: 'Every two weeks' },
  { value: 'MONTHLY_WEEKDAY', label: 'Monthly on a weekday' },
  { value: 'MONTHLY_DATE', label: 'Monthly on a date' },
]

const WEEK_OPTIONS = [
  { value: '1', label: 'First' },
  { value: '2', label: 'Second' },
  { value: '3', label: 'Third' },
  { value: '4', label: 'Fourth' },
  { value: '-1', label: 'Last' },
]

const DAY_OF_MONTH_OPTIONS = [
  ...Array.from({ length: 28 }, (_, index) => ({ value: String(index + 1), label: String(index + 1) })),
  { value: '-1', label: 'Last day of the month' },
]

export function meetingRuleInitial(
  union?: {
    meetingFrequency: string | null
    meetingWeek: number | null
    meetingDayOfMonth: number | null
    meetingAnchorDate: string | null
  } | null,
): MeetingRuleValues {
  return {
    meetingFrequency: union?.meetingFrequency ?? '',
    meetingWeek: union?.meetingWeek == null ? '' : String(union.meetingWeek),
    meetingDayOfMonth: union?.meetingDayOfMonth == null ? '' : String(union.meetingDayOfMonth),
    meetingAnchorDate: union?.meetingAnchorDate ?? '',
  }
}

/** What the server takes: the whole rule, with the fields the frequency does not use left empty. */
export function meetingRuleInput(values: MeetingRuleValues) {
  const frequency = values.meetingFrequency === '' ? null : (values.meetingFrequency as Frequency)
  return {
    meetingFrequency: frequency,
    meetingWeek:
      frequency === 'MONTHLY_WEEKDAY' && values.meetingWeek !== '' ? Number(values.meetingWeek) : null,
    meetingDayOfMonth:
      frequency === 'MONTHLY_DATE' && values.meetingDayOfMonth !== ''
        ? Number(values.meetingDayOfMonth)
        : null,
    meetingAnchorDate:
      frequency === 'BIWEEKLY' && values.meetingAnchorDate !== '' ? values.meetingAnchorDate : null,
  }
}

export function MeetingRuleFields({
  values,
  setValue,
  errorOf,
}: {
  values: MeetingRuleValues
  setValue: (field: keyof MeetingRuleValues, value: string) => void
  errorOf: (field: keyof MeetingRuleValues) => string | undefined
}) {
  const frequency = values.meetingFrequency
  return (
    <Stack gap="sm">
      <Select
        label="Meeting frequency"
        placeholder="Not set (every week on the meeting day)"
        data={FREQUENCY_OPTIONS}
        value={frequency || null}
        onChange={(value) => {
          setValue('meetingFrequency', value ?? '')
        }}
        error={errorOf('meetingFrequency')}
        clearable
      />
      {frequency === 'MONTHLY_WEEKDAY' ? (
        <Select
          label="Week of the month"
          description="The union meets on this week's meeting day"
          data={WEEK_OPTIONS}
          value={values.meetingWeek || null}
          onChange={(value) => {
            setValue('meetingWeek', value ?? '')
          }}
          error={errorOf('meetingWeek')}
          required
        />
      ) : null}
      {frequency === 'MONTHLY_DATE' ? (
        <Select
          label="Day of the month"
          description="1 to 28, or the last day (29 to 31 are not in every month)"
          data={DAY_OF_MONTH_OPTIONS}
          value={values.meetingDayOfMonth || null}
          onChange={(value) => {
            setValue('meetingDayOfMonth', value ?? '')
          }}
          error={errorOf('meetingDayOfMonth')}
          required
        />
      ) : null}
      {frequency === 'BIWEEKLY' ? (
        <DayInput
          label="One meeting date"
          description="Any past or coming meeting, on the meeting day: the fortnights are counted from it"
          value={values.meetingAnchorDate}
          onChange={(value) => {
            setValue('meetingAnchorDate', value)
          }}
          error={errorOf('meetingAnchorDate')}
          required
        />
      ) : null}
      <Text size="sm" c="dimmed">
        {MEETING_RULE_NOTE}
      </Text>
    </Stack>
  )
}

const ORDINALS: Record<string, string> = {
  '1': 'first',
  '2': 'second',
  '3': 'third',
  '4': 'fourth',
  '-1': 'last',
}

function dayName(day: string | null): string {
  return day === null ? 'meeting day' : day.charAt(0) + day.slice(1).toLowerCase()
}

/** The rule in words: "Every week on Thursday", "Monthly on the last Friday", "No fixed day". */
export function describeMeetingRule(union: {
  meetingDay: string | null
  meetingFrequency: string | null
  meetingWeek: number | null
  meetingDayOfMonth: number | null
}): string {
  const frequency = union.meetingFrequency
  if (frequency === 'BIWEEKLY') return `Every two weeks on ${dayName(union.meetingDay)}`
  if (frequency === 'MONTHLY_WEEKDAY')
    return `Monthly on the ${ORDINALS[String(union.meetingWeek)] ?? ''} ${dayName(union.meetingDay)}`
  if (frequency === 'MONTHLY_DATE')
    return union.meetingDayOfMonth === -1
      ? 'Monthly on the last day'
      : `Monthly on day ${union.meetingDayOfMonth ?? ''}`
  return union.meetingDay === null ? 'No fixed day' : `Every week on ${dayName(union.meetingDay)}`
}
