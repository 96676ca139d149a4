import { Alert, Badge, Button, Group, NumberInput, Select, SimpleGrid, Stack, Text } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import { useState } from 'react'
import { FormAlert } from '../../components/form-alert'
import { QueryView } from '../../components/states'
import {
  backupAttentionMessage,
  describeSchedule,
  FREQUENCY_CHOICES,
  hourLabel,
  isBackupFrequency,
  WEEKDAYS,
  type BackupScheduleView,
} from '../../lib/backup-schedule'
import { fieldErrorsOf, messageOf } from '../../lib/errors'
import { notifySuccess } from '../../lib/notify'
import { trpc } from '../../lib/trpc'
import { useCompanyFormat } from '../../lib/use-company-format'
import { SettingsSection } from './settings-section'

type Draft = Pick<BackupScheduleView, 'frequency' | 'hour' | 'weekday' | 'monthDay' | 'retentionDays'>

const HOURS = Array.from({ length: 24 }, (_, hour) => ({ value: String(hour), label: hourLabel(hour) }))
const DAYS = Array.from({ length: 28 }, (_, index) => ({
  value: String(index + 1),
  label: String(index + 1),
}))

/**
 * Admin: Settings → Backups, the schedule (docs/backups.md "Schedule"): when automatic backups run, in the
 * company's time zone, how long they are kept, and how the last run and the last restore drill went.
 */
export function BackupScheduleCard() {
  const schedule = trpc.backupSchedule.get.useQuery()
  return (
    <SettingsSection
      title="Schedule"
      description="Automatic backups run on the server at the hour you choose; once a week the newest backup is restored into a scratch database and checked."
    >
      <QueryView
        query={schedule}
        errorTitle="Could not load the backup schedule"
        loading={<Text size="sm">Loading…</Text>}
      >
        {(data) => <ScheduleForm data={data} />}
      </QueryView>
    </SettingsSection>
  )
}

function ScheduleForm({ data }: { data: BackupScheduleView }) {
  const format = useCompanyFormat()
  const utils = trpc.useUtils()
  // The form starts from the stored schedule and is the admin's until saved.
  const [draft, setDraft] = useState<Draft>(data)
  const update = trpc.backupSchedule.update.useMutation({
    onSuccess: (saved) => {
      utils.backupSchedule.get.setData(undefined, saved)
      setDraft(saved)
      notifySuccess(describeSchedule(saved), 'Backup schedule saved')
    },
  })
  const fieldErrors = update.error ? fieldErrorsOf(update.error) : {}
  const isOff = draft.frequency === 'OFF'
  const attention = backupAttentionMessage(data)

  return (
    <Stack gap="md">
      {attention === null ? null : (
        <Alert color="red" icon={<IconAlertTriangle size={18} aria-hidden />} title="Needs attention">
          {attention}
        </Alert>
      )}
      <Text size="sm" data-testid="backup-schedule-summary">
        {describeSchedule(data)}
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label="How often"
          data={FREQUENCY_CHOICES.map((choice) => ({ ...choice }))}
          value={draft.frequency}
          onChange={(value) => {
            if (isBackupFrequency(value)) setDraft({ ...draft, frequency: value })
          }}
          allowDeselect={false}
        />
        <Select
          label={`At (${data.timezone})`}
          data={HOURS}
          value={String(draft.hour)}
          onChange={(value) => {
            if (value !== null) setDraft({ ...draft, hour: Number(value) })
          }}
          error={fieldErrors.hour}
          allowDeselect={false}
          disabled={isOff}
        />
        {draft.frequency === 'WEEKLY' ? (
          <Select
            label="On"
            data={WEEKDAYS.map((day, index) => ({ value: String(index), label: day }))}
            value={String(draft.weekday)}
            onChange={(value) => {
              if (value !== null) setDraft({ ...draft, weekday: Number(value) })
            }}
            error={fieldErrors.weekday}
            allowDeselect={false}
          />
        ) : null}
        {draft.frequency === 'MONTHLY' ? (
          <Select
            label="Day of the month"
            description="1 to 28, so every month has it"
            data={DAYS}
            value={String(draft.monthDay)}
            onChange={(value) => {
              if (value !== null) setDraft({ ...draft, monthDay: Number(value) })
            }}
            error={fieldErrors.monthDay}
            allowDeselect={false}
          />
        ) : null}
        <NumberInput
          label="Keep automatic backups (days)"
          description="Backups made by an admin stay until deleted."
          min={1}
          max={3650}
          allowDecimal={false}
          value={draft.retentionDays}
          onChange={(value) => {
            setDraft({ ...draft, retentionDays: typeof value === 'number' ? value : Number(value) })
          }}
          error={fieldErrors.retentionDays}
          disabled={isOff}
        />
      </SimpleGrid>
      <FormAlert
        title="The schedule was not saved"
        message={update.error && Object.keys(fieldErrors).length === 0 ? messageOf(update.error) : null}
      />
      <Group justify="flex-end">
        <Button
          loading={update.isPending}
          onClick={() => {
            update.mutate(draft)
          }}
        >
          Save schedule
        </Button>
      </Group>
      <Stack gap={4}>
        <Group gap="xs">
          <Text size="sm" fw={500}>
            Last scheduled backup:
          </Text>
          {data.lastScheduled ? (
            <>
              <RunBadge state={data.lastScheduled.state} />
              <Text size="sm">{format.dateTime(data.lastScheduled.createdAt)}</Text>
            </>
          ) : (
            <Text size="sm">none yet</Text>
          )}
        </Group>
        <Group gap="xs">
          <Text size="sm" fw={500}>
            Last restore drill:
          </Text>
          {data.lastDrill ? (
            <>
              <RunBadge state={data.lastDrill.state} />
              <Text size="sm">
                {format.dateTime(data.lastDrill.startedAt)}
                {data.lastDrill.fileName ? ` · ${data.lastDrill.fileName}` : ''}
                {data.lastDrill.tables !== null ? ` · ${String(data.lastDrill.tables)} tables compared` : ''}
              </Text>
            </>
          ) : (
            <Text size="sm">none yet</Text>
          )}
        </Group>
      </Stack>
    </Stack>
  )
}

function RunBadge({ state }: { state: string }) {
  const color = state === 'DONE' || state === 'PASSED' ? 'green' : state === 'FAILED' ? 'red' : 'blue'
  const label = { DONE: 'Done', PASSED: 'Passed', FAILED: 'Failed', RUNNING: 'Running' }[state] ?? state
  return (
    <Badge color={color} variant="light">
      {label}
    </Badge>
  )
}
